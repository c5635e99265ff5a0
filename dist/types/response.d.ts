import type { Details } from './validate.js';
/** The server's answer to one request; status 0 when none came (network error, time-out). */
export interface Reply {
    status: number;
    body?: any;
    retryAfter?: string | null;
}
/** No answer, a time-out (408), too many requests (429) or a server error: send again later. */
export declare const isRetryable: (status: number) => boolean;
/**
 * The events of `batch` a 400's `details` names (`events[i].field`): a sparse array, by index in the
 * batch, of each one's details keyed by field alone — empty when the details name no event
 * of this batch (then the batch is halved until the bad event is alone). `body` is false
 * for any answer but a 400.
 */
export declare function namedEvents(body: any, batch: unknown[]): Details[];
export declare const FIRST_RETRY_MS = 1000;
export declare const MAX_RETRY_MS = 300000;
/**
 * How long to wait before retry number `attempt` (0 for the first): exponential backoff
 * with full jitter, 1 s doubling to 5 min, or what the server's `Retry-After` asks for.
 */
export declare function retryDelay(attempt: number, random: () => number, retryAfter: string | null | undefined, now: number): number;

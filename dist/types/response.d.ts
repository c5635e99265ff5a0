import type { Details } from './validate';
/** The server's answer to one request; status 0 when none came (network error, time-out). */
export interface Reply {
    status: number;
    body?: any;
    retryAfter?: string | null;
}
/** 2xx: every event of the batch arrived. */
export declare const DELIVERED = 0;
/** Network error, time-out, 408, 429, 5xx: send the same events again later. */
export declare const RETRY = 1;
/** A 400 that names events: drop exactly those, send the rest again at once. */
export declare const DROP_NAMED = 2;
/** Any other refusal (400 without usable details, 413, other 4xx): halve the batch. */
export declare const SPLIT = 3;
export type Verdict = typeof DELIVERED | typeof RETRY | typeof DROP_NAMED | typeof SPLIT;
export interface Judgement {
    _verdict: Verdict;
    /** For DROP_NAMED: each refused event's position in the batch, with its own details. */
    _refused?: Map<number, Details>;
}
/** Reads the answer to a batch of `batchSize` events. */
export declare function judge(reply: Reply, batchSize: number): Judgement;
/**
 * The events a 400's `details` names (`events[i].field`), each with its details keyed by
 * field alone — or nothing when the details name no event of this batch.
 */
export declare function namedEvents(body: any, batchSize: number): Map<number, Details> | undefined;
export declare const FIRST_RETRY_MS = 1000;
export declare const MAX_RETRY_MS = 300000;
/**
 * How long to wait before retry number `attempt` (0 for the first): exponential backoff
 * with full jitter, 1 s doubling to 5 min, or what the server's `Retry-After` asks for.
 */
export declare function retryDelay(attempt: number, random: () => number, retryAfter?: string | null, now?: number): number;

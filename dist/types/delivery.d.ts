import type { SharedQueue } from './tabs';
import type { Transport } from './transport';
import type { Result } from './types';
/** The server's `max_batch_size`. */
export declare const MAX_BATCH_EVENTS = 100;
/** Browsers refuse `keepalive` bodies past 64 KiB in flight per page; keep a margin. */
export declare const KEEPALIVE_BUDGET_BYTES = 63000;
/** Events per request are kept well under the keepalive budget, so any request may use it. */
export declare const MAX_BATCH_EVENT_BYTES = 48000;
export interface DeliveryOptions {
    queue: SharedQueue;
    transport: Transport;
    /** `{endpoint}/events`, read at each send so `configure({endpoint})` applies. */
    url: () => string;
    /** The session fields, as `,"screen_width":…` to close every request body with. */
    sessionFields: string;
    /** Ms between batch flushes. */
    interval: () => number;
    now: () => number;
    random: () => number;
    /** The outcome of each event, for its call's callback. */
    settle: (ids: string[], result: Result) => void;
    log: (...message: unknown[]) => void;
    warn: (...message: unknown[]) => void;
}
export type Delivery = ReturnType<typeof createDelivery>;
export declare function createDelivery(options: DeliveryOptions): {
    /** New events are queued: make sure a request will follow. */
    _queued: () => void;
    /** Send now (flush(), `online`, events taken over from another tab). */
    _sendNow(): void;
    /** The page is hidden: everything waiting goes out now. */
    _sendAll: () => void;
    /** The page is left (pagehide): everything waiting goes out now, and then nothing more. */
    _leave(): void;
    /** Back from the back/forward cache: sending resumes. */
    _resume(): void;
    /** `lyt.flush()`: sends everything now and answers when it is delivered or fails. */
    _flush(callback: (result: Result) => void): void;
};

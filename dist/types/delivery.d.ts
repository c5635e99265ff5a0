import type { Hooks } from './hooks.js';
import type { StorageCall } from './storage.js';
import type { TabQueue } from './tab-queue.js';
import type { Transport } from './transport.js';
import type { Config } from './types.js';
/** The server's `max_batch_size`. */
export declare const MAX_BATCH_EVENTS = 100;
/**
 * At most this many events in one request as the page is hidden or left: no page may be
 * left to hear a refusal, and a batch is refused whole for one bad event (docs/delivery.md).
 */
export declare const EXIT_BATCH_EVENTS = 10;
/** Browsers refuse `keepalive` bodies past 64 KiB in flight per page; keep a margin. */
export declare const KEEPALIVE_BUDGET_BYTES = 63000;
/** Where a page that hears a success stores when (ms), for the next page: the key, and the endpoint after it. */
export declare const SUCCESS_KEY_PREFIX = "lyt_ok_";
export interface DeliveryOptions {
    config: Config;
    queue: TabQueue;
    transport: Transport;
    /** The top-level fields of every request (the session's). */
    session: object;
    storage: StorageCall;
    win: Window;
    now: () => number;
    random: () => number;
    /** The page has been left (`pagehide`) and not come back from the bfcache: lyt.ts knows. */
    isLeft: () => boolean;
    /** Nothing may be sent yet (a prerendered page): lyt.ts knows. */
    isPaused: () => boolean;
    hooks: Hooks;
    log: (...message: unknown[]) => void;
}
export type Delivery = ReturnType<typeof createDelivery>;
export declare function createDelivery(options: DeliveryOptions): {
    _sendNext: () => void;
    _scheduleNext: () => void;
    /** Sends at once (a page load, back online, back from the bfcache). */
    _sendSoon: () => void;
    /**
     * The page is hidden or left: everything waiting goes at once, as far as the keepalive
     * budget allows (what does not fit stays stored for the next page load), when it may
     * (`mayHandOverAtExit`). Once the page is left, the queue is told what is taken as delivered.
     */
    _sendAll(): void;
    /**
     * Back from the bfcache: what was in flight as the page was left will not be heard of
     * (WebKit ends such requests with no answer; an answer may never come): each request is
     * decided as it was as the page left — its events taken as delivered leave the queue as
     * delivered, the others are sent again.
     */
    _resume(): void;
    /** A page was left with events it kept: the server may be failing; nothing is trusted until a success. */
    _suspectFailure: () => void;
};

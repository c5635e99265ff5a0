import { type Feature } from './hooks.js';
import { type Transport } from './transport.js';
import type { Config, Lyt } from './types.js';
/** What the tracker uses of the world; tests pass their own to drive time, storage and faults. */
export interface Environment {
    window: Window;
    /** Where queued events are kept; null for none. Default: `window.localStorage`. */
    storage: Storage | null;
    transport: Transport;
    now: () => number;
    random: () => number;
    /** Runs the start-up work that can wait (default: in a task of its own, `setTimeout`). */
    startUp: (task: () => void) => void;
}
export declare const DEFAULT_CONFIG: Config;
/** Each tab's record is stored under this prefix and the tab's random id. */
export declare const QUEUE_KEY_PREFIX = "lyt_q_";
/** How often a tab with events waiting renews its heartbeat and looks for orphaned events. */
export declare const HEARTBEAT_MS = 5000;
/** A record whose heartbeat is older than this belongs to a tab that is gone. */
export declare const STALE_AFTER_MS = 15000;
/** The server's `max_batch_size`. */
export declare const MAX_BATCH_EVENTS = 100;
/** Browsers refuse `keepalive` bodies past 64 KiB in flight per page; keep a margin. */
export declare const KEEPALIVE_BUDGET_BYTES = 63000;
/**
 * A request still unanswered after this long when its page is left is not taken as
 * delivered: the server may be hanging (README, "Counted once").
 */
export declare const TRUSTED_IN_FLIGHT_MS = 3000;
/**
 * Events a page sent as it was left, taken as delivered, stay held by the next page load
 * this long: if its first request finds the server failing, they are sent again.
 */
export declare const HOLD_MS = 10000;
/** What `createLyt()` takes: the settings, and (npm module, full build) the features to turn on. */
export type Settings = Partial<Config> & {
    features?: Feature[];
    [setting: string]: unknown;
};
export declare function createLyt(settings?: Settings, environment?: Partial<Environment>): Lyt;

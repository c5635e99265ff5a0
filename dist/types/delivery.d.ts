import type { Core } from './core.js';
import type { Hooks } from './hooks.js';
import type { Transport } from './transport.js';
import type { Config } from './types.js';
/** The server's `max_batch_size`. */
export declare const MAX_BATCH_EVENTS = 100;
/** Browsers refuse `keepalive` bodies past 64 KiB in flight per page; keep a margin. */
export declare const KEEPALIVE_BUDGET_BYTES = 63000;
/**
 * A request still unanswered after this long when its page is left is not taken as
 * delivered: the server may be hanging (docs/delivery.md, "Counted once").
 */
export declare const TRUSTED_IN_FLIGHT_MS = 3000;
/**
 * Events a page sent as it was left, taken as delivered, stay held by the next page load
 * this long: if its first request finds the server failing, they are sent again.
 */
export declare const HOLD_MS = 10000;
export declare function createDelivery(core: Core, config: Config, hooks: Hooks, log: (...message: unknown[]) => void, win: Window, now: () => number, random: () => number, transport: Transport, 
/** The top-level fields of every request (the session's). */
session: object): void;

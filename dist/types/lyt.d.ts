import { type Feature } from './hooks.js';
import { type Transport } from './transport.js';
import type { Config, Lyt } from './types.js';
export { EXIT_BATCH_EVENTS, KEEPALIVE_BUDGET_BYTES, MAX_BATCH_EVENTS, SUCCESS_KEY_PREFIX } from './delivery.js';
export { STALE_AFTER_MS } from './queue.js';
export { HEARTBEAT_MS, QUEUE_KEY_PREFIX } from './tab-queue.js';
export { EVIDENCE_MS, HOLD_MS, MAX_ANSWER_WAIT_MS, MIN_ANSWER_WAIT_MS } from './trust.js';
/** The name of a page view event. */
export declare const PAGE_VIEW = "Page View";
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
/** What `createLyt()` takes: the settings, and (npm module, full build) the features to turn on. */
export type Settings = Partial<Config> & {
    features?: Feature[];
    [setting: string]: unknown;
};
export declare function createLyt(settings?: Settings, environment?: Partial<Environment>): Lyt;

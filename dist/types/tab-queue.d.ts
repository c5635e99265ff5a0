import type { Core } from './core.js';
import type { Hooks } from './hooks.js';
import { type WireEvent } from './queue.js';
import type { StorageCall } from './storage.js';
import type { Config, Result } from './types.js';
/** Each tab's record is stored under this prefix and the tab's random id. */
export declare const QUEUE_KEY_PREFIX = "lyt_q_";
/** How often a tab with events waiting renews its heartbeat and looks for orphaned events. */
export declare const HEARTBEAT_MS = 5000;
/** A record whose heartbeat is older than this belongs to a tab that is gone. */
export declare const STALE_AFTER_MS = 15000;
export declare function createTabQueue(core: Core, config: Config, hooks: Hooks, log: (...message: unknown[]) => void, warn: (...message: unknown[]) => void, storage: StorageCall, now: () => number): readonly [string, () => void, () => void | false, (record: unknown) => void, () => void, (events: WireEvent[], callback: unknown, counted?: boolean, counting?: (result: Result) => number) => void, (callback: unknown) => void];

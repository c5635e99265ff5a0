import { type RecordOutcome } from './callbacks.js';
import type { Hooks } from './hooks.js';
import { type WireEvent } from './queue.js';
import type { StorageCall } from './storage.js';
import type { Config, Result } from './types.js';
/** Each tab's record is stored under this prefix and the tab's random id. */
export declare const QUEUE_KEY_PREFIX = "lyt_q_";
/** How often a tab with events waiting renews its heartbeat and looks for orphaned events. */
export declare const HEARTBEAT_MS = 5000;
export interface TabQueueOptions {
    config: Config;
    storage: StorageCall;
    now: () => number;
    /** The page has been left (`pagehide`) and not come back from the bfcache: lyt.ts knows. */
    isLeft: () => boolean;
    /** Nothing may be stored yet (a prerendered page, consent not given): lyt.ts knows. */
    isPaused: () => boolean;
    hooks: Hooks;
    log: (...message: unknown[]) => void;
    warn: (...message: unknown[]) => void;
}
export type TabQueue = ReturnType<typeof createTabQueue>;
export declare function createTabQueue({ config, storage, now, isLeft, isPaused, hooks, log, warn }: TabQueueOptions): {
    /** This tab's record's key (the `storage` event names it). */
    _key: string;
    /** This tab's events not yet delivered, oldest first. */
    _events: () => WireEvent[];
    _finish: (events: WireEvent[], result: Result) => void;
    _save: () => void;
    _handOver: (record: unknown) => void;
    _letGoIfTaken: () => void;
    /** Queues the events of one call; `record` hears each one's outcome (its callback's), if it has one. */
    _add(events: WireEvent[], record?: RecordOutcome): void;
    /** `flush(callback)`: the callback hears once every event queued now has an outcome. */
    _awaitAll(callback: unknown): void;
    /** The event went as the page was hidden or left, and was taken as delivered. */
    _wasDeliveredAtExit: (event: WireEvent) => boolean;
    /** As the page is hidden or left, delivery says which pending events it takes as delivered. */
    _setDeliveredAtExit(events: WireEvent[]): void;
    /** The event was taken over from another tab's record. */
    _isAdopted: (event: WireEvent) => boolean;
    /** When the page whose events are held was left (0: none held). */
    _heldSince: () => number;
    /** The held events did not arrive (the server was failing): they are sent again, first. */
    _requeueHeld(): void;
    /** The held events arrived, or can no longer be checked: they are let go. */
    _forgetHeld(): void;
    /**
     * Renews this tab's heartbeat, then takes over the events of tabs that are gone (released
     * or stale). Says whether it took any, and whether a page was left with events it kept
     * (then it had reason to think the server failing).
     */
    _adoptOrphans(): {
        _tookAny: boolean;
        _keptByLeftPage: boolean;
    };
};

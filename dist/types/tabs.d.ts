import { type Entry } from './queue';
import type { SafeStorage } from './storage';
export declare const QUEUE_KEY_PREFIX = "lyt_q_";
/** How often a tab with events waiting renews its heartbeat and looks for orphaned events. */
export declare const HEARTBEAT_MS = 5000;
/** A record whose heartbeat is older than this belongs to a tab that is gone. */
export declare const STALE_AFTER_MS = 15000;
export interface QueueLimits {
    maxQueue: number;
    maxAge: number;
}
export type SharedQueue = ReturnType<typeof createSharedQueue>;
export declare function createSharedQueue(storage: SafeStorage, now: () => number, tabId: string, limits: QueueLimits, 
/** Events the queue gave up: `expired`, `queue_full`, or `taken_over` by another tab. */
onGone: (entries: Entry[], error: string) => void): {
    /** This tab's events not yet acknowledged, oldest first. */
    _entries: Entry[];
    /**
     * Writes the queue now, after applying its bounds. `release` marks it as free for the
     * next page load or another tab to take, until the page comes back (`_resume`).
     * Storage that fails keeps the events in memory.
     */
    _save(release?: boolean): void;
    /** One write per task, however many calls the task makes: before the task ends. */
    _saveSoon(): void;
    /**
     * Takes over the events of tabs that are gone (released or stale), oldest tab first
     * in storage order, and returns how many were taken.
     */
    _adopt(): number;
    /** The `storage` event: another tab removed this tab's record, so it took it over. */
    _onStorage(event: StorageEvent): void;
    /**
     * Back from the back/forward cache: the record was released when the page was hidden,
     * and may have been taken over meanwhile (no `storage` event reaches a cached page).
     */
    _resume(): void;
    /** Forgets every event (opt-out). */
    _clear(): void;
};

// This tab's queue, mirrored to localStorage, and shared with the other tabs of the origin.
//
// Each tab writes only its own key (`lyt_q_<tab id>`), so two tabs never overwrite each
// other's events, and each tab sends only its own events. A tab says it is alive with a
// heartbeat in its record; when it goes (`pagehide`) it marks the record as released. Any
// tab or page load takes over a record that is released or whose heartbeat has gone stale
// (a closed or crashed tab), and the owner learns of it by the `storage` event. See the
// README's "Several tabs" for why this and not Web Locks.

import { boundQueue, parseQueue, serializeQueue, type Entry } from './queue'
import type { SafeStorage } from './storage'

export const QUEUE_KEY_PREFIX = 'lyt_q_'
/** How often a tab with events waiting renews its heartbeat and looks for orphaned events. */
export const HEARTBEAT_MS = 5000
/** A record whose heartbeat is older than this belongs to a tab that is gone. */
export const STALE_AFTER_MS = 15_000

export interface QueueLimits {
  maxQueue: number
  maxAge: number
}

export type SharedQueue = ReturnType<typeof createSharedQueue>

export function createSharedQueue(
  storage: SafeStorage,
  now: () => number,
  tabId: string,
  limits: QueueLimits,
  /** Events the queue gave up: `expired`, `queue_full`, or `taken_over` by another tab. */
  onGone: (entries: Entry[], error: string) => void,
) {
  const ownKey = QUEUE_KEY_PREFIX + tabId
  /** What this tab last wrote to its key (null: it has no key). */
  let stored: string | null = null
  let saveScheduled = false
  /** The page has gone (pagehide): whatever it still writes stays free for others to take. */
  let released = false

  /** Another tab took the events of `record` over: they are its to send now. */
  const handOver = (record: string | null) => {
    const taken = new Set(parseQueue(record)._entries.map((entry) => entry._id))
    const gone = queue._entries.filter((entry) => taken.has(entry._id))
    if (gone.length) {
      queue._entries = queue._entries.filter((entry) => !taken.has(entry._id))
      onGone(gone, 'taken_over')
    }
    stored = null
  }

  const queue = {
    /** This tab's events not yet acknowledged, oldest first. */
    _entries: [] as Entry[],

    /**
     * Writes the queue now, after applying its bounds. `release` marks it as free for the
     * next page load or another tab to take, until the page comes back (`_resume`).
     * Storage that fails keeps the events in memory.
     */
    _save(release?: boolean) {
      saveScheduled = false
      released = released || !!release
      const { _kept, _expired, _overflow } = boundQueue(queue._entries, limits.maxQueue, limits.maxAge, now())
      queue._entries = _kept
      if (_expired.length) onGone(_expired, 'expired')
      if (_overflow.length) onGone(_overflow, 'queue_full')
      const record = _kept.length ? serializeQueue(released ? 0 : now(), _kept) : null
      if (!record) storage.remove(ownKey)
      else if (!storage.set(ownKey, record)) return
      stored = record
    },

    /** One write per task, however many calls the task makes: before the task ends. */
    _saveSoon() {
      if (!saveScheduled) {
        saveScheduled = true
        queueMicrotask(() => saveScheduled && queue._save())
      }
    },

    /**
     * Takes over the events of tabs that are gone (released or stale), oldest tab first
     * in storage order, and returns how many were taken.
     */
    _adopt(): number {
      const adopted: Entry[] = []
      const taken: [string, string][] = []
      for (const key of storage.keys(QUEUE_KEY_PREFIX)) {
        const record = key != ownKey && storage.get(key)
        if (!record) continue
        const { _heartbeat, _entries } = parseQueue(record)
        if (_heartbeat && now() - _heartbeat < STALE_AFTER_MS) continue
        adopted.push(..._entries)
        taken.push([key, record])
      }
      if (taken.length) {
        const known = new Set(queue._entries.map((entry) => entry._id))
        queue._entries = adopted.filter((entry) => !known.has(entry._id)).concat(queue._entries)
        // Ours first, then theirs removed: a crash in between duplicates, it never loses.
        queue._save()
        // Remove only what was read: a record rewritten meanwhile stays with its owner.
        for (const [key, record] of taken) if (storage.get(key) == record) storage.remove(key)
      }
      return adopted.length
    },

    /** The `storage` event: another tab removed this tab's record, so it took it over. */
    _onStorage(event: StorageEvent) {
      if (event.key == ownKey && event.newValue == null) handOver(event.oldValue)
    },

    /**
     * Back from the back/forward cache: the record was released when the page was hidden,
     * and may have been taken over meanwhile (no `storage` event reaches a cached page).
     */
    _resume() {
      released = false
      if (stored && storage.get(ownKey) == null) handOver(stored)
      queue._save()
    },

    /** Forgets every event (opt-out). */
    _clear() {
      queue._entries = []
      queue._save()
    },
  }
  return queue
}

// This tab's queue: the events it has still to deliver, stored, shared with the other tabs
// of the origin.
//
// Each tab writes only its own record (`lyt_q_<tab id>`, queue.ts), so two tabs never
// overwrite each other's events, and each tab sends only its own. The heartbeat says the tab
// is alive; once the page is left the record is released. Any tab or page load takes over a
// record that is released or stale (a closed or crashed tab); its owner, if it lives after
// all (frozen, or back from the bfcache), lets those events go. See "Several tabs" in
// docs/delivery.md for why this and not Web Locks.

import { outcomes, type RecordOutcome } from './callbacks'
import type { Hooks } from './hooks'
import {
  deliveredAtExit,
  hasKeptEvents,
  isReleased,
  isStale,
  keptEvents,
  parseQueue,
  type QueueRecord,
  type WireEvent,
} from './queue'
import type { StorageCall } from './storage'
import { canCheckHeld } from './trust'
import type { Config, Result } from './types'
import { createWaiters } from './waiters'

declare const __FEATURES__: boolean

/** Each tab's record is stored under this prefix and the tab's random id. */
export const QUEUE_KEY_PREFIX = 'lyt_q_'
/** How often a tab with events waiting renews its heartbeat and looks for orphaned events. */
export const HEARTBEAT_MS = 5000

export interface TabQueueOptions {
  config: Config
  storage: StorageCall
  now: () => number
  /** The page has been left (`pagehide`) and not come back from the bfcache: lyt.ts knows. */
  isLeft: () => boolean
  /** Nothing may be stored yet (a prerendered page, consent not given): lyt.ts knows. */
  isPaused: () => boolean
  hooks: Hooks
  log: (...message: unknown[]) => void
  warn: (...message: unknown[]) => void
}

export type TabQueue = ReturnType<typeof createTabQueue>

export function createTabQueue({ config, storage, now, isLeft, isPaused, hooks, log, warn }: TabQueueOptions) {
  const waiters = createWaiters()
  // The tab id: the digits of a random number (about 52 bits), so two tabs never share one.
  const key = QUEUE_KEY_PREFIX + Math.random().toString(36).slice(2)
  /** This tab's events not yet delivered, oldest first: what it sends. */
  let pending: WireEvent[] = []
  /**
   * Events an earlier page sent as it was left, taken as delivered, that this page load
   * holds until delivery has heard whether the server was answering then (trust.ts).
   */
  let held: WireEvent[] = []
  /** When the page that sent the `held` events was left. */
  let heldSince = 0
  /** Events taken over from another tab's record (delivery sends them once the server answers). */
  const adopted = new WeakSet<WireEvent>()
  /** Which pending events went as the page was last hidden or left, taken as delivered (delivery says). */
  let handedOverAtExit: WireEvent[] = []
  /**
   * What this tab last wrote to its key (undefined: nothing there). A takeover that removed
   * it leaves it as it was.
   */
  let stored: string | undefined
  /** A save is planned before this task ends (`saveSoon`). */
  let saveScheduled = false

  const isExpired = (event: WireEvent, time: number) => Date.parse(event.timestamp) < time - config.maxAge
  const isOurs = (record: QueueRecord) => (record.a ?? config.endpoint) === config.endpoint
  /** Another tab's record this tab may take: for our endpoint, with events, and its tab gone. */
  const isOrphaned = (record: QueueRecord) =>
    isOurs(record) && record.e.length > 0 && (isReleased(record) || isStale(record, now()))
  /** This tab has the event already (taken from it while it was frozen, and left behind again). */
  const hasAlready = (event: WireEvent) => pending.concat(held).some((other) => other.id === event.id)

  /**
   * Events leave the queue, with what the callbacks waiting for them hear; said with debug.
   * Events no longer queued have had their outcome already.
   */
  const finish = (events: WireEvent[], result: Result) => {
    const leaving = events.filter((event) => pending.includes(event))
    if (!leaving.length) return
    ;(result.ok ? log : warn)(
      JSON.stringify(result),
      leaving.length,
      leaving.map((event) => event.name),
    )
    if (__FEATURES__ && !result.ok) for (const hook of hooks.drop) hook(leaving, result)
    pending = pending.filter((event) => !leaving.includes(event))
    saveSoon()
    waiters._settle(leaving, result)
  }

  /**
   * Writes the queue now, after applying its bounds (events older than `maxAge` expire,
   * then the oldest of the rest go until at most `maxQueue` are left), with what is taken as
   * delivered at the front (`s`: how many): what went as the page was hidden or left, and, as
   * it is left, the held events — so that a page gone without `pagehide` (a tab killed in the background) is not
   * sent twice by the tab that takes its record over. Once the page is left, released (`l`):
   * free for the next page load or another tab to take at once. Storage that fails keeps the
   * events in memory: they are sent from there.
   */
  const save = () => {
    const time = now()
    // Once the page is left, the next page load may already have taken the record: writing
    // it again would have those events sent twice.
    if (isLeft()) letGoIfTaken()
    finish(
      pending.filter((event) => isExpired(event, time)),
      { ok: false, error: 'expired' },
    )
    finish(pending.slice(0, -config.maxQueue), { ok: false, error: 'queue_full' })
    // (After those two, whose own saves this one makes: one write, not three.)
    saveScheduled = false
    const left = isLeft()
    // Held events are passed on by a page left while they can still be checked (trust.ts).
    const passedOn = left && canCheckHeld(heldSince, time) ? held : []
    const sent = passedOn.concat(pending.filter((event) => handedOverAtExit.includes(event)))
    const events = sent.concat(pending.filter((event) => !sent.includes(event)))
    const record = events.length
      ? JSON.stringify({
          h: time,
          a: config.endpoint,
          e: events,
          s: left || sent.length ? sent.length : undefined,
          l: left ? 1 : undefined,
        })
      : undefined
    // Paused, the events wait in memory (an empty record may still be removed).
    if (record && isPaused()) return
    if (storage(record ? 'setItem' : 'removeItem', key, record) !== false) stored = record
  }

  /** One write per task, however many calls the task makes: before the task ends. */
  const saveSoon = () => {
    if (!saveScheduled) queueMicrotask(() => saveScheduled && save())
    saveScheduled = true
  }

  /** Another tab took the events of `record` (its text) over: they are its to send (or hold) now. */
  const handOver = (record: unknown) => {
    const taken = parseQueue(record).e
    const isTaken = (event: WireEvent) => taken.some((other) => other.id === event.id)
    finish(pending.filter(isTaken), { ok: false, error: 'taken_over' })
  }

  /**
   * This tab's record is gone from storage: another tab or page load took it over (when it
   * looked stale, or was released), and those events are its own now. (A live page learns
   * of it by the `storage` event too; clearing storage by hand takes nothing.)
   */
  const letGoIfTaken = () => {
    if (storage('getItem', key) === null) handOver(stored)
  }

  return {
    /** This tab's record's key (the `storage` event names it). */
    _key: key,
    /** This tab's events not yet delivered, oldest first. */
    _events: () => pending,
    _finish: finish,
    _save: save,
    _handOver: handOver,
    _letGoIfTaken: letGoIfTaken,

    /** Queues the events of one call; `record` hears each one's outcome (its callback's), if it has one. */
    _add(events: WireEvent[], record?: RecordOutcome) {
      if (record) waiters._waitFor(events, record)
      pending.push(...events)
      saveSoon()
    },

    /** `flush(callback)`: the callback hears once every event queued now has an outcome. */
    _awaitAll(callback: unknown) {
      waiters._waitForAll(pending, outcomes(pending.length, callback, true))
    },

    /** The event went as the page was hidden or left, and was taken as delivered. */
    _wasDeliveredAtExit: (event: WireEvent) => handedOverAtExit.includes(event),

    /** As the page is hidden or left, delivery says which pending events it takes as delivered. */
    _setDeliveredAtExit(events: WireEvent[]) {
      handedOverAtExit = events
      saveSoon()
    },

    /** The event was taken over from another tab's record. */
    _isAdopted: (event: WireEvent) => adopted.has(event),

    /** When the page whose events are held was left (0: none held). */
    _heldSince: () => (held.length ? heldSince : 0),
    /** The held events did not arrive (the server was failing): they are sent again, first. */
    _requeueHeld() {
      pending = held.concat(pending)
      held = []
    },
    /** The held events arrived, or can no longer be checked: they are let go. */
    _forgetHeld() {
      held = []
    },

    /**
     * Renews this tab's heartbeat, then takes over the events of tabs that are gone (released
     * or stale). Says whether it took any, and whether a page was left with events it kept
     * (then it had reason to think the server failing).
     */
    _adoptOrphans() {
      const result = { _tookAny: false, _keptByLeftPage: false }
      // The heartbeat: this tab is alive, its stored events are not anyone else's to send.
      if (pending.length) save()
      for (const otherKey of storage('keys') || []) {
        if (!otherKey.startsWith(QUEUE_KEY_PREFIX) || otherKey === key) continue
        const record = parseQueue(storage('getItem', otherKey))
        if (!isOrphaned(record)) continue
        log('took over', otherKey)
        result._tookAny = true
        if (hasKeptEvents(record)) result._keptByLeftPage = true
        const leftAt = Number(record.h)
        if (isReleased(record) && canCheckHeld(leftAt, now())) {
          held = deliveredAtExit(record)
            .filter((event) => !hasAlready(event))
            .concat(held)
          heldSince = leftAt
        }
        const taken = keptEvents(record).filter((event) => !hasAlready(event))
        for (const event of taken) adopted.add(event)
        pending = taken.concat(pending)
        // Ours first, then theirs removed: a crash in between duplicates, it never loses.
        save()
        storage('removeItem', otherKey)
      }
      return result
    },
  }
}

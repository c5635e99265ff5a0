// This tab's queue, stored, shared with the other tabs of the origin.
//
// Each tab writes only its own record (`lyt_q_<tab id>`: `{"h": heartbeat, "e": events}`),
// so two tabs never overwrite each other's events, and each tab sends only its own. The
// heartbeat says the tab is alive; at `pagehide` the record is released. Any tab or page
// load takes over a record that is released or stale (a closed or crashed tab); its owner,
// if it lives after all (frozen, or back from the bfcache), lets those events go. See the
// "Several tabs" in docs/delivery.md for why this and not Web Locks.

import type { Core } from './core'
import type { Hooks } from './hooks'
import { HOLD_MS } from './delivery'
import { parseQueue, type WireEvent } from './queue'
import type { StorageCall } from './storage'
import type { Config, Result } from './types'
import { createWaiters } from './waiters'

declare const __FEATURES__: boolean

/** Each tab's record is stored under this prefix and the tab's random id. */
export const QUEUE_KEY_PREFIX = 'lyt_q_'
/** How often a tab with events waiting renews its heartbeat and looks for orphaned events. */
export const HEARTBEAT_MS = 5000
/** A record whose heartbeat is older than this belongs to a tab that is gone. */
export const STALE_AFTER_MS = 15_000

export function createTabQueue(
  core: Core,
  config: Config,
  hooks: Hooks,
  log: (...message: unknown[]) => void,
  warn: (...message: unknown[]) => void,
  storage: StorageCall,
  now: () => number,
) {
  const [wait, settle] = createWaiters()
  /** A save is planned before this task ends (`saveSoon`). */
  let saveScheduled = false
  // The tab id: the digits of a random number (about 52 bits), so two tabs never share one.
  const ownKey = QUEUE_KEY_PREFIX + Math.random().toString(36).slice(2)
  /**
   * What this tab last wrote to its key (undefined: nothing there). A takeover that removed
   * it leaves it as it was. Handing over undefined, or a record already handed over, lets
   * nothing go.
   */
  let stored: string | undefined

  core._pending = []

  /**
   * Events that leave the queue, with what the callbacks waiting for them hear; said with
   * debug. Events no longer queued have had their outcome.
   */
  const finish = (core._finish = (events, result) => {
    events = events.filter((event) => core._pending.includes(event))
    if (events[0]) {
      ;(result.ok ? log : warn)(JSON.stringify(result), events.length, events.map((event) => event.name))
      if (__FEATURES__ && !result.ok) for (const hook of hooks.drop) hook(events, result)
      core._pending = core._pending.filter((event) => !events.includes(event))
      saveSoon()
      settle(events, result)
    }
  })

  /**
   * Writes the queue now, after applying its bounds (in this order: events older than
   * `maxAge` ms expire, then the oldest of the rest go until at most `maxQueue` are left);
   * once the page has been left, as released: free for the next page load or another tab
   * to take, with what was taken as delivered apart (`s`: how many, at the front). Storage
   * that fails keeps the events in memory (and a quota error loses nothing: they are sent
   * from there).
   */
  const save = (core._save = () => {
    const time = now()
    const { _left: left } = core
    // Once the page is left, the next page load may already have taken the record: writing
    // it again would have those events sent twice.
    if (left) letGoIfTaken()
    finish(core._pending.filter((event) => Date.parse(event.timestamp) < time - config.maxAge), { ok: false, error: 'expired' })
    finish(core._pending.slice(0, -config.maxQueue), { ok: false, error: 'queue_full' })
    // After `finish`, whose own save this one is: one write, not two.
    saveScheduled = false
    const { _pending: pending } = core
    const sent = left ? core._held.concat(pending.filter(core._takenAsDelivered)) : []
    const events = sent.concat(pending.filter((event) => !sent.includes(event)))
    const record = events[0] && JSON.stringify({ h: time, a: config.endpoint, e: events, s: left ? sent.length : undefined })
    // A gate (hooks.ts, `hold`) keeps events out of storage: they wait in memory.
    if (__FEATURES__ && record && hooks.hold.some((held) => held())) return
    if (storage(record ? 'setItem' : 'removeItem', ownKey, record) !== false) stored = record
  })

  /** One write per task, however many calls the task makes: before the task ends. */
  const saveSoon = () => {
    if (!saveScheduled) queueMicrotask(() => saveScheduled && save())
    saveScheduled = true
  }

  /**
   * This tab's record is gone from storage: another tab or page load took it over (when it
   * looked stale, or was released), and those events are its own now. (A live page learns
   * of it by the `storage` event: it may also clear storage itself, which takes nothing.)
   */
  const letGoIfTaken = () => storage('getItem', ownKey) == null && handOver(stored)

  /** Another tab took the events of `record` over: they are its to send (or hold) now. */
  const handOver = (record: unknown) => {
    const taken = parseQueue(record).e
    finish(
      core._pending.filter((event) => taken.some((other) => other.id == event.id)),
      { ok: false, error: 'taken_over' },
    )
  }

  /**
   * Renews this tab's heartbeat, then takes over the events of tabs that are gone (released
   * or stale) and sends them at once. Runs at start-up and every HEARTBEAT_MS.
   */
  const adopt = () => {
    if (core._left || core._discardIfOptedOut() || (__FEATURES__ && hooks.hold.some((held) => held()))) return
    const { endpoint } = config
    // The heartbeat: this tab is alive, its stored events are not anyone else's to send.
    if (core._pending[0]) save()
    for (const key of storage('keys') || []) {
      // `a`: the endpoint its events are for. Another tracker's (several on one page, or on
      // other pages of the origin) are never taken: they go to their own endpoint.
      const { h, a = endpoint, e, s } = parseQueue(key.startsWith(QUEUE_KEY_PREFIX) && key != ownKey && storage('getItem', key))
      // An event this tab already has (taken from it while it was frozen, and left behind
      // again) is not taken twice: one id, one request at a time.
      const fresh = (event: WireEvent) => !core._pending.concat(core._held).some((other) => other.id == event.id)
      // Released (its page was left) or stale.
      if (a == endpoint && e[0] && (s! >= 0 || !(now() - (h as number) < STALE_AFTER_MS))) {
        log('took over', key)
        // A page left with events kept (not taken as delivered) had reason to think the
        // server failing: this one thinks so too until it hears a success, and trusts
        // nothing it sends as it is left before then.
        if (e[s!]) core._retries ||= 1
        core._pending = e.slice(s).filter(fresh).concat(core._pending)
        if (s && now() - (h as number) < HOLD_MS) {
          core._held = e.slice(0, s).filter(fresh).concat(core._held)
          core._heldSince = h as number
        }
        // Ours first, then theirs removed: a crash in between duplicates, it never loses.
        save()
        storage('removeItem', key)
        core._sendIn(0)
      }
    }
  }

  /** Queues the events of one call, whose callback waits for them (see waiters.ts). */
  const add = (events: WireEvent[], callback: unknown, counted?: boolean, counting?: (result: Result) => number) => {
    wait(events, callback, false, counted, counting)
    core._pending.push(...events)
    saveSoon()
  }

  /** `flush(callback)`: the callback waits for every event queued now. */
  const awaitAll = (callback: unknown) => wait(core._pending, callback, true, true)

  return [ownKey, save, letGoIfTaken, handOver, adopt, add, awaitAll] as const
}

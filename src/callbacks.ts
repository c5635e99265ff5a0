// Each call's callback, called exactly once and never inside the call itself: when all of
// the call's events have an outcome (delivered, refused, given up), or at once for a call
// that queued nothing.

import type { WireEvent } from './queue'
import type { Result } from './types'

/** Calls `callback` with `result` after the current call has returned. */
export const answerLater = (callback: unknown, result: Result) => {
  if (typeof callback == 'function') queueMicrotask(() => callback(result))
}

/**
 * Waits for the outcomes of `count` events and answers `callback` once they all have one —
 * the first failure, or `{ok: true}` — with `queued`, how many arrived, when `counted`.
 * Returns the function that records one outcome; it says how many are still awaited.
 */
export const outcomes = (count: number, callback: unknown, counted?: boolean) => {
  let delivered = 0
  let failure: Result | undefined
  // (Each callback hears its own copy of the outcome.)
  const answer = () => answerLater(callback, { ...(failure || { ok: true }), ...(counted && { queued: delivered }) })
  if (!count) answer()
  return (result: Result) => {
    if (result.ok) delivered++
    else failure = failure || result
    if (!--count) answer()
    return count
  }
}

/**
 * Ties a call's `callback` to its `events`: it hears once they all have an outcome. A call
 * without a callback ties nothing to its events (a truthy non-function is harmless:
 * `answerLater` checks). `flush()` counts its own waiters (lyt.ts): an event has one `_settle`.
 */
export const expectOutcomes = (events: WireEvent[], callback: unknown, counted?: boolean) => {
  const record = outcomes(events.length, callback, counted)
  if (callback) for (const event of events) event._settle = record
}

/** Records one outcome for each of `events` (once each: later outcomes are ignored). */
export const settle = (events: WireEvent[], result: Result) => {
  for (const event of events) {
    event._settle?.(result)
    event._settle = undefined
  }
}

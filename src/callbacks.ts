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
 * Ties `callback` to `events` (a call's, or all that wait when `flush()` is called: an
 * event may have several): it hears once they all have an outcome — the first failure, or
 * `{ok: true}` — with `queued`, how many arrived, when `counted`.
 */
export const expectOutcomes = (events: WireEvent[], callback: unknown, counted?: boolean) => {
  let waiting = events.length
  let delivered = 0
  let failure: Result | undefined
  // (Each callback hears its own copy of the outcome.)
  const answer = () => answerLater(callback, { ...(failure || { ok: true }), ...(counted && { queued: delivered }) })
  if (!waiting) answer()
  // Only for a callback: a call or `flush()` without one ties nothing to the events. (Each
  // `flush(cb)` does add one closure per waiting event until they settle. A truthy
  // non-function is harmless: `answerLater` checks.)
  if (callback) {
    for (const event of events) {
      const earlier = event._settle
      event._settle = (result) => {
        earlier?.(result)
        if (result.ok) delivered++
        else failure = failure || result
        if (!--waiting) answer()
      }
    }
  }
}

/** Records one outcome for each of `events` (once each: later outcomes are ignored). */
export const settle = (events: WireEvent[], result: Result) => {
  // Called, then cleared: a `_settle` answers nothing (undefined).
  for (const event of events) event._settle = event._settle?.(result) as undefined
}

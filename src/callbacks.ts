// Each call's callback, called exactly once and never inside the call itself: when all of
// the call's events have an outcome (delivered, refused, given up), or at once for a call
// that queued nothing.

import type { Result } from './types'

declare const __FEATURES__: boolean

/** Calls `callback` with `result` after the current call has returned. */
export const answerLater = (callback: unknown, result: Result) => {
  if (typeof callback === 'function') queueMicrotask(() => callback(result))
}

/** Takes the outcome of one awaited event; returns how many are still awaited. */
export type RecordOutcome = (result: Result) => number

/**
 * Waits for the outcomes of `count` events and answers `callback` once they all have one —
 * the first failure, or `{ok: true}` — with `queued`, how many arrived, when `counted`.
 * Returns the function that records one outcome.
 */
export const outcomes = (count: number, callback: unknown, counted?: boolean): RecordOutcome => {
  let delivered = 0
  let failure: Result | undefined
  /** With features, the last success as it was told (test mode's says `test: true`). */
  let success: Result = { ok: true }
  // (Each callback hears its own copy of the outcome.)
  const answer = () =>
    answerLater(callback, { ...(failure || (__FEATURES__ ? success : { ok: true })), ...(counted && { queued: delivered }) })
  if (!count) answer()
  return (result: Result) => {
    if (result.ok) {
      delivered++
      if (__FEATURES__) success = result
    } else failure = failure || result
    if (!--count) answer()
    return count
  }
}

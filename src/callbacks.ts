// Each call's callback, called exactly once and never inside the call itself: when all of
// the call's events have an outcome (delivered, refused, given up), or at once for a call
// that queued nothing.

import type { Callback, Result } from './types'

/** Calls `callback` with `result` after the current call has returned. */
export const answerLater = (callback: unknown, result: Result) => {
  if (typeof callback == 'function') queueMicrotask(() => callback(result))
}

interface Ticket {
  _callback: Callback
  /** Events of the call still without an outcome. */
  _waiting: number
  _delivered: number
  _batch: boolean
  _failure?: Result
}

export function createCallbacks() {
  const ticketsById = new Map<string, Ticket>()
  return {
    /** Remembers `callback` for the events `ids` of one call (`batch`: answers with `queued`). */
    _expect(ids: string[], callback: unknown, batch: boolean) {
      if (typeof callback != 'function') return
      const ticket: Ticket = { _callback: callback as Callback, _waiting: ids.length, _delivered: 0, _batch: batch }
      for (const id of ids) ticketsById.set(id, ticket)
    },

    /** Records one outcome for each of the events `ids`; answers calls whose events all have one. */
    _settle(ids: string[], result: Result) {
      for (const id of ids) {
        const ticket = ticketsById.get(id)
        if (!ticket) continue
        ticketsById.delete(id)
        if (result.ok) ticket._delivered++
        else ticket._failure = ticket._failure || result
        if (!--ticket._waiting) {
          answerLater(
            ticket._callback,
            ticket._failure
              ? ticket._batch ? { ...ticket._failure, queued: ticket._delivered } : ticket._failure
              : ticket._batch ? { ok: true, queued: ticket._delivered } : { ok: true },
          )
        }
      }
    },
  }
}

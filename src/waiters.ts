// The callbacks still waiting, of calls and of `flush()`. Each waits for the events numbered
// `first` to `last`. An event is numbered as it is queued by a call, or when a `flush()`
// first sees it queued (taken over from storage); numbers only grow. (A few numbers per
// callback, never a closure per event: 50,000 `flush(cb)` on one waiting event are 50,000
// small entries, answered in one pass.)

import { outcomes } from './callbacks'
import type { WireEvent } from './queue'
import type { Result } from './types'

declare const __FEATURES__: boolean

export function createWaiters() {
  let waiters: [first: number, last: number, record: (result: Result) => number][] = []
  const numbers = new WeakMap<WireEvent, number>()
  let lastNumber = 0

  /**
   * Numbers the queued `events` that have none, and has `callback` wait for every event
   * numbered up to now from the first of them (from the first ever, `all`: a flush), through
   * `record` when the call already counts others (a feature answered for some: lyt.ts).
   */
  const wait = (
    events: WireEvent[],
    callback: unknown,
    all?: boolean,
    counted?: boolean,
    counting?: (result: Result) => number,
  ) => {
    const first = all ? 0 : lastNumber + 1
    for (const event of events) if (!numbers.has(event)) numbers.set(event, ++lastNumber)
    const record = (__FEATURES__ && counting) || outcomes(events.length, callback, counted)
    if (events[0] && callback) waiters.push([first, lastNumber, record])
  }

  /** `events` had their outcome: every callback waiting for one of them records it. */
  const settle = (events: WireEvent[], result: Result) => {
    waiters = waiters.filter(([first, last, record]) => {
      let awaited = 1
      for (const event of events) {
        const number = numbers.get(event)!
        if (number >= first && number <= last) awaited = record(result)
      }
      return awaited > 0
    })
  }

  return [wait, settle] as const
}

// The callbacks still waiting, of calls and of `flush()`. Each waits for the events numbered
// `first` to `last`. An event is numbered as it is queued by a call, or when a `flush()`
// first sees it queued (taken over from storage); numbers only grow. (A few numbers per
// callback, never a closure per event: 50,000 `flush(cb)` on one waiting event are 50,000
// small entries, answered in one pass.)

import type { RecordOutcome } from './callbacks'
import type { WireEvent } from './queue'
import type { Result } from './types'

interface Waiter {
  _first: number
  _last: number
  /** Takes one outcome of an awaited event (callbacks.ts, `outcomes`). */
  _record: RecordOutcome
}

export function createWaiters() {
  let waiters: Waiter[] = []
  const numbers = new WeakMap<WireEvent, number>()
  let lastNumber = 0

  const numberNew = (events: WireEvent[]) => {
    for (const event of events) if (!numbers.has(event)) numbers.set(event, ++lastNumber)
  }
  const isAwaitedBy = ({ _first: first, _last: last }: Waiter, event: WireEvent) => {
    const number = numbers.get(event)!
    return number >= first && number <= last
  }

  return {
    /** `record` waits for the outcome of each of `events`, just queued by one call. */
    _waitFor(events: WireEvent[], record: RecordOutcome) {
      const first = lastNumber + 1
      numberNew(events)
      waiters.push({ _first: first, _last: lastNumber, _record: record })
    },

    /** `record` waits for every event queued until now (`flush()`); `events` are those still queued. */
    _waitForAll(events: WireEvent[], record: RecordOutcome) {
      numberNew(events)
      if (events.length) waiters.push({ _first: 0, _last: lastNumber, _record: record })
    },

    /** `events` had their outcome: every callback waiting for one of them records it. */
    _settle(events: WireEvent[], result: Result) {
      waiters = waiters.filter((waiter) => {
        let stillAwaited = true
        for (const event of events) if (isAwaitedBy(waiter, event)) stillAwaited = waiter._record(result) > 0
        return stillAwaited
      })
    },
  }
}

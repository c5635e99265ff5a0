// The queue's bookkeeping, in plain values: what a queued event is, how a tab's queue is
// stored, which events a request takes, and what the queue's bounds let go.
// It knows nothing of HTTP, timers or the DOM.

import { utf8Bytes } from './validate'

/** A queued event, serialised once when it is accepted. */
export interface Entry {
  /** The event's `id`: callbacks and acknowledgements are matched by it. */
  _id: string
  /** When the call was made (ms since the epoch), for the age bound. */
  _time: number
  /** The event as it goes on the wire. */
  _json: string
}

/** The wire event, as sent to `POST {api}/events`. */
export interface WireEvent {
  name: string
  path: string
  hostname: string
  query?: string
  metadata?: unknown
  timestamp: string
  id: string
}

export const entryOf = (event: WireEvent, json = JSON.stringify(event), time = Date.parse(event.timestamp)): Entry => ({
  _id: event.id,
  _time: time,
  _json: json,
})

/**
 * One tab's stored queue: `{"h":heartbeat,"e":[events…]}`. `h` is when the tab last said
 * it was alive (ms), or 0 once the page has gone and its events are anyone's to send.
 */
export const serializeQueue = (heartbeat: number, entries: Entry[]): string =>
  '{"h":' + heartbeat + ',"e":[' + entries.map((entry) => entry._json).join() + ']}'

/** Reads a stored queue back; anything unreadable is treated as empty. */
export function parseQueue(text: string | null): { _heartbeat: number; _entries: Entry[] } {
  try {
    const stored = JSON.parse(text!)
    return {
      _heartbeat: +stored.h || 0,
      _entries: stored.e
        .filter((event: WireEvent) => event && typeof event.id == 'string')
        .map((event: WireEvent) => entryOf(event)),
    }
  } catch {
    return { _heartbeat: 0, _entries: [] }
  }
}

/**
 * The queue's bounds: events older than `maxAge` ms expire, then the oldest go until at
 * most `maxEvents` are left. Returns what is kept and what each bound dropped.
 */
export function boundQueue(entries: Entry[], maxEvents: number, maxAge: number, now: number) {
  const expired: Entry[] = []
  const fresh = entries.filter((entry) => !(now - entry._time > maxAge) || !expired.push(entry))
  const overflow = fresh.splice(0, Math.max(0, fresh.length - maxEvents))
  return { _kept: fresh, _expired: expired, _overflow: overflow }
}

/**
 * The next request's events: in queue order, skipping those already in flight, at most
 * `maxEvents` of them and at most `maxBytes` of JSON (the first event always fits).
 */
export function takeBatch(entries: Entry[], inFlight: Set<Entry>, maxEvents: number, maxBytes: number): Entry[] {
  const batch: Entry[] = []
  let bytes = 0
  for (const entry of entries) {
    if (inFlight.has(entry)) continue
    bytes += utf8Bytes(entry._json) + 1
    if (batch.length >= maxEvents || (batch.length && bytes > maxBytes)) break
    batch.push(entry)
  }
  return batch
}

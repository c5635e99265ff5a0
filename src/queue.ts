// The queue's bookkeeping, in plain values: what a queued event is, how a tab's queue is
// stored, which events a request takes, and what the queue's bounds let go.
// It knows nothing of HTTP, timers or the DOM.

import type { Result } from './types'

/** An event as it goes on the wire (`POST {api}/events`), and as it is queued and stored. */
export interface WireEvent {
  name: string
  path: string
  hostname: string
  query?: string
  metadata?: object
  timestamp: string
  id: string
  /** Its call's callback (a function, so JSON.stringify never sends or stores it). */
  _settle?: (result: Result) => void
}

/** One tab's stored queue: its heartbeat (ms; 0 once the page has gone) and its events. */
export interface QueueRecord {
  h: number
  e: WireEvent[]
}

/** Reads a stored queue back; anything unreadable is an empty one. */
export function parseQueue(text: unknown): QueueRecord {
  try {
    const { h, e } = JSON.parse(text as string)
    return { h: +h || 0, e: e.filter((event: WireEvent) => typeof event?.id == 'string') }
  } catch {
    return { h: 0, e: [] }
  }
}

/**
 * The queue's bounds: events older than `maxAge` ms expire, then the oldest go until at
 * most `maxEvents` are left. Returns what is kept, then what each bound dropped.
 */
export function boundQueue(events: WireEvent[], maxEvents: number, maxAge: number, now: number) {
  const expired: WireEvent[] = []
  const kept = events.filter((event) => !(now - Date.parse(event.timestamp) > maxAge) || !expired.push(event))
  return [kept, expired, kept.splice(0, kept.length - maxEvents)]
}

/** A request body keeps under this many characters: at most 3 bytes each, under 64 KiB. */
export const MAX_BODY_CHARS = 20_000

/**
 * The next request: the first events of the queue not already in flight, at most
 * `maxEvents`, halved until the body keeps under MAX_BODY_CHARS (one event always goes).
 * `session` is merged into the body's top level.
 */
export function nextBatch(events: WireEvent[], inFlight: Set<WireEvent>, maxEvents: number, session: object) {
  const waiting = events.filter((event) => !inFlight.has(event))
  let batch, body
  do {
    batch = waiting.slice(0, maxEvents)
    body = JSON.stringify({ events: batch, ...session })
  } while (body.length > MAX_BODY_CHARS && (maxEvents = batch.length >> 1))
  return [batch, body] as const
}

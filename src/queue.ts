// The queue's bookkeeping, in plain values: what a queued event is, how a tab's queue is
// stored and read back, what a stored record says about its tab, and which events a request
// takes. It knows nothing of HTTP, timers or the DOM; tab-queue.ts keeps this tab's queue
// with it, delivery.ts sends from it.

/** An event as it goes on the wire (`POST {api}/events`), and as it is queued and stored. */
export interface WireEvent {
  name: string
  path: string
  hostname: string
  query?: string
  metadata?: object
  timestamp: string
  id: string
}

/**
 * One tab's stored queue (`lyt_q_<tab id>`): its heartbeat `h` (ms), the endpoint `a` its
 * events are for, and its events `e`. `s` says how many of the events, at the front, went as
 * the page was hidden or left and are taken as delivered; the rest are kept: still to be
 * sent. Once its page has been left the record is released (`l`: 1), and `h` is when it was
 * left.
 */
export interface QueueRecord {
  h?: unknown
  a?: string
  e: WireEvent[]
  s?: number
  l?: number
}

/** A record whose heartbeat is older than this belongs to a tab that is gone (closed, crashed). */
export const STALE_AFTER_MS = 15_000

const hasId = (event: WireEvent) => typeof event?.id === 'string'

/** Reads a stored queue back; anything unreadable is an empty one. */
export const parseQueue = (text: unknown): QueueRecord => {
  try {
    const record = typeof text === 'string' && JSON.parse(text)
    if (Array.isArray(record?.e)) return { ...record, e: record.e.filter(hasId) }
  } catch {}
  return { e: [] }
}

/** Its page was left: the next page load or another tab may take its events at once. */
export const isReleased = (record: QueueRecord) => record.l === 1

/**
 * Its tab has not renewed the heartbeat for STALE_AFTER_MS: it is gone. A heartbeat that is
 * missing or no number counts as stale, so that no event is ever stranded.
 */
export const isStale = (record: QueueRecord, now: number) => typeof record.h !== 'number' || now - record.h >= STALE_AFTER_MS

/** The events its page took as delivered as it was hidden or left. */
export const deliveredAtExit = (record: QueueRecord) => record.e.slice(0, record.s || 0)

/** The events still to be sent. */
export const keptEvents = (record: QueueRecord) => record.e.slice(record.s || 0)

/**
 * A released record with kept events: its page was left with events it did not trust to
 * have arrived, which it does only while the server is failing or unheard.
 */
export const hasKeptEvents = (record: QueueRecord) => isReleased(record) && keptEvents(record).length > 0

/** A request body keeps under this many characters: at most 3 bytes each, under 64 KiB. */
export const MAX_BODY_CHARS = 20_000

/** One request: its events and its JSON body. */
export interface Batch {
  events: WireEvent[]
  body: string
}

/**
 * The next request: the first of the `waiting` events, at most `maxEvents`, halved until the
 * body keeps under MAX_BODY_CHARS (one event always goes). `session` is merged into the
 * body's top level.
 */
export const nextBatch = (waiting: WireEvent[], maxEvents: number, session: object): Batch => {
  let events = waiting.slice(0, maxEvents)
  for (;;) {
    const body = JSON.stringify({ events, ...session })
    if (body.length <= MAX_BODY_CHARS || events.length < 2) return { events, body }
    events = events.slice(0, events.length >> 1)
  }
}

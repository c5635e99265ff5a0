/** An event as it goes on the wire (`POST {api}/events`), and as it is queued and stored. */
export interface WireEvent {
    name: string;
    path: string;
    hostname: string;
    query?: string;
    metadata?: object;
    timestamp: string;
    id: string;
}
/**
 * One tab's stored queue (`lyt_q_<tab id>`): its heartbeat `h` (ms), the endpoint `a` its
 * events are for, and its events `e`. `s` says how many of the events, at the front, went as
 * the page was hidden or left and are taken as delivered; the rest are kept: still to be
 * sent. Once its page has been left the record is released (`l`: 1), and `h` is when it was
 * left.
 */
export interface QueueRecord {
    h?: unknown;
    a?: string;
    e: WireEvent[];
    s?: number;
    l?: number;
}
/** A record whose heartbeat is older than this belongs to a tab that is gone (closed, crashed). */
export declare const STALE_AFTER_MS = 15000;
/** Reads a stored queue back; anything unreadable is an empty one. */
export declare const parseQueue: (text: unknown) => QueueRecord;
/** Its page was left: the next page load or another tab may take its events at once. */
export declare const isReleased: (record: QueueRecord) => boolean;
/**
 * Its tab has not renewed the heartbeat for STALE_AFTER_MS: it is gone. A heartbeat that is
 * missing or no number counts as stale, so that no event is ever stranded.
 */
export declare const isStale: (record: QueueRecord, now: number) => boolean;
/** The events its page took as delivered as it was hidden or left. */
export declare const deliveredAtExit: (record: QueueRecord) => WireEvent[];
/** The events still to be sent. */
export declare const keptEvents: (record: QueueRecord) => WireEvent[];
/**
 * A released record with kept events: its page was left with events it did not trust to
 * have arrived, which it does only while the server is failing or unheard.
 */
export declare const hasKeptEvents: (record: QueueRecord) => boolean;
/** A request body keeps under this many characters: at most 3 bytes each, under 64 KiB. */
export declare const MAX_BODY_CHARS = 20000;
/** One request: its events and its JSON body. */
export interface Batch {
    events: WireEvent[];
    body: string;
}
/**
 * The next request: the first of the `waiting` events, at most `maxEvents`, halved until the
 * body keeps under MAX_BODY_CHARS (one event always goes). `session` is merged into the
 * body's top level.
 */
export declare const nextBatch: (waiting: WireEvent[], maxEvents: number, session: object) => Batch;

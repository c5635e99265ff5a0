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
 * One tab's stored queue: its heartbeat (ms), its endpoint (`a`) and its events (`e`); once its page has been
 * left, `s`: how many of those events, at the front, it sent as the page went while the
 * server answered, taken as delivered (and `h` is when it left). A record with `s` (0 or
 * more) is released: the next page load takes it at once. A heartbeat that is missing or no number makes the
 * record look abandoned (`now - h` is NaN, never recent), so its events are taken over,
 * never stranded.
 */
export interface QueueRecord {
    h?: unknown;
    /** The endpoint the events are for: only a tracker of that endpoint takes them over. */
    a?: string;
    e: WireEvent[];
    s?: number;
}
/** Reads a stored queue back; anything unreadable is an empty one. */
export declare const parseQueue: (text: unknown) => QueueRecord;
/** A request body keeps under this many characters: at most 3 bytes each, under 64 KiB. */
export declare const MAX_BODY_CHARS = 20000;
/**
 * The next request: the first of the `waiting` events (the queue's, less those in flight),
 * at most `maxEvents`, halved until the body keeps under MAX_BODY_CHARS (one event always
 * goes). `session` is merged into the body's top level.
 */
export declare const nextBatch: (waiting: WireEvent[], maxEvents: number, session: object) => readonly [WireEvent[], string];

/** A queued event, serialised once when it is accepted. */
export interface Entry {
    /** The event's `id`: callbacks and acknowledgements are matched by it. */
    _id: string;
    /** When the call was made (ms since the epoch), for the age bound. */
    _time: number;
    /** The event as it goes on the wire. */
    _json: string;
}
/** The wire event, as sent to `POST {api}/events`. */
export interface WireEvent {
    name: string;
    path: string;
    hostname: string;
    query?: string;
    metadata?: unknown;
    timestamp: string;
    id: string;
}
export declare const entryOf: (event: WireEvent, json?: string, time?: number) => Entry;
/**
 * One tab's stored queue: `{"h":heartbeat,"e":[events…]}`. `h` is when the tab last said
 * it was alive (ms), or 0 once the page has gone and its events are anyone's to send.
 */
export declare const serializeQueue: (heartbeat: number, entries: Entry[]) => string;
/** Reads a stored queue back; anything unreadable is treated as empty. */
export declare function parseQueue(text: string | null): {
    _heartbeat: number;
    _entries: Entry[];
};
/**
 * The queue's bounds: events older than `maxAge` ms expire, then the oldest go until at
 * most `maxEvents` are left. Returns what is kept and what each bound dropped.
 */
export declare function boundQueue(entries: Entry[], maxEvents: number, maxAge: number, now: number): {
    _kept: Entry[];
    _expired: Entry[];
    _overflow: Entry[];
};
/**
 * The next request's events: in queue order, skipping those already in flight, at most
 * `maxEvents` of them and at most `maxBytes` of JSON (the first event always fits).
 */
export declare function takeBatch(entries: Entry[], inFlight: Set<Entry>, maxEvents: number, maxBytes: number): Entry[];

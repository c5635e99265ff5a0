/** Problems found, keyed by field like the server's `details` (`name`, `events[3].metadata`). */
export type Details = Record<string, string[]>;
/** A checked event: what the caller gave, ready to be stamped and queued. */
export interface CheckedEvent {
    name: string;
    /** null or undefined when none was given: the tracker fills in the page's path. */
    path?: string | null;
    /** A copy of the metadata, taken at call time. */
    metadata?: object;
}
export declare const MAX_NAME_LENGTH = 255;
export declare const MAX_PATH_LENGTH = 2048;
export declare const MAX_METADATA_BYTES = 10240;
/**
 * Checks one event (in a batch, `name` is read from `options`). Adds every problem to
 * `details` (keys prefixed with `prefix`: `events[i].` in a batch, '' for one call) and
 * returns the event as checked, which is fit to queue only while `details` holds no problem
 * at all: the caller looks there first.
 */
export declare function checkEvent(name: unknown, options: unknown, details: Details, prefix: string): CheckedEvent;
/** The checks found at least one problem. */
export declare const hasProblems: (details: Details) => boolean;

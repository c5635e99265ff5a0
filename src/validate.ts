// Checks an event against exactly the limits of Lyt's server, before it is queued,
// so that nothing the server would refuse (or silently drop) is ever sent.

/** Problems found, keyed by field like the server's `details` (`name`, `events[3].metadata`). */
export type Details = Record<string, string[]>

/** A checked event: what the caller gave, ready to be stamped and queued. */
export interface CheckedEvent {
  name: string
  /** null or undefined when none was given: the tracker fills in the page's path. */
  path?: string | null
  /** A copy of the metadata, taken at call time. */
  metadata?: object
}

export const MAX_NAME_LENGTH = 255
export const MAX_PATH_LENGTH = 2048
export const MAX_METADATA_BYTES = 10240

/**
 * Checks one event (in a batch, `name` is read from `options`). Adds every problem to
 * `details` (keys prefixed with `prefix`: `events[i].` in a batch, '' for one call) and
 * returns the event as checked, which is fit to queue only while `details` holds no problem
 * at all: the caller looks there first.
 */
export function checkEvent(name: unknown, options: unknown, details: Details, prefix: string): CheckedEvent {
  let path: unknown
  let metadata: unknown
  let json: string | undefined
  // Where the problems of the field being checked go: `options` (whose getters may throw),
  // then `metadata`, `name` and `path`.
  let key = prefix + 'options'
  try {
    // A getter that throws, a Proxy, a revoked object: all are just invalid input.
    if (options && typeof options === 'object') {
      // A batch's events carry their own name (`prefix` says it is one).
      if (prefix) name = (options as EventOptionsLike).name
      path = (options as EventOptionsLike).path
      metadata = (options as EventOptionsLike).metadata
    }
    key = prefix + 'metadata'
    if (metadata != null) {
      // Cyclic objects, BigInt and throwing getters make stringify throw; a toJSON() may
      // turn an object into something else (and an array into an object): only what
      // serialises as a JSON object will do, and that copy is what is sent.
      json = JSON.stringify(metadata)
      if (json?.[0] !== '{') details[key] = ['must be an object']
      else if (json.length * 3 > MAX_METADATA_BYTES && new Blob([json]).size > MAX_METADATA_BYTES) {
        details[key] = [`should be at most ${MAX_METADATA_BYTES} byte(s)`]
      }
    }
  } catch {
    details[key] = ['is invalid']
  }

  // Lengths in Unicode code points (`[...text]`), as the server counts.
  key = prefix + 'name'
  if (name == null) details[key] = ['is required']
  else if (typeof name !== 'string') details[key] = ['must be a string']
  else if (!name.trim()) details[key] = ["can't be blank"]
  else if ([...name].length > MAX_NAME_LENGTH) details[key] = [`should be at most ${MAX_NAME_LENGTH} character(s)`]

  key = prefix + 'path'
  if (path != null) {
    if (typeof path !== 'string') details[key] = ['must be a string']
    else if ([...path].length > MAX_PATH_LENGTH) details[key] = [`should be at most ${MAX_PATH_LENGTH} character(s)`]
  }

  // The metadata is a snapshot taken now: later changes to the caller's object do not count.
  return { name: name as string, path: path as string | null | undefined, metadata: json && JSON.parse(json) }
}

interface EventOptionsLike {
  name?: unknown
  path?: unknown
  metadata?: unknown
}

/** The checks found at least one problem. */
export const hasProblems = (details: Details) => Object.keys(details).length > 0

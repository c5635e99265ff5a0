// Checks an event against exactly the limits of Lyt's server, before it is queued,
// so that nothing the server would refuse (or silently drop) is ever sent.

/** Problems found, keyed by field like the server's `details` (`name`, `events[3].metadata`). */
export type Details = Record<string, string[]>

/** A checked event: what the caller gave, ready to be stamped and queued. */
export interface CheckedEvent {
  name: string
  path?: string
  /** The metadata already serialised: a snapshot taken at call time. */
  metadata?: string
}

export const MAX_NAME_LENGTH = 255
export const MAX_PATH_LENGTH = 2048
export const MAX_METADATA_BYTES = 10240

/** Length in Unicode code points, as the server counts; cheap for short strings. */
const characters = (text: string): number =>
  text.length <= MAX_NAME_LENGTH ? text.length : [...text].length

let encoder: TextEncoder | undefined
/** Size in bytes once encoded as UTF-8. */
export const utf8Bytes = (text: string): number =>
  (encoder = encoder || new TextEncoder()).encode(text).length

const tooLong = (limit: number, unit: string) => `should be at most ${limit} ${unit}(s)`

/**
 * Checks one event (in a batch, `name` is read from `options`). Adds every problem to `details` (keys prefixed with `prefix`, for
 * batches) and returns the checked event only while `details` holds no problem at all,
 * so a batch stops producing events at its first invalid one.
 */
export function checkEvent(
  name: unknown,
  options: unknown,
  details: Details,
  prefix = '',
): CheckedEvent | undefined {
  const problem = (field: string, message: string) => {
    details[prefix + field] = [message]
  }
  let path: unknown
  let metadata: unknown
  let metadataJson: string | undefined
  try {
    // A getter that throws, a Proxy, a revoked object: all are just invalid input.
    if (options && typeof options == 'object') {
      // A batch's events carry their own name (`prefix` says it is one).
      if (prefix) name = (options as EventOptionsLike).name
      path = (options as EventOptionsLike).path
      metadata = (options as EventOptionsLike).metadata
    }
  } catch {
    problem('options', 'is invalid')
  }

  if (typeof name != 'string') problem('name', name == null ? 'is required' : 'must be a string')
  else if (!name.trim()) problem('name', "can't be blank")
  else if (characters(name) > MAX_NAME_LENGTH) problem('name', tooLong(MAX_NAME_LENGTH, 'character'))

  if (path != null) {
    if (typeof path != 'string') problem('path', 'must be a string')
    else if (characters(path) > MAX_PATH_LENGTH) problem('path', tooLong(MAX_PATH_LENGTH, 'character'))
  }

  if (metadata != null) {
    try {
      // Cyclic objects, BigInt and throwing getters all make stringify throw.
      metadataJson = typeof metadata == 'object' && !Array.isArray(metadata)
        ? JSON.stringify(metadata) || '' : ''
    } catch {
      problem('metadata', 'is invalid')
    }
    if (metadataJson != null) {
      // A toJSON() may turn an object into something else: only a JSON object will do.
      if (metadataJson[0] != '{') problem('metadata', 'must be an object')
      else if (metadataJson.length > MAX_METADATA_BYTES / 3 && utf8Bytes(metadataJson) > MAX_METADATA_BYTES) {
        problem('metadata', tooLong(MAX_METADATA_BYTES, 'byte'))
      }
    }
  }

  for (const _ in details) return
  return { name: name as string, path: (path ?? undefined) as string | undefined, metadata: metadataJson }
}

interface EventOptionsLike {
  name?: unknown
  path?: unknown
  metadata?: unknown
}

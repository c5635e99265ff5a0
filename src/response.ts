// What the server's answer to a batch means for its events, and how long to wait before
// trying again. Pure: the delivery loop in lyt.ts acts on it.

import type { Details } from './validate'

/** The server's answer to one request; status 0 when none came (network error, time-out). */
export interface Reply {
  status: number
  body?: any
  retryAfter?: string | null
}

/** No answer, a time-out (408), too many requests (429) or a server error: send again later. */
export const isRetryable = (status: number) => !status || status === 408 || status === 429 || status > 499

/**
 * The events of `batch` a 400's `details` names (`events[i].field`): a sparse array, by index in the
 * batch, of each one's details keyed by field alone — empty when the details name no event
 * of this batch (then the batch is halved until the bad event is alone). `body` is false
 * for any answer but a 400.
 */
export function namedEvents(body: any, batch: unknown[]): Details[] {
  const refused: Details[] = []
  const details = body?.details
  // Any value will do: only keys like `events[3].name` count (a string's are its indices).
  for (const key in details) {
    const [, index, field] = /^events\[(\d+)\]\.(.+)$/.exec(key) || []
    // Only an event of this batch (events are objects: an index past its end finds none).
    if (batch[+index]) refused[+index] = { ...refused[+index], [field]: [].concat(details[key]) }
  }
  return refused
}

export const FIRST_RETRY_MS = 1000
export const MAX_RETRY_MS = 300_000

/**
 * How long to wait before retry number `attempt` (0 for the first): exponential backoff
 * with full jitter, 1 s doubling to 5 min, or what the server's `Retry-After` asks for.
 */
export function retryDelay(attempt: number, random: () => number, retryAfter: string | null | undefined, now: number): number {
  // Seconds, or an HTTP date; anything else (or nothing) leaves it to the backoff.
  const asked = retryAfter ? (+retryAfter >= 0 ? +retryAfter * 1000 : Date.parse(retryAfter) - now) : -1
  return asked >= 0 ? Math.min(asked, MAX_RETRY_MS) : random() * Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt)
}

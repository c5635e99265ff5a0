// What the server's answer to a batch means for its events, and how long to wait before
// trying again. Pure: the delivery loop acts on the verdict.

import type { Details } from './validate'

/** The server's answer to one request; status 0 when none came (network error, time-out). */
export interface Reply {
  status: number
  body?: any
  retryAfter?: string | null
}

/** 2xx: every event of the batch arrived. */
export const DELIVERED = 0
/** Network error, time-out, 408, 429, 5xx: send the same events again later. */
export const RETRY = 1
/** A 400 that names events: drop exactly those, send the rest again at once. */
export const DROP_NAMED = 2
/** Any other refusal (400 without usable details, 413, other 4xx): halve the batch. */
export const SPLIT = 3
export type Verdict = typeof DELIVERED | typeof RETRY | typeof DROP_NAMED | typeof SPLIT

export interface Judgement {
  _verdict: Verdict
  /** For DROP_NAMED: each refused event's position in the batch, with its own details. */
  _refused?: Map<number, Details>
}

const EVENT_KEY = /^events\[(\d+)\]\.(.+)$/

/** Reads the answer to a batch of `batchSize` events. */
export function judge(reply: Reply, batchSize: number): Judgement {
  const { status } = reply
  if (status >= 200 && status < 300) return { _verdict: DELIVERED }
  if (!status || status == 408 || status == 429 || status >= 500) return { _verdict: RETRY }
  const refused = status == 400 ? namedEvents(reply.body, batchSize) : undefined
  return refused ? { _verdict: DROP_NAMED, _refused: refused } : { _verdict: SPLIT }
}

/**
 * The events a 400's `details` names (`events[i].field`), each with its details keyed by
 * field alone — or nothing when the details name no event of this batch.
 */
export function namedEvents(body: any, batchSize: number): Map<number, Details> | undefined {
  const refused = new Map<number, Details>()
  const details = body && body.details
  if (details && typeof details == 'object') {
    for (const key in details) {
      const match = EVENT_KEY.exec(key)
      const index = match ? +match[1] : batchSize
      if (index < batchSize) {
        const own = refused.get(index) || {}
        own[match![2]] = [].concat(details[key])
        refused.set(index, own)
      }
    }
  }
  return refused.size ? refused : undefined
}

export const FIRST_RETRY_MS = 1000
export const MAX_RETRY_MS = 300_000

/**
 * How long to wait before retry number `attempt` (0 for the first): exponential backoff
 * with full jitter, 1 s doubling to 5 min, or what the server's `Retry-After` asks for.
 */
export function retryDelay(attempt: number, random: () => number, retryAfter?: string | null, now = Date.now()): number {
  const asked = retryAfter ? (/^\d+$/.test(retryAfter) ? +retryAfter * 1000 : Date.parse(retryAfter) - now) : NaN
  return asked >= 0
    ? Math.min(asked, MAX_RETRY_MS)
    : random() * Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(attempt, 30))
}

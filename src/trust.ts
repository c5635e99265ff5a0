// What a request that outlives its page means. A request in flight as the page is left can
// never be acknowledged: no page is left to read its answer. Sending its events again from
// the next page load counts them twice on a healthy server; dropping them loses them when
// it was failing. So each is decided from what the page knows, by the rules below
// (docs/delivery.md, "Counted once"). Pure: delivery.ts keeps the state they decide on.

import type { WireEvent } from './queue'

/** What this page has heard from the server: nothing yet, a success last, or a failure last. */
export const UNHEARD = 0
export const ANSWERING = 1
export const FAILING = 2
export type ServerNews = typeof UNHEARD | typeof ANSWERING | typeof FAILING

/**
 * A success stored by another page of the origin (`lyt_ok`) is evidence that the server
 * answers for this long: enough for a visitor clicking through pages faster than their
 * answers come, not for one coming back after a pause (then this page's own answer is).
 */
export const EVIDENCE_MS = 30_000

/** A success heard at `at` is still evidence at `now`. */
export const isRecentSuccess = (at: number, now: number) => now - at < EVIDENCE_MS

/** A request waits at least this long before it is thought lost in a hanging server. */
export const MIN_ANSWER_WAIT_MS = 1000
/** And at most this long, however slow this page's answers have been. */
export const MAX_ANSWER_WAIT_MS = 3000

/**
 * How long a healthy server takes, as this page measured it: four times its slowest answer
 * (the first, on a new connection, is usually the slowest), kept between MIN_ANSWER_WAIT_MS
 * and MAX_ANSWER_WAIT_MS. A request unanswered for longer is not trusted to arrive.
 */
export const answerWaitMs = (slowestAnswerMs: number) =>
  Math.min(MAX_ANSWER_WAIT_MS, Math.max(MIN_ANSWER_WAIT_MS, 4 * slowestAnswerMs))

/** A request as delivery sent it. */
export interface SentRequest {
  /** Its events. */
  _events: WireEvent[]
  /** Its body's size in bytes (UTF-8). */
  _bytes: number
  /** When it went. */
  _sentAt: number
  /** It went with `keepalive` (it fit the budget): it outlives the page. */
  _keepalive: boolean
}

/**
 * Events an earlier page took as delivered are held by the next page load, whose first
 * answer says whether the server was answering then: a failure sends them again, a success
 * lets them go. Only a request made within HOLD_MS of that page leaving can tell.
 */
export const HOLD_MS = 10_000

/** A request made at `now` can still tell what became of events held since `leftAt`. */
export const canCheckHeld = (leftAt: number, now: number) => now - leftAt <= HOLD_MS

// Delivery: one request at a time, in queue order, every one with keepalive while it fits
// the budget; the answer acknowledges, retries (with backoff) or refuses (response.ts); as
// the page is left, what is in flight is taken as delivered or kept (trust.ts). It owns what
// this page knows of the server; the events themselves are the tab queue's.

import type { Hooks } from './hooks'
import { nextBatch, type WireEvent } from './queue'
import { isRetryable, namedEvents, retryDelay, type Reply } from './response'
import type { StorageCall } from './storage'
import type { TabQueue } from './tab-queue'
import type { Transport } from './transport'
import {
  ANSWERING,
  FAILING,
  UNHEARD,
  answerWaitMs,
  canCheckHeld,
  isRecentSuccess,
  type SentRequest,
  type ServerNews,
} from './trust'
import type { Config } from './types'

declare const __FEATURES__: boolean

/** The server's `max_batch_size`. */
export const MAX_BATCH_EVENTS = 100
/**
 * At most this many events in one request as the page is hidden or left: no page may be
 * left to hear a refusal, and a batch is refused whole for one bad event (docs/delivery.md).
 */
export const EXIT_BATCH_EVENTS = 10
/** Browsers refuse `keepalive` bodies past 64 KiB in flight per page; keep a margin. */
export const KEEPALIVE_BUDGET_BYTES = 63_000
/** Where a page that hears a success stores when (ms), for the next page: the key, and the endpoint after it. */
export const SUCCESS_KEY_PREFIX = 'lyt_ok_'

export interface DeliveryOptions {
  config: Config
  queue: TabQueue
  transport: Transport
  /** The top-level fields of every request (the session's). */
  session: object
  storage: StorageCall
  win: Window
  now: () => number
  random: () => number
  /** The page has been left (`pagehide`) and not come back from the bfcache: lyt.ts knows. */
  isLeft: () => boolean
  /** Nothing may be sent yet (a prerendered page): lyt.ts knows. */
  isPaused: () => boolean
  hooks: Hooks
  log: (...message: unknown[]) => void
}

export type Delivery = ReturnType<typeof createDelivery>

export function createDelivery(options: DeliveryOptions) {
  const { config, queue, transport, session, storage, win, now, random, isLeft, isPaused, hooks, log } = options
  /** The requests not yet answered. */
  const requestsInFlight = new Set<SentRequest>()
  /** Each event of a request not yet answered, with that request. */
  const inFlight = new Map<WireEvent, SentRequest>()
  /** What keepalive bodies may still take in flight, in bytes. */
  let keepaliveRoom = KEEPALIVE_BUDGET_BYTES
  /** Halved on each refusal without usable details, until the bad event is alone. */
  let batchLimit = MAX_BATCH_EVENTS
  /** The next request's timer, while one is planned. */
  let plannedSend: ReturnType<typeof setTimeout> | undefined
  /** When the last request went out (0: never), for the spacing of one interval between requests. */
  let lastSendAt = 0
  /** Failed attempts in a row, for the backoff. */
  let failedAttempts = 0
  /** What this page has heard from the server (trust.ts). */
  let news: ServerNews = UNHEARD
  /** The slowest success this page heard, in ms: how long a healthy server takes here. */
  let slowestAnswerMs = 0

  const isOffline = () => win.navigator.onLine === false

  const successKey = () => SUCCESS_KEY_PREFIX + config.endpoint
  /**
   * Evidence that the server answers: this page's last answer was a success, or it has heard
   * none yet and another page of the origin heard one a moment ago (stored; anything
   * unreadable there is no number, no evidence). "No failure known" is not evidence: a page
   * that has heard nothing trusts nothing.
   */
  const serverAnswers = () =>
    news === ANSWERING || (news === UNHEARD && isRecentSuccess(+storage('getItem', successKey()), now()))

  /** A request may go now: online, the page here and shown, and none in flight (one at a time). */
  const maySendNow = () => !isOffline() && !isLeft() && !isPaused() && !inFlight.size
  /**
   * Everything waiting goes as the page is hidden or left only when what is sent then can
   * be trusted: with evidence that the server answers. Otherwise nothing goes (no page may
   * be there to hear whether it arrived, so it would have to be sent again): it waits in
   * storage for the retry or the next page load, which sends it once.
   */
  const mayHandOverAtExit = () => !isOffline() && !isPaused() && serverAnswers()

  /** A healthy server would have answered it by now: it is not trusted to arrive. */
  const hasWaitedTooLong = (request: SentRequest) => now() - request._sentAt >= answerWaitMs(slowestAnswerMs)
  /**
   * A request has waited longer than a healthy server takes: the server is not answering
   * (docs/contract.md §5), as if a failure had been heard — what the last page left held is
   * sent again, and nothing this page sends as it goes is trusted.
   */
  const noticeHang = () => {
    if ([...requestsInFlight].some(hasWaitedTooLong)) {
      heardFailure()
      queue._requeueHeld()
    }
  }
  /**
   * In flight as the page is left, and trusted to arrive (docs/delivery.md, "Counted once"):
   * it outlives the page (keepalive) and has not waited too long — on a page that trusts its
   * server (evidence that it answers, the browser online).
   */
  const takenAsDelivered = (event: WireEvent) => {
    const request = inFlight.get(event)
    return !!request && request._keepalive && !hasWaitedTooLong(request)
  }
  /**
   * The queue writes down what went as the page was hidden or left, taken as delivered: the
   * record says so if the page is never heard from again.
   */
  const tellQueueWhatWentAtExit = () => {
    const trustsServer = serverAnswers() && !isOffline()
    queue._setDeliveredAtExit(trustsServer ? queue._events().filter(takenAsDelivered) : [])
  }

  const cancelPlannedSend = () => {
    clearTimeout(plannedSend)
    plannedSend = undefined
  }
  /** The next request goes in `delayMs` (any earlier plan is dropped). */
  const sendIn = (delayMs: number) => {
    cancelPlannedSend()
    plannedSend = setTimeout(sendNext, delayMs)
  }

  /**
   * Plans the next request, if one is due. New events' requests are at least one interval
   * apart, and an event made after a quiet spell goes at once (with the rest of its task's
   * calls): the sooner it is acknowledged, the less often a page is left with events in
   * flight. A backlog (events that were waiting when the last request went) drains back to back.
   */
  const scheduleNext = () => {
    const [oldest] = queue._events()
    if (inFlight.size || plannedSend) return // the answer, or the plan, sends what follows
    if (!oldest) batchLimit = MAX_BATCH_EVENTS
    else if (Date.parse(oldest.timestamp) < lastSendAt) sendIn(0)
    else sendIn(lastSendAt + config.flushInterval - now())
  }

  /** Heard a success: the server answers (evidence for this page, and stored for the next). */
  const heardSuccess = (request: SentRequest) => {
    news = ANSWERING
    failedAttempts = 0
    slowestAnswerMs = Math.max(slowestAnswerMs, now() - request._sentAt)
    storage('setItem', successKey(), String(now()))
  }
  /** Heard a failure (or was told of one): nothing is trusted until a success. */
  const heardFailure = () => {
    news = FAILING
    storage('removeItem', successKey())
  }

  /** A request ended: its events are no longer in flight, its keepalive bytes free again. */
  const end = (request: SentRequest) => {
    requestsInFlight.delete(request)
    for (const event of request._events) inFlight.delete(event)
    if (request._keepalive) keepaliveRoom += request._bytes
  }

  /** The first answer this page hears says what became of what the last page sent as it left. */
  const settleHeld = (serverFailed: boolean) => (serverFailed ? queue._requeueHeld() : queue._forgetHeld())

  /** `offline`: the browser was offline as the answer (or its absence) came. */
  const onReply = (request: SentRequest, { status, body, retryAfter }: Reply, offline: boolean) => {
    const events = request._events
    if (__FEATURES__) for (const hook of hooks.reply) hook(events, status)
    // Ended already: back from the bfcache, it was decided as at exit (`_resume`).
    if (!requestsInFlight.has(request)) return
    // The unload guard. Chromium rejects a page's fetches as it is left, keepalive ones too,
    // though those go on and arrive: once the page is left, no answer (status 0) says
    // nothing, and the events stay in flight (else `visibilitychange` would send them again).
    if (isLeft() && !status) return
    end(request)
    const failed = isRetryable(status)
    // No answer while the browser is offline says nothing of the server.
    const saysSomethingOfServer = status > 0 || !offline
    if (saysSomethingOfServer) settleHeld(failed)
    if (status >= 200 && status < 300) {
      heardSuccess(request)
      queue._finish(events, { ok: true })
      // What follows is planned afresh: one interval after the last request.
      cancelPlannedSend()
      return scheduleNext()
    }
    if (failed) {
      heardFailure()
      const delay = retryDelay(failedAttempts++, random, retryAfter, now())
      log(status, 'retry in', Math.round(delay))
      // What went at exit is not trusted any more: written down (once the page is left, the
      // next page load sends them; it retries nothing itself).
      tellQueueWhatWentAtExit()
      if (!isLeft()) sendIn(delay)
      return
    }
    const refused = namedEvents(status === 400 && body, events)
    if (refused.length) {
      // A 400 naming events: exactly those go, with the server's reasons.
      refused.forEach((details, index) => {
        queue._finish([events[index]], { ok: false, error: 'validation_error', details })
      })
    } else if (events.length > 1) {
      // Any other refusal: halve the batch until the bad event is alone.
      batchLimit = Math.ceil(events.length / 2)
    } else {
      batchLimit = MAX_BATCH_EVENTS
      queue._finish(events, { ok: false, error: 'rejected', status })
    }
    // The refusal is dealt with: what is left goes on without a backoff.
    sendNext()
  }

  /**
   * The events that may go now: those not in flight — but events taken over from another
   * page only once this page has heard the server answer, or when nothing else waits. Their
   * first copy may still be pending (in a hanging server, or queued by the browser): a page
   * load that sent them again at once, every page load of a visitor browsing through an
   * outage, would pile up copies of them.
   */
  const sendable = () => {
    const waiting = queue._events().filter((event) => !inFlight.has(event))
    const own = waiting.filter((event) => !queue._isAdopted(event))
    return news === ANSWERING || !own.length ? waiting : own
  }

  /** Sends one batch of the events that may go, of at most `limit`; false when nothing went. */
  const sendBatch = (limit: number, atExit: boolean) => {
    const waiting = sendable()
    const { events, body } = nextBatch(waiting, limit, session)
    const bytes = new Blob([body]).size // in UTF-8
    const keepalive = bytes <= keepaliveRoom
    // At exit only a batch that outlives the page goes; the rest stays stored.
    if (!events.length || (atExit && !keepalive)) return false
    lastSendAt = now()
    const request: SentRequest = { _events: events, _bytes: bytes, _sentAt: lastSendAt, _keepalive: keepalive }
    if (keepalive) keepaliveRoom -= bytes
    requestsInFlight.add(request)
    for (const event of events) inFlight.set(event, request)
    if (__FEATURES__) for (const hook of hooks.send) hook(events, bytes, keepalive)
    // No answer is acted on a task later: Chromium rejects a page's fetches just before it
    // dispatches `pagehide`, and when a listener of the page's runs before ours, the rejection
    // would be heard before the page is known to be left (and taken as a failure).
    transport(config.endpoint.replace(/\/+$/, '') + '/events', body, keepalive).then((reply) => {
      const offline = isOffline()
      if (reply.status) onReply(request, reply, offline)
      else setTimeout(() => onReply(request, reply, offline))
    })
    return true
  }

  /** Sends the next batch now, if a request may go; then plans what follows. */
  const sendNext = () => {
    cancelPlannedSend()
    if (!maySendNow()) return
    // Held events are let go when this request comes too late to tell what became of them.
    if (!canCheckHeld(queue._heldSince(), now())) queue._forgetHeld()
    sendBatch(batchLimit, false)
    scheduleNext()
  }

  return {
    _sendNext: sendNext,
    _scheduleNext: scheduleNext,
    /** Sends at once (a page load, back online, back from the bfcache). */
    _sendSoon: () => sendIn(0),

    /**
     * The page is hidden or left: everything waiting goes at once, as far as the keepalive
     * budget allows (what does not fit stays stored for the next page load), when it may
     * (`mayHandOverAtExit`). Once the page is left, the queue is told what is taken as delivered.
     */
    _sendAll() {
      cancelPlannedSend()
      noticeHang()
      if (mayHandOverAtExit()) {
        // Batch after batch, until nothing is left or the keepalive budget is spent.
        let sentOne = true
        while (sentOne) sentOne = sendBatch(Math.min(batchLimit, EXIT_BATCH_EVENTS), true)
      }
      tellQueueWhatWentAtExit()
      if (!isLeft()) scheduleNext()
    },

    /**
     * Back from the bfcache: what was in flight as the page was left will not be heard of
     * (WebKit ends such requests with no answer; an answer may never come): each request is
     * decided as it was as the page left — its events taken as delivered leave the queue as
     * delivered, the others are sent again.
     */
    _resume() {
      for (const request of requestsInFlight) {
        end(request)
        queue._finish(request._events.filter(queue._wasDeliveredAtExit), { ok: true })
      }
    },

    /** A page was left with events it kept: the server may be failing; nothing is trusted until a success. */
    _suspectFailure: heardFailure,
  }
}

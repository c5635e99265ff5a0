// Delivery: one request at a time, in queue order, every one with keepalive while it fits
// the budget; the answer acknowledges, retries (with backoff) or refuses (response.ts); at
// the page's exit, what is in flight is taken as delivered or kept (docs/delivery.md, "Counted once").

import type { Core } from './core'
import type { Hooks } from './hooks'
import { nextBatch, type WireEvent } from './queue'
import { isRetryable, namedEvents, retryDelay, type Reply } from './response'
import type { Transport } from './transport'
import type { Config } from './types'

declare const __FEATURES__: boolean

/** The server's `max_batch_size`. */
export const MAX_BATCH_EVENTS = 100
/** Browsers refuse `keepalive` bodies past 64 KiB in flight per page; keep a margin. */
export const KEEPALIVE_BUDGET_BYTES = 63_000
/**
 * A request still unanswered after this long when its page is left is not taken as
 * delivered: the server may be hanging (docs/delivery.md, "Counted once").
 */
export const TRUSTED_IN_FLIGHT_MS = 3000
/**
 * Events a page sent as it was left, taken as delivered, stay held by the next page load
 * this long: if its first request finds the server failing, they are sent again.
 */
export const HOLD_MS = 10_000

export function createDelivery(
  core: Core,
  config: Config,
  hooks: Hooks,
  log: (...message: unknown[]) => void,
  win: Window,
  now: () => number,
  random: () => number,
  transport: Transport,
  /** The top-level fields of every request (the session's). */
  session: object,
) {
  /** The events of the requests not yet answered: when each went with keepalive, 0 without. */
  const inFlight = new Map<WireEvent, number>()
  /** What keepalive bodies may still take in flight, in bytes. */
  let keepaliveRoom = KEEPALIVE_BUDGET_BYTES
  /** Halved on each refusal without usable details, until the bad event is alone. */
  let batchLimit = MAX_BATCH_EVENTS
  let timer: any // the next request's timeout id; undefined when none is planned
  /** When the last request went out (0: never), for the spacing of one interval between requests. */
  let lastSendAt = 0
  const isOffline = () => win.navigator.onLine === false

  core._held = []
  core._heldSince = 0
  core._retries = 0

  /**
   * In flight as the page was left while the server answered: taken as delivered, and held
   * by the next page load, whose first answer says whether the server was answering then.
   * A request that outlives its page can never be acknowledged; it is trusted when it went
   * with keepalive, the last answer was a success with no failure since (a retry in flight
   * may be going to a server that still fails: kept), the browser is online, and it has not
   * been waiting TRUSTED_IN_FLIGHT_MS already (a hanging server).
   */
  core._takenAsDelivered = (event) =>
    !core._retries && !isOffline() && now() - inFlight.get(event)! < TRUSTED_IN_FLIGHT_MS

  const sendIn = (core._sendIn = (delay) => {
    clearTimeout(timer)
    timer = setTimeout(send, delay)
  })

  /**
   * Schedules the next request. New events' requests are at least one interval apart, and
   * an event made after a quiet spell goes at once (with the rest of its task's calls): the
   * sooner it is acknowledged, the less often a page is left with events in flight, which is
   * the one way an event can arrive twice. A backlog (events that were waiting when the last
   * request went) drains back to back.
   */
  const scheduleNext = (core._scheduleNext = () => {
    const { _pending: pending } = core
    if (inFlight.size) return // the answer schedules what follows
    if (!pending[0]) batchLimit = MAX_BATCH_EVENTS
    // A backlog: the oldest event waiting was made before the last request went.
    else if (!timer) sendIn(Date.parse(pending[0].timestamp) < lastSendAt ? 0 : lastSendAt + config.flushInterval - now())
  })

  const onReply = (batch: WireEvent[], { status, body, retryAfter }: Reply, bytes: number) => {
    if (__FEATURES__) for (const hook of hooks.reply) hook(batch, status)
    // The unload guard. Chromium rejects a page's fetches as it is left, keepalive ones too,
    // though those go on and arrive: once the page is left, no answer (status 0) says
    // nothing, and the events stay in flight (else `visibilitychange` would send them again).
    if (core._left && !status) return
    for (const event of batch) inFlight.delete(event)
    keepaliveRoom += bytes
    const failed = isRetryable(status)
    // The first answer this page hears says what became of what the last page sent as it
    // left. No answer while the browser is offline says nothing of the server: the next
    // answer decides.
    if (status || !isOffline()) {
      if (failed) core._pending = core._held.concat(core._pending)
      core._held = []
    }
    if (status > 199 && status < 300) {
      core._retries = 0
      core._finish(batch, { ok: true })
      // What follows is planned afresh: one interval after the last request.
      timer = clearTimeout(timer) // (undefined)
      return scheduleNext()
    }
    const refused = namedEvents(status == 400 && body, batch)
    if (failed) {
      const delay = retryDelay(core._retries++, random, retryAfter, now())
      log(status, 'retry in', delay | 0)
      // Once the page is left, the failure is written down: the next page load sends them.
      return core._left ? core._save() : sendIn(delay)
    }
    if (refused.length) {
      // A 400 naming events: exactly those go, with the server's reasons.
      refused.forEach((details, index) => core._finish([batch[index]], { ok: false, error: 'validation_error', details }))
    } else if (batch[1]) {
      // Any other refusal: halve the batch until the bad event is alone.
      batchLimit = (batch.length + 1) >> 1
    } else {
      batchLimit = MAX_BATCH_EVENTS
      core._finish(batch, { ok: false, error: 'rejected', status })
    }
    // The refusal is dealt with: what is left goes on without a backoff.
    send()
  }

  /**
   * Sends the next batch; when `leaving` (page hidden or left), everything waiting at once,
   * as far as the keepalive budget allows: what does not fit stays stored for the next page
   * load. Every request goes with keepalive while it fits the budget, so that one in flight
   * as the page is left still arrives, once.
   */
  const send = (core._send = (leaving?: boolean) => {
    timer = clearTimeout(timer) // this request replaces any that was planned (undefined)
    // Offline, nothing can arrive: the `online` event sends. The page left, only what goes as
    // it leaves. While the server fails (a failure was the last answer), nothing goes as the
    // page is hidden or left: no page may be there to hear whether it arrived, so it would be
    // kept and sent again; it waits in storage for the retry or the next page load instead.
    // (And nothing while a feature's gate holds it: hooks.ts, `hold`.)
    if (isOffline() || (__FEATURES__ && hooks.hold.some((held) => held())) || (leaving ? core._retries : core._left || inFlight.size)) return
    lastSendAt = now()
    // Taken as delivered only when this page's first request is made soon enough to tell.
    if (lastSendAt - core._heldSince > HOLD_MS) core._held = []
    do {
      const [batch, body] = nextBatch(
        core._pending.filter((event) => !inFlight.has(event)),
        batchLimit,
        session,
      )
      const bytes = new Blob([body]).size // in UTF-8
      const keepalive = bytes <= keepaliveRoom
      // Leaving: only a batch that fits the keepalive budget (the rest stays stored). Else a
      // batch, or, with nothing to send but events held, an empty one that asks whether the
      // server answers (Lyt's answers 400): the first answer decides what the held became.
      if (!(leaving ? batch[0] && keepalive : batch[0] || core._held[0])) break
      if (keepalive) keepaliveRoom -= bytes
      for (const event of batch) inFlight.set(event, keepalive ? lastSendAt : 0)
      if (__FEATURES__) for (const hook of hooks.send) hook(batch, bytes, keepalive)
      transport(config.endpoint.replace(/\/+$/, '') + '/events', body, keepalive).then((reply) =>
        onReply(batch, reply, keepalive ? bytes : 0),
      )
    } while (leaving)
    scheduleNext()
  })
}

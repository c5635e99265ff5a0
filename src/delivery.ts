// Sends this tab's queue to the server and acts on each answer: acknowledge, retry with
// backoff, drop the events the server names, or halve the batch until a bad event is
// isolated. One request at a time, in queue order, at most one per interval — except when
// the page is hidden or left, when everything waiting goes out at once with requests that
// outlive the page.

import { takeBatch, type Entry } from './queue'
import { DELIVERED, DROP_NAMED, RETRY, judge, retryDelay, type Reply } from './response'
import type { SharedQueue } from './tabs'
import type { Transport } from './transport'
import type { Result } from './types'
import { utf8Bytes } from './validate'

/** The server's `max_batch_size`. */
export const MAX_BATCH_EVENTS = 100
/** Browsers refuse `keepalive` bodies past 64 KiB in flight per page; keep a margin. */
export const KEEPALIVE_BUDGET_BYTES = 63_000
/** Events per request are kept well under the keepalive budget, so any request may use it. */
export const MAX_BATCH_EVENT_BYTES = 48_000

export interface DeliveryOptions {
  queue: SharedQueue
  transport: Transport
  /** `{endpoint}/events`, read at each send so `configure({endpoint})` applies. */
  url: () => string
  /** The session fields, as `,"screen_width":…` to close every request body with. */
  sessionFields: string
  /** Ms between batch flushes. */
  interval: () => number
  now: () => number
  random: () => number
  /** The outcome of each event, for its call's callback. */
  settle: (ids: string[], result: Result) => void
  log: (...message: unknown[]) => void
  warn: (...message: unknown[]) => void
}

interface FlushWaiter {
  _callback: (result: Result) => void
  _delivered: number
}

export type Delivery = ReturnType<typeof createDelivery>

export function createDelivery(options: DeliveryOptions) {
  const { queue, transport, settle, log, warn } = options
  const inFlight = new Set<Entry>()
  let keepaliveBytes = 0
  /** Failed attempts in a row, for the backoff. */
  let retries = 0
  /** Halved on each refusal without usable details, until the bad event is alone. */
  let batchLimit = MAX_BATCH_EVENTS
  let timer: ReturnType<typeof setTimeout> | undefined
  let waiters: FlushWaiter[] = []
  /** When the last request went out, for the spacing of one interval between requests. */
  let lastSendAt = -Infinity
  /** The newest event that was waiting when the last request went. */
  let lastWaitingAtSend: Entry | undefined
  /**
   * The page has been left (pagehide): what is stored goes with the next page load, so
   * nothing more is sent, and a request the unload cut off is not "failed" (Chromium
   * rejects in-flight fetches right after pagehide while keepalive carries them on).
   */
  let left = false

  const idsOf = (entries: Entry[]) => entries.map((entry) => entry._id)

  /** Takes events out of the queue for good, with the outcome their callbacks get. */
  const finish = (entries: Entry[], result: Result) => {
    const done = new Set(entries)
    queue._entries = queue._entries.filter((entry) => !done.has(entry))
    queue._saveSoon()
    settle(idsOf(entries), result)
  }

  const answerWaiters = (result: Result) => {
    for (const waiter of waiters) waiter._callback({ ...result, queued: waiter._delivered })
    waiters = []
  }

  const wait = (delay: number) => {
    clearTimeout(timer)
    timer = setTimeout(() => send(), delay)
  }

  /**
   * Schedules the next request. New events' requests are at least one interval apart, and
   * an event made after a quiet spell goes at once (with the rest of its task's calls): the sooner
   * it is acknowledged, the less often a page is left with events in flight, which is the
   * one way an event can arrive twice.
   */
  const scheduleNext = () => {
    if (inFlight.size) return // the answer schedules what follows
    if (!queue._entries.length) {
      batchLimit = MAX_BATCH_EVENTS
      answerWaiters({ ok: true })
    } else if (!timer) {
      // A backlog (events that were waiting when the last request went) drains back to back.
      const overdue = waiters.length || queue._entries.includes(lastWaitingAtSend!)
      wait(overdue ? 0 : lastSendAt + options.interval() - options.now())
    }
  }

  const onReply = (batch: Entry[], reply: Reply, bytes: number, keepalive: boolean) => {
    batch.forEach((entry) => inFlight.delete(entry))
    if (keepalive) keepaliveBytes -= bytes
    const { _verdict, _refused } = judge(reply, batch.length)
    const status = reply.status
    if (left && _verdict != DELIVERED) return
    if (_verdict == DELIVERED) {
      retries = 0
      log('delivered', batch.length, 'events')
      for (const waiter of waiters) waiter._delivered += batch.length
      finish(batch, { ok: true })
    } else if (_verdict == RETRY) {
      const delay = retryDelay(retries++, options.random, reply.retryAfter, options.now())
      log('no delivery (' + (status || 'network error') + '), retry in', Math.round(delay), 'ms')
      answerWaiters({ ok: false, error: status ? 'http_' + status : 'network_error' })
      return wait(delay)
    } else if (_verdict == DROP_NAMED) {
      _refused!.forEach((details, index) => {
        warn('server refused event', JSON.parse(batch[index]._json).name + ':', JSON.stringify(details))
        finish([batch[index]], { ok: false, error: 'validation_error', details })
      })
    } else if (batch.length > 1) {
      batchLimit = Math.ceil(batch.length / 2)
      log('server refused a batch (' + status + '): retrying in halves of', batchLimit)
    } else {
      warn('server refused event (' + status + '):', batch[0]._json)
      batchLimit = MAX_BATCH_EVENTS
      finish(batch, { ok: false, error: 'rejected', status })
    }
    // Delivered, or the refusal is dealt with: the rest goes on without waiting for a retry.
    clearTimeout(timer)
    timer = undefined
    _verdict == DELIVERED ? scheduleNext() : send()
  }

  /**
   * Sends the next batch; when `leaving` (page hidden or left), everything waiting, in
   * requests that outlive the page, as far as the keepalive budget allows. What does not
   * fit stays stored for the next page load.
   */
  function send(leaving?: boolean) {
    timer = undefined
    if (left || (inFlight.size && !leaving)) return
    lastSendAt = options.now()
    lastWaitingAtSend = queue._entries[queue._entries.length - 1]
    do {
      const batch = takeBatch(queue._entries, inFlight, batchLimit, MAX_BATCH_EVENT_BYTES)
      if (!batch.length) break
      const body = '{"events":[' + batch.map((entry) => entry._json).join() + ']' + options.sessionFields + '}'
      const bytes = utf8Bytes(body)
      const keepalive = keepaliveBytes + bytes <= KEEPALIVE_BUDGET_BYTES
      if (leaving && !keepalive) break
      if (keepalive) keepaliveBytes += bytes
      batch.forEach((entry) => inFlight.add(entry))
      log('sending', batch.length, 'events')
      transport(options.url(), body, keepalive).then((reply) => onReply(batch, reply, bytes, keepalive))
    } while (leaving)
    scheduleNext()
  }

  return {
    /** New events are queued: make sure a request will follow. */
    _queued: scheduleNext,
    /** Send now (flush(), `online`, events taken over from another tab). */
    _sendNow() {
      clearTimeout(timer)
      send()
    },
    /** The page is hidden: everything waiting goes out now. */
    _sendAll: () => send(true),
    /** The page is left (pagehide): everything waiting goes out now, and then nothing more. */
    _leave() {
      send(true)
      left = true
    },
    /** Back from the back/forward cache: sending resumes. */
    _resume() {
      left = false
      clearTimeout(timer)
      send()
    },
    /** `lyt.flush()`: sends everything now and answers when it is delivered or fails. */
    _flush(callback: (result: Result) => void) {
      waiters.push({ _callback: callback, _delivered: 0 })
      clearTimeout(timer)
      send()
    },
  }
}

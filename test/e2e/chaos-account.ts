// The chaos test's account: why each duplicate and each loss happened. Pure: chaos.test.ts
// records, this explains, from three sources:
// - the test's own record: page loads and their exits, faults set, offline spells;
// - the collector's records: every request, when received and answered, its status, fault
//   and events;
// - each page load's own log (PageLog, written by the probe in chaos-visitor.ts): when it
//   sent each request and what it heard back, every change of the SDK's news of the server,
//   and what it knew as it was hidden or left.
//
// docs/contract.md §5 allows a duplicate only where a request may have reached the server
// while the SDK had reason to think it failed, and a loss only where events were handed over
// at unload while the server was answering and their request then failed. The rules that
// decide which is which (docs/delivery.md, "Counted once"; src/trust.ts, src/delivery.ts):
// as a page is hidden or left, it hands over what waits, and takes what is in flight as
// delivered, only with evidence that the server answers — its own last answer was a success,
// or it has heard none and a page of the origin stored a success less than EVIDENCE_MS ago —
// and online; an in-flight request only if it went with keepalive and has waited less than
// answerWaitMs (4 × the slowest success this page heard, 1–3 s). The account checks each
// page exit against those rules from what the page itself knew then: a loss of events that
// the rules did not allow to be taken as delivered, or a duplicate of a request the page
// knew arrived, or trusted with no failure heard after, fits no cause and fails the test.

import type { Collector } from './browser'
import { EVIDENCE_MS, HOLD_MS } from '../../src/lyt'
import { answerWaitMs } from '../../src/trust'

export { HOLD_MS }

type RequestRecord = Collector['requests'][number]

/** One document: a tab's page from its load until it is left (reload, link, close). */
export interface PageLoad {
  id: number
  tab: number
  /** When the test began to leave it and when that was done (the next page loaded, the tab closed). */
  exit?: { kind: string; start: number; end: number }
}

/** What a page load's probe wrote down (chaos-visitor.ts), times in ms since the epoch (the test's clock too). */
export interface PageLog {
  /** Each request the page made: [n, sent at, keepalive 1/0, the names of its events]. */
  sent: [number, number, number, string[]?][]
  /** Its outcome as the page heard it: [n, status (0: no answer, written a task later, as the SDK acts on it), at]. */
  settled: [number, number, number][]
  /** The SDK's news of the server: [at, 1 (a success stored) or 2 (removed: a failure)]. */
  news: [number, 1 | 2][]
  /** As the page was hidden or left: what it knew (`ok`: the origin's stored success, 0 for none). */
  exits: { kind: 'hidden' | 'pagehide'; at: number; online: boolean; ok: number; inFlight: [number, number, number][] }[]
}

/** Everything the test knows about a run, in the collector's clock (the same machine's). */
export interface ChaosRecord {
  loads: Map<number, PageLoad>
  /** Each persistent fault set on the collector, in order ('none', '500', '502', 'hang', 'reset'…). */
  faultChanges: { at: number; fault: string }[]
  /** The browser was offline from start to end (end: Infinity while it still is). */
  offlineSpans: { start: number; end: number }[]
  requests: RequestRecord[]
  /** Each page load's own log, by load id (filled in at the end of the run). */
  pages: Map<number, PageLog>
}

/** Answers within this of answerWaitMs's limit may fall either side of it (the page's clock and the SDK's differ by the probe's work). */
const WAIT_SLACK_MS = 25
/** Chromium sends what it held behind hung connections this soon after they are ended. */
const AFTER_HANG_MS = 3000

export const DUPLICATE_CAUSES = {
  networkWentAway: 'no answer heard — the network went away with the request in flight (it had arrived): sent again',
  timedOut: 'no answer heard in 10 s (held by Chromium behind hung connections, it reached the server later): sent again',
  keptOffline: 'in flight as its page was left while offline: kept, sent again by the next load',
  keptFailing:
    'in flight as its page was left while the page thought the server failing (its own last answer a failure, or it took over events a left page had kept, or it heard a 5xx once left): kept, sent again by the next load',
  keptOriginFailing:
    'in flight as its page was left, which had heard no answer yet, while the origin\u2019s last news was a failure (no success stored): kept, sent again by the next load',
  keptWaited:
    'in flight as its page was left after waiting longer than a healthy answer takes (answerWaitMs): kept, sent again by the next load',
  keptHang:
    'in flight as its page was left while another of its requests had waited longer than a healthy answer takes: the page took the server as not answering (a failure) and kept it, sent again by the next load',
  heldThenResent:
    'taken as delivered at a page exit, held by the next load, whose first answer was a failure (or which noticed a hang): sent again, though the first copy had arrived',
} as const

export const LOSS_CAUSES = {
  exitThenFailed:
    'taken as delivered at a page exit with evidence that the server answers (in flight and fresh, or handed over), then failed unheard (5xx, reset or hang)',
  exitThenRefusedWhole:
    'taken as delivered at a page exit with evidence that the server answers, then refused whole by a 400 without details or a 413: no page left to split the batch',
  exitThenNetworkGone:
    'taken as delivered at a page exit with evidence that the server answers, then the network went away (the collector refusing connections where the driver cannot emulate offline: the page still online) before the request got through',
  exitWithRefusedNeighbour:
    'taken as delivered at a page exit with evidence that the server answers, in one batch with an event the server refuses by rule (≤ 10 events if made at the exit, up to 100 if in flight): the whole batch refused, no page left to send the rest',
} as const

export const UNEXPLAINED = 'UNEXPLAINED'

/** Whether a cause is one the contract does not allow (the test fails on it). */
export const isUnexplained = (cause: string) => cause.startsWith(UNEXPLAINED)

/** Which page load made a request: every load's URL carries `utm_content=load-<id>`, which the SDK sends in every request. */
export const loadOf = (request: RequestRecord): number =>
  Number(/^load-(\d+)$/.exec(String(request.session.utm_content ?? ''))?.[1] ?? NaN)

/** Which of its page's requests it is (the probe's `X-Chaos-Request: <load>-<n>`), or NaN. */
export const numberOf = (request: RequestRecord): number =>
  Number(/^\d+-(\d+)$/.exec(String(request.headers['x-chaos-request'] ?? ''))?.[1] ?? NaN)

/** Page Views are told apart by their (unique) path, other events by their (unique) name. */
export const nameOf = (event: any): string => (event.name === 'Page View' ? 'Page View ' + event.path : event.name)

/** An answer that makes the SDK try again and think the server failing: no answer, 408, 429, 5xx (response.ts, isRetryable). */
const isRetryable = (status: number) => !status || status === 408 || status === 429 || status > 499
const isSuccess = (status: number) => status >= 200 && status < 300

/** A short, replayable description of a request, with times relative to `origin`. */
export const describeRequest = (request: RequestRecord, origin: number) =>
  `#${request.id} load ${loadOf(request)}/${numberOf(request)} received +${request.receivedAt - origin} ms, ` +
  (request.answeredAt ? `answered ${request.status} +${request.answeredAt - origin} ms` : `no answer (${request.fault})`) +
  `, ${request.events.length} events`

type Snapshot = PageLog['exits'][number]

export function createAccount(record: ChaosRecord) {
  const { loads, faultChanges, offlineSpans, requests, pages } = record

  /** The spells during which the server hung: from a 'hang' until the next other fault. */
  const hangSpans: { start: number; end: number }[] = []
  for (const change of faultChanges) {
    const open = hangSpans.at(-1)
    if (change.fault === 'hang' && !(open && open.end === Infinity)) hangSpans.push({ start: change.at, end: Infinity })
    else if (change.fault !== 'hang' && open && open.end === Infinity) open.end = change.at
  }
  const offlineDuring = (from: number, to: number) => offlineSpans.some((span) => span.start <= to && span.end >= from)
  const nearHangEnd = (time: number) => hangSpans.some((span) => span.end <= time && time <= span.end + AFTER_HANG_MS)

  /** Every change of the origin's stored success, by any page: [at, 1 set / 2 removed]. */
  const originNews = [...pages.values()].flatMap((log) => log.news).sort((a, b) => a[0] - b[0])

  /** One request as its page made it: when sent, with keepalive or not, and what it heard (if it did). */
  const pageRequest = (request: RequestRecord) => pageRequestOf(loadOf(request), numberOf(request))
  const pageRequestOf = (load: number, n: number) => {
    const log = pages.get(load)
    const sent = log?.sent.find(([m]) => m === n)
    const settled = log?.settled.find(([m]) => m === n)
    return log && sent
      ? { log, n, sentAt: sent[1], keepalive: !!sent[2], heard: settled && { status: settled[1], at: settled[2] } }
      : undefined
  }
  type PageRequest = NonNullable<ReturnType<typeof pageRequest>>

  /** The SDK's own news at `time` (delivery.ts `news`): 'answering', 'failing', or 'unheard'. */
  const newsAt = (log: PageLog, time: number) => {
    const last = log.news.filter(([at]) => at <= time).at(-1)
    return !last ? 'unheard' : last[1] === 1 ? 'answering' : 'failing'
  }
  /**
   * What the page made of the server at a snapshot (delivery.ts `serverAnswers` and
   * `mayHandOverAtExit`): 'trusted', or why not.
   */
  const trustAt = (log: PageLog, snapshot: Snapshot) => {
    if (!snapshot.online) return 'offline'
    const news = newsAt(log, snapshot.at)
    if (news === 'answering') return 'trusted'
    if (news === 'failing') return 'failing'
    if (snapshot.ok && snapshot.at - snapshot.ok < EVIDENCE_MS) return 'trusted'
    // No success stored: a page of the origin heard a failure since (it removes it), or none was ever stored, or it is old.
    const originLast = originNews.filter(([at]) => at <= snapshot.at).at(-1)
    return originLast?.[1] === 2 ? 'origin failing' : 'no evidence'
  }
  /** How long this page trusted a request in flight at `time` (trust.ts, answerWaitMs): from its slowest success. */
  const answerWaitAt = (log: PageLog, time: number) => {
    let slowest = 0
    for (const [n, status, at] of log.settled) {
      const sent = log.sent.find(([m]) => m === n)
      if (sent && at <= time && isSuccess(status)) slowest = Math.max(slowest, at - sent[1])
    }
    return answerWaitMs(slowest)
  }

  /**
   * What became of a request as its page was left (the SDK's decision at `pagehide`):
   * - 'heard': its answer came before (the page knew its outcome);
   * - 'taken': in flight or handed over, and taken as delivered (evidence, online, keepalive,
   *   waited less than answerWaitMs) — or 'maybe taken' within WAIT_SLACK_MS of that limit;
   * - 'kept: <why>': in flight, not trusted, kept in the record for the next load;
   * - 'handed over without evidence': sent as the page was hidden or left though it did not
   *   trust the server then (the rules forbid it);
   * - 'handed over while not answering': sent as the page was hidden or left while another
   *   request of the page had waited longer than a healthy answer takes (the rules forbid it:
   *   the SDK takes that as a failure, delivery.ts noticeHang);
   * - 'kept: hang noticed': in flight as the page was left while one of its requests had
   *   waited that long: the SDK trusts nothing in flight then.
   * undefined: its page was not left (yet) while it was unheard.
   */
  const atExit = (request: PageRequest) => {
    const { log, n, sentAt, keepalive } = request
    const pagehide = log.exits.find((snapshot) => snapshot.kind === 'pagehide')
    // Heard before a snapshot: not in flight at it (its list says; the clock may not, to the ms).
    const heardBefore = (snapshot: Snapshot) =>
      !!request.heard && request.heard.at <= snapshot.at && !snapshot.inFlight.some(([m]) => m === n) && sentAt <= snapshot.at
    const heard = request.heard && (!pagehide || heardBefore(pagehide))
    if (!pagehide || heardBefore(log.exits[0])) return heard ? 'heard' : undefined
    // Sent as the page was hidden or left: only with trust (mayHandOverAtExit), at that snapshot.
    const handedOverAt = [...log.exits].reverse().find((snapshot) => snapshot.at <= sentAt)
    if (handedOverAt && trustAt(log, handedOverAt) !== 'trusted') return 'handed over without evidence'
    if (heard) return 'heard'
    if (handedOverAt && waitedTooLong(log, handedOverAt)) return 'handed over while not answering'
    if (sentAt >= pagehide.at) return 'taken'
    const trust = trustAt(log, pagehide)
    if (trust !== 'trusted') return `kept: ${trust}`
    // A request of the page waited longer than a healthy answer takes: the SDK takes the
    // server as not answering (delivery.ts, noticeHang) and trusts nothing in flight.
    if (waitedTooLong(log, pagehide)) return 'kept: hang noticed'
    if (!keepalive) return 'kept: no keepalive'
    const waited = pagehide.at - sentAt
    const limit = answerWaitAt(log, pagehide.at)
    if (Math.abs(waited - limit) <= WAIT_SLACK_MS) return 'maybe taken'
    return waited < limit ? 'taken' : 'kept: waited'
  }
  /**
   * Whether a request of the page (or `n`, that one) had been in flight at a snapshot for
   * longer than a healthy answer takes: by §5 the server is not answering then ("a server
   * that has not answered a request for longer than a healthy one takes is not answering"),
   * whatever the stored success says.
   */
  const waitedTooLong = (log: PageLog, snapshot: Snapshot, n?: number) => {
    const limit = answerWaitAt(log, snapshot.at)
    return snapshot.inFlight.some(([m, sentAt]) => (n == null || m === n) && snapshot.at - sentAt >= limit + WAIT_SLACK_MS)
  }
  /** A left page that hears a failure (a 5xx: "no answer" says nothing then) keeps all it had taken as delivered, if its record is still there. */
  const failureHeardAfterLeaving = (log: PageLog) => {
    const pagehide = log.exits.find((snapshot) => snapshot.kind === 'pagehide')
    return !!pagehide && log.news.some(([at, news]) => at > pagehide.at && news === 2)
  }

  /**
   * Whether another page heard a failure between `since` and `until` (online: "no answer"
   * while offline decides nothing): the held check that sends held events again. (Which
   * page took the record over, and when, is not written down: any page's failure will do.)
   */
  const failureHeardBetween = (since: number, until: number, exceptLoad: number) =>
    [...pages.entries()].some(
      ([load, log]) =>
        load !== exceptLoad &&
        (log.settled.some(
          ([, status, at]) => at >= since && at <= until && isRetryable(status) && (status > 0 || !offlineDuring(at, at)),
        ) ||
          // A hang noticed as a page was hidden or left (noticeHang): a failure, news 2.
          log.news.some(([at, news]) => news === 2 && at >= since && at <= until)),
    )

  /**
   * Why an event stored by request `first` (answered 2xx) was sent, and stored, again by
   * `again` (received later).
   */
  function explainDuplicate(first: RequestRecord, again: RequestRecord): string {
    const made = pageRequest(first)
    if (!made) return UNEXPLAINED + ' (no page log of its first request)'
    if (loadOf(first) === loadOf(again) && numberOf(first) === numberOf(again))
      return UNEXPLAINED + ' (the browser sent one request twice)'
    const { heard, sentAt } = made
    const exit = atExit(made)
    if (exit === 'heard' && heard) {
      if (isSuccess(heard.status)) return UNEXPLAINED + ' (its page heard the 2xx, and the event went again)'
      if (heard.status === 0 && offlineDuring(sentAt, heard.at)) return DUPLICATE_CAUSES.networkWentAway
      if (heard.status === 0 && heard.at - sentAt >= 9_000 && nearHangEnd(first.receivedAt)) return DUPLICATE_CAUSES.timedOut
      return UNEXPLAINED + ` (its page heard ${heard.status} though the server had stored it)`
    }
    if (!exit) return UNEXPLAINED + ' (neither heard nor at a page exit)'
    if (exit === 'kept: offline') return DUPLICATE_CAUSES.keptOffline
    if (exit === 'kept: failing') return DUPLICATE_CAUSES.keptFailing
    if (exit === 'kept: origin failing') return DUPLICATE_CAUSES.keptOriginFailing
    if (exit === 'kept: waited') return DUPLICATE_CAUSES.keptWaited
    if (exit === 'kept: hang noticed') return DUPLICATE_CAUSES.keptHang
    if (exit === 'taken' || exit === 'maybe taken' || exit.endsWith('while not answering')) {
      if (failureHeardAfterLeaving(made.log)) return DUPLICATE_CAUSES.keptFailing
      // Held by a later load until its first answer; a failure sends the held events again.
      const leftAt = made.log.exits.find((snapshot) => snapshot.kind === 'pagehide')!.at
      if (failureHeardBetween(leftAt, pageRequest(again)?.sentAt ?? again.receivedAt, loadOf(first)))
        return DUPLICATE_CAUSES.heldThenResent
      return UNEXPLAINED + ' (taken as delivered at its page exit, sent again with no failure heard first)'
    }
    return UNEXPLAINED + ` (${exit})`
  }

  /**
   * Why an event that never arrived is lost, from the last request that carried it
   * (`last`; undefined if none did).
   */
  function explainLoss(last: RequestRecord | undefined, name?: string): string {
    // Its last request as the pages sent it: one the network never took (the collector
    // refusing connections) reached no collector record.
    const lastSent = name ? lastSentCarrying(name) : undefined
    if (lastSent && (!last || lastSent.sentAt > (pageRequest(last)?.sentAt ?? last.receivedAt))) {
      const reached = requests.some((r) => loadOf(r) === lastSent.load && numberOf(r) === lastSent.n)
      const made = pageRequestOf(lastSent.load, lastSent.n)
      if (!reached && made && offlineDuring(made.sentAt, made.heard?.at ?? made.sentAt + 1000)) {
        const exit = atExit(made)
        if (exit === 'taken' || exit === 'maybe taken') return LOSS_CAUSES.exitThenNetworkGone
        return UNEXPLAINED + ` (its last request never got through, the network gone: ${exit ?? 'not at a page exit'})`
      }
    }
    if (!last) return UNEXPLAINED + ' (never sent)'
    const made = pageRequest(last)
    if (!made) return UNEXPLAINED + ' (no page log of its last request)'
    const exit = atExit(made)
    if (exit === 'handed over while not answering') {
      return (
        UNEXPLAINED +
        ` (its last request: ${exit} — another request of its page had waited longer than a healthy answer takes, yet the page trusted its evidence, its own last success or the origin's stored one)`
      )
    }
    if (exit !== 'taken' && exit !== 'maybe taken') return UNEXPLAINED + ` (its last request: ${exit ?? 'not at a page exit'})`
    if (last.fault === '400' || last.fault === '413') return LOSS_CAUSES.exitThenRefusedWhole
    if (last.fault === 'none' && last.status === 400) return LOSS_CAUSES.exitWithRefusedNeighbour
    if (last.fault === 'reset' || last.fault === 'hang' || isRetryable(last.status ?? 0)) return LOSS_CAUSES.exitThenFailed
    return UNEXPLAINED + ` (its last request answered ${last.status})`
  }

  /** The last request, as the pages sent it, that carried the event `name`. */
  const lastSentCarrying = (name: string) => {
    let found: { load: number; n: number; sentAt: number } | undefined
    for (const [load, log] of pages)
      for (const [n, sentAt, , names] of log.sent)
        if (names?.includes(name) && (!found || sentAt > found.sentAt)) found = { load, n, sentAt }
    return found
  }

  /** Whether a request was taken as delivered as its page was left. */
  const takenAtExit = (request: RequestRecord) => {
    const made = pageRequest(request)
    const exit = made && atExit(made)
    return exit === 'taken' || exit === 'maybe taken'
  }

  return { explainDuplicate, explainLoss, takenAtExit, hangSpans }
}

/** A duplicate or a loss: the event, its cause, the requests that carried it (their ids). */
export interface Finding {
  name: string
  cause: string
  requests: number[]
}

/**
 * The account of a run's events (`expected`: the names of those the server should have
 * stored, once each) from what the collector stored (`stored`: each copy's event name and
 * request): how many arrived once, every duplicate and loss with its cause, and how many
 * went first in a request taken as delivered as its page was left (the only ones that can
 * be lost).
 */
export function accountFor(record: ChaosRecord, expected: string[], stored: { name: string; requestId: number }[]) {
  const account = createAccount(record)
  const requestById = new Map(record.requests.map((r) => [r.id, r]))
  const copies = new Map<string, RequestRecord[]>()
  for (const { name, requestId } of stored) copies.set(name, [...(copies.get(name) ?? []), requestById.get(requestId)!])
  const carriers = new Map<string, RequestRecord[]>()
  for (const request of record.requests) {
    for (const event of request.events) {
      const name = nameOf(event)
      carriers.set(name, [...(carriers.get(name) ?? []), request])
    }
  }
  const duplicates: Finding[] = []
  const losses: Finding[] = []
  let deliveredOnce = 0
  let takenAtExit = 0
  for (const name of expected) {
    const copiesOf = (copies.get(name) ?? []).sort((a, b) => a.receivedAt - b.receivedAt)
    const carried = carriers.get(name) ?? []
    const requests = carried.map((r) => r.id)
    if (copiesOf.length === 1) deliveredOnce++
    if (carried.length && account.takenAtExit(carried[0])) takenAtExit++
    // Each copy after the first: the first copy's 2xx was not heard, or not trusted, and it went again.
    for (let i = 0; i + 1 < copiesOf.length; i++)
      duplicates.push({ name, cause: account.explainDuplicate(copiesOf[i], copiesOf[i + 1]), requests })
    if (!copiesOf.length) losses.push({ name, cause: account.explainLoss(carried.at(-1), name), requests })
  }
  return { duplicates, losses, deliveredOnce, takenAtExit, hangSpans: account.hangSpans }
}

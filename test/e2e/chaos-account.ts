// The chaos test's account: why each duplicate and each loss happened, told from what the
// test itself did (page loads and their exits, faults set, offline spells) and what the
// collector saw (every request: when received and answered, its status, fault and events).
// Pure: chaos.test.ts records, this explains. docs/contract.md §5 allows a duplicate only where
// a request may have reached the server while the SDK had reason to think it failed, and a
// loss only where events were handed over at unload while no failure was known and their
// request then failed. Anything the causes below do not explain is reported as unexplained,
// and the test fails on it.

import type { Collector } from './browser'

type RequestRecord = Collector['requests'][number]

/** One document: a tab's page from its load until it is left (reload, link, close). */
export interface PageLoad {
  id: number
  tab: number
  /** When the test began to leave it and when that was done (the next page loaded, the tab closed). */
  exit?: { kind: string; start: number; end: number }
}

/** Everything the test knows about the storm, in the collector's clock (the same process's). */
export interface StormRecord {
  loads: Map<number, PageLoad>
  /** Each persistent fault set on the collector, in order ('none', '500', 'hang', 'reset'). */
  faultChanges: { at: number; fault: string }[]
  /** The browser was offline from start to end (end: Infinity while it still is). */
  offlineSpans: { start: number; end: number }[]
  requests: RequestRecord[]
}

// Timing windows. Generous, but each needs a page exit, an offline spell or a hang near the
// request: a duplicate or loss with none of those near it stays unexplained.
/** An answer given this shortly before a page began to be left may not have reached it. */
export const ANSWER_IN_TRANSIT_MS = 500
/** A request handed over at `pagehide` reaches the collector within this after the exit is done. */
export const HANDOVER_MS = 2000
/** Chromium sends what it held behind hung connections this soon after they are ended. */
export const AFTER_HANG_MS = 3000
/** The SDK's own constants (src/lyt.ts, src/transport.ts), for what a page could have heard. */
export const TRUSTED_IN_FLIGHT_MS = 3000
export const HOLD_MS = 10_000
export const REQUEST_TIMEOUT_MS = 10_000

export const DUPLICATE_CAUSES = {
  networkWentAway: 'network went away with the request in flight',
  exitWhileFailing:
    'in flight or handed over at a page exit while the server was failing or hanging (kept, sent again by the next load)',
  heldThenResent: 'held by the next load, resent on its failure, though the first copy had arrived',
  afterHang:
    'held by Chromium behind hung connections and sent once they ended, after the SDK had timed it out (10 s) or its page was left',
} as const

export const LOSS_CAUSES = {
  exitThenFailed: 'handed over at unload while no failure was known, then failed (500, reset or hang) unheard',
  exitThenRefusedWhole:
    'handed over at unload while no failure was known, then refused whole by a 400 without details or a 413: no page left to split the batch',
  exitWithRefusedNeighbour:
    'handed over at unload in one batch with an event the server refuses by rule: the whole batch refused, no page left to send the rest',
} as const

export const UNEXPLAINED = 'UNEXPLAINED'

/** Which page load made a request: every load's URL carries `utm_content=load-<id>`, which the SDK sends in every request. */
export const loadOf = (request: RequestRecord): number =>
  Number(/^load-(\d+)$/.exec(String(request.session.utm_content ?? ''))?.[1] ?? NaN)

/** Page Views are told apart by their (unique) path, other events by their (unique) name. */
export const nameOf = (event: any): string => (event.name == 'Page View' ? 'Page View ' + event.path : event.name)

/** An answer that makes the SDK try again: no answer (reset, hang), 408, 429, 5xx. */
const isFailure = (request: RequestRecord) =>
  request.fault == 'reset' || request.fault == 'hang' || request.status == 408 || request.status == 429 || (request.status ?? 0) > 499

/** A short, replayable description of a request, with times relative to `origin`. */
export const describeRequest = (request: RequestRecord, origin: number) =>
  `#${request.id} load ${loadOf(request)} received +${request.receivedAt - origin} ms, ` +
  (request.answeredAt ? `answered ${request.status} +${request.answeredAt - origin} ms` : `no answer (${request.fault})`) +
  `, ${request.events.length} events`

export function createAccount(record: StormRecord) {
  const { loads, faultChanges, offlineSpans, requests } = record

  /** The spells during which the server hung: from a 'hang' until the next other fault. */
  const hangSpans: { start: number; end: number }[] = []
  for (const change of faultChanges) {
    const open = hangSpans.at(-1)
    if (change.fault == 'hang' && !(open && open.end == Infinity)) hangSpans.push({ start: change.at, end: Infinity })
    else if (change.fault != 'hang' && open && open.end == Infinity) open.end = change.at
  }
  const hangDuring = (from: number, to: number) => hangSpans.some((span) => span.start <= to && span.end >= from)

  /**
   * When the page heard a request's outcome: its answer; at once for a reset; for a hang,
   * the SDK's time-out or the 504 that ended it, whichever came first.
   */
  const heardAt = (request: RequestRecord) => {
    if (request.fault != 'hang') return request.answeredAt ?? request.receivedAt
    // Answered 504 when the hang ended (the collector, as a gateway), if the SDK had not
    // given up on it first.
    return Math.min(request.receivedAt + REQUEST_TIMEOUT_MS, request.answeredAt ?? Infinity)
  }

  const requestsOfLoad = new Map<number, RequestRecord[]>()
  for (const request of requests) {
    const load = loadOf(request)
    requestsOfLoad.set(load, [...(requestsOfLoad.get(load) ?? []), request])
  }

  /**
   * Whether a load had heard a failure not followed by a success by `time` (the SDK's
   * `retries` > 0): then nothing it hands over at `pagehide` is taken as delivered.
   */
  const knewFailureAt = (load: number, time: number) => {
    let failing = false
    const heard = (requestsOfLoad.get(load) ?? []).filter((r) => heardAt(r) < time).sort((a, b) => heardAt(a) - heardAt(b))
    for (const request of heard) {
      if (isFailure(request)) failing = true
      else if (request.status! >= 200 && request.status! < 300) failing = false
    }
    return failing
  }

  /**
   * The exit of the load that made `request`, when the request was in flight as that page
   * was left (unanswered when the exit began) or handed over as it went: received by the
   * end of the exit, or later only behind hung connections.
   */
  const exitAround = (request: RequestRecord) => {
    const exit = loads.get(loadOf(request))?.exit
    if (!exit) return undefined
    const unansweredAtExit = (request.answeredAt ?? Infinity) >= exit.start - ANSWER_IN_TRANSIT_MS
    const handedOver = request.receivedAt <= exit.end + HANDOVER_MS || hangDuring(exit.start, request.receivedAt)
    return unansweredAtExit && handedOver ? exit : undefined
  }

  const offlineAround = (request: RequestRecord) =>
    offlineSpans.find(
      (span) => request.receivedAt <= span.end + HANDOVER_MS && (request.answeredAt ?? Infinity) >= span.start - ANSWER_IN_TRANSIT_MS,
    )

  /**
   * Why a copy that arrived (request `first`, stored, answered 2xx) was sent again (in
   * `again`): the SDK never heard that 2xx, or heard it and still had reason to resend.
   */
  function explainDuplicate(first: RequestRecord, again: RequestRecord): string {
    if (offlineAround(first)) return DUPLICATE_CAUSES.networkWentAway
    const exit = exitAround(first)
    if (exit && loadOf(again) != loadOf(first)) {
      // Kept at the exit (not taken as delivered): the page knew a failure, or the request
      // had waited TRUSTED_IN_FLIGHT_MS (a hang), or the server hung as it was left.
      if (
        knewFailureAt(loadOf(first), exit.start) ||
        first.receivedAt < exit.start - TRUSTED_IN_FLIGHT_MS ||
        hangDuring(exit.start - REQUEST_TIMEOUT_MS, exit.end)
      ) {
        return DUPLICATE_CAUSES.exitWhileFailing
      }
      // Taken as delivered, held by the load that sent it again, which heard a failure
      // first: a request of its own, made within HOLD_MS of the exit, failed.
      const heardFailure = (requestsOfLoad.get(loadOf(again)) ?? []).some(
        (r) =>
          isFailure(r) &&
          r.receivedAt >= exit.start - ANSWER_IN_TRANSIT_MS &&
          r.receivedAt <= exit.end + HOLD_MS + HANDOVER_MS &&
          heardAt(r) <= again.receivedAt,
      )
      if (heardFailure) return DUPLICATE_CAUSES.heldThenResent
    }
    if (hangSpans.some((span) => span.end - ANSWER_IN_TRANSIT_MS <= first.receivedAt && first.receivedAt <= span.end + AFTER_HANG_MS)) {
      return DUPLICATE_CAUSES.afterHang
    }
    return UNEXPLAINED
  }

  /**
   * Why an event that never arrived is lost, from the last request that carried it
   * (`last`; undefined if none did).
   */
  function explainLoss(last: RequestRecord | undefined): string {
    if (!last || !exitAround(last)) return UNEXPLAINED
    if (last.fault == '400' || last.fault == '413') return LOSS_CAUSES.exitThenRefusedWhole
    if (last.fault == 'none' && last.status == 400) return LOSS_CAUSES.exitWithRefusedNeighbour
    if (isFailure(last)) return LOSS_CAUSES.exitThenFailed
    return UNEXPLAINED
  }

  return { explainDuplicate, explainLoss, hangSpans }
}

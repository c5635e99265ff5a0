// Counted once as the page is left (docs/contract.md §5, docs/delivery.md "Counted once"). A request that
// outlives its page can never be acknowledged: what it means is decided from what the
// tracker knows then (was the server answering, is the browser online, did the request go
// with keepalive, has it waited long), and checked again by the next page load's first
// request. The same flows at a real server, in Chromium, are in test/e2e/counted-once.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EVIDENCE_MS, HEARTBEAT_MS, HOLD_MS, MAX_ANSWER_WAIT_MS, MIN_ANSWER_WAIT_MS, SUCCESS_KEY_PREFIX } from '../../src/lyt'
import {
  advance,
  type browserWindow,
  memoryStorage,
  pageEvent,
  recorder,
  setHidden,
  startTracker,
  storeEvidence,
  useFakeTime,
} from './harness'

beforeEach(useFakeTime)
afterEach(() => {
  vi.useRealTimers()
})

const noAuto = { autoPageview: false }
const queueKeys = (store: ReturnType<typeof memoryStorage>) => [...store.items.keys()].filter((k) => k.startsWith('lyt_q_'))
/**
 * The stored records, as names: what waits (`e`) and what was taken as delivered (`s`:
 * stored as the count of events at the front of `e`).
 */
const records = (store: ReturnType<typeof memoryStorage>) =>
  queueKeys(store).map((key) => {
    const { e, s } = JSON.parse(store.items.get(key)!)
    const named = e.map((event: any) => event.name)
    return s === undefined ? { e: named } : { e: named.slice(s), s: named.slice(0, s) }
  })
const names = (events: any[]) => events.map((event) => event.name)
const setOnline = (win: ReturnType<typeof browserWindow>, online: boolean) => {
  Object.defineProperty(win.navigator, 'onLine', { value: online, configurable: true })
  win.dispatchEvent(new win.Event(online ? 'online' : 'offline'))
}

/**
 * A page whose last request is in flight (hanging) as it is left after `inFlightMs`; the page
 * before it heard the server answer a moment ago (the evidence it needs to trust anything).
 */
async function leaveWithRequestInFlight(inFlightMs = 0) {
  const store = memoryStorage()
  storeEvidence(store)
  const first = startTracker(noAuto, { storage: store })
  first.server.answer('hang')
  first.lyt('In flight')
  await advance(inFlightMs)
  pageEvent(first.win, 'pagehide')
  return { store, first }
}

describe('every request goes with keepalive while it fits the budget', () => {
  it('an ordinary request (not at unload) has keepalive, so one in flight at pagehide still arrives', async () => {
    const { lyt, server } = startTracker(noAuto)
    lyt('A')
    await advance(0)
    expect(server.requests.map((r) => r.keepalive)).toEqual([true])
  })

  it('a body past the keepalive budget (one event with a 70,000-character query) goes without keepalive, and is not trusted at unload', async () => {
    const store = memoryStorage()
    const { lyt, win, server } = startTracker(
      { ...noAuto, query: 'q' },
      { storage: store, url: 'https://shop.example/?q=' + 'x'.repeat(70_000) },
    )
    server.answer('hang')
    lyt('Huge')
    await advance(0)
    expect(server.requests.map((r) => r.keepalive)).toEqual([false])
    pageEvent(win, 'pagehide')
    expect(records(store)).toEqual([{ e: ['Huge'], s: [] }])
  })
})

describe('what a request in flight at pagehide means', () => {
  it('healthy server, just sent: taken as delivered — stored apart, never sent again by the next load', async () => {
    const { store } = await leaveWithRequestInFlight(0)
    expect(records(store)).toEqual([{ e: [], s: ['In flight'] }])
    const next = startTracker(noAuto, { storage: store })
    next.lyt('Next')
    await advance(HOLD_MS * 3)
    expect(next.server.names()).toEqual(['Next'])
    expect(queueKeys(store)).toEqual([])
  })

  it('a page that has heard nothing from the server (nor another page lately) trusts nothing in flight: kept, sent by the next load', async () => {
    const store = memoryStorage()
    const page = startTracker(noAuto, { storage: store })
    page.server.answer('hang')
    page.lyt('In flight')
    await advance(0)
    page.lyt('Waiting')
    pageEvent(page.win, 'pagehide')
    // Nothing more is handed over as it leaves: no page would be there to hear of it.
    expect(page.server.names()).toEqual(['In flight'])
    expect(records(store)).toEqual([{ e: ['In flight', 'Waiting'], s: [] }])
    const next = startTracker(noAuto, { storage: store })
    await advance(0)
    expect(names(next.server.delivered())).toEqual(['In flight', 'Waiting'])
  })

  it(`evidence stored by another page counts for EVIDENCE_MS: older, the page trusts nothing`, async () => {
    for (const [age, trusted] of [
      [EVIDENCE_MS - 1, true],
      [EVIDENCE_MS, false],
    ] as const) {
      const store = memoryStorage()
      storeEvidence(store, Date.now() - age)
      const page = startTracker(noAuto, { storage: store })
      page.server.answer('hang')
      page.lyt('In flight')
      await advance(0)
      pageEvent(page.win, 'pagehide')
      expect(records(store)).toEqual([trusted ? { e: [], s: ['In flight'] } : { e: ['In flight'], s: [] }])
    }
  })

  it('evidence is for its endpoint: a success another tracker heard from another server is none', async () => {
    const store = memoryStorage()
    storeEvidence(store, Date.now(), 'https://other.example/api')
    const page = startTracker(noAuto, { storage: store })
    page.server.answer('hang')
    page.lyt('In flight')
    await advance(0)
    pageEvent(page.win, 'pagehide')
    expect(records(store)).toEqual([{ e: ['In flight'], s: [] }])
  })

  it('unreadable stored evidence is none, and does not throw', async () => {
    for (const text of ['garbage', '', 'null', '[1]', '{"t":1}']) {
      const store = memoryStorage()
      store.items.set(SUCCESS_KEY_PREFIX, text)
      const page = startTracker(noAuto, { storage: store })
      page.server.answer('hang')
      page.lyt('In flight')
      await advance(0)
      pageEvent(page.win, 'pagehide')
      expect(records(store)).toEqual([{ e: ['In flight'], s: [] }])
    }
  })

  it('the page’s own success is evidence, however long ago, until a failure: then it is stored for the next page, and removed', async () => {
    const store = memoryStorage()
    const page = startTracker(noAuto, { storage: store })
    page.lyt('Answered')
    await advance(0)
    expect(store.items.get(SUCCESS_KEY_PREFIX + '/api/analytics')).toBe(String(Date.now()))
    await advance(EVIDENCE_MS * 10)
    page.server.answer('hang')
    page.lyt('In flight')
    await advance(0)
    pageEvent(page.win, 'pagehide')
    expect(records(store)).toEqual([{ e: [], s: ['In flight'] }])
    const failing = startTracker(noAuto, { storage: memoryStorage() })
    failing.server.answer({ status: 503 })
    storeEvidence(failing.store)
    failing.lyt('Failed')
    await advance(0)
    expect(failing.store.items.has(SUCCESS_KEY_PREFIX + '/api/analytics')).toBe(false)
  })

  it('a request waits for its answer as long as four times this page’s slowest answer (1 s at least, 3 s at most) before it is thought lost', async () => {
    for (const [slowestMs, inFlightMs, trusted] of [
      [0, MIN_ANSWER_WAIT_MS - 1, true],
      [0, MIN_ANSWER_WAIT_MS, false],
      [500, 1999, true],
      [500, 2000, false],
      [2000, MAX_ANSWER_WAIT_MS - 1, true],
      [2000, MAX_ANSWER_WAIT_MS, false],
    ] as const) {
      const store = memoryStorage()
      const page = startTracker(noAuto, { storage: store })
      page.server.answer('hang')
      page.lyt('Slow')
      await advance(slowestMs)
      page.server.release({ status: 200 })
      await advance(10_000)
      page.server.answer('hang')
      page.lyt('In flight')
      await advance(inFlightMs)
      pageEvent(page.win, 'pagehide')
      expect(records(store)).toEqual([trusted ? { e: [], s: ['In flight'] } : { e: ['In flight'], s: [] }])
    }
  })

  it('…unless the next load’s first request finds the server failing: then they go again, once', async () => {
    const { store } = await leaveWithRequestInFlight(0)
    const next = startTracker(noAuto, { storage: store })
    next.server.answer({ status: 500 })
    next.lyt('Next')
    await advance(0)
    expect(next.lyt.queueLength()).toBe(2)
    await advance(HOLD_MS)
    expect(names(next.server.delivered())).toEqual(['In flight', 'Next'])
  })

  it('…and only when that request is made within HOLD_MS of the page being left', async () => {
    const { store } = await leaveWithRequestInFlight(0)
    const next = startTracker(noAuto, { storage: store })
    await advance(HOLD_MS + 1)
    next.server.answer({ status: 500 })
    next.lyt('Late')
    await advance(HOLD_MS * 3)
    expect(names(next.server.delivered())).toEqual(['Late'])
  })

  it('a held event leaves with the next page too if that page is left before it hears an answer', async () => {
    const { store } = await leaveWithRequestInFlight(0)
    const second = startTracker(noAuto, { storage: store })
    second.server.answer('hang')
    second.lyt('Second')
    await advance(100)
    pageEvent(second.win, 'pagehide')
    expect(records(store)).toEqual([{ e: [], s: ['In flight', 'Second'] }])
    const third = startTracker(noAuto, { storage: store })
    third.server.answer({ status: 503 })
    third.lyt('Third')
    await advance(0)
    await advance(HOLD_MS)
    expect(names(third.server.delivered())).toEqual(['In flight', 'Second', 'Third'])
  })

  it('a retry in flight as the page is left is kept (the server was failing): the next load sends it once it hears the server answer', async () => {
    for (const nextAnswer of [{ status: 200 }, { status: 500 }]) {
      const store = memoryStorage()
      const page = startTracker(noAuto, { storage: store, environment: { random: () => 0 } })
      page.server.answer({ status: 500 }, 'hang')
      page.lyt('Retried')
      await advance(0) // 500
      await advance(10) // the retry, at once with random 0: it hangs
      expect(page.server.requests).toHaveLength(2)
      pageEvent(page.win, 'pagehide')
      expect(records(store)).toEqual([{ e: ['Retried'], s: [] }])
      const next = startTracker(noAuto, { storage: store })
      next.server.answer(nextAnswer)
      next.lyt('Next')
      await advance(0)
      await advance(HOLD_MS * 3)
      expect(names(next.server.delivered())).toEqual(['Next', 'Retried'])
      page.server.release({ status: 0 })
    }
  })

  it('a failure the next load hears while the browser is offline says nothing of the server: the held events wait for the next answer', async () => {
    for (const [afterOnline, expected] of [
      [{ status: 200 }, ['Next']],
      [{ status: 503 }, ['In flight', 'Next']],
    ] as const) {
      const { store } = await leaveWithRequestInFlight(0)
      const next = startTracker(noAuto, { storage: store })
      // Its first request goes, then the network drops: no answer, and the browser is offline.
      next.server.answer(() => {
        setOnline(next.win, false)
        return { status: 0 }
      }, afterOnline)
      next.lyt('Next')
      await advance(0)
      expect(next.lyt.queueLength()).toBe(1)
      setOnline(next.win, true)
      await advance(HOLD_MS)
      expect(names(next.server.delivered())).toEqual(expected)
    }
  })

  it('…but an answer heard while offline (the network came back for it) decides as usual', async () => {
    const { store } = await leaveWithRequestInFlight(0)
    const next = startTracker(noAuto, { storage: store })
    next.server.answer(
      () => {
        setOnline(next.win, false)
        return { status: 200, body: { ok: true } }
      },
      { status: 503 },
    )
    next.lyt('Next')
    await advance(0)
    setOnline(next.win, true)
    next.lyt('Later')
    await advance(HOLD_MS)
    // The 200 said the server answered: the held event was delivered, the 503 later changes nothing.
    expect(next.server.names()).toEqual(['Next', 'Later', 'Later'])
  })

  it('a load that takes over events a left page kept thinks the server failing until it hears a success', async () => {
    const store = memoryStorage()
    const event = (name: string) => ({ name, path: '/', hostname: 'shop.example', timestamp: new Date().toISOString(), id: name })
    // Kept by a page left while the server failed (`e` past the `s` taken as delivered).
    store.items.set('lyt_q_left', JSON.stringify({ h: Date.now(), e: [event('Kept')], s: 0, l: 1 }))
    const next = startTracker(noAuto, { storage: store })
    next.server.answer('hang')
    next.lyt('Own')
    // Left before any answer: nothing it sends then is trusted, nothing new goes.
    pageEvent(next.win, 'pagehide')
    expect(records(store)).toEqual([{ e: ['Kept', 'Own'], s: [] }])
    const third = startTracker(noAuto, { storage: store })
    await advance(0)
    expect(names(third.server.delivered())).toEqual(['Kept', 'Own'])
  })

  it('…even with another page’s fresh evidence: the kept events say more than it', async () => {
    const store = memoryStorage()
    storeEvidence(store)
    const event = (name: string) => ({ name, path: '/', hostname: 'shop.example', timestamp: new Date().toISOString(), id: name })
    store.items.set('lyt_q_left', JSON.stringify({ h: Date.now(), e: [event('Kept')], s: 0, l: 1 }))
    const next = startTracker(noAuto, { storage: store })
    next.server.answer('hang')
    next.lyt('Own')
    await advance(0)
    pageEvent(next.win, 'pagehide')
    expect(records(store)).toEqual([{ e: ['Kept', 'Own'], s: [] }])
  })

  it('a page whose last answer was a failure trusts nothing, whatever another page stored since', async () => {
    const store = memoryStorage()
    const page = startTracker(noAuto, { storage: store, environment: { random: () => 0.99 } })
    page.server.answer({ status: 503 }, 'hang')
    page.lyt('Failed')
    await advance(0)
    storeEvidence(store) // another tab heard a success after this page's failure
    await advance(1000) // the retry (after 990 ms), hanging: 10 ms in flight
    expect(page.server.requests).toHaveLength(2)
    pageEvent(page.win, 'pagehide')
    expect(records(store)).toEqual([{ e: ['Failed'], s: [] }])
  })

  it('nothing is handed over at exit while the browser is offline, evidence or not', async () => {
    const store = memoryStorage()
    storeEvidence(store)
    const page = startTracker({ ...noAuto, flushInterval: 60_000 }, { storage: store })
    page.lyt('First')
    await advance(0)
    page.lyt('Waiting')
    Object.defineProperty(page.win.navigator, 'onLine', { value: false, configurable: true })
    pageEvent(page.win, 'pagehide')
    expect(page.server.names()).toEqual(['First'])
    expect(records(store)).toEqual([{ e: ['Waiting'], s: [] }])
  })

  it('…while one that took over only events taken as delivered trusts its server as usual', async () => {
    const { store } = await leaveWithRequestInFlight(0)
    const next = startTracker(noAuto, { storage: store })
    next.server.answer('hang')
    next.lyt('Own')
    await advance(0)
    pageEvent(next.win, 'pagehide')
    expect(records(store)).toEqual([{ e: [], s: ['In flight', 'Own'] }])
  })

  it('a next load with nothing of its own to send asks nothing (no request built to be refused): the held events are let go', async () => {
    const { store } = await leaveWithRequestInFlight(0)
    const next = startTracker(noAuto, { storage: store })
    await advance(HOLD_MS * 3)
    expect(next.server.requests).toHaveLength(0)
    expect(next.lyt.queueLength()).toBe(0)
    expect(queueKeys(store)).toEqual([])
    // Too late to tell: a failure now says nothing of what the held events became.
    next.server.answer({ status: 500 })
    next.lyt('Later')
    await advance(HOLD_MS * 3)
    expect(names(next.server.delivered())).toEqual(['Later'])
  })

  it('no request without events: none when nothing is held, nor as the page is left', async () => {
    const quiet = startTracker(noAuto)
    await advance(HOLD_MS)
    pageEvent(quiet.win, 'pagehide')
    expect(quiet.server.requests).toHaveLength(0)
    const { store } = await leaveWithRequestInFlight(0)
    const next = startTracker(noAuto, { storage: store })
    pageEvent(next.win, 'pagehide')
    await advance(HOLD_MS)
    expect(next.server.requests).toHaveLength(0)
  })

  it(`in flight for ${MAX_ANSWER_WAIT_MS} ms already (a hanging server): kept, and sent by the next load`, async () => {
    const { store } = await leaveWithRequestInFlight(MAX_ANSWER_WAIT_MS + 1)
    expect(records(store)).toEqual([{ e: ['In flight'], s: [] }])
    const next = startTracker(noAuto, { storage: store })
    await advance(0)
    expect(next.server.names()).toEqual(['In flight'])
  })

  it('the server failing (no success since the last failure): nothing goes at pagehide or when hidden; all waits for the next load', async () => {
    const store = memoryStorage()
    const page = startTracker(noAuto, { storage: store })
    page.server.answer({ status: 500 })
    page.lyt('Failed once')
    await advance(0)
    page.lyt('Made later')
    setHidden(page.win)
    pageEvent(page.win, 'pagehide')
    // Sent then, they could arrive unheard and be sent again by the next load: a duplicate.
    expect(page.server.requests.map((r) => [names(r.body.events), r.keepalive])).toEqual([[['Failed once'], true]])
    expect(records(store)).toEqual([{ e: ['Failed once', 'Made later'], s: [] }])
    const next = startTracker(noAuto, { storage: store })
    await advance(0)
    expect(names(next.server.delivered())).toEqual(['Failed once', 'Made later'])
    expect(queueKeys(store)).toEqual([])
  })

  it('a success after the failure makes the server answering again: what goes at pagehide is taken as delivered', async () => {
    const store = memoryStorage()
    const page = startTracker(noAuto, { storage: store, environment: { random: () => 0 } })
    page.server.answer({ status: 500 })
    page.lyt('Failed once')
    await advance(0)
    await advance(10) // the retry (no wait with random 0) succeeds
    page.lyt('Made later')
    pageEvent(page.win, 'pagehide')
    expect(page.server.requests.map((r) => names(r.body.events))).toEqual([['Failed once'], ['Failed once'], ['Made later']])
    expect(records(store)).toEqual([{ e: [], s: ['Made later'] }])
  })

  it('offline: nothing is sent at pagehide (nor before); the next load online sends it', async () => {
    const store = memoryStorage()
    const page = startTracker(noAuto, { storage: store, navigator: { onLine: false } })
    page.lyt('Offline')
    await advance(5000)
    pageEvent(page.win, 'pagehide')
    expect(page.server.requests).toHaveLength(0)
    expect(records(store)).toEqual([{ e: ['Offline'], s: [] }])
    const next = startTracker(noAuto, { storage: store })
    await advance(0)
    expect(names(next.server.delivered())).toEqual(['Offline'])
  })

  it('the network dropping with a request in flight: not trusted', async () => {
    const store = memoryStorage()
    const page = startTracker(noAuto, { storage: store })
    page.server.answer('hang')
    page.lyt('In flight')
    await advance(0)
    setOnline(page.win, false)
    pageEvent(page.win, 'pagehide')
    expect(records(store)).toEqual([{ e: ['In flight'], s: [] }])
  })

  it('a failure heard after pagehide is written down: the next load sends those events; the page itself retries nothing', async () => {
    const { store, first } = await leaveWithRequestInFlight(0)
    expect(records(store)).toEqual([{ e: [], s: ['In flight'] }])
    first.server.release({ status: 503 })
    await advance(0)
    expect(records(store)).toEqual([{ e: ['In flight'], s: [] }])
    await advance(60_000) // the unload guard: no timer of a left page sends
    expect(first.server.requests).toHaveLength(1)
    const next = startTracker(noAuto, { storage: store })
    await advance(0)
    expect(names(next.server.delivered())).toEqual(['In flight'])
  })

  it('the unload guard: once left, nothing is sent but at pagehide, even when answers free the budget', async () => {
    const store = memoryStorage()
    storeEvidence(store)
    const page = startTracker(noAuto, { storage: store })
    page.server.answer('hang', 'hang', 'hang', 'hang')
    const metadata = { blob: 'x'.repeat(9000) } // 9,315 B an event: six fill 63,000 B
    for (let i = 0; i < 8; i++) page.lyt('Big ' + i, { metadata })
    await advance(0) // the first request (two events)
    pageEvent(page.win, 'pagehide')
    const atPagehide = page.server.requests.length
    expect(atPagehide).toBe(4)
    expect(records(store)).toEqual([{ e: ['Big 6', 'Big 7'], s: ['Big 0', 'Big 1', 'Big 2', 'Big 3', 'Big 4', 'Big 5'] }])
    page.server.release({ status: 200 })
    setOnline(page.win, true) // the online event sends at once, but not from a page that was left
    await advance(60_000)
    expect(page.server.requests).toHaveLength(atPagehide)
    expect(records(store)).toEqual([{ e: ['Big 6', 'Big 7'], s: [] }])
  })

  it('no answer (status 0) after pagehide says nothing: Chromium rejects keepalive fetches as the page goes, yet they arrive', async () => {
    const { store, first } = await leaveWithRequestInFlight(0)
    first.server.release({ status: 0 })
    await advance(0)
    Object.defineProperty(first.win.document, 'visibilityState', { value: 'hidden', configurable: true })
    first.win.document.dispatchEvent(new first.win.Event('visibilitychange')) // comes after pagehide
    await advance(60_000)
    expect(first.server.requests).toHaveLength(1)
    expect(records(store)).toEqual([{ e: [], s: ['In flight'] }])
  })

  it('a success heard after pagehide removes the record', async () => {
    const { store, first } = await leaveWithRequestInFlight(0)
    first.server.release({ status: 200 })
    await advance(0)
    expect(queueKeys(store)).toEqual([])
  })
})

describe('a released record is sent by one page load, once', () => {
  it('taken by the next load and delivered: later heartbeats and loads do not send it again', async () => {
    const { store } = await leaveWithRequestInFlight(MAX_ANSWER_WAIT_MS + 1)
    const next = startTracker(noAuto, { storage: store })
    await advance(HEARTBEAT_MS * 4)
    const later = startTracker(noAuto, { storage: store })
    await advance(HEARTBEAT_MS * 4)
    expect(names(next.server.requests.flatMap((r) => r.body.events))).toEqual(['In flight'])
    expect(later.server.requests).toHaveLength(0)
  })

  it('the page that left does not write it back after the next load took it (a late answer)', async () => {
    const { store, first } = await leaveWithRequestInFlight(MAX_ANSWER_WAIT_MS + 1)
    const next = startTracker(noAuto, { storage: store })
    await advance(0)
    expect(queueKeys(store)).toEqual([]) // taken, and delivered
    first.server.release({ status: 500 }) // the old request's late failure
    await advance(0)
    expect(queueKeys(store)).toEqual([])
    const later = startTracker(noAuto, { storage: store })
    await advance(HEARTBEAT_MS)
    expect(later.server.requests).toHaveLength(0)
    expect(names(next.server.delivered())).toEqual(['In flight'])
  })
})

describe('events made as the page is left', () => {
  it('an event made in a pagehide listener after the tracker’s goes at once, with keepalive, taken as delivered', async () => {
    const store = memoryStorage()
    storeEvidence(store)
    const page = startTracker(noAuto, { storage: store })
    page.win.addEventListener('pagehide', () => page.lyt('At pagehide'))
    pageEvent(page.win, 'pagehide')
    expect(page.server.requests.map((r) => [names(r.body.events), r.keepalive])).toEqual([[['At pagehide'], true]])
    await Promise.resolve()
    expect(records(store)).toEqual([{ e: [], s: ['At pagehide'] }])
  })

  it('…but kept for the next load when the page has no evidence that the server answers', async () => {
    const store = memoryStorage()
    const page = startTracker(noAuto, { storage: store })
    page.win.addEventListener('pagehide', () => page.lyt('At pagehide'))
    pageEvent(page.win, 'pagehide')
    await Promise.resolve()
    expect(page.server.requests).toHaveLength(0)
    expect(records(store)).toEqual([{ e: ['At pagehide'], s: [] }])
    const next = startTracker(noAuto, { storage: store })
    await advance(0)
    expect(names(next.server.delivered())).toEqual(['At pagehide'])
  })

  it('its callback hears the answer if the page lives on', async () => {
    const store = memoryStorage()
    storeEvidence(store)
    const page = startTracker(noAuto, { storage: store })
    const { results, callback } = recorder()
    page.win.addEventListener('pagehide', () => page.lyt('At pagehide', callback))
    pageEvent(page.win, 'pagehide')
    await advance(0)
    expect(results).toEqual([{ ok: true }])
  })
})

describe('offline', () => {
  it('no request is made while the browser is offline; the online event sends at once', async () => {
    const page = startTracker(noAuto, { navigator: { onLine: false } })
    page.lyt('A')
    await advance(60_000)
    expect(page.server.requests).toHaveLength(0)
    setOnline(page.win, true)
    await advance(0)
    expect(names(page.server.delivered())).toEqual(['A'])
  })
})

describe('back from the bfcache with a request that ended unanswered after pagehide (WebKit ends them so)', () => {
  it('what it took as delivered leaves the queue as delivered, what it kept is sent again, and what comes next goes', async () => {
    for (const trusted of [true, false]) {
      const store = memoryStorage()
      if (trusted) storeEvidence(store)
      const page = startTracker(noAuto, { storage: store })
      const { results, callback } = recorder()
      page.server.answer('hang')
      page.lyt('In flight', callback)
      await advance(0)
      pageEvent(page.win, 'pagehide', true)
      page.server.release({ status: 0 }) // ended with no answer, after pagehide
      await advance(0)
      pageEvent(page.win, 'pageshow', true)
      page.lyt('After', { metadata: {} })
      await advance(2000)
      const names = page.server.requests.map((r) => r.body.events.map((e: any) => e.name))
      expect(names).toEqual(trusted ? [['In flight'], ['After']] : [['In flight'], ['In flight', 'After']])
      expect(results).toEqual([{ ok: true }])
      expect(page.lyt.queueLength()).toBe(0)
    }
  })
})

describe('a request that has waited longer than a healthy server takes: the server is not answering', () => {
  it('as the page is left: nothing more is handed over, what the last page left held is sent again, the stored success is gone', async () => {
    const store = memoryStorage()
    storeEvidence(store)
    const event = (name: string) => ({ name, path: '/', hostname: 'shop.example', timestamp: new Date().toISOString(), id: name })
    store.items.set('lyt_q_left', JSON.stringify({ h: Date.now(), e: [event('Held')], s: 1, l: 1 }))
    const page = startTracker({ ...noAuto, flushInterval: 60_000 }, { storage: store })
    page.server.answer('hang')
    page.lyt('Hanging')
    await advance(0)
    page.lyt('Waiting')
    await advance(MIN_ANSWER_WAIT_MS) // unanswered as long as a healthy server may take here
    pageEvent(page.win, 'pagehide')
    expect(page.server.names()).toEqual(['Hanging'])
    expect(records(store)).toEqual([{ e: ['Held', 'Hanging', 'Waiting'], s: [] }])
    expect(store.items.has(SUCCESS_KEY_PREFIX + '/api/analytics')).toBe(false)
  })
})

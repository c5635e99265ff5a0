// The edges of the tracker's rules — exact limits, odd answers, storage that fails halfway,
// records that only look like ours — each found by a mutant the other tests let live
// (`npm run mutate`): every test here fails when its rule is changed by one operator.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createLyt,
  EXIT_BATCH_EVENTS,
  HEARTBEAT_MS,
  HOLD_MS,
  KEEPALIVE_BUDGET_BYTES,
  QUEUE_KEY_PREFIX,
  STALE_AFTER_MS,
  MIN_ANSWER_WAIT_MS,
} from '../../src/lyt'
import type { Feature } from '../../src/hooks'
import {
  advance,
  browserWindow,
  fakeServer,
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
  vi.restoreAllMocks()
})

const noAuto = { autoPageview: false }
const queueKeys = (store: ReturnType<typeof memoryStorage>) =>
  [...store.items.keys()].filter((k) => k.startsWith(QUEUE_KEY_PREFIX))
const names = (events: any[]) => events.map((event) => event.name)
/** A stored event as a tracker writes it. */
const stored = (name: string, id = name, time = Date.now()) => ({
  name,
  path: '/p',
  hostname: 'shop.example',
  timestamp: new Date(time).toISOString(),
  id,
})

describe('settings and the console', () => {
  it('says nothing on the console by default', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { lyt } = startTracker()
    lyt('A')
    lyt('')
    await advance(1000)
    expect([log.mock.calls, warn.mock.calls]).toEqual([[], []])
  })

  it('createLyt() with no settings at all works', async () => {
    const server = fakeServer()
    const _lyt = createLyt(undefined, {
      window: browserWindow() as any,
      storage: memoryStorage().storage,
      transport: server.transport,
      startUp: (task) => task(),
    })
    await advance(0)
    expect(server.names()).toEqual(['Page View'])
  })

  it('"bad setting" only for a value of the wrong type, never for a setting left out', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { lyt } = startTracker({ ...noAuto, debug: true })
    lyt.configure({ flushInterval: 500 })
    expect(warn).not.toHaveBeenCalled()
    lyt.configure({ flushInterval: [] as any })
    expect(warn.mock.calls).toEqual([['[Lyt]', 'bad setting', 'flushInterval']])
  })

  it('an error inside a call is caught and, with debug, said', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { lyt } = startTracker({ ...noAuto, debug: true })
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('hostile getter')
        },
      },
    ) // prettier-ignore
    expect(() => lyt.configure(hostile)).not.toThrow()
    expect(String(warn.mock.calls[0]?.[1])).toContain('hostile getter')
  })

  it('the session fields take exactly utm_source/medium/campaign/term/content, when they have a value', async () => {
    const { lyt, server } = startTracker(noAuto, {
      url: 'https://shop.example/?utm_source=a&utm_medium=&xutm_campaign=b&utm_terms=c&utm_content=d&token=t',
    })
    lyt('A')
    await advance(0)
    const { events, ...session } = server.requests[0].body
    expect(session).toEqual({ screen_width: 1280, screen_height: 800, path: '/', utm_source: 'a', utm_content: 'd' })
  })

  it('an endpoint with trailing slashes posts to {endpoint}/events all the same', async () => {
    const { lyt, server } = startTracker({ ...noAuto, endpoint: '/api/analytics//' })
    lyt('A')
    await advance(0)
    expect(server.requests[0].url).toBe('/api/analytics/events')
  })
})

describe('the debug lines say what happened', () => {
  it('not tracked (and why), a retry and its delay, a take-over', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const store = memoryStorage()
    store.items.set(QUEUE_KEY_PREFIX + 'gone', JSON.stringify({ h: 0, e: [stored('Orphan')], s: 0, l: 1 }))
    const { lyt, server } = startTracker(
      { ...noAuto, debug: true, exclude: '/private' },
      { storage: store, environment: { random: () => 0 } },
    )
    server.answer({ status: 500 })
    await advance(0)
    lyt('Hidden', { path: '/private' })
    const lines = log.mock.calls.map((call) => call.slice(1, 3))
    expect(lines).toContainEqual(['took over', QUEUE_KEY_PREFIX + 'gone'])
    expect(lines).toContainEqual([500, 'retry in'])
    expect(lines).toContainEqual(['not tracked:', 'excluded'])
    const dnt = startTracker({ ...noAuto, debug: true }, { navigator: { doNotTrack: '1' } })
    dnt.lyt('A')
    expect(log.mock.calls.at(-1)!.slice(1, 3)).toEqual(['not tracked:', 'dnt'])
  })
})

describe('an event a feature stops', () => {
  it('is not queued nor stored: a call whose every event was stopped writes nothing, and says nothing was queued', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const stopper: Feature = {
      install: (_tracker, hooks) => void hooks.queue.push(() => ({ ok: false, ignored: true, reason: 'stopped' })),
    }
    const { lyt, store } = startTracker({ ...noAuto, debug: true, features: [stopper] })
    const { results, callback } = recorder()
    lyt('Stopped', {}, callback)
    await advance(1000)
    expect(store.state.writes).toBe(0)
    expect(results).toEqual([{ ok: false, ignored: true, reason: 'stopped' }])
    expect(log.mock.calls.filter((call) => call[1] === 'queued')).toEqual([])
  })
})

describe('opt-out', () => {
  it('kept in storage, not in memory: another tab’s opt-in (the key removed) resumes tracking here', async () => {
    const { lyt, server, store } = startTracker(noAuto)
    lyt.optOut()
    store.items.delete('lyt_ignore')
    lyt('After opt-in elsewhere')
    await advance(0)
    expect(server.names()).toEqual(['After opt-in elsewhere'])
  })

  it('with storage that cannot be written, held in memory: nothing is tracked after optOut()', async () => {
    const { lyt, server, store } = startTracker(noAuto)
    store.state.failWrites = true
    lyt.optOut()
    const { results, callback } = recorder()
    lyt('After opt-out', {}, callback)
    await advance(1000)
    expect(server.names()).toEqual([])
    expect(results).toEqual([{ ok: false, ignored: true, reason: 'opt_out' }])
  })
})

describe('the page turning hidden or visible, and the bfcache', () => {
  const setVisible = (win: ReturnType<typeof browserWindow>) => {
    Object.defineProperty(win.document, 'visibilityState', { value: 'visible', configurable: true })
    win.document.dispatchEvent(new win.Event('visibilitychange'))
  }

  it('turning visible sends nothing early: the interval still spaces requests', async () => {
    const { lyt, win, server } = startTracker(noAuto)
    lyt('A')
    await advance(0)
    lyt('B')
    setVisible(win)
    await advance(10)
    expect(server.requests).toHaveLength(1)
    await advance(1000)
    expect(server.requests).toHaveLength(2)
  })

  it('the leave hooks run as the page turns hidden, not as it turns visible', () => {
    let leaves = 0
    const counter: Feature = { install: (_tracker, hooks) => void hooks.leave.push(() => leaves++) }
    const { win } = startTracker({ ...noAuto, features: [counter] })
    setVisible(win)
    expect(leaves).toBe(0)
    setHidden(win)
    expect(leaves).toBe(1)
  })

  it('back from the bfcache (pageshow, persisted), the page is live again: a failure is retried by it', async () => {
    const { lyt, win, server } = startTracker(noAuto)
    pageEvent(win, 'pagehide')
    pageEvent(win, 'pageshow', true)
    server.answer({ status: 500 })
    lyt('Back')
    await advance(5000)
    expect(names(server.delivered())).toEqual(['Back'])
  })

  it('an ordinary pageshow (not from the bfcache) changes nothing: the interval still spaces requests', async () => {
    const { lyt, win, server } = startTracker(noAuto)
    lyt('A')
    await advance(0)
    lyt('B')
    pageEvent(win, 'pageshow', false)
    await advance(10)
    expect(server.requests).toHaveLength(1)
  })
})

describe('delivery: exact limits and odd answers', () => {
  it(`in flight exactly ${MIN_ANSWER_WAIT_MS} ms as the page is left: no longer trusted, kept for the next load`, async () => {
    const store = memoryStorage()
    const { lyt, win, server } = startTracker(noAuto, { storage: store })
    server.answer('hang')
    lyt('Slow')
    await advance(MIN_ANSWER_WAIT_MS)
    pageEvent(win, 'pagehide')
    const record = JSON.parse(store.items.get(queueKeys(store)[0])!)
    expect([record.s, names(record.e)]).toEqual([0, ['Slow']])
  })

  it('the keepalive budget comes back as requests are answered: large requests one after another all go with keepalive', async () => {
    const { lyt, server } = startTracker(noAuto)
    // Five events of 9,011 bytes of metadata: one request of about 46,000 bytes, twice.
    for (const round of [1, 2]) {
      for (let i = 0; i < 5; i++) lyt('Large ' + round, { metadata: { text: '€'.repeat(3000) } })
      await advance(1000)
    }
    expect(server.requests.map((r) => [r.body.events.length, r.keepalive])).toEqual([
      [5, true],
      [5, true],
    ])
    expect(new Blob([server.requests[0].raw]).size).toBeGreaterThan(KEEPALIVE_BUDGET_BYTES / 2)
  })

  it(`a body of exactly ${KEEPALIVE_BUDGET_BYTES} bytes still fits the keepalive budget; one byte more does not`, async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.123456789) // ids of one length
    const bodyBytes = async (queryLength: number, leaveHanging = false) => {
      const { lyt, server } = startTracker(
        { ...noAuto, query: '*' },
        { url: 'https://shop.example/?q=' + 'x'.repeat(queryLength) },
      )
      if (leaveHanging) server.answer('hang')
      lyt('Sized')
      await advance(0)
      const [request] = server.requests
      return { bytes: new Blob([request.raw]).size, keepalive: request.keepalive }
    }
    const probe = await bodyBytes(60_000)
    const exact = await bodyBytes(60_000 + KEEPALIVE_BUDGET_BYTES - probe.bytes)
    const over = await bodyBytes(60_000 + KEEPALIVE_BUDGET_BYTES - probe.bytes + 1)
    expect([exact.bytes, exact.keepalive]).toEqual([KEEPALIVE_BUDGET_BYTES, true])
    expect([over.bytes, over.keepalive]).toEqual([KEEPALIVE_BUDGET_BYTES + 1, false])
  })

  it('a request without keepalive takes nothing of the budget: what goes as the page is left still has all of it', async () => {
    const store = memoryStorage()
    storeEvidence(store)
    const { lyt, win, server } = startTracker(
      { ...noAuto, query: '*' },
      { storage: store, url: 'https://shop.example/?q=' + 'x'.repeat(70_000) },
    )
    server.answer('hang')
    lyt('Huge')
    await advance(0)
    lyt.configure({ query: '' }) // later events are small
    lyt('Small')
    pageEvent(win, 'pagehide')
    expect(server.requests.map((r) => [names(r.body.events), r.keepalive])).toEqual([
      [['Huge'], false],
      [['Small'], true],
    ])
  })

  it('an answered request without keepalive gives back nothing: the budget never grows past 63,000 B', async () => {
    const store = memoryStorage()
    storeEvidence(store)
    const { lyt, win, server } = startTracker(
      { ...noAuto, query: '*' },
      { storage: store, url: 'https://shop.example/?q=' + 'x'.repeat(70_000) },
    )
    lyt('Huge') // without keepalive, answered 200
    await advance(0)
    expect(server.requests.map((r) => r.keepalive)).toEqual([false])
    lyt.configure({ query: '' })
    server.answer(...Array(8).fill('hang'))
    const metadata = { blob: 'x'.repeat(9000) } // about 9,300 B a request: six fill 63,000 B
    for (let i = 0; i < 8; i++) lyt('Big ' + i, { metadata })
    await advance(1000) // one goes now, then waits its answer
    pageEvent(win, 'pagehide')
    expect(server.requests.slice(1).every((r) => r.keepalive)).toBe(true)
    const keepaliveBytes = server.requests.slice(1).reduce((sum, r) => sum + new TextEncoder().encode(r.raw).length, 0)
    expect(keepaliveBytes).toBeLessThanOrEqual(KEEPALIVE_BUDGET_BYTES)
    expect(server.requests.slice(1).flatMap((r) => names(r.body.events))).toHaveLength(6)
  })

  it(`what goes as the page is left goes in requests of at most ${EXIT_BATCH_EVENTS} events`, async () => {
    const store = memoryStorage()
    storeEvidence(store)
    const { lyt, win, server } = startTracker({ ...noAuto, flushInterval: 60_000 }, { storage: store })
    lyt('First')
    await advance(0)
    for (let i = 0; i < 25; i++) lyt('Waiting ' + i)
    pageEvent(win, 'pagehide')
    expect(server.requests.map((r) => r.body.events.length)).toEqual([1, 10, 10, 5])
  })

  it('a 300 is not a success: a lone event is refused (rejected, with the status)', async () => {
    const { lyt, server } = startTracker(noAuto)
    server.answer({ status: 300 })
    const { results, callback } = recorder()
    lyt('A', {}, callback)
    await advance(1000)
    expect(results).toEqual([{ ok: false, error: 'rejected', status: 300 }])
  })

  it('only a 400 names events: a 422 with the same details refuses by halving, never per named event', async () => {
    const { lyt, server } = startTracker(noAuto)
    const details = { 'events[1].name': ['is invalid'] }
    server.answer({ status: 422, body: { ok: false, error: 'validation_error', details } }, { status: 200 }, { status: 422 })
    const a = recorder()
    const b = recorder()
    lyt('A', {}, a.callback)
    lyt('B', {}, b.callback)
    await advance(1000)
    // Halved: A alone (delivered), then B alone (refused): neither as 'validation_error'.
    expect(server.requests.map((r) => names(r.body.events))).toEqual([['A', 'B'], ['A'], ['B']])
    expect([a.results, b.results]).toEqual([[{ ok: true }], [{ ok: false, error: 'rejected', status: 422 }]])
  })
})

describe('held events: the exact hold', () => {
  /** A page left with one event taken as delivered, and the next load, offline until `firstRequestAfter` ms. */
  async function nextLoadFirstRequestAfter(firstRequestAfter: number) {
    const store = memoryStorage()
    storeEvidence(store)
    const first = startTracker(noAuto, { storage: store })
    first.server.answer('hang')
    first.lyt('Taken')
    await advance(0)
    pageEvent(first.win, 'pagehide')
    const next = startTracker(noAuto, { storage: store, navigator: { onLine: false } })
    await advance(firstRequestAfter)
    Object.defineProperty(next.win.navigator, 'onLine', { value: true, configurable: true })
    next.server.answer({ status: 500 })
    next.lyt('Next')
    next.win.dispatchEvent(new next.win.Event('online'))
    await advance(HOLD_MS * 6)
    return names(next.server.delivered())
  }

  it(`a first request exactly ${HOLD_MS} ms after the page was left still decides: its failure sends the held again`, async () => {
    expect(await nextLoadFirstRequestAfter(HOLD_MS)).toEqual(['Taken', 'Next'])
  })

  it('one made later decides nothing: the held were delivered', async () => {
    expect(await nextLoadFirstRequestAfter(HOLD_MS + 1)).toEqual(['Next'])
  })

  it(`a released record left more than ${HOLD_MS} ms ago is past holding: what it took as delivered is not held`, async () => {
    const store = memoryStorage()
    store.items.set(QUEUE_KEY_PREFIX + 'left', JSON.stringify({ h: Date.now() - HOLD_MS - 1, e: [stored('Taken')], s: 1, l: 1 }))
    const next = startTracker(noAuto, { storage: store })
    next.server.answer({ status: 500 })
    next.lyt('Next')
    await advance(HOLD_MS * 6)
    expect(names(next.server.delivered())).toEqual(['Next'])
  })

  it('a failure with one event taken and one kept sends each of them once', async () => {
    const store = memoryStorage()
    store.items.set(
      QUEUE_KEY_PREFIX + 'left',
      JSON.stringify({ h: Date.now() - 100, e: [stored('Taken'), stored('Kept')], s: 1, l: 1 }),
    )
    const next = startTracker(noAuto, { storage: store })
    next.server.answer({ status: 500 })
    await advance(HOLD_MS * 6)
    expect(names(next.server.delivered()).sort()).toEqual(['Kept', 'Taken'])
  })
})

describe('taking records over: only what is truly another tab’s, gone', () => {
  it('a record whose heartbeat is exactly STALE_AFTER_MS old is stale: taken over; a millisecond younger is not', async () => {
    for (const [age, expected] of [
      [STALE_AFTER_MS, ['Quiet']],
      [STALE_AFTER_MS - 1, []],
    ] as const) {
      const store = memoryStorage()
      store.items.set(QUEUE_KEY_PREFIX + 'quiet', JSON.stringify({ h: Date.now() - age, e: [stored('Quiet')] }))
      const { server } = startTracker(noAuto, { storage: store })
      await advance(0)
      expect(server.names()).toEqual(expected)
    }
  })

  it('a key without the prefix is never taken, whatever it holds', async () => {
    const store = memoryStorage()
    store.items.set('other_app', JSON.stringify({ h: 0, e: [stored('Not ours')], s: 0, l: 1 }))
    const { server } = startTracker(noAuto, { storage: store })
    await advance(HEARTBEAT_MS + 1)
    expect(server.names()).toEqual([])
    expect(store.items.has('other_app')).toBe(true)
  })

  it('a tab never takes its own record over, even when it stopped renewing it (writes failing)', async () => {
    const store = memoryStorage()
    const { lyt, server } = startTracker(noAuto, { storage: store })
    server.answer('hang')
    lyt('Mine')
    await advance(0)
    const [ownKey] = queueKeys(store)
    store.state.failWrites = true
    await advance(STALE_AFTER_MS * 2)
    expect(store.items.has(ownKey)).toBe(true)
  })

  it('an event it already has is not taken again from another record (one id, one request at a time)', async () => {
    const store = memoryStorage()
    const { lyt, server } = startTracker(noAuto, { storage: store })
    server.answer('hang')
    lyt('Mine')
    await advance(0)
    const mine = server.requests[0].body.events[0]
    store.items.set(QUEUE_KEY_PREFIX + 'copy', JSON.stringify({ h: 0, e: [mine, stored('Theirs')], s: 0, l: 1 }))
    store.items.set(QUEUE_KEY_PREFIX + 'held', JSON.stringify({ h: Date.now(), e: [mine], s: 1, l: 1 }))
    await advance(HEARTBEAT_MS + 1)
    server.release({ status: 500 }) // the first answer fails: what is held would go again
    await advance(HOLD_MS * 3)
    expect(names(server.delivered()).filter((name) => name === 'Mine')).toHaveLength(1)
    expect(lyt.queueLength()).toBe(0)
  })

  it('a storage event on another key, whatever its old value, takes nothing from this tab', async () => {
    const { lyt, win, server } = startTracker(noAuto)
    server.answer('hang')
    const { results, callback } = recorder()
    lyt('Mine', {}, callback)
    await advance(0)
    const mine = server.requests[0].body.events[0]
    const event = new win.Event('storage') as any
    Object.assign(event, { key: QUEUE_KEY_PREFIX + 'someone', oldValue: JSON.stringify({ h: 0, e: [mine] }) })
    win.dispatchEvent(event)
    server.release()
    await advance(0)
    expect(results).toEqual([{ ok: true }])
  })

  it('storage that never took a write: a page left is not mistaken for one whose record was taken over', async () => {
    const store = memoryStorage()
    store.state.failWrites = true
    const { lyt, win, server } = startTracker(noAuto, { storage: store })
    server.answer('hang')
    const { results, callback } = recorder()
    lyt('First', {}, callback)
    await advance(0)
    pageEvent(win, 'pagehide')
    server.release()
    await advance(0)
    expect(results).toEqual([{ ok: true }])
  })
})

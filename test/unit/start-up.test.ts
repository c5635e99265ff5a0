// Start-up: the loading task is the page's. What can wait — the first read of storage (other
// tabs' records, the opt-out), listening to storage, the heartbeat, the automatic page view —
// runs in a task of its own (the environment's `startUp`), so the page's next script runs
// first. A call the page makes meanwhile is still stored before its task ends.

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLyt, QUEUE_KEY_PREFIX } from '../../src/lyt'
import {
  advance,
  browserWindow,
  fakeServer,
  memoryStorage,
  pageEvent,
  setHidden,
  startTracker,
  storeEvidence,
  useFakeTime,
} from './harness'

beforeEach(useFakeTime)
afterEach(() => localStorage.clear())

/** A tracker whose start-up task waits until the test runs it. */
function loading(settings = {}, { evidence = false } = {}) {
  const server = fakeServer()
  const store = memoryStorage()
  // Another page of the origin heard the server answer a moment ago (src/trust.ts).
  if (evidence) storeEvidence(store)
  const win = browserWindow()
  const reads: string[] = []
  const storage = new Proxy(store.storage, {
    get(target, name) {
      reads.push(String(name))
      const value = Reflect.get(target, name)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  let startUp = () => {}
  const lyt = createLyt(settings, {
    window: win as any,
    storage,
    transport: server.transport,
    startUp: (task) => (startUp = task),
  })
  return { lyt, server, store, win, reads, startUp: () => startUp() }
}

describe('start-up', () => {
  it('the loading task touches no storage and queues nothing; the start-up task makes the page view', async () => {
    const { lyt, server, store, reads, startUp } = loading()
    expect(reads).toEqual([])
    expect(lyt.queueLength()).toBe(0)
    startUp()
    expect(lyt.queueLength()).toBe(1)
    await Promise.resolve() // the start-up task's microtasks: the save
    expect([...store.items.keys()].some((key) => key.startsWith(QUEUE_KEY_PREFIX))).toBe(true)
    await advance(0)
    expect(server.names()).toEqual(['Page View'])
  })

  it('the default start-up task is a timer: the page view waits for the loading task to end', async () => {
    const server = fakeServer()
    const lyt = createLyt({}, { window: browserWindow() as any, storage: memoryStorage().storage, transport: server.transport })
    expect(lyt.queueLength()).toBe(0)
    await advance(0)
    expect(lyt.queueLength()).toBe(1)
  })

  it('a call in the loading task is stored before its task ends, and sent with the page view', async () => {
    const { lyt, server, store, startUp } = loading()
    lyt('Early')
    await Promise.resolve() // the task's microtasks: the save
    expect(JSON.stringify([...store.items.values()])).toContain('Early')
    startUp()
    await advance(1000)
    expect(server.names().sort()).toEqual(['Early', 'Page View'])
  })

  it('events an earlier page left are taken over by the start-up task, not the loading task', async () => {
    const { store, server, startUp } = (() => {
      const store = memoryStorage()
      store.items.set(
        QUEUE_KEY_PREFIX + 'gone',
        JSON.stringify({
          h: 0,
          e: [{ name: 'Left', path: '/', hostname: 'x', timestamp: new Date().toISOString(), id: 'left-1' }],
        }),
      )
      const server = fakeServer()
      let task = () => {}
      createLyt(
        { autoPageview: false },
        { window: browserWindow() as any, storage: store.storage, transport: server.transport, startUp: (run) => (task = run) },
      )
      return { store, server, startUp: () => task() }
    })()
    await advance(1000)
    expect(server.names()).toEqual([])
    expect(store.items.has(QUEUE_KEY_PREFIX + 'gone')).toBe(true)
    startUp()
    await advance(1)
    expect(server.names()).toEqual(['Left'])
  })

  it('autoPageview turned off by a call made before start-up (a stubbed configure) sends no page view', async () => {
    const { lyt, server, startUp } = loading()
    lyt.configure({ autoPageview: false })
    startUp()
    await advance(1000)
    expect(server.names()).toEqual([])
  })

  it('a page left before its start-up task ran still sends its page view, as it leaves, once', async () => {
    const { lyt, server, win, startUp } = loading({}, { evidence: true })
    lyt('Early')
    pageEvent(win, 'pagehide')
    expect(server.requests.map((request) => [request.keepalive, request.body.events.map((e: any) => e.name)])).toEqual([
      [true, ['Early', 'Page View']],
    ])
    // Back from the bfcache: a page view of its own, as a reload would make. The start-up
    // task runs at last: it makes none.
    pageEvent(win, 'pageshow', true)
    startUp()
    await advance(5000)
    expect(server.names()).toEqual(['Early', 'Page View', 'Page View'])
  })

  it('…and without evidence that the server answers, its page view waits in storage for the next load', async () => {
    const { lyt, server, store, win } = loading()
    lyt('Early')
    pageEvent(win, 'pagehide')
    await advance(0)
    expect(server.requests).toHaveLength(0)
    const [record] = [...store.items].filter(([key]) => key.startsWith(QUEUE_KEY_PREFIX)).map(([, text]) => JSON.parse(text))
    expect([record.s, record.e.map((e: any) => e.name)]).toEqual([0, ['Early', 'Page View']])
  })

  it('a page hidden before its start-up task ran sends its page view as it turns hidden, once', async () => {
    const { server, win, startUp } = loading({}, { evidence: true })
    setHidden(win)
    expect(server.requests.map((request) => [request.keepalive, request.body.events.map((e: any) => e.name)])).toEqual([
      [true, ['Page View']],
    ])
    startUp()
    await advance(5000)
    expect(server.names()).toEqual(['Page View'])
  })

  it('with autoPageview off, a page left before start-up sends no page view', async () => {
    const { server, win } = loading({ autoPageview: false })
    pageEvent(win, 'pagehide')
    await advance(1000)
    expect(server.names()).toEqual([])
  })

  it('after the start-up task made the page view, leaving makes no second one', async () => {
    const { server, win, startUp } = loading()
    startUp()
    await advance(0)
    pageEvent(win, 'pagehide')
    await advance(1000)
    expect(server.names()).toEqual(['Page View'])
  })
})

describe('what a visitor saw (docs/contract.md §2)', () => {
  /** A window whose document is being prerendered until `show()`. */
  function prerendered() {
    const win = browserWindow()
    let prerendering = true
    Object.defineProperty(win.document, 'prerendering', { get: () => prerendering, configurable: true })
    const show = () => {
      prerendering = false
      win.document.dispatchEvent(new win.Event('prerenderingchange'))
    }
    return { win, show }
  }

  it('a prerendered page stores and sends nothing, makes no page view, until it is shown', async () => {
    const { win } = prerendered()
    const store = memoryStorage()
    storeEvidence(store)
    const before = [...store.items.entries()]
    store.items.set(
      QUEUE_KEY_PREFIX + 'gone',
      JSON.stringify({
        h: 0,
        e: [{ name: 'Left', path: '/', hostname: 'x', timestamp: new Date().toISOString(), id: 'left-1' }],
      }),
    )
    const server = fakeServer()
    const lyt = createLyt(
      {},
      { window: win as any, storage: store.storage, transport: server.transport, startUp: (task) => task() },
    )
    lyt('Made while prerendered') // the page's own script
    await advance(60_000)
    setHidden(win) // a prerendered page is hidden; then it may be discarded
    pageEvent(win, 'pagehide')
    await advance(1000)
    expect(server.requests).toHaveLength(0)
    expect([...store.items.entries()].filter(([key]) => key !== QUEUE_KEY_PREFIX + 'gone')).toEqual(before)
    expect(store.state.writes).toBe(0)
    expect(lyt.queueLength()).toBe(1)
  })

  it('shown: the page view is made then, and what waited (its own call, another page’s events) goes once', async () => {
    const { win, show } = prerendered()
    const store = memoryStorage()
    store.items.set(
      QUEUE_KEY_PREFIX + 'gone',
      JSON.stringify({
        h: 0,
        e: [{ name: 'Left', path: '/', hostname: 'x', timestamp: new Date().toISOString(), id: 'left-1' }],
      }),
    )
    const server = fakeServer()
    const lyt = createLyt(
      {},
      { window: win as any, storage: store.storage, transport: server.transport, startUp: (task) => task() },
    )
    lyt('Made while prerendered')
    await advance(5000)
    const shownAt = Date.now()
    show()
    await advance(5000)
    expect(server.names().sort()).toEqual(['Left', 'Made while prerendered', 'Page View'])
    const pageView = server.requests.flatMap((r) => r.body.events).find((e: any) => e.name === 'Page View')
    expect(Date.parse(pageView.timestamp)).toBe(shownAt)
    expect(store.items.has(QUEUE_KEY_PREFIX + 'gone')).toBe(false)
  })

  it('a page restored from the back/forward cache is a new page view; one shown again by a tab switch is not', async () => {
    const store = memoryStorage()
    storeEvidence(store)
    const { lyt, win, server } = startTracker({}, { storage: store })
    await advance(0)
    setHidden(win)
    Object.defineProperty(win.document, 'visibilityState', { value: 'visible', configurable: true })
    win.document.dispatchEvent(new win.Event('visibilitychange'))
    pageEvent(win, 'pagehide', true)
    pageEvent(win, 'pageshow', true)
    await advance(1000)
    expect(server.names()).toEqual(['Page View', 'Page View'])
    lyt.configure({ autoPageview: false })
    pageEvent(win, 'pagehide', true)
    pageEvent(win, 'pageshow', true)
    await advance(1000)
    expect(server.names()).toEqual(['Page View', 'Page View'])
  })
})

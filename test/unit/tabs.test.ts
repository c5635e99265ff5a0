// Several tabs of one origin share storage: each event is sent by one tab only, and what a
// tab leaves behind (closed, crashed) is taken over by another tab or the next page load.
// Storage events between real tabs are shown in Chromium by test/e2e; here they are sent
// by hand, because happy-dom windows share neither storage nor its events.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { HEARTBEAT_MS, STALE_AFTER_MS, MAX_ANSWER_WAIT_MS } from '../../src/lyt'
import {
  advance,
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
})

const noAuto = { autoPageview: false }
const queueKeys = (store: ReturnType<typeof memoryStorage>) => [...store.items.keys()].filter((k) => k.startsWith('lyt_q_'))
const event = (name: string, time = Date.now()) => ({
  name,
  path: '/',
  hostname: 'h',
  timestamp: new Date(time).toISOString(),
  id: name + '-id',
})
const record = (h: number, ...names: string[]) => JSON.stringify({ h, e: names.map((name) => event(name)) })
const recordOf = (store: ReturnType<typeof memoryStorage>) => JSON.parse(store.items.get(queueKeys(store)[0])!)

describe('two tabs', () => {
  it('two tabs firing at once each keep their own record: nothing is overwritten', async () => {
    const store = memoryStorage()
    const a = startTracker(noAuto, { storage: store })
    const b = startTracker(noAuto, { storage: store })
    a.server.answer('hang')
    b.server.answer('hang')
    for (let i = 0; i < 50; i++) {
      a.lyt('A' + i)
      b.lyt('B' + i)
    }
    await Promise.resolve()
    const records = queueKeys(store).map((key) => JSON.parse(store.items.get(key)!).e.length)
    expect(records).toEqual([50, 50])
  })

  it('a live tab’s events are never sent by another tab, however long its server fails', async () => {
    const store = memoryStorage()
    const a = startTracker(noAuto, { storage: store })
    const b = startTracker(noAuto, { storage: store })
    for (let i = 0; i < 100; i++) a.server.answer({ status: 500 })
    a.lyt('Mine')
    await advance(STALE_AFTER_MS * 4)
    expect(b.server.requests).toHaveLength(0)
    expect(a.lyt.queueLength()).toBe(1)
  })

  it('a tab that left (pagehide) is taken over by an open tab at its next heartbeat', async () => {
    const store = memoryStorage()
    const a = startTracker(noAuto, { storage: store })
    const b = startTracker(noAuto, { storage: store })
    a.server.answer('hang')
    a.lyt('Left behind')
    await advance(MAX_ANSWER_WAIT_MS + 1) // long unanswered: not taken as delivered
    pageEvent(a.win, 'pagehide')
    await advance(HEARTBEAT_MS)
    expect(b.server.delivered().map((e: any) => e.name)).toEqual(['Left behind'])
    expect(queueKeys(store)).toEqual([])
  })

  it('a tab that crashed (its heartbeat stopped) is taken over within seconds', async () => {
    const store = memoryStorage()
    const crashedAt = Date.now()
    store.items.set('lyt_q_crashed', record(crashedAt, 'Orphan'))
    const b = startTracker(noAuto, { storage: store })
    await advance(1000)
    expect(b.server.requests).toHaveLength(0) // it might still be alive
    await advance(STALE_AFTER_MS + HEARTBEAT_MS)
    expect(b.server.delivered().map((e: any) => e.name)).toEqual(['Orphan'])
    expect(store.items.has('lyt_q_crashed')).toBe(false)
  })

  it('back from the bfcache after another tab took its events over, a tab does not send them again', async () => {
    const store = memoryStorage()
    const a = startTracker(noAuto, { storage: store })
    a.server.answer('hang')
    a.lyt('Taken')
    await advance(MAX_ANSWER_WAIT_MS + 1)
    pageEvent(a.win, 'pagehide')
    const b = startTracker(noAuto, { storage: store })
    await advance(0)
    expect(b.server.delivered().map((e: any) => e.name)).toEqual(['Taken'])
    a.server.release({ status: 500 }) // the old request failed: A would retry it …
    pageEvent(a.win, 'pageshow', true) // … but it is B's now
    await advance(60_000)
    expect(a.server.requests).toHaveLength(1)
    expect(a.lyt.queueLength()).toBe(0)
  })
})

describe('the stored record', () => {
  it('a tab writes its heartbeat and endpoint with its events, and `s` (taken as delivered) and `l` (released) once the page is left', async () => {
    const evidence = memoryStorage()
    storeEvidence(evidence)
    const { lyt, win, store, server } = startTracker(noAuto, { storage: evidence })
    server.answer('hang')
    lyt('x')
    await Promise.resolve()
    expect(recordOf(store)).toEqual({ h: Date.now(), a: '/api/analytics', e: [expect.objectContaining({ name: 'x' })] })
    await advance(500)
    pageEvent(win, 'pagehide')
    // Its request, just sent to a server that answered another page a moment ago, is taken as delivered.
    expect(recordOf(store)).toEqual({
      h: Date.now(),
      a: '/api/analytics',
      e: [expect.objectContaining({ name: 'x' })],
      s: 1,
      l: 1,
    })
  })

  it('several trackers keep their records apart: each takes over only what is for its own endpoint', async () => {
    const store = memoryStorage()
    store.items.set('lyt_q_one', JSON.stringify({ h: 0, a: '/one', e: [event('For one')], s: 0, l: 1 }))
    store.items.set('lyt_q_two', JSON.stringify({ h: 0, a: '/two', e: [event('For two')], s: 0, l: 1 }))
    // A record from before records named their endpoint: any tracker's (here the first to look).
    store.items.set('lyt_q_old', JSON.stringify({ h: 0, e: [event('Old')] }))
    const one = startTracker({ ...noAuto, endpoint: '/one' }, { storage: store })
    const two = startTracker({ ...noAuto, endpoint: '/two' }, { storage: store })
    await advance(HEARTBEAT_MS * 4)
    expect(one.server.requests.map((r) => [r.url, r.body.events.map((e: any) => e.name)])).toEqual([
      ['/one/events', ['Old', 'For one']],
    ])
    expect(two.server.requests.map((r) => [r.url, r.body.events.map((e: any) => e.name)])).toEqual([['/two/events', ['For two']]])
    // Left with events waiting, each leaves its own record; a new tracker of each takes only its own.
    one.server.answer({ status: 500 })
    two.server.answer({ status: 500 })
    one.lyt('Later one')
    two.lyt('Later two')
    await advance(0)
    pageEvent(one.win, 'pagehide')
    pageEvent(two.win, 'pagehide')
    const nextTwo = startTracker({ ...noAuto, endpoint: '/two' }, { storage: store })
    await advance(0)
    expect(nextTwo.server.requests.map((r) => [r.url, r.body.events.map((e: any) => e.name)])).toEqual([
      ['/two/events', ['Later two']],
    ])
    expect(queueKeys(store).map((key) => JSON.parse(store.items.get(key)!).a)).toEqual(['/one'])
  })

  it('a fresh record is not taken; released and stale ones are, and sent once the tab has heard the server answer its own', async () => {
    const store = memoryStorage()
    store.items.set('lyt_q_live', record(Date.now() - 1000, 'live'))
    store.items.set('lyt_q_released', record(0, 'released'))
    store.items.set('lyt_q_stale', record(Date.now() - STALE_AFTER_MS - 1, 'stale'))
    store.items.set('unrelated', 'kept')
    const { lyt, server } = startTracker(noAuto, { storage: store })
    lyt('mine')
    await advance(1000)
    expect(server.requests.map((r) => r.body.events.map((e: any) => e.name).sort())).toEqual([['mine'], ['released', 'stale']])
    // (and the success the tab heard, for the next page: src/trust.ts)
    expect([...store.items.keys()].sort()).toEqual(['lyt_ok_/api/analytics', 'lyt_q_live', 'unrelated'])
  })

  it('taken-over events wait for a success: while the server hangs, each page load sends its own events, never the taken ones again', async () => {
    const store = memoryStorage()
    store.items.set('lyt_q_left', record(0, 'left'))
    const first = startTracker(noAuto, { storage: store })
    first.server.answer('hang')
    first.lyt('First own')
    await advance(5000)
    pageEvent(first.win, 'pagehide') // no answer heard: nothing trusted, nothing more sent
    const second = startTracker(noAuto, { storage: store })
    second.server.answer('hang')
    second.lyt('Second own')
    await advance(5000)
    expect([first.server.names(), second.server.names()]).toEqual([['First own'], ['Second own']])
    second.server.release({ status: 200 })
    await advance(1000)
    // The server answers: what this page took over goes now, once.
    expect(second.server.requests.map((r) => r.body.events.map((e: any) => e.name))).toEqual([
      ['Second own'],
      ['left', 'First own'],
    ])
  })

  it('…and once the server has answered, they go with the next request, before newer events of its own', async () => {
    const store = memoryStorage()
    store.items.set('lyt_q_left', record(0, 'left'))
    const { lyt, server } = startTracker(noAuto, { storage: store })
    lyt('A')
    await advance(0)
    lyt('B')
    await advance(1000)
    expect(server.requests.map((r) => r.body.events.map((e: any) => e.name))).toEqual([['A'], ['left', 'B']])
  })

  it('…and a page load with nothing of its own sends the taken events at once: they are its question', async () => {
    const store = memoryStorage()
    store.items.set('lyt_q_left', record(0, 'left'))
    const { server } = startTracker(noAuto, { storage: store })
    await advance(0)
    expect(server.names()).toEqual(['left'])
  })

  it('a record whose heartbeat is missing or no number is taken over, never stranded', async () => {
    const store = memoryStorage()
    const stored = (h: unknown, name: string) => JSON.stringify({ h, e: [event(name)] })
    store.items.set('lyt_q_word', stored('soon', 'word'))
    store.items.set('lyt_q_null', stored(null, 'null'))
    store.items.set('lyt_q_none', JSON.stringify({ e: [event('none')] }))
    store.items.set('lyt_q_object', stored({ at: Date.now() }, 'object'))
    const { server } = startTracker(noAuto, { storage: store })
    await advance(0)
    expect(server.names().sort()).toEqual(['none', 'null', 'object', 'word'])
    expect(queueKeys(store)).toEqual([])
  })

  it('the owner learns of a takeover by the storage event and lets those events go, told "taken_over"', async () => {
    const { lyt, win, store, server } = startTracker(noAuto)
    for (let i = 0; i < 10; i++) server.answer({ status: 500 })
    const { results, callback } = recorder()
    lyt('taken', {}, callback)
    await advance(0)
    const key = queueKeys(store)[0]
    const oldValue = store.items.get(key)!
    lyt('made after the takeover')
    store.items.delete(key) // another tab took it
    win.dispatchEvent(new win.StorageEvent('storage', { key, oldValue, newValue: null } as any))
    await advance(0)
    expect(lyt.queueLength()).toBe(1)
    expect(results).toEqual([{ ok: false, error: 'taken_over' }])
  })

  it('a storage event about another key, or a clear() by another tab, takes nothing', async () => {
    const { lyt, win, server } = startTracker(noAuto)
    server.answer('hang')
    lyt('x')
    win.dispatchEvent(new win.StorageEvent('storage', { key: 'lyt_q_someone', oldValue: '{}', newValue: null } as any))
    win.dispatchEvent(new win.StorageEvent('storage', { key: null, oldValue: null, newValue: null } as any))
    expect(lyt.queueLength()).toBe(1)
  })

  it('a page that cleared localStorage loses nothing: the next write puts the record back', async () => {
    const { lyt, store, server } = startTracker(noAuto)
    for (let i = 0; i < 10; i++) server.answer({ status: 500 })
    lyt('x')
    await advance(0)
    store.items.clear()
    await advance(HEARTBEAT_MS)
    expect(recordOf(store).e.map((e: any) => e.name)).toEqual(['x'])
  })
})

it('fakeServer answers 200 by default, and 400 to an empty batch like Lyt (sanity of the harness)', async () => {
  const server = fakeServer()
  expect((await server.transport('/x', '{"events":[{"name":"A"}]}', false)).status).toBe(200)
  expect((await server.transport('/x', '{"events":[]}', false)).status).toBe(400)
})

describe('a page hidden, then gone without pagehide (a tab killed in the background)', () => {
  /** `store` as one page sees it, until `kill()`: then that page's storage fails, as a killed page does nothing more. */
  function killable(store: ReturnType<typeof memoryStorage>) {
    let dead = false
    const check = () => {
      if (dead) throw new DOMException('the page is gone', 'InvalidStateError')
    }
    const storage = new Proxy(store.storage, {
      get(target, name) {
        check()
        const value = Reflect.get(target, name)
        return typeof value === 'function' ? value.bind(target) : value
      },
      ownKeys: (target) => (check(), Reflect.ownKeys(target)),
      getOwnPropertyDescriptor: (target, name) => Reflect.getOwnPropertyDescriptor(target, name),
    })
    return { store: { ...store, storage }, kill: () => (dead = true) }
  }

  it('what it sent as it turned hidden, taken as delivered, is not sent again by the tab that takes its record over', async () => {
    const store = memoryStorage()
    const { store: pageStore, kill } = killable(store)
    const page = startTracker({ ...noAuto, flushInterval: 60_000 }, { storage: pageStore })
    page.lyt('First')
    await advance(0) // answered: the page has evidence
    page.server.answer('hang')
    page.lyt('At hidden')
    page.lyt('At hidden too')
    setHidden(page.win) // sent now, in flight; the page is killed before the answer
    await Promise.resolve() // (its task's save)
    expect(page.server.names()).toEqual(['First', 'At hidden', 'At hidden too'])
    expect(recordOf(store)).toMatchObject({ s: 2 })
    expect(recordOf(store).l).toBeUndefined() // not released: its tab may be alive
    kill()
    const next = startTracker(noAuto, { storage: store })
    await advance(STALE_AFTER_MS + HEARTBEAT_MS)
    expect(next.server.requests).toHaveLength(0)
    expect(queueKeys(store)).toEqual([])
  })

  it('…while what it had no reason to trust is sent by that tab, once', async () => {
    const store = memoryStorage()
    const { store: pageStore, kill } = killable(store)
    const page = startTracker({ ...noAuto, flushInterval: 60_000 }, { storage: pageStore })
    page.server.answer('hang')
    page.lyt('Unheard') // in flight, never answered: no evidence
    await advance(0)
    page.lyt('Waiting')
    setHidden(page.win) // nothing handed over: no evidence
    await Promise.resolve() // (its task's save)
    expect(page.server.names()).toEqual(['Unheard'])
    kill()
    const next = startTracker(noAuto, { storage: store })
    await advance(STALE_AFTER_MS + HEARTBEAT_MS)
    expect(next.server.names()).toEqual(['Unheard', 'Waiting'])
  })
})

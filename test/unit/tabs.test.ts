// Several tabs of one origin share storage: each event is sent by one tab only, and what a
// tab leaves behind (closed, crashed) is taken over by another tab or the next page load.
// Storage events between real tabs are shown in Chromium by test/e2e; here they are sent
// by hand, because happy-dom windows share neither storage nor its events.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { entryOf } from '../../src/queue'
import { safeStorage } from '../../src/storage'
import { createSharedQueue, HEARTBEAT_MS, STALE_AFTER_MS } from '../../src/tabs'
import { advance, fakeServer, memoryStorage, pageEvent, startTracker, useFakeTime } from './harness'

beforeEach(useFakeTime)
afterEach(() => {
  vi.useRealTimers()
})

const noAuto = { autoPageview: false }
const queueKeys = (store: ReturnType<typeof memoryStorage>) => [...store.items.keys()].filter((k) => k.startsWith('lyt_q_'))
const event = (name: string, time = Date.now()) =>
  entryOf({ name, path: '/', hostname: 'h', timestamp: new Date(time).toISOString(), id: name + '-id' })

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
    await advance(1000)
    pageEvent(a.win, 'pagehide')
    await advance(HEARTBEAT_MS)
    expect(b.server.delivered().map((e: any) => e.name)).toEqual(['Left behind'])
    expect(queueKeys(store)).toEqual([])
  })

  it('a tab that crashed (its heartbeat stopped) is taken over within seconds', async () => {
    const store = memoryStorage()
    const crashedAt = Date.now()
    store.items.set('lyt_q_crashed', JSON.stringify({ h: crashedAt, e: [JSON.parse(event('Orphan')._json)] }))
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
    await advance(1000)
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

describe('the shared queue', () => {
  const make = (store = memoryStorage(), id = 'a') => {
    const gone: [string[], string][] = []
    const queue = createSharedQueue(
      safeStorage(() => store.storage, () => {}),
      Date.now,
      id,
      { maxQueue: 1000, maxAge: 864e5 },
      (entries, error) => gone.push([entries.map((e) => e._id), error]),
    )
    return { queue, store, gone }
  }

  it('a record is written with the tab’s heartbeat, and released (0) on request', () => {
    const { queue, store } = make()
    queue._entries.push(event('x'))
    queue._save()
    expect(JSON.parse(store.items.get('lyt_q_a')!).h).toBe(Date.now())
    queue._save(true)
    expect(JSON.parse(store.items.get('lyt_q_a')!).h).toBe(0)
  })

  it('a record with a fresh heartbeat is not taken; a released or stale one is, oldest events first', () => {
    const store = memoryStorage()
    const write = (key: string, h: number, name: string) =>
      store.items.set(key, JSON.stringify({ h, e: [JSON.parse(event(name)._json)] }))
    write('lyt_q_live', Date.now() - 1000, 'live')
    write('lyt_q_released', 0, 'released')
    write('lyt_q_stale', Date.now() - STALE_AFTER_MS - 1, 'stale')
    const { queue } = make(store, 'me')
    queue._entries.push(event('mine'))
    expect(queue._adopt()).toBe(2)
    expect(queue._entries.map((e) => e._id).sort()).toEqual(['mine-id', 'released-id', 'stale-id'])
    expect(queue._entries[2]._id).toBe('mine-id')
    expect([...store.items.keys()].sort()).toEqual(['lyt_q_live', 'lyt_q_me'])
  })

  it('the owner learns of a takeover by the storage event and gives those events up', () => {
    const store = memoryStorage()
    const owner = make(store, 'owner')
    owner.queue._entries.push(event('e1'), event('e2'))
    owner.queue._save(true)
    const oldValue = store.items.get('lyt_q_owner')!
    const other = make(store, 'other')
    expect(other.queue._adopt()).toBe(2)
    owner.queue._entries.push(event('e3')) // made after the takeover: still the owner's
    owner.queue._onStorage({ key: 'lyt_q_owner', newValue: null, oldValue } as StorageEvent)
    expect(owner.queue._entries.map((e) => e._id)).toEqual(['e3-id'])
    expect(owner.gone).toEqual([[['e1-id', 'e2-id'], 'taken_over']])
  })

  it('a storage event about another key, or a clear() by the page, takes nothing', () => {
    const { queue, gone } = make()
    queue._entries.push(event('e1'))
    queue._save()
    queue._onStorage({ key: 'lyt_q_someone', newValue: null, oldValue: '{}' } as StorageEvent)
    queue._onStorage({ key: null, newValue: null, oldValue: null } as StorageEvent)
    expect(queue._entries).toHaveLength(1)
    expect(gone).toEqual([])
  })

  it('a page that cleared localStorage loses nothing: the next write puts the record back', () => {
    const { queue, store } = make()
    queue._entries.push(event('e1'))
    queue._save()
    store.items.clear()
    queue._save()
    expect(JSON.parse(store.items.get('lyt_q_a')!).e).toHaveLength(1)
  })

  it('a record rewritten by its owner between read and removal stays with its owner', () => {
    const store = memoryStorage()
    store.items.set('lyt_q_x', JSON.stringify({ h: 0, e: [JSON.parse(event('e1')._json)] }))
    const { queue } = make(store, 'me')
    const getItem = store.storage.getItem
    let reads = 0
    store.storage.getItem = (key: string) => {
      const value = getItem(key)
      // The owner writes again right after the first read (it came back from the bfcache).
      if (key == 'lyt_q_x' && ++reads == 1) store.items.set('lyt_q_x', JSON.stringify({ h: Date.now(), e: [] }))
      return value
    }
    queue._adopt()
    expect(store.items.has('lyt_q_x')).toBe(true)
  })
})

it('fakeServer answers 200 by default (sanity of the harness)', async () => {
  const server = fakeServer()
  const reply = await server.transport('/x', '{"events":[]}', false)
  expect(reply.status).toBe(200)
})

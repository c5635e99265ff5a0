// The consent gate (docs/contract.md §9): before the visitor's choice nothing is sent and
// nothing written to storage; `true` delivers what waited, once, in order, with its own
// timestamps; `false` discards it and everything after; the choice is stored, followed by later
// page loads and by the other open tabs.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { consent, CONSENT_KEY } from '../../src/features/consent'
import { deliveryHooks } from '../../src/features/delivery-hooks'
import { QUEUE_KEY_PREFIX, type Settings } from '../../src/lyt'
import {
  advance,
  type browserWindow,
  fakeServer,
  memoryStorage,
  pageEvent,
  recorder,
  setHidden,
  startTracker,
  useFakeTime,
} from './harness'

beforeEach(useFakeTime)
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const ask: Settings = { features: [consent], consent: 'ask' }
const names = (server: ReturnType<typeof fakeServer>) => server.names()
const queueKeys = (store: ReturnType<typeof memoryStorage>) =>
  [...store.items.keys()].filter((key) => key.startsWith(QUEUE_KEY_PREFIX))

/** Another tab's choice, as its `storage` event reaches this one. */
const otherTabChose = (win: ReturnType<typeof browserWindow>, store: ReturnType<typeof memoryStorage>, value: string) => {
  const oldValue = store.items.get(CONSENT_KEY)
  store.items.set(CONSENT_KEY, value)
  win.dispatchEvent(new win.StorageEvent('storage', { key: CONSENT_KEY, oldValue, newValue: value }) as any)
}

describe('before a choice', () => {
  it('nothing is sent and nothing written to storage: not on the timer, not by flush(), not as the page is hidden or left', async () => {
    const store = memoryStorage()
    const { lyt, win, server } = startTracker({ ...ask }, { storage: store })
    lyt('Signup', { metadata: { plan: 'pro' } })
    lyt.batch([{ name: 'A' }, { name: 'B' }])
    lyt.flush()
    await advance(30_000)
    setHidden(win)
    pageEvent(win, 'pagehide')
    await advance(10_000)
    expect(server.requests).toEqual([])
    expect(store.state.writes).toBe(0)
    expect([...store.items.keys()]).toEqual([])
    expect(lyt.queueLength()).toBe(4) // in memory: the page view, Signup, A, B
    expect(lyt.consent!()).toBeUndefined()
  })

  it('a record another tab or page load left behind is not taken over (taking it writes and sends)', async () => {
    const store = memoryStorage()
    const left = {
      h: Date.now() - 60_000,
      a: '/api/analytics',
      e: [{ name: 'Left behind', path: '/', hostname: 'shop.example', timestamp: new Date().toISOString(), id: 'left-1' }],
    }
    store.items.set(QUEUE_KEY_PREFIX + 'gone', JSON.stringify(left))
    const { lyt, server } = startTracker({ ...ask, autoPageview: false }, { storage: store })
    await advance(20_000)
    expect(server.requests).toEqual([])
    expect(store.items.get(QUEUE_KEY_PREFIX + 'gone')).toBe(JSON.stringify(left))
    lyt.consent!(true)
    await advance(0)
    expect(names(server)).toEqual(['Left behind'])
  })
})

describe('lyt.consent(true)', () => {
  it('stores "true" and delivers what waited, once, in order, each with the time it was made (the automatic page view too)', async () => {
    const store = memoryStorage()
    const { lyt, server } = startTracker({ ...ask }, { storage: store })
    const signup = recorder()
    const flushed = recorder()
    lyt('Signup', signup.callback)
    await advance(5000)
    lyt('Later')
    lyt.flush(flushed.callback)
    await advance(5000)
    expect(signup.results).toEqual([]) // waiting, not answered
    expect(lyt.consent!(true)).toBe(true)
    expect(store.items.get(CONSENT_KEY)).toBe('true')
    // Stored as ever, before the task ends.
    await Promise.resolve()
    expect(queueKeys(store)).toHaveLength(1)
    await advance(0)
    await advance(2000)
    const events = server.delivered()
    expect(events.map((e: any) => e.name)).toEqual(['Page View', 'Signup', 'Later'])
    expect(events.map((e: any) => e.timestamp)).toEqual([
      '2026-11-25T12:00:00.000Z',
      '2026-11-25T12:00:00.000Z',
      '2026-11-25T12:00:05.000Z',
    ])
    expect(new Set(events.map((e: any) => e.id)).size).toBe(3)
    expect(server.requests.flatMap((r) => r.body.events)).toHaveLength(3) // each sent once
    expect(signup.results).toEqual([{ ok: true }])
    expect(flushed.results).toEqual([{ ok: true, queued: 3 }])
    expect(queueKeys(store)).toEqual([]) // delivered: the record is gone
    // From now on, as without the gate.
    lyt('After')
    await advance(0)
    expect(names(server)).toContain('After')
  })

  it('later page loads follow the stored choice: sent at once', async () => {
    const store = memoryStorage()
    store.items.set(CONSENT_KEY, 'true')
    const { lyt, server } = startTracker({ ...ask }, { storage: store })
    lyt('Next load')
    await advance(0)
    expect(names(server)).toEqual(['Page View', 'Next load'])
    expect(lyt.consent!()).toBe(true)
  })
})

describe('lyt.consent(false)', () => {
  it('discards what waited (callbacks: ignored, consent), stores "false", and refuses every later event; nothing ever sent', async () => {
    const store = memoryStorage()
    const { lyt, win, server } = startTracker({ ...ask, features: [consent, deliveryHooks] }, { storage: store })
    const dropped: string[][] = []
    lyt.on!('drop', ({ events, result }) => dropped.push([events.map((e: any) => e.name).join(), result.reason]))
    const waited = recorder()
    const batch = recorder()
    const flushed = recorder()
    const after = recorder()
    lyt('Waited', waited.callback)
    lyt.batch([{ name: 'A' }, { name: 'B' }], batch.callback)
    lyt.flush(flushed.callback)
    expect(lyt.consent!(false)).toBe(false)
    lyt('After', after.callback)
    await advance(0)
    const refused = { ok: false, ignored: true, reason: 'consent' }
    expect(waited.results).toEqual([refused])
    expect(batch.results).toEqual([{ ...refused, queued: 0 }])
    expect(flushed.results).toEqual([{ ...refused, queued: 0 }])
    expect(after.results).toEqual([refused])
    expect(dropped).toEqual([['Page View,Waited,A,B', 'consent']])
    expect(lyt.queueLength()).toBe(0)
    setHidden(win)
    pageEvent(win, 'pagehide')
    await advance(30_000)
    expect(server.requests).toEqual([])
    expect([...store.items]).toEqual([[CONSENT_KEY, 'false']])
  })

  it('later page loads follow it: the page view and every call refused, nothing sent or stored', async () => {
    const store = memoryStorage()
    store.items.set(CONSENT_KEY, 'false')
    const { lyt, win, server } = startTracker({ ...ask }, { storage: store })
    const result = recorder()
    lyt('Refused', result.callback)
    await advance(0)
    pageEvent(win, 'pagehide')
    await advance(10_000)
    expect(result.results).toEqual([{ ok: false, ignored: true, reason: 'consent' }])
    expect(server.requests).toEqual([])
    expect(lyt.queueLength()).toBe(0)
    expect([...store.items]).toEqual([[CONSENT_KEY, 'false']])
    expect(lyt.consent!()).toBe(false)
  })

  it('a change of mind: consent(true) after false tracks again, from then on', async () => {
    const { lyt, server } = startTracker({ ...ask, autoPageview: false })
    lyt('Before')
    lyt.consent!(false)
    lyt.consent!(true)
    lyt('After')
    await advance(0)
    expect(names(server)).toEqual(['After'])
  })
})

describe('several tabs', () => {
  it('another tab says yes: what waits here is delivered; no second write of the choice', async () => {
    const store = memoryStorage()
    const { lyt, win, server } = startTracker({ ...ask }, { storage: store })
    lyt('Waiting here')
    await advance(3000)
    expect(server.requests).toEqual([])
    const writes = store.state.writes
    otherTabChose(win, store, 'true')
    await advance(0)
    expect(names(server)).toEqual(['Page View', 'Waiting here'])
    expect(lyt.consent!()).toBe(true)
    // The record of what was sent, and the success heard (for the next page, src/trust.ts):
    // no write of the key.
    expect(store.items.get(CONSENT_KEY)).toBe('true')
    expect(store.state.writes - writes).toBe(2)
  })

  it('another tab says no: what waits here is discarded, later events refused', async () => {
    const store = memoryStorage()
    const { lyt, win, server } = startTracker({ ...ask, autoPageview: false }, { storage: store })
    const waited = recorder()
    lyt('Waiting here', waited.callback)
    otherTabChose(win, store, 'false')
    await advance(0)
    expect(waited.results).toEqual([{ ok: false, ignored: true, reason: 'consent' }])
    lyt('After')
    await advance(5000)
    expect(server.requests).toEqual([])
    expect(lyt.consent!()).toBe(false)
  })

  it('the latest choice wins: no here, then yes in another tab, tracks here again', async () => {
    const store = memoryStorage()
    const { lyt, win, server } = startTracker({ ...ask, autoPageview: false }, { storage: store })
    lyt.consent!(false)
    otherTabChose(win, store, 'true')
    expect(lyt.consent!()).toBe(true)
    lyt('After the other tab’s yes')
    await advance(0)
    expect(names(server)).toEqual(['After the other tab’s yes'])
  })

  it('a tab that already had consent: another tab’s no discards what waits and stops it', async () => {
    const store = memoryStorage()
    store.items.set(CONSENT_KEY, 'true')
    const server = fakeServer()
    server.answer({ status: 500 })
    const { lyt, win } = startTracker(
      { ...ask, autoPageview: false },
      { storage: store, server, environment: { random: () => 0 } },
    )
    const result = recorder()
    lyt('Failing', result.callback) // sent, refused by a 500: waits for the retry
    await advance(0)
    otherTabChose(win, store, 'false')
    await advance(0)
    expect(result.results).toEqual([{ ok: false, ignored: true, reason: 'consent' }])
    await advance(60_000)
    expect(server.requests).toHaveLength(1)
    expect(queueKeys(store)).toEqual([]) // its stored record removed
  })
})

describe('without the gate, and turned on or off later', () => {
  it('without consent: "ask" nothing is held; consent(false) only stores the choice', async () => {
    const store = memoryStorage()
    const { lyt, server } = startTracker({ autoPageview: false, features: [consent] }, { storage: store })
    lyt('Sent')
    await advance(0)
    expect(lyt.consent!()).toBeUndefined()
    expect(lyt.consent!(false)).toBe(false)
    lyt('Still sent')
    await advance(2000)
    expect(names(server)).toEqual(['Sent', 'Still sent'])
    expect(store.items.get(CONSENT_KEY)).toBe('false')
  })

  it('configure({consent: ""}) opens the gate: what waited goes; configure({consent: "ask"}) closes it again', async () => {
    const { lyt, server } = startTracker({ ...ask, autoPageview: false })
    lyt('Held')
    await advance(2000)
    expect(server.requests).toEqual([])
    lyt.configure({ consent: '' } as any)
    await advance(0)
    expect(names(server)).toEqual(['Held'])
    lyt.configure({ consent: 'ask' } as any)
    lyt('Held again')
    await advance(5000)
    expect(names(server)).toEqual(['Held'])
  })

  it('turned on by a later configure(): held from then on, and another tab’s choice reaches it', async () => {
    const store = memoryStorage()
    const { lyt, win, server } = startTracker({ autoPageview: false, features: [consent] }, { storage: store })
    lyt.configure({ consent: 'ask' } as any)
    lyt('Held')
    await advance(2000)
    expect(server.requests).toEqual([])
    otherTabChose(win, store, 'true')
    await advance(0)
    expect(names(server)).toEqual(['Held'])
  })

  it('consent() given anything but a boolean only answers; nothing it is given throws', () => {
    const { lyt } = startTracker({ ...ask })
    for (const odd of ['true', 1, null, {}, Symbol('x')]) expect(() => (lyt.consent as any)(odd)).not.toThrow()
    expect(lyt.consent!()).toBeUndefined()
  })

  it('storage that fails: the choice holds for the page in memory', async () => {
    const store = memoryStorage()
    store.state.failAll = true
    const { lyt, server } = startTracker({ ...ask, autoPageview: false }, { storage: store })
    lyt('Held')
    await advance(1000)
    expect(server.requests).toEqual([])
    expect(lyt.consent!(true)).toBe(true)
    await advance(0)
    expect(names(server)).toEqual(['Held'])
  })
})

// flush(callback): it hears once every event that waited when it was called has an outcome.
// Waiters are counted by the tracker, not chained onto the events: 50,000 calls on one
// waiting event neither overflow the stack nor stall delivery.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { advance, memoryStorage, recorder, startTracker, useFakeTime } from './harness'

beforeEach(useFakeTime)
afterEach(() => {
  vi.useRealTimers()
})

const noAuto = { autoPageview: false }

describe('flush() callbacks', () => {
  it("an event serves its call's callback and a later flush()'s, each answered once", async () => {
    const { lyt, server } = startTracker(noAuto)
    server.answer('hang')
    const call = recorder()
    const flush = recorder()
    lyt('A', call.callback)
    await advance(0) // A is in flight
    lyt('B')
    lyt.flush(flush.callback)
    expect(flush.results).toEqual([])
    server.release({ status: 200 })
    await advance(0)
    expect(call.results).toEqual([{ ok: true }])
    expect(flush.results).toEqual([]) // B still waits
    await advance(1000)
    expect(flush.results).toEqual([{ ok: true, queued: 2 }])
    expect(call.results).toHaveLength(1)
  })

  it("a failure reaches every callback of the event: the call's as is, the flush's with its count", async () => {
    const { lyt, server } = startTracker(noAuto)
    server.answer({ status: 400, body: { details: { 'events[1].name': ['is reserved'] } } })
    const batch = recorder()
    const single = recorder()
    const flush = recorder()
    lyt.batch([{ name: 'A' }, { name: 'B' }], batch.callback)
    lyt('C', single.callback)
    lyt.flush(flush.callback)
    await advance(0)
    await advance(0)
    const refused = { ok: false, error: 'validation_error', details: { name: ['is reserved'] } }
    expect(batch.results).toEqual([{ ...refused, queued: 1 }])
    expect(single.results).toEqual([{ ok: true }])
    expect(flush.results).toEqual([{ ...refused, queued: 2 }])
  })

  it('two flushes and a call on one event are each answered once', async () => {
    const { lyt } = startTracker(noAuto)
    const callbacks = [recorder(), recorder(), recorder()]
    lyt('A', callbacks[0].callback)
    lyt.flush(callbacks[1].callback)
    lyt.flush(callbacks[2].callback)
    await advance(1000)
    expect(callbacks.map((c) => c.results)).toEqual([[{ ok: true }], [{ ok: true, queued: 1 }], [{ ok: true, queued: 1 }]])
  })

  it('a flush waits only for what waited when it was called, not for events made later', async () => {
    const { lyt, server } = startTracker(noAuto)
    server.answer('hang')
    const flush = recorder()
    lyt('Before')
    lyt.flush(flush.callback)
    await advance(0)
    lyt('After') // waits behind the hung request
    server.release({ status: 200 })
    await advance(0)
    expect(flush.results).toEqual([{ ok: true, queued: 1 }])
    expect(lyt.queueLength()).toBe(1)
  })

  it('an event taken over by another tab while in flight has one outcome: its late 2xx counts for no callback', async () => {
    const { lyt, win, store, server } = startTracker(noAuto)
    server.answer('hang')
    const flush = recorder()
    lyt('In flight')
    await advance(0) // In flight hangs
    lyt('Waiting')
    lyt.flush(flush.callback)
    await advance(0) // both stored
    const key = Object.keys(Object.fromEntries(store.items)).find((k) => k.startsWith('lyt_q_'))!
    const oldValue = store.items.get(key)!
    store.items.delete(key) // another tab took both over
    win.dispatchEvent(new win.StorageEvent('storage', { key, oldValue, newValue: null } as any))
    await advance(0)
    expect(flush.results).toEqual([{ ok: false, error: 'taken_over', queued: 0 }])
    lyt('Later')
    const later = recorder()
    lyt.flush(later.callback)
    // The hung request's 2xx comes now: In flight already had its outcome, so it must not
    // count toward the later flush, which waits for Later alone.
    server.release({ status: 200 })
    await advance(0)
    expect(later.results).toEqual([])
    await advance(1000)
    expect(later.results).toEqual([{ ok: true, queued: 1 }])
    expect(flush.results).toHaveLength(1)
  })

  it('a flush waits for events taken over from a page that left, and counts them', async () => {
    const store = memoryStorage()
    const event = { name: 'Left behind', path: '/', hostname: 'h', timestamp: new Date().toISOString(), id: 'left-1' }
    store.items.set('lyt_q_gone', JSON.stringify({ h: Date.now(), e: [event], s: 0, l: 1 }))
    const { lyt, server } = startTracker(noAuto, { storage: store })
    server.answer('hang')
    const flush = recorder()
    lyt('Mine')
    lyt.flush(flush.callback)
    expect(lyt.queueLength()).toBe(2)
    server.release({ status: 200 })
    await advance(0)
    await advance(1000)
    expect(flush.results).toEqual([{ ok: true, queued: 2 }])
  })

  it('a callback that throws does not stop the others from being answered', async () => {
    const { lyt } = startTracker(noAuto)
    const thrower = vi.fn(() => {
      throw new Error('page bug')
    })
    const other = recorder()
    const swallow = () => {}
    // The thrower's error surfaces as an uncaught error of its own microtask.
    process.on('uncaughtException', swallow)
    try {
      lyt('A', thrower)
      lyt.flush(thrower)
      lyt.flush(other.callback)
      await advance(1000)
    } finally {
      process.off('uncaughtException', swallow)
    }
    expect(thrower).toHaveBeenCalledTimes(2)
    expect(other.results).toEqual([{ ok: true, queued: 1 }])
  })

  it('50,000 flush(callback) calls on one waiting event: each answered once, and delivery goes on', async () => {
    const { lyt, server } = startTracker(noAuto)
    server.answer({ status: 503 })
    lyt('A')
    await advance(0) // refused once: A waits for its retry
    let answered = 0
    let wrong = 0
    const callback = (result: any) => {
      answered++
      if (!result.ok || result.queued !== 1) wrong++
    }
    for (let i = 0; i < 50_000; i++) lyt.flush(callback)
    await advance(1000)
    expect({ answered, wrong }).toEqual({ answered: 50_000, wrong: 0 })
    expect(lyt.queueLength()).toBe(0)
    lyt('B')
    await advance(1000)
    expect(server.delivered().map((e: any) => e.name)).toEqual(['A', 'B'])
  })

  it('flush() without a callback, or with one that is not a function, waits for nothing', async () => {
    const { lyt, server } = startTracker(noAuto)
    server.answer({ status: 503 })
    lyt('A')
    for (let i = 0; i < 1000; i++) lyt.flush(i % 2 ? undefined : ('not a function' as any))
    await advance(2000)
    expect(server.delivered().map((e: any) => e.name)).toEqual(['A'])
  })
})

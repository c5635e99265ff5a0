// docs/contract.md §5 on a scripted server: retries, partial failures, the bounded queue.
// The same faults at a real HTTP server, in Chromium, are in test/e2e.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { advance, recorder, startTracker, useFakeTime, type SentRequest } from './harness'

beforeEach(useFakeTime)
afterEach(() => {
  vi.useRealTimers()
})

const noAuto = { autoPageview: false }
const namesOf = (request: SentRequest) => request.body.events.map((event: any) => event.name)

describe('retries', () => {
  it('a 500 is retried with backoff until the server has the events; the callback hears once', async () => {
    const { lyt, server } = startTracker(noAuto, { environment: { random: () => 1 } })
    server.answer({ status: 500 }, { status: 502 }, { status: 503 })
    const { results, callback } = recorder()
    lyt('Purchase', {}, callback)
    await advance(0) // first try
    await advance(999)
    expect(server.requests).toHaveLength(1) // backoff: 1 s
    await advance(1) // second
    await advance(2000) // third, after 2 s
    expect(server.requests).toHaveLength(3)
    await advance(4000) // fourth, after 4 s: delivered
    expect(server.requests).toHaveLength(4)
    expect(server.delivered().map((e: any) => e.name)).toEqual(['Purchase'])
    expect(results).toEqual([{ ok: true }])
    expect(lyt.queueLength()).toBe(0)
  })

  it('network errors and time-outs (no answer) are retried', async () => {
    const { lyt, server } = startTracker(noAuto)
    server.answer({ status: 0 }, { status: 0 })
    lyt('A')
    await advance(10_000)
    expect(server.requests).toHaveLength(3)
    expect(server.delivered().map((e: any) => e.name)).toEqual(['A'])
  })

  it('408 and 429 are retried; 429 waits as long as Retry-After says', async () => {
    const { lyt, server } = startTracker(noAuto)
    server.answer({ status: 408 }, { status: 429, retryAfter: '30' })
    lyt('A')
    await advance(0)
    await advance(500) // 408, then retried after the first backoff (jitter 0.5: 500 ms)
    expect(server.requests).toHaveLength(2)
    await advance(29_000)
    expect(server.requests).toHaveLength(2)
    await advance(1000)
    expect(server.requests).toHaveLength(3)
    expect(server.delivered()).toHaveLength(1)
  })

  it('the backoff is capped at 5 minutes', async () => {
    const { lyt, server } = startTracker(noAuto, { environment: { random: () => 1 } })
    for (let i = 0; i < 12; i++) server.answer({ status: 500 })
    lyt('A')
    await advance(0)
    let total = 0
    for (let i = 0; i < 12; i++) {
      const before = server.requests.length
      let waited = 0
      while (server.requests.length === before) {
        await advance(1000)
        waited += 1000
      }
      total = waited
    }
    expect(total).toBe(300_000)
  })

  it('retrying never reorders events and never has two requests for the same events', async () => {
    const { lyt, server } = startTracker(noAuto)
    server.answer({ status: 500 }, 'hang')
    lyt('A')
    await advance(0)
    lyt('B')
    await advance(800) // retry of A (and B, queued before it went)
    lyt('C')
    await advance(5000) // the retry hangs: nothing else may be sent meanwhile
    expect(server.requests.map(namesOf)).toEqual([['A'], ['A', 'B']])
    server.release()
    await advance(1000)
    expect(server.requests.map(namesOf)).toEqual([['A'], ['A', 'B'], ['C']])
  })

  it('the online event retries at once', async () => {
    const { lyt, win, server } = startTracker(noAuto, { environment: { random: () => 1 } })
    for (let i = 0; i < 6; i++) server.answer({ status: 0 })
    lyt('A')
    await advance(1000 + 2000 + 4000 + 8000 + 16000 + 10) // six failures (each no answer acted on a task later), next retry in 32 s
    expect(server.requests).toHaveLength(6)
    win.dispatchEvent(new win.Event('online'))
    await advance(0)
    expect(server.requests).toHaveLength(7)
    expect(server.delivered()).toHaveLength(1)
  })
})

describe('partial failures', () => {
  it('a 400 naming one event of six drops exactly it, tells its callback, and sends the rest at once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { lyt, server } = startTracker({ ...noAuto, debug: true })
    server.answer({
      status: 400,
      body: { ok: false, error: 'validation_error', details: { 'events[3].name': ['is reserved'] } },
    })
    const calls = Array.from({ length: 6 }, () => recorder())
    calls.forEach((call, i) => lyt('E' + i, {}, call.callback))
    await advance(1000)
    expect(server.requests.map(namesOf)).toEqual([
      ['E0', 'E1', 'E2', 'E3', 'E4', 'E5'],
      ['E0', 'E1', 'E2', 'E4', 'E5'],
    ])
    expect(calls.map((call) => call.results)).toEqual([
      [{ ok: true }],
      [{ ok: true }],
      [{ ok: true }],
      [{ ok: false, error: 'validation_error', details: { name: ['is reserved'] } }],
      [{ ok: true }],
      [{ ok: true }],
    ])
    expect(warn).toHaveBeenCalledWith('[Lyt]', '{"ok":false,"error":"validation_error","details":{"name":["is reserved"]}}', 1, [
      'E3',
    ])
    warn.mockRestore()
  })

  it('a 413 halves the batch until the bad event is alone, then drops it; the others arrive', async () => {
    const { lyt, server } = startTracker(noAuto)
    const bad = (request: SentRequest) =>
      request.body.events.some((event: any) => event.name === 'E5') ? { status: 413 } : { status: 200, body: { ok: true } }
    for (let i = 0; i < 20; i++) server.answer(bad)
    const { results, callback } = recorder()
    for (let i = 0; i < 8; i++) lyt('E' + i, {}, i === 5 ? callback : undefined)
    await advance(1000)
    await advance(10)
    expect(server.delivered().map((e: any) => e.name)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E6', 'E7'])
    expect(results).toEqual([{ ok: false, error: 'rejected', status: 413 }])
    expect(lyt.queueLength()).toBe(0)
    // 8 → 4 (ok) → 4 → 2 (ok) → 2 → 1 (drop) → then the rest
    expect(server.requests.length).toBeLessThanOrEqual(8)
  })

  it('a 400 without usable details splits too; a lone event still refused is dropped', async () => {
    const { lyt, server } = startTracker(noAuto)
    for (let i = 0; i < 3; i++)
      server.answer({ status: 400, body: { ok: false, error: 'validation_error', details: { name: ['x'] } } })
    const { results, callback } = recorder()
    lyt('A', {}, callback)
    lyt('B')
    await advance(1000)
    expect(server.requests.map(namesOf)).toEqual([['A', 'B'], ['A'], ['B']])
    expect(results).toEqual([{ ok: false, error: 'rejected', status: 400 }])
    expect(lyt.queueLength()).toBe(0)
  })

  it('a batch call with one event refused by the server answers once, with the error and how many arrived', async () => {
    const { lyt, server } = startTracker(noAuto)
    server.answer({ status: 400, body: { details: { 'events[1].metadata': ['is too deep'] } } })
    const { results, callback } = recorder()
    lyt.batch([{ name: 'A' }, { name: 'B' }, { name: 'C' }], callback)
    await advance(1000)
    expect(results).toEqual([{ ok: false, error: 'validation_error', details: { metadata: ['is too deep'] }, queued: 2 }])
  })
})

describe('the bounded queue', () => {
  it('beyond maxQueue the oldest go first, counted with debug and told through their callbacks', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { lyt, server } = startTracker({ ...noAuto, maxQueue: 3, debug: true })
    server.answer('hang')
    const calls = Array.from({ length: 5 }, () => recorder())
    calls.forEach((call, i) => lyt('E' + i, {}, call.callback))
    await Promise.resolve()
    expect(lyt.queueLength()).toBe(3)
    await advance(0)
    expect(calls.map((call) => call.results)).toEqual([
      [{ ok: false, error: 'queue_full' }],
      [{ ok: false, error: 'queue_full' }],
      [],
      [],
      [],
    ])
    expect(warn).toHaveBeenCalledWith('[Lyt]', '{"ok":false,"error":"queue_full"}', 2, ['E0', 'E1'])
    warn.mockRestore()
  })

  it('at maxQueue nothing overflows', async () => {
    const { lyt, server } = startTracker({ ...noAuto, maxQueue: 3 })
    server.answer('hang')
    const calls = Array.from({ length: 3 }, () => recorder())
    calls.forEach((call, i) => lyt('E' + i, {}, call.callback))
    await advance(0)
    expect(lyt.queueLength()).toBe(3)
    expect(calls.map((call) => call.results)).toEqual([[], [], []])
  })

  it('an event exactly maxAge old is kept, one ms older it expires; one stamped in the future is kept', async () => {
    const { lyt, server } = startTracker({ ...noAuto, maxAge: 60_000 })
    server.answer('hang')
    const calls = Array.from({ length: 4 }, () => recorder())
    lyt('A', {}, calls[0].callback)
    await advance(1)
    lyt('B', {}, calls[1].callback)
    await advance(59_999) // A is exactly 60 s old at this heartbeat's save
    expect(lyt.queueLength()).toBe(2)
    await advance(1)
    lyt('C', {}, calls[2].callback) // its save: A is 60.001 s old, B exactly 60 s
    await advance(0)
    expect(calls.map((call) => call.results)).toEqual([[{ ok: false, error: 'expired' }], [], [], []])
    expect(lyt.queueLength()).toBe(2)
    vi.setSystemTime(Date.now() - 3_600_000) // the clock goes back: B and C are stamped in the future
    lyt('D', {}, calls[3].callback)
    await advance(0)
    expect(lyt.queueLength()).toBe(3)
    expect(calls.map((call) => call.results)).toEqual([[{ ok: false, error: 'expired' }], [], [], []])
  })

  it('events older than maxAge are given up', async () => {
    const { lyt, server } = startTracker({ ...noAuto, maxAge: 60_000 })
    for (let i = 0; i < 100; i++) server.answer({ status: 503 })
    const { results, callback } = recorder()
    lyt('Old', {}, callback)
    await advance(70_000)
    expect(results).toEqual([{ ok: false, error: 'expired' }])
    expect(lyt.queueLength()).toBe(0)
    expect(server.requests.length).toBeGreaterThan(0)
  })
})

import { describe, expect, it, vi } from 'vitest'
import { answerLater, outcomes } from '../../src/callbacks'
import type { WireEvent } from '../../src/queue'

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0)
const wire = (id: string): WireEvent => ({
  name: 'Event ' + id,
  path: '/p',
  hostname: 'shop.example',
  timestamp: new Date(T0).toISOString(),
  id,
})
const events = (...ids: string[]) => ids.map(wire)

const NOT_FUNCTIONS = [undefined, null, 0, 1, 'cb', true, {}, [], { call: vi.fn(), apply: vi.fn() }]

describe('answerLater', () => {
  it('calls the callback after the current call returns, not inside it', async () => {
    const callback = vi.fn()
    answerLater(callback, { ok: true })
    expect(callback).not.toHaveBeenCalled()
    await Promise.resolve()
    expect(callback).toHaveBeenCalledTimes(1)
    expect(callback).toHaveBeenCalledWith({ ok: true })
  })

  it('passes the result as given', async () => {
    const callback = vi.fn()
    const result = { ok: false, ignored: true, reason: 'opt_out' }
    answerLater(callback, result)
    await macrotask()
    expect(callback.mock.calls).toEqual([[result]])
  })

  it('ignores a callback that is not a function, without throwing', async () => {
    for (const notAFunction of NOT_FUNCTIONS) {
      expect(() => answerLater(notAFunction, { ok: true })).not.toThrow()
    }
    await macrotask()
    const callable = NOT_FUNCTIONS.at(-1) as { call: ReturnType<typeof vi.fn>; apply: ReturnType<typeof vi.fn> }
    expect(callable.call).not.toHaveBeenCalled()
    expect(callable.apply).not.toHaveBeenCalled()
  })
})

// How lyt.ts uses `outcomes`: one record per call, called once per event outcome.
let record_: (events: unknown[], result: Parameters<ReturnType<typeof outcomes>>[0]) => void
const expect_ = (events: unknown[], callback: unknown, counted: boolean) => {
  const record = outcomes(events.length, callback, counted)
  record_ = (outcomesOf, result) => outcomesOf.forEach(() => record(result))
}

describe("outcomes: a call's callback over its events", () => {
  it('a callback is never called synchronously: not right after settle, but after a microtask', async () => {
    const callback = vi.fn()
    const batch = events('a')
    expect_(batch, callback, false)
    expect(callback).not.toHaveBeenCalled()
    record_(batch, { ok: true })
    expect(callback).not.toHaveBeenCalled()
    await Promise.resolve()
    expect(callback.mock.calls).toEqual([[{ ok: true }]])
  })

  it('a single event delivered answers {ok:true} without queued when not counted', async () => {
    const callback = vi.fn()
    const batch = events('a')
    expect_(batch, callback, false)
    record_(batch, { ok: true })
    await macrotask()
    expect(callback.mock.calls).toEqual([[{ ok: true }]])
  })

  it('a counted call is answered exactly once, when all its events have an outcome, with {ok:true, queued:N}', async () => {
    const callback = vi.fn()
    const [a, b, c] = events('a', 'b', 'c')
    expect_([a, b, c], callback, true)
    record_([a], { ok: true })
    await macrotask()
    expect(callback).not.toHaveBeenCalled()
    record_([c, b], { ok: true })
    expect(callback).not.toHaveBeenCalled()
    await macrotask()
    expect(callback.mock.calls).toEqual([[{ ok: true, queued: 3 }]])
    record_([a, b, c], { ok: true })
    await macrotask()
    expect(callback).toHaveBeenCalledTimes(1)
  })

  it('the first failure wins and carries queued (events delivered) for a counted call', async () => {
    const callback = vi.fn()
    const [a, b, c, d] = events('a', 'b', 'c', 'd')
    expect_([a, b, c, d], callback, true)
    record_([a], { ok: true })
    record_([b], { ok: false, error: 'validation_error', details: { name: ['x'] } })
    record_([c], { ok: false, error: 'expired' })
    record_([d], { ok: true })
    await macrotask()
    expect(callback.mock.calls).toEqual([[{ ok: false, error: 'validation_error', details: { name: ['x'] }, queued: 2 }]])
  })

  it('a counted call whose events all fail answers the first failure with queued 0', async () => {
    const callback = vi.fn()
    const batch = events('a', 'b')
    expect_(batch, callback, true)
    record_(batch, { ok: false, error: 'queue_full' })
    await macrotask()
    expect(callback.mock.calls).toEqual([[{ ok: false, error: 'queue_full', queued: 0 }]])
  })

  it('a single event that fails gets the failure as is, without queued', async () => {
    const callback = vi.fn()
    const batch = events('a')
    expect_(batch, callback, false)
    record_(batch, { ok: false, error: 'rejected', status: 404 })
    await macrotask()
    expect(callback.mock.calls).toEqual([[{ ok: false, error: 'rejected', status: 404 }]])
  })

  it('with no events it answers {ok:true} at once, but not synchronously', async () => {
    const callback = vi.fn()
    expect_([], callback, false)
    expect(callback).not.toHaveBeenCalled()
    await Promise.resolve()
    expect(callback.mock.calls).toEqual([[{ ok: true }]])
  })

  it('with no events a counted call answers {ok:true, queued:0}, not synchronously', async () => {
    const callback = vi.fn()
    expect_([], callback, true)
    expect(callback).not.toHaveBeenCalled()
    await Promise.resolve()
    expect(callback.mock.calls).toEqual([[{ ok: true, queued: 0 }]])
  })

  it('a callback that is not a function is ignored: nothing throws, and the events serialise as before', async () => {
    for (const notAFunction of NOT_FUNCTIONS) {
      const batch = events('a', 'b')
      expect(() => expect_(batch, notAFunction, true)).not.toThrow()
      expect(JSON.parse(JSON.stringify(batch))).toEqual(events('a', 'b'))
      expect(() => record_(batch, { ok: true })).not.toThrow()
      expect(() => expect_([], notAFunction, true)).not.toThrow()
    }
    await macrotask()
    const callable = NOT_FUNCTIONS.at(-1) as { call: ReturnType<typeof vi.fn>; apply: ReturnType<typeof vi.fn> }
    expect(callable.call).not.toHaveBeenCalled()
    expect(callable.apply).not.toHaveBeenCalled()
  })

  it('the callbacks of separate calls are answered separately, each once', async () => {
    const first = vi.fn()
    const second = vi.fn()
    const recordFirst = outcomes(1, first, false)
    const recordSecond = outcomes(2, second, true)
    recordFirst({ ok: true })
    recordSecond({ ok: true })
    recordSecond({ ok: true })
    await macrotask()
    expect(first.mock.calls).toEqual([[{ ok: true }]])
    expect(second.mock.calls).toEqual([[{ ok: true, queued: 2 }]])
  })
})

describe('outcomes', () => {
  it('says how many outcomes are still awaited, and answers when none is', async () => {
    const callback = vi.fn()
    const record = outcomes(3, callback, true)
    expect([record({ ok: true }), record({ ok: false, error: 'x' }), record({ ok: true })]).toEqual([2, 1, 0])
    await macrotask()
    expect(callback.mock.calls).toEqual([[{ ok: false, error: 'x', queued: 2 }]])
  })
})

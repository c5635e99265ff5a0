import { describe, expect, it, vi } from 'vitest'
import { answerLater, createCallbacks } from '../../src/callbacks'

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

describe('answerLater', () => {
  it('calls the callback after the current call returns, not inside it', async () => {
    const callback = vi.fn()
    answerLater(callback, { ok: true })
    expect(callback).not.toHaveBeenCalled()
    await Promise.resolve()
    expect(callback).toHaveBeenCalledTimes(1)
    expect(callback).toHaveBeenCalledWith({ ok: true })
  })

  it('ignores a callback that is not a function', async () => {
    for (const notAFunction of [undefined, null, 42, 'cb', {}, { call: () => {} }]) {
      expect(() => answerLater(notAFunction, { ok: true })).not.toThrow()
    }
    await macrotask()
  })
})

describe('createCallbacks', () => {
  it('a callback is never called synchronously: not right after _settle, but after a microtask', async () => {
    const callbacks = createCallbacks()
    const callback = vi.fn()
    callbacks._expect(['a'], callback, false)
    callbacks._settle(['a'], { ok: true })
    expect(callback).not.toHaveBeenCalled()
    await Promise.resolve()
    expect(callback).toHaveBeenCalledTimes(1)
    expect(callback).toHaveBeenCalledWith({ ok: true })
  })

  it('a single event delivered answers {ok:true} without queued', async () => {
    const callbacks = createCallbacks()
    const callback = vi.fn()
    callbacks._expect(['a'], callback, false)
    callbacks._settle(['a'], { ok: true })
    await macrotask()
    expect(callback.mock.calls).toEqual([[{ ok: true }]])
  })

  it('a multi-event batch is answered exactly once, when all its ids have settled, with {ok:true, queued:N}', async () => {
    const callbacks = createCallbacks()
    const callback = vi.fn()
    callbacks._expect(['a', 'b', 'c'], callback, true)
    callbacks._settle(['a'], { ok: true })
    await macrotask()
    expect(callback).not.toHaveBeenCalled()
    callbacks._settle(['c', 'b'], { ok: true })
    expect(callback).not.toHaveBeenCalled()
    await macrotask()
    expect(callback.mock.calls).toEqual([[{ ok: true, queued: 3 }]])
    callbacks._settle(['a', 'b', 'c'], { ok: true })
    await macrotask()
    expect(callback).toHaveBeenCalledTimes(1)
  })

  it('the first failure wins and carries queued (events delivered) for a batch', async () => {
    const callbacks = createCallbacks()
    const callback = vi.fn()
    callbacks._expect(['a', 'b', 'c', 'd'], callback, true)
    callbacks._settle(['a'], { ok: true })
    callbacks._settle(['b'], { ok: false, error: 'validation_error', details: { name: ['x'] } })
    callbacks._settle(['c'], { ok: false, error: 'expired' })
    callbacks._settle(['d'], { ok: true })
    await macrotask()
    expect(callback.mock.calls).toEqual([
      [{ ok: false, error: 'validation_error', details: { name: ['x'] }, queued: 2 }],
    ])
  })

  it('a single event that fails gets the failure as is, without queued', async () => {
    const callbacks = createCallbacks()
    const callback = vi.fn()
    callbacks._expect(['a'], callback, false)
    callbacks._settle(['a'], { ok: false, error: 'queue_full' })
    await macrotask()
    expect(callback.mock.calls).toEqual([[{ ok: false, error: 'queue_full' }]])
  })

  it('settling an unknown id does nothing and does not throw', async () => {
    const callbacks = createCallbacks()
    const callback = vi.fn()
    callbacks._expect(['a', 'b'], callback, true)
    expect(() => callbacks._settle(['zzz'], { ok: true })).not.toThrow()
    callbacks._settle(['a'], { ok: true })
    await macrotask()
    expect(callback).not.toHaveBeenCalled()
  })

  it('settling an id twice counts it once: the batch still waits for its other events', async () => {
    const callbacks = createCallbacks()
    const callback = vi.fn()
    callbacks._expect(['a', 'b'], callback, true)
    callbacks._settle(['a'], { ok: true })
    callbacks._settle(['a'], { ok: true })
    callbacks._settle(['a'], { ok: false, error: 'late' })
    await macrotask()
    expect(callback).not.toHaveBeenCalled()
    callbacks._settle(['b'], { ok: true })
    await macrotask()
    expect(callback.mock.calls).toEqual([[{ ok: true, queued: 2 }]])
  })

  it('settling the same id twice in one call answers once', async () => {
    const callbacks = createCallbacks()
    const callback = vi.fn()
    callbacks._expect(['a'], callback, false)
    callbacks._settle(['a', 'a'], { ok: true })
    await macrotask()
    expect(callback).toHaveBeenCalledTimes(1)
  })

  it('non-function callbacks are ignored: settling their ids does nothing and does not throw', async () => {
    const callbacks = createCallbacks()
    for (const [i, notAFunction] of [undefined, null, 1, 'cb', {}, []].entries()) {
      callbacks._expect(['x' + i], notAFunction, true)
      expect(() => callbacks._settle(['x' + i], { ok: true })).not.toThrow()
    }
    await macrotask()
  })

  it('the callbacks of separate calls are answered separately, each once', async () => {
    const callbacks = createCallbacks()
    const first = vi.fn()
    const second = vi.fn()
    callbacks._expect(['a'], first, false)
    callbacks._expect(['b', 'c'], second, true)
    callbacks._settle(['a', 'b', 'c'], { ok: true })
    await macrotask()
    expect(first.mock.calls).toEqual([[{ ok: true }]])
    expect(second.mock.calls).toEqual([[{ ok: true, queued: 2 }]])
  })

  it('a callback that throws does not stop the others from being answered', async () => {
    const callbacks = createCallbacks()
    const thrower = vi.fn(() => {
      throw new Error('page bug')
    })
    const other = vi.fn()
    callbacks._expect(['a'], thrower, false)
    callbacks._expect(['b'], other, false)
    const swallow = () => {}
    // The thrower's error surfaces as an uncaught error of its own microtask, not in _settle.
    process.on('uncaughtException', swallow)
    try {
      expect(() => callbacks._settle(['a', 'b'], { ok: true })).not.toThrow()
      await macrotask()
    } finally {
      process.off('uncaughtException', swallow)
    }
    expect(thrower).toHaveBeenCalledTimes(1)
    expect(other).toHaveBeenCalledTimes(1)
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import { FIRST_RETRY_MS, isRetryable, MAX_RETRY_MS, namedEvents, retryDelay } from '../../src/response'

const validationError = (details?: unknown) => ({ ok: false, error: 'validation_error', details })
/** A batch of `size` events (what namedEvents reads of them is only that they are there). */
const batchOf = (size: number) => Array.from({ length: size }, (_, i) => ({ id: 'e' + i }))

describe('isRetryable', () => {
  it.each([0, 408, 429, 500, 501, 502, 503, 504, 599])(
    'status %i (no answer, time-out, rate limit, server error) is retried',
    (status) => {
      expect(isRetryable(status)).toBe(true)
    },
  )

  it.each([200, 201, 204, 299, 301, 400, 401, 403, 404, 405, 407, 409, 413, 415, 422, 428, 430, 499])(
    'status %i is not retried',
    (status) => {
      expect(isRetryable(status)).toBe(false)
    },
  )
})

describe('namedEvents', () => {
  it('a 400 naming events[i].field gives exactly those events, each with its details keyed by field alone', () => {
    const refused = namedEvents(
      validationError({ 'events[3].name': ['is required'], 'events[0].path': ['is too long'] }),
      batchOf(5),
    )
    expect(Array.isArray(refused)).toBe(true)
    expect(Object.keys(refused!).map(Number).sort()).toEqual([0, 3])
    expect(refused![3]).toEqual({ name: ['is required'] })
    expect(refused![0]).toEqual({ path: ['is too long'] })
  })

  it("several fields of one event are merged into that event's details", () => {
    const refused = namedEvents(
      validationError({
        'events[1].name': ["can't be blank"],
        'events[2].path': ['must be a string'],
        'events[1].metadata': ['is invalid', 'is too big'],
      }),
      batchOf(3),
    )
    expect(Object.keys(refused!)).toEqual(['1', '2'])
    expect(refused![1]).toEqual({ name: ["can't be blank"], metadata: ['is invalid', 'is too big'] })
    expect(refused![2]).toEqual({ path: ['must be a string'] })
  })

  it('a message given as a plain string becomes an array of that string', () => {
    expect(namedEvents(validationError({ 'events[0].name': 'is required' }), batchOf(1))![0]).toEqual({
      name: ['is required'],
    })
  })

  it('indexes outside the batch are ignored, the ones inside are kept', () => {
    const refused = namedEvents(validationError({ 'events[7].name': ['x'], 'events[2].name': ['y'] }), batchOf(3))
    expect(Object.keys(refused!).map(Number)).toEqual([2])
  })

  it('the last index of the batch is inside it; the batch size is outside', () => {
    expect(Object.keys(namedEvents(validationError({ 'events[3].name': ['x'] }), batchOf(4))!).map(Number)).toEqual([3])
    expect(namedEvents(validationError({ 'events[4].name': ['x'] }), batchOf(4))).toEqual([])
  })

  it('a 400 naming only events outside the batch names none (an empty list)', () => {
    expect(namedEvents(validationError({ 'events[3].name': ['x'], 'events[99].path': ['y'] }), batchOf(3))).toEqual([])
  })

  it('an empty batch has no event to name', () => {
    expect(namedEvents(validationError({ 'events[0].name': ['x'] }), batchOf(0))).toEqual([])
  })

  it.each([
    ['details that name no event ({"name": [...]})', validationError({ name: ['is required'] })],
    ['no details', validationError(undefined)],
    ['details of null', validationError(null)],
    ['details that are a string', validationError('oops')],
    ['details that are a number', validationError(3)],
    ['details that are an array', validationError(['events[0].name'])],
    ['empty details', validationError({})],
    ['a body of null', null],
    ['no body', undefined],
    ['false (the tracker passes that for any status but 400)', false],
    ['a body that is a string', '<html>Bad Request</html>'],
    ['a body that is a number', 400],
    ['a body that is an array', [{ details: { 'events[0].name': ['x'] } }]],
    [
      'keys that only look like events ("events[x].name", "events[0].", "events[-1].name", "xevents[0].name", "events[0]name")',
      validationError({
        'events[x].name': ['a'],
        'events[0].': ['b'],
        'events[-1].name': ['c'],
        'xevents[0].name': ['d'],
        'events[0]name': ['e'],
      }),
    ],
  ])('a body with %s names no event (an empty list) and does not throw', (_label, body) => {
    let refused: ReturnType<typeof namedEvents> = []
    expect(() => (refused = namedEvents(body, batchOf(4)))).not.toThrow()
    expect(refused).toEqual([])
  })

  it('keys naming no event next to ones that do are ignored', () => {
    const refused = namedEvents(validationError({ name: ['x'], 'events[1].name': ['y'], 'events[x].path': ['z'] }), batchOf(2))
    expect(Object.entries(refused!)).toEqual([['1', { name: ['y'] }]])
  })
})

describe('retryDelay', () => {
  const always = (value: number) => () => value

  afterEach(() => {
    vi.useRealTimers()
  })

  it('with random() = 1 it doubles from 1 s: 1000, 2000, 4000, 8000 …', () => {
    expect(FIRST_RETRY_MS).toBe(1000)
    const delays = [0, 1, 2, 3, 4, 5].map((attempt) => retryDelay(attempt, always(1), undefined, 0))
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000])
  })

  it('the backoff is capped at 5 minutes (300,000 ms)', () => {
    expect(MAX_RETRY_MS).toBe(300_000)
    expect(retryDelay(8, always(1), undefined, 0)).toBe(256_000)
    expect(retryDelay(9, always(1), undefined, 0)).toBe(300_000)
    expect(retryDelay(20, always(1), undefined, 0)).toBe(300_000)
  })

  it('with random() = 0 it is 0: full jitter', () => {
    for (const attempt of [0, 1, 5, 30]) expect(retryDelay(attempt, always(0), undefined, 0)).toBe(0)
  })

  it('with random() = 0.5 it is half the backoff', () => {
    expect(retryDelay(2, always(0.5), null, 0)).toBe(2000)
  })

  it('is always within [0, cap] for any attempt and random value', () => {
    for (let attempt = 0; attempt < 64; attempt++) {
      for (const r of [0, 1e-9, 0.25, 0.5, 0.999999, 1]) {
        const delay = retryDelay(attempt, always(r), undefined, 0)
        expect(delay).toBeGreaterThanOrEqual(0)
        expect(delay).toBeLessThanOrEqual(Math.min(MAX_RETRY_MS, 1000 * 2 ** attempt))
      }
    }
  })

  it('huge attempt numbers give the cap, never NaN or Infinity', () => {
    for (const attempt of [1000, 1e9, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, Infinity]) {
      const delay = retryDelay(attempt, always(1), undefined, 0)
      expect(Number.isFinite(delay)).toBe(true)
      expect(delay).toBe(MAX_RETRY_MS)
    }
  })

  it('Retry-After: "7" gives 7000 ms whatever random() and the attempt say', () => {
    for (const r of [0, 0.5, 1]) expect(retryDelay(0, always(r), '7', 0)).toBe(7000)
    expect(retryDelay(12, always(1), '7', 0)).toBe(7000)
  })

  it('Retry-After: "0" means retry at once', () => {
    expect(retryDelay(5, always(1), '0', 0)).toBe(0)
  })

  it('Retry-After: "300" is exactly the cap; "301" is capped to it', () => {
    expect(retryDelay(0, always(0), '300', 0)).toBe(300_000)
    expect(retryDelay(0, always(0), '301', 0)).toBe(300_000)
  })

  it('an HTTP date 30 s in the future gives 30,000 ms', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0)
    const date = new Date(now + 30_000).toUTCString()
    expect(date).toMatch(/GMT$/)
    expect(retryDelay(0, always(1), date, now)).toBe(30_000)
    expect(retryDelay(0, always(0), date, now)).toBe(30_000)
  })

  it('an HTTP date equal to now means retry at once', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0)
    expect(retryDelay(3, always(1), new Date(now).toUTCString(), now)).toBe(0)
  })

  it('a huge Retry-After is capped at 300,000 ms', () => {
    expect(retryDelay(0, always(1), '86400', 0)).toBe(MAX_RETRY_MS)
    expect(retryDelay(0, always(1), '9'.repeat(400), 0)).toBe(MAX_RETRY_MS)
    const now = Date.UTC(2026, 0, 1)
    expect(retryDelay(0, always(1), new Date(now + 3600_000).toUTCString(), now)).toBe(MAX_RETRY_MS)
  })

  it.each([['garbage'], ['-5'], ['-1'], ['1.5s'], ['soon'], ['']])(
    'a garbage or negative Retry-After (%j) falls back to the backoff',
    (retryAfter) => {
      expect(retryDelay(2, always(1), retryAfter, Date.UTC(2026, 0, 1))).toBe(4000)
      expect(retryDelay(2, always(0), retryAfter, Date.UTC(2026, 0, 1))).toBe(0)
    },
  )

  it('an HTTP date in the past falls back to the backoff', () => {
    const now = Date.UTC(2026, 0, 1)
    expect(retryDelay(1, always(1), new Date(now - 60_000).toUTCString(), now)).toBe(2000)
  })

  it('a null or missing Retry-After falls back to the backoff', () => {
    expect(retryDelay(3, always(1), null, 0)).toBe(8000)
    expect(retryDelay(3, always(1), undefined, 0)).toBe(8000)
  })
})

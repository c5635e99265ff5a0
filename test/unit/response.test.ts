import { describe, expect, it } from 'vitest'
import {
  DELIVERED,
  DROP_NAMED,
  FIRST_RETRY_MS,
  MAX_RETRY_MS,
  RETRY,
  SPLIT,
  judge,
  retryDelay,
  type Reply,
} from '../../src/response'

const validationError = (details?: unknown): Reply => ({
  status: 400,
  body: { ok: false, error: 'validation_error', details },
})

describe('judge', () => {
  it.each([200, 201, 202, 204, 299])('a %i answer means the batch was delivered', (status) => {
    expect(judge({ status, body: { ok: true, queued: 3 } }, 3)).toEqual({ _verdict: DELIVERED })
  })

  it('a 2xx without a body is still delivered', () => {
    expect(judge({ status: 200 }, 1)._verdict).toBe(DELIVERED)
  })

  it.each([0, 408, 429, 500, 502, 503, 504, 599])('status %i (no answer, time-out, rate limit, 5xx) is retried', (status) => {
    expect(judge({ status, body: null }, 5)).toEqual({ _verdict: RETRY })
  })

  it('a 500 whose body looks like a validation error is still retried, not dropped', () => {
    expect(judge({ status: 500, body: { details: { 'events[0].name': ['x'] } } }, 1)._verdict).toBe(RETRY)
  })

  it('a 400 naming events[i].field drops exactly those events, with details keyed by field alone', () => {
    const judgement = judge(validationError({ 'events[3].name': ['is required'], 'events[0].path': ['is too long'] }), 5)
    expect(judgement._verdict).toBe(DROP_NAMED)
    expect(judgement._refused).toBeInstanceOf(Map)
    expect([...judgement._refused!.keys()].sort()).toEqual([0, 3])
    expect(judgement._refused!.get(3)).toEqual({ name: ['is required'] })
    expect(judgement._refused!.get(0)).toEqual({ path: ['is too long'] })
  })

  it('several fields of one event are merged into that event\'s details', () => {
    const judgement = judge(
      validationError({
        'events[1].name': ["can't be blank"],
        'events[1].metadata': ['is invalid', 'is too big'],
      }),
      2,
    )
    expect(judgement._verdict).toBe(DROP_NAMED)
    expect(judgement._refused!.size).toBe(1)
    expect(judgement._refused!.get(1)).toEqual({ name: ["can't be blank"], metadata: ['is invalid', 'is too big'] })
  })

  it('a message given as a plain string becomes an array of that string', () => {
    expect(judge(validationError({ 'events[0].name': 'is required' }), 1)._refused!.get(0)).toEqual({
      name: ['is required'],
    })
  })

  it('indexes outside the batch are ignored, the ones inside are dropped', () => {
    const judgement = judge(validationError({ 'events[7].name': ['x'], 'events[2].name': ['y'] }), 3)
    expect(judgement._verdict).toBe(DROP_NAMED)
    expect([...judgement._refused!.keys()]).toEqual([2])
  })

  it('a 400 naming only events outside the batch splits it', () => {
    expect(judge(validationError({ 'events[3].name': ['x'] }), 3)).toEqual({ _verdict: SPLIT })
  })

  it.each([
    ['details that name no event ({"name": [...]})', validationError({ name: ['is required'] })],
    ['no details', validationError(undefined)],
    ['details that are not an object', validationError('oops')],
    ['empty details', validationError({})],
    ['a body of null', { status: 400, body: null }],
    ['no body', { status: 400 }],
    ['a body that is a string', { status: 400, body: '<html>Bad Request</html>' }],
    ['keys that only look like events ("events[x].name", "events[0].")', validationError({ 'events[x].name': ['a'], 'events[0].': ['b'] })],
  ])('a 400 with %s splits the batch', (_label, reply) => {
    expect(judge(reply as Reply, 4)).toEqual({ _verdict: SPLIT })
  })

  it.each([413, 404, 401, 403, 405, 415, 422])('status %i splits the batch', (status) => {
    expect(judge({ status, body: null }, 4)).toEqual({ _verdict: SPLIT })
  })

  it('a 413 or 404 carrying event details is split, not dropped (only a 400 names events)', () => {
    const body = { details: { 'events[0].name': ['x'] } }
    expect(judge({ status: 413, body }, 2)._verdict).toBe(SPLIT)
    expect(judge({ status: 404, body }, 2)._verdict).toBe(SPLIT)
  })
})

describe('retryDelay', () => {
  const always = (value: number) => () => value

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

  it('Retry-After: "7" gives 7000 ms whatever random() says', () => {
    for (const r of [0, 0.5, 1]) expect(retryDelay(0, always(r), '7', 0)).toBe(7000)
    expect(retryDelay(12, always(1), '7', 0)).toBe(7000)
  })

  it('Retry-After: "0" means retry at once', () => {
    expect(retryDelay(5, always(1), '0', 0)).toBe(0)
  })

  it('an HTTP-date 30 s in the future gives 30,000 ms', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0)
    const date = new Date(now + 30_000).toUTCString()
    expect(date).toMatch(/GMT$/)
    expect(retryDelay(0, always(1), date, now)).toBe(30_000)
    expect(retryDelay(0, always(0), date, now)).toBe(30_000)
  })

  it('a huge Retry-After is capped at 300,000 ms', () => {
    expect(retryDelay(0, always(1), '86400', 0)).toBe(MAX_RETRY_MS)
    expect(retryDelay(0, always(1), '9'.repeat(400), 0)).toBe(MAX_RETRY_MS)
    const now = Date.UTC(2026, 0, 1)
    expect(retryDelay(0, always(1), new Date(now + 3600_000).toUTCString(), now)).toBe(MAX_RETRY_MS)
  })

  it.each([['garbage'], ['-5'], ['1.5s'], ['soon'], ['']])('a garbage Retry-After (%j) falls back to the backoff', (retryAfter) => {
    expect(retryDelay(2, always(1), retryAfter, Date.UTC(2026, 0, 1))).toBe(4000)
    expect(retryDelay(2, always(0), retryAfter, Date.UTC(2026, 0, 1))).toBe(0)
  })

  it('an HTTP-date in the past falls back to the backoff', () => {
    const now = Date.UTC(2026, 0, 1)
    expect(retryDelay(1, always(1), new Date(now - 60_000).toUTCString(), now)).toBe(2000)
  })

  it('a null Retry-After falls back to the backoff', () => {
    expect(retryDelay(3, always(1), null, 0)).toBe(8000)
  })
})

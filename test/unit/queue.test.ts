import { describe, expect, it } from 'vitest'
import { boundQueue, entryOf, parseQueue, serializeQueue, takeBatch, type Entry, type WireEvent } from '../../src/queue'

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0)

const wire = (id: string, time = T0, extra: Partial<WireEvent> = {}): WireEvent => ({
  name: 'Event ' + id,
  path: '/p',
  hostname: 'shop.example',
  timestamp: new Date(time).toISOString(),
  id,
  ...extra,
})
const entry = (id: string, time = T0, extra: Partial<WireEvent> = {}) => entryOf(wire(id, time, extra))
const ids = (entries: Entry[]) => entries.map((e) => e._id)
const utf8 = (text: string) => new TextEncoder().encode(text).length

describe('entryOf', () => {
  it('keeps the id, the time of the timestamp and the JSON of the event', () => {
    const event = wire('a', T0 + 5)
    expect(entryOf(event)).toEqual({ _id: 'a', _time: T0 + 5, _json: JSON.stringify(event) })
  })
})

describe('serializeQueue / parseQueue', () => {
  it('a stored queue reads back with the same heartbeat and entries, in order', () => {
    const entries = [
      entry('a', T0),
      entry('b', T0 + 1, { query: 'x=1', metadata: { price: 29.99, tags: ['€', '😀'], nested: { ok: true } } }),
      entry('c', T0 + 2),
    ]
    const text = serializeQueue(T0 + 1234, entries)
    expect(() => JSON.parse(text)).not.toThrow()
    const parsed = parseQueue(text)
    expect(parsed._heartbeat).toBe(T0 + 1234)
    expect(parsed._entries).toEqual(entries)
  })

  it('a released queue (heartbeat 0) and an empty queue read back', () => {
    expect(parseQueue(serializeQueue(0, [entry('a')]))).toEqual({ _heartbeat: 0, _entries: [entry('a')] })
    expect(parseQueue(serializeQueue(T0, []))).toEqual({ _heartbeat: T0, _entries: [] })
  })

  it('the stored form is {"h":heartbeat,"e":[events]}', () => {
    const a = wire('a')
    expect(JSON.parse(serializeQueue(7, [entryOf(a)]))).toEqual({ h: 7, e: [a] })
  })

  it.each([
    ['null', null],
    ['"garbage"', 'garbage'],
    ['an empty string', ''],
    ['{"h":1} (no events)', '{"h":1}'],
    ['"null"', 'null'],
    ['a JSON array', '[1,2,3]'],
    ['"e" that is not an array', '{"h":1,"e":{"id":"a"}}'],
    ['truncated JSON', serializeQueue(T0, [entry('a')]).slice(0, -5)],
  ])('unreadable text (%s) is an empty queue and does not throw', (_label, text) => {
    let parsed!: ReturnType<typeof parseQueue>
    expect(() => (parsed = parseQueue(text as string | null))).not.toThrow()
    expect(parsed._entries).toEqual([])
    expect(parsed._heartbeat).toBe(0)
  })

  it('entries without a string id are left out, the others kept', () => {
    const text = JSON.stringify({ h: 5, e: [{ name: 'x' }, null, 3, 'str', { id: 42 }, wire('ok'), { id: null }] })
    const parsed = parseQueue(text)
    expect(parsed._heartbeat).toBe(5)
    expect(ids(parsed._entries)).toEqual(['ok'])
  })

  it('a heartbeat that is not a number reads as 0', () => {
    expect(parseQueue('{"h":"soon","e":[]}')._heartbeat).toBe(0)
  })
})

describe('boundQueue', () => {
  const DAY = 24 * 3600 * 1000

  it('entries older than maxAge are reported as expired, the rest kept in order', () => {
    const entries = [entry('old1', T0 - 8 * DAY), entry('new1', T0 - DAY), entry('old2', T0 - 7 * DAY - 1), entry('new2', T0)]
    const { _kept, _expired, _overflow } = boundQueue(entries, 1000, 7 * DAY, T0)
    expect(ids(_expired)).toEqual(['old1', 'old2'])
    expect(ids(_kept)).toEqual(['new1', 'new2'])
    expect(_overflow).toEqual([])
  })

  it('an entry exactly maxAge old is kept, one ms older expires', () => {
    const { _kept, _expired } = boundQueue([entry('edge', T0 - 1000), entry('past', T0 - 1001)], 10, 1000, T0)
    expect(ids(_kept)).toEqual(['edge'])
    expect(ids(_expired)).toEqual(['past'])
  })

  it('over max, the oldest go first until max are left, in order', () => {
    const entries = ['a', 'b', 'c', 'd', 'e'].map((id, i) => entry(id, T0 + i))
    const { _kept, _overflow, _expired } = boundQueue(entries, 3, DAY, T0 + 10)
    expect(ids(_overflow)).toEqual(['a', 'b'])
    expect(ids(_kept)).toEqual(['c', 'd', 'e'])
    expect(_expired).toEqual([])
  })

  it('expired ones go first, and only then the oldest of the rest make room', () => {
    const entries = [entry('x', T0 - 10 * DAY), entry('a', T0 - 3), entry('y', T0 - 9 * DAY), entry('b', T0 - 2), entry('c', T0 - 1)]
    const { _kept, _overflow, _expired } = boundQueue(entries, 2, 7 * DAY, T0)
    expect(ids(_expired)).toEqual(['x', 'y'])
    expect(ids(_overflow)).toEqual(['a'])
    expect(ids(_kept)).toEqual(['b', 'c'])
  })

  it('at or under max nothing overflows', () => {
    const entries = [entry('a'), entry('b')]
    expect(ids(boundQueue(entries, 2, DAY, T0)._kept)).toEqual(['a', 'b'])
    expect(boundQueue(entries, 2, DAY, T0)._overflow).toEqual([])
  })

  it('does not change the array it is given', () => {
    const entries = [entry('a', T0 - 10 * DAY), entry('b'), entry('c')]
    boundQueue(entries, 1, DAY, T0)
    expect(ids(entries)).toEqual(['a', 'b', 'c'])
  })

  it('max 0 drops everything as overflow', () => {
    const { _kept, _overflow } = boundQueue([entry('a'), entry('b')], 0, DAY, T0)
    expect(_kept).toEqual([])
    expect(ids(_overflow)).toEqual(['a', 'b'])
  })
})

describe('takeBatch', () => {
  /** An entry whose JSON is exactly `bytes` UTF-8 bytes, padded with `unit`. */
  const sized = (id: string, bytes: number, unit = 'a'): Entry => {
    const base = JSON.stringify(wire(id, T0, { query: '' }))
    const room = bytes - utf8(base)
    const count = Math.floor(room / utf8(unit))
    const e = entry(id, T0, { query: unit.repeat(count) + 'a'.repeat(room - count * utf8(unit)) })
    expect(utf8(e._json)).toBe(bytes)
    return e
  }
  const joinedBytes = (batch: Entry[]) => utf8(batch.map((e) => e._json).join())

  it('takes entries in queue order', () => {
    const entries = ['a', 'b', 'c'].map((id) => entry(id))
    expect(ids(takeBatch(entries, new Set(), 100, 1e6))).toEqual(['a', 'b', 'c'])
  })

  it('skips entries in flight and takes the ones after them', () => {
    const entries = ['a', 'b', 'c', 'd'].map((id) => entry(id))
    expect(ids(takeBatch(entries, new Set([entries[0], entries[2]]), 100, 1e6))).toEqual(['b', 'd'])
  })

  it('everything in flight gives an empty batch; so does an empty queue', () => {
    const entries = [entry('a')]
    expect(takeBatch(entries, new Set(entries), 100, 1e6)).toEqual([])
    expect(takeBatch([], new Set(), 100, 1e6)).toEqual([])
  })

  it('takes at most maxEvents entries', () => {
    const entries = Array.from({ length: 250 }, (_, i) => entry('e' + i))
    const batch = takeBatch(entries, new Set(), 100, 1e9)
    expect(batch.length).toBe(100)
    expect(ids(batch)).toEqual(ids(entries.slice(0, 100)))
  })

  it('stops before the JSON of the batch would exceed maxBytes', () => {
    const entries = ['a', 'b', 'c', 'd'].map((id) => sized(id, 300))
    const batch = takeBatch(entries, new Set(), 100, 1000)
    expect(ids(batch)).toEqual(['a', 'b', 'c'])
    expect(joinedBytes(batch)).toBeLessThanOrEqual(1000)
  })

  it('does not skip a big entry to take smaller ones after it (order is kept)', () => {
    const entries = [sized('a', 300), sized('big', 900), sized('c', 200)]
    expect(ids(takeBatch(entries, new Set(), 100, 1000))).toEqual(['a'])
  })

  it('always takes at least one entry, even one bigger than maxBytes', () => {
    const entries = [sized('huge', 5000), sized('b', 300)]
    expect(ids(takeBatch(entries, new Set(), 100, 1000))).toEqual(['huge'])
  })

  it('counts UTF-8 bytes, not string length (multibyte characters)', () => {
    // 400 bytes each but far fewer UTF-16 units: counted by length three would fit in 1000.
    const entries = ['a', 'b', 'c'].map((id) => sized(id, 400, '€'))
    expect(entries[0]._json.length).toBeLessThan(250)
    const batch = takeBatch(entries, new Set(), 100, 1000)
    expect(ids(batch)).toEqual(['a', 'b'])
    expect(joinedBytes(batch)).toBeLessThanOrEqual(1000)
  })

  it('never exceeds maxBytes once it holds more than one entry (many sizes)', () => {
    const sizes = [180, 220, 260, 333, 410, 199, 512, 187, 250, 301]
    const entries = sizes.map((bytes, i) => sized('s' + i, bytes, i % 2 ? '😀' : 'é'))
    for (let maxBytes = 150; maxBytes < 3500; maxBytes += 37) {
      const batch = takeBatch(entries, new Set(), 100, maxBytes)
      expect(batch.length).toBeGreaterThanOrEqual(1)
      if (batch.length > 1) expect(joinedBytes(batch)).toBeLessThanOrEqual(maxBytes)
      expect(ids(batch)).toEqual(ids(entries.slice(0, batch.length)))
      // It stops only because the next entry would not fit (or nothing is left).
      const next = entries[batch.length]
      if (next) expect(joinedBytes([...batch, next])).toBeGreaterThanOrEqual(maxBytes)
    }
  })
})

import { describe, expect, it } from 'vitest'
import { MAX_BODY_CHARS, nextBatch, parseQueue, type WireEvent } from '../../src/queue'

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0)

const wire = (id: string, time = T0, extra: Partial<WireEvent> = {}): WireEvent => ({
  name: 'Event ' + id,
  path: '/p',
  hostname: 'shop.example',
  timestamp: new Date(time).toISOString(),
  id,
  ...extra,
})
const ids = (events: readonly WireEvent[]) => events.map((event) => event.id)
const utf8 = (text: string) => new TextEncoder().encode(text).length

describe('parseQueue', () => {
  it('a stored queue (JSON of {h, e}) reads back with the same heartbeat and events, in order', () => {
    const events = [
      wire('a', T0),
      wire('b', T0 + 1, { query: 'x=1', metadata: { price: 29.99, tags: ['€', '😀'], nested: { ok: true } } }),
      wire('c', T0 + 2),
    ]
    expect(parseQueue(JSON.stringify({ h: T0 + 1234, e: events }))).toEqual({ h: T0 + 1234, e: events })
  })

  it('a released queue (heartbeat 0) and an empty queue read back', () => {
    expect(parseQueue(JSON.stringify({ h: 0, e: [wire('a')] }))).toEqual({ h: 0, e: [wire('a')] })
    expect(parseQueue(JSON.stringify({ h: T0, e: [] }))).toEqual({ h: T0, e: [] })
  })

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['false (no stored text)', false],
    ['a number', 42],
    ['"garbage"', 'garbage'],
    ['an empty string', ''],
    ['{"h":1} (no events)', '{"h":1}'],
    ['"null"', 'null'],
    ['"42"', '42'],
    ['a JSON array', '[1,2,3]'],
    ['"e" that is not an array', '{"h":1,"e":{"id":"a"}}'],
    ['"e" that is a string', '{"h":1,"e":"abc"}'],
    ['truncated JSON', JSON.stringify({ h: T0, e: [wire('a')] }).slice(0, -5)],
  ])('unreadable input (%s) is an empty queue {e:[]} and does not throw', (_label, text) => {
    let parsed!: ReturnType<typeof parseQueue>
    expect(() => (parsed = parseQueue(text))).not.toThrow()
    expect(parsed).toEqual({ e: [] })
  })

  it('events without a string id are left out, the others kept in order', () => {
    const text = JSON.stringify({
      h: 5,
      e: [{ name: 'x' }, wire('first'), null, 3, 'str', { id: 42 }, [], wire('second'), { id: null }],
    })
    const parsed = parseQueue(text)
    expect(parsed.h).toBe(5)
    expect(ids(parsed.e)).toEqual(['first', 'second'])
  })

  it('a heartbeat that is missing or not a number is read as it is (the tracker takes such a record over), and the events are still kept', () => {
    expect(parseQueue(JSON.stringify({ h: 'soon', e: [wire('a')] }))).toEqual({ h: 'soon', e: [wire('a')] })
    expect(parseQueue(JSON.stringify({ h: null, e: [wire('a')] }))).toEqual({ h: null, e: [wire('a')] })
    expect(parseQueue(JSON.stringify({ e: [wire('a')] }))).toEqual({ e: [wire('a')] })
  })
})

describe('nextBatch', () => {
  const SESSION = { screen_width: 1280, screen_height: 800, utm_source: 'newsletter', path: '/landing' }

  /** An event whose JSON is exactly `chars` characters long, padded with `unit` in its query. */
  const sized = (id: string, chars: number, unit = 'a'): WireEvent => {
    const room = chars - JSON.stringify(wire(id, T0, { query: '' })).length
    const count = Math.floor(room / unit.length)
    const event = wire(id, T0, { query: unit.repeat(count) + 'a'.repeat(room - count * unit.length) })
    expect(JSON.stringify(event).length).toBe(chars)
    return event
  }
  const bodyOf = (batch: WireEvent[], session: object = SESSION) => JSON.stringify({ events: batch, ...session })

  it('the body is the JSON of {events: batch} with the session fields at its top level', () => {
    const events = [wire('a'), wire('b', T0, { metadata: { n: 1 } })]
    const { events: batch, body } = nextBatch(events, 100, SESSION)
    expect(JSON.parse(body)).toEqual({ events, ...SESSION })
    expect(body).toBe(bodyOf(batch))
  })

  it("the events' _settle functions are not in the body", () => {
    const events = [wire('a'), wire('b')].map((event) => ({ ...event, _settle: () => {} }))
    const { events: batch, body } = nextBatch(events, 100, {})
    expect(batch).toEqual(events)
    expect(body).not.toContain('_settle')
    expect(JSON.parse(body)).toEqual({ events: [wire('a'), wire('b')] })
  })

  it('takes events in queue order, the same objects', () => {
    const events = ['a', 'b', 'c'].map((id) => wire(id))
    const { events: batch } = nextBatch(events, 100, SESSION)
    expect(batch).toEqual(events)
    batch.forEach((event, i) => expect(event).toBe(events[i]))
  })

  it('nothing waiting gives an empty batch', () => {
    expect(nextBatch([], 100, SESSION).events).toEqual([])
  })

  it('takes at most maxEvents events: the first ones', () => {
    const events = Array.from({ length: 250 }, (_, i) => wire('e' + i))
    const { events: batch, body } = nextBatch(events, 100, SESSION)
    expect(batch.length).toBe(100)
    expect(ids(batch)).toEqual(ids(events.slice(0, 100)))
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS)
    expect(nextBatch(events, 7, SESSION).events.length).toBe(7)
  })

  it('does not change the list it is given', () => {
    const events = ['a', 'b', 'c'].map((id) => wire(id))
    nextBatch(events, 1, SESSION)
    expect(ids(events)).toEqual(['a', 'b', 'c'])
  })

  it('the body limit is 20,000 characters (at most 3 UTF-8 bytes each: under 64 KiB)', () => {
    expect(MAX_BODY_CHARS).toBe(20_000)
    expect(MAX_BODY_CHARS * 3).toBeLessThan(64 * 1024)
  })

  it('100 events of 300 characters (a 30,000-character body) are halved to the first 50', () => {
    const events = Array.from({ length: 100 }, (_, i) => sized('e' + i, 300))
    expect(bodyOf(events).length).toBeGreaterThan(MAX_BODY_CHARS)
    const { events: batch, body } = nextBatch(events, 100, SESSION)
    expect(ids(batch)).toEqual(ids(events.slice(0, 50)))
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS)
  })

  it('a body of exactly 20,000 characters goes whole; one more character halves the batch', () => {
    const pair = (chars: number) => {
      const a = sized('a', 9_000)
      const overhead = bodyOf([a, wire('b')], SESSION).length - JSON.stringify(wire('b')).length
      return [a, sized('b', chars - overhead)]
    }
    const fits = pair(MAX_BODY_CHARS)
    expect(bodyOf(fits).length).toBe(MAX_BODY_CHARS)
    expect(ids(nextBatch(fits, 100, SESSION).events)).toEqual(['a', 'b'])

    const over = pair(MAX_BODY_CHARS + 1)
    expect(bodyOf(over).length).toBe(MAX_BODY_CHARS + 1)
    const { events: batch, body } = nextBatch(over, 100, SESSION)
    expect(ids(batch)).toEqual(['a'])
    expect(body).toBe(bodyOf([over[0]]))
  })

  it('the session fields count towards the limit', () => {
    const events = [sized('a', 9_000), sized('b', 9_000)]
    expect(nextBatch(events, 100, {}).events.length).toBe(2)
    const bigSession = { ...SESSION, utm_campaign: 'c'.repeat(3_000) }
    expect(nextBatch(events, 100, bigSession).events.length).toBe(1)
  })

  it('always sends one event, even one bigger than the limit on its own', () => {
    const events = [sized('huge', 50_000), sized('b', 300)]
    const { events: batch, body } = nextBatch(events, 100, SESSION)
    expect(ids(batch)).toEqual(['huge'])
    expect(body).toBe(bodyOf([events[0]]))
    expect(body.length).toBeGreaterThan(MAX_BODY_CHARS)
  })

  it('keeps the order: a big event is not skipped to take smaller ones after it', () => {
    const events = [sized('a', 300), sized('big', 25_000), sized('c', 200)]
    expect(ids(nextBatch(events, 100, SESSION).events)).toEqual(['a'])
  })

  it('3-byte characters (€) never make a body of two or more events reach 64 KiB', () => {
    const events = Array.from({ length: 100 }, (_, i) => sized('e' + i, 2_000, '€'))
    const { events: batch, body } = nextBatch(events, 100, SESSION)
    expect(batch.length).toBeGreaterThan(1)
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS)
    expect(utf8(body)).toBeGreaterThan(MAX_BODY_CHARS) // multibyte: bytes exceed characters
    expect(utf8(body)).toBeLessThan(64 * 1024)
  })

  it('over many sizes: a prefix of the queue, at most maxEvents, under the limit, and halved only when needed', () => {
    const lengths = [180, 2_220, 260, 7_333, 410, 199, 5_120, 187, 2_500, 301, 9_999, 640, 3_000, 150, 4_444]
    const events = lengths.map((chars, i) => sized('s' + i, chars, i % 2 ? '😀' : 'é'))
    for (let maxEvents = 1; maxEvents <= events.length + 2; maxEvents++) {
      for (let skip = 0; skip < 4; skip++) {
        const waiting = events.slice(skip)
        const { events: batch, body } = nextBatch(waiting, maxEvents, SESSION)
        expect(batch.length).toBeGreaterThanOrEqual(1)
        expect(batch.length).toBeLessThanOrEqual(maxEvents)
        expect(ids(batch)).toEqual(ids(waiting.slice(0, batch.length)))
        expect(body).toBe(bodyOf(batch))
        if (batch.length > 1) {
          expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS)
          expect(utf8(body)).toBeLessThan(64 * 1024)
        }
        // A batch cut below maxEvents was halved from one that did not fit.
        if (batch.length < Math.min(maxEvents, waiting.length)) {
          expect(bodyOf(waiting.slice(0, 2 * batch.length + 1)).length).toBeGreaterThan(MAX_BODY_CHARS)
        }
      }
    }
  })
})

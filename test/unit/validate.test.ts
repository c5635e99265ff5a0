import { describe, expect, it } from 'vitest'
import { checkEvent, MAX_METADATA_BYTES, MAX_NAME_LENGTH, MAX_PATH_LENGTH, type Details } from '../../src/validate'

/** Runs checkEvent with fresh details; returns both, the event only when it is fit to queue (no problem in details). */
const check = (name: unknown, options?: unknown, prefix = '') => {
  const details: Details = {}
  const event = checkEvent(name, options, details, prefix)
  return { event: Object.keys(details).length ? undefined : event, details }
}

const utf8 = (text: string) => new TextEncoder().encode(text).length

/** Metadata `{"k":"<filler>"}` whose JSON is exactly `bytes` UTF-8 bytes, built from `unit`. */
function metadataOfBytes(bytes: number, unit: string) {
  const overhead = utf8('{"k":""}')
  const unitBytes = utf8(unit)
  const room = bytes - overhead
  const count = Math.floor(room / unitBytes)
  const filler = unit.repeat(count) + 'a'.repeat(room - count * unitBytes)
  const metadata = { k: filler }
  expect(utf8(JSON.stringify(metadata))).toBe(bytes)
  return metadata
}

describe('checkEvent: the limits', () => {
  it("the limits are the server's: 255 characters, 2048 characters, 10,240 bytes", () => {
    expect(MAX_NAME_LENGTH).toBe(255)
    expect(MAX_PATH_LENGTH).toBe(2048)
    expect(MAX_METADATA_BYTES).toBe(10240)
  })

  it('a name of 256 characters is refused, 255 is accepted', () => {
    expect(check('a'.repeat(255)).event).toEqual({ name: 'a'.repeat(255), path: undefined, metadata: undefined })
    const { event, details } = check('a'.repeat(256))
    expect(event).toBeUndefined()
    expect(details).toEqual({ name: ['should be at most 255 character(s)'] })
  })

  it('an astral character like 😀 counts as one character of a name: 255 of them pass, 256 do not', () => {
    const ok = '😀'.repeat(255)
    expect(ok.length).toBe(510)
    expect(check(ok).event?.name).toBe(ok)
    expect(check('😀'.repeat(256)).details).toEqual({ name: ['should be at most 255 character(s)'] })
  })

  it('a name mixing ASCII and astral characters is counted in code points at the boundary', () => {
    const at = 'x'.repeat(200) + '😀'.repeat(55) // 255 code points, 310 UTF-16 units
    expect(check(at).event).toBeDefined()
    expect(check(at + 'x').event).toBeUndefined()
  })

  it('a path of 2049 characters is refused, 2048 is accepted', () => {
    const ok = '/' + 'p'.repeat(2047)
    expect(check('Event', { path: ok }).event?.path).toBe(ok)
    const { event, details } = check('Event', { path: ok + 'p' })
    expect(event).toBeUndefined()
    expect(details).toEqual({ path: ['should be at most 2048 character(s)'] })
  })

  it('a path of 2048 astral characters is accepted (counted in code points), 2049 refused', () => {
    const ok = '😀'.repeat(2048)
    expect(check('Event', { path: ok }).event?.path).toBe(ok)
    expect(check('Event', { path: ok + '😀' }).details).toEqual({ path: ['should be at most 2048 character(s)'] })
  })

  it('metadata of 10,240 UTF-8 bytes is accepted, 10,241 refused (ASCII)', () => {
    const ok = metadataOfBytes(10240, 'a')
    expect(check('Event', { metadata: ok }).event?.metadata).toEqual(ok)
    const { event, details } = check('Event', { metadata: metadataOfBytes(10241, 'a') })
    expect(event).toBeUndefined()
    expect(details).toEqual({ metadata: ['should be at most 10240 byte(s)'] })
  })

  it('metadata is measured in UTF-8 bytes, not string length: 3-byte characters (€) at 10,240 / 10,241', () => {
    const ok = metadataOfBytes(10240, '€')
    expect(JSON.stringify(ok).length).toBeLessThan(4000) // far under the limit if it were counted in UTF-16 units
    expect(check('Event', { metadata: ok }).event?.metadata).toEqual(ok)
    const over = metadataOfBytes(10241, '€')
    expect(check('Event', { metadata: over }).details).toEqual({ metadata: ['should be at most 10240 byte(s)'] })
  })

  it('metadata made of 4-byte characters (😀) is measured in bytes at 10,240 / 10,241', () => {
    expect(check('Event', { metadata: metadataOfBytes(10240, '😀') }).event).toBeDefined()
    expect(check('Event', { metadata: metadataOfBytes(10241, '😀') }).event).toBeUndefined()
  })

  it('metadata made of 2-byte characters (é) is measured in bytes at 10,240 / 10,241', () => {
    expect(check('Event', { metadata: metadataOfBytes(10240, 'é') }).event).toBeDefined()
    expect(check('Event', { metadata: metadataOfBytes(10241, 'é') }).event).toBeUndefined()
  })
})

describe('checkEvent: the name', () => {
  it('a missing name (undefined or null) is refused as required', () => {
    expect(check(undefined)).toEqual({ event: undefined, details: { name: ['is required'] } })
    expect(check(null)).toEqual({ event: undefined, details: { name: ['is required'] } })
  })

  it.each([[42], [true], [{}], [['Click']], [Symbol('x')], [10n], [() => 'x'], [new String('Click')]])(
    'a name that is not a string (%s) is refused',
    (name) => {
      expect(check(name)).toEqual({ event: undefined, details: { name: ['must be a string'] } })
    },
  )

  it.each([[''], [' '], ['   \t\n '], ['\u00a0\u2003']])('a blank name (%j) is refused', (name) => {
    expect(check(name)).toEqual({ event: undefined, details: { name: ["can't be blank"] } })
  })

  it('a name with spaces around a visible character is accepted as given', () => {
    expect(check('  Click  ').event?.name).toBe('  Click  ')
  })
})

describe('checkEvent: the options', () => {
  it('no options, or options that are not an object, give an event without path nor metadata', () => {
    for (const options of [undefined, null, 42, 'str', true]) {
      expect(check('Click', options)).toEqual({
        event: { name: 'Click', path: undefined, metadata: undefined },
        details: {},
      })
    }
  })

  it('a path and metadata are returned, the metadata as a parsed object', () => {
    const { event } = check('Buy', { path: '/cart', metadata: { price: 29.99, id: '123', tags: ['a'], nested: { ok: true } } })
    expect(event).toEqual({
      name: 'Buy',
      path: '/cart',
      metadata: { price: 29.99, id: '123', tags: ['a'], nested: { ok: true } },
    })
  })

  it('without a prefix (a single call), the name is the first argument and options.name is ignored', () => {
    expect(check('Click', { name: 'Other', path: '/a' }).event).toEqual({ name: 'Click', path: '/a', metadata: undefined })
    expect(check(undefined, { name: 'Other' }).details).toEqual({ name: ['is required'] })
  })

  it('null metadata and a null path are treated as absent (the path stays null: the tracker fills it in)', () => {
    expect(check('Click', { path: null, metadata: null })).toEqual({
      event: { name: 'Click', path: null, metadata: undefined },
      details: {},
    })
  })

  it('a path that is not a string is refused', () => {
    for (const path of [42, {}, ['/a'], true]) {
      expect(check('Click', { path }).details).toEqual({ path: ['must be a string'] })
    }
  })

  it('options that are a Proxy throwing on every get are refused, not thrown', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('get')
        },
        has() {
          throw new Error('has')
        },
        ownKeys() {
          throw new Error('ownKeys')
        },
        getOwnPropertyDescriptor() {
          throw new Error('gOPD')
        },
      },
    )
    let result!: ReturnType<typeof check>
    expect(() => (result = check('Click', hostile))).not.toThrow()
    expect(result.event).toBeUndefined()
    expect(result.details).toEqual({ options: ['is invalid'] })
  })

  it('options with a getter for path that throws are refused', () => {
    const options = {
      get path() {
        throw new Error('boom')
      },
    }
    expect(check('Click', options)).toEqual({ event: undefined, details: { options: ['is invalid'] } })
  })
})

describe('checkEvent: metadata must be a JSON object', () => {
  it.each([
    ['an array', [1, 2]],
    ['a string', 'product'],
    ['a number', 3],
    ['a boolean', true],
  ])('metadata that is %s is refused', (_label, metadata) => {
    expect(check('Click', { metadata })).toEqual({ event: undefined, details: { metadata: ['must be an object'] } })
  })

  it('cyclic metadata is refused without throwing', () => {
    const metadata: any = { a: 1 }
    metadata.self = metadata
    expect(check('Click', { metadata })).toEqual({ event: undefined, details: { metadata: ['is invalid'] } })
  })

  it('metadata containing a BigInt is refused without throwing', () => {
    expect(check('Click', { metadata: { big: 10n } })).toEqual({
      event: undefined,
      details: { metadata: ['is invalid'] },
    })
  })

  it('metadata with a getter that throws is refused without throwing', () => {
    const metadata = {
      get price() {
        throw new Error('boom')
      },
    }
    expect(check('Click', { metadata })).toEqual({ event: undefined, details: { metadata: ['is invalid'] } })
  })

  it.each([
    ['a function', () => ({ a: 1 })],
    ['a symbol', Symbol('meta')],
    ['a boxed number', new Number(3)],
    ['a boxed string', new String('product')],
  ])('metadata that is %s is refused as not an object', (_label, metadata) => {
    expect(check('Click', { metadata })).toEqual({ event: undefined, details: { metadata: ['must be an object'] } })
  })

  it('metadata whose toJSON returns an array, a number, null or nothing is refused as not an object', () => {
    for (const shown of [[1], 3, null, undefined]) {
      expect(check('Click', { metadata: { toJSON: () => shown } }).details).toEqual({ metadata: ['must be an object'] })
    }
  })

  it('a top-level BigInt as metadata is refused as invalid without throwing', () => {
    let result!: ReturnType<typeof check>
    expect(() => (result = check('Click', { metadata: 10n }))).not.toThrow()
    expect(result).toEqual({ event: undefined, details: { metadata: ['is invalid'] } })
  })

  it('a BigInt deep inside metadata is refused as invalid', () => {
    expect(check('Click', { metadata: { a: { b: [1, { c: 2n }] } } }).details).toEqual({ metadata: ['is invalid'] })
  })

  it('a cycle deep inside metadata is refused as invalid', () => {
    const inner: any = { list: [] }
    inner.list.push({ back: inner })
    expect(check('Click', { metadata: { a: inner } }).details).toEqual({ metadata: ['is invalid'] })
  })

  it('metadata that is a Proxy throwing on every access is refused as invalid without throwing', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('get')
        },
        ownKeys() {
          throw new Error('ownKeys')
        },
        getOwnPropertyDescriptor() {
          throw new Error('gOPD')
        },
      },
    )
    let result!: ReturnType<typeof check>
    expect(() => (result = check('Click', { metadata: hostile }))).not.toThrow()
    expect(result).toEqual({ event: undefined, details: { metadata: ['is invalid'] } })
  })

  it('metadata whose toJSON returns a string is refused as not an object', () => {
    const metadata = { toJSON: () => 'just a string' }
    expect(check('Click', { metadata })).toEqual({ event: undefined, details: { metadata: ['must be an object'] } })
  })

  it('a Date as metadata (it serialises to a string) is refused as not an object', () => {
    expect(check('Click', { metadata: new Date(0) }).details).toEqual({ metadata: ['must be an object'] })
  })

  it('metadata whose toJSON returns an object is accepted as that object', () => {
    const metadata = { secret: 1, toJSON: () => ({ shown: 2 }) }
    expect(check('Click', { metadata }).event?.metadata).toEqual({ shown: 2 })
  })

  it('the returned metadata is a snapshot: changing the object afterwards does not change it', () => {
    const metadata: Record<string, unknown> = { count: 1, nested: { a: 1 }, list: [1] }
    const { event } = check('Click', { metadata })
    expect(event?.metadata).not.toBe(metadata)
    metadata.count = 2
    ;(metadata.nested as any).a = 99
    ;(metadata.list as number[]).push(2)
    metadata.added = true
    expect(event?.metadata).toEqual({ count: 1, nested: { a: 1 }, list: [1] })
  })

  it('the snapshot is what JSON would send: functions, undefined and symbols dropped, Dates as strings, NaN as null', () => {
    const metadata = { f: () => 1, u: undefined, s: Symbol('x'), at: new Date(0), n: NaN, kept: 'yes' }
    expect(check('Click', { metadata }).event?.metadata).toEqual({ at: '1970-01-01T00:00:00.000Z', n: null, kept: 'yes' })
  })

  it('an empty object is accepted as metadata', () => {
    expect(check('Click', { metadata: {} }).event?.metadata).toEqual({})
  })
})

describe('checkEvent: a batch event (with a prefix)', () => {
  it('the name is read from options.name; the first argument is ignored', () => {
    const details: Details = {}
    expect(checkEvent('Ignored', { name: 'Real', path: '/a', metadata: { n: 1 } }, details, 'events[0].')).toEqual({
      name: 'Real',
      path: '/a',
      metadata: { n: 1 },
    })
    expect(details).toEqual({})
  })

  it('an event without a name is refused as required even when a first argument is given', () => {
    const details: Details = {}
    checkEvent('Ignored', { path: '/a' }, details, 'events[3].')
    expect(details).toEqual({ 'events[3].name': ['is required'] })
  })

  it.each([
    ['null', null, 'is required'],
    ['a number', 42, 'must be a string'],
    ['blank', '  ', "can't be blank"],
    ['too long', 'n'.repeat(256), 'should be at most 255 character(s)'],
  ])('an event whose name is %s is refused under its prefixed key', (_label, name, message) => {
    const details: Details = {}
    checkEvent(undefined, { name }, details, 'events[1].')
    expect(details).toEqual({ 'events[1].name': [message] })
  })

  it.each([[undefined], [null], [42], ['Click'], [true]])(
    'an event that is not an object (%j), given as lyt.batch gives it (no first argument), has no name',
    (event) => {
      const details: Details = {}
      checkEvent(undefined, event, details, 'events[0].')
      expect(details).toEqual({ 'events[0].name': ['is required'] })
    },
  )

  it('an event that is a Proxy throwing on every get is refused under its prefixed key, not thrown', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('get')
        },
      },
    )
    const details: Details = {}
    expect(() => checkEvent(undefined, hostile, details, 'events[2].')).not.toThrow()
    expect(details['events[2].options']).toEqual(['is invalid'])
  })
})

describe('checkEvent: details', () => {
  it('details keys carry the prefix (events[2].name)', () => {
    const details: Details = {}
    checkEvent('', undefined, details, 'events[2].')
    expect(details).toEqual({ 'events[2].name': ["can't be blank"] })
  })

  it('every problem of one event is reported, each under its prefixed field', () => {
    const details: Details = {}
    const cyclic: any = {}
    cyclic.self = cyclic
    checkEvent(undefined, { name: 42, path: 5, metadata: cyclic }, details, 'events[0].')
    expect(details).toEqual({
      'events[0].name': ['must be a string'],
      'events[0].path': ['must be a string'],
      'events[0].metadata': ['is invalid'],
    })
  })

  it('details messages are arrays of strings', () => {
    const details: Details = {}
    checkEvent(undefined, { path: 'x'.repeat(3000), metadata: [1] }, details, 'events[1].')
    expect(Object.keys(details).length).toBe(3)
    for (const messages of Object.values(details)) {
      expect(Array.isArray(messages)).toBe(true)
      expect(messages.length).toBeGreaterThan(0)
      for (const message of messages) expect(typeof message).toBe('string')
    }
  })

  it('the events of a batch share one details: a valid event after an invalid one adds nothing to it', () => {
    const details: Details = {}
    checkEvent('', undefined, details, 'events[0].')
    checkEvent('Fine', undefined, details, 'events[1].')
    expect(details).toEqual({ 'events[0].name': ["can't be blank"] })
  })

  it('a valid event leaves details empty', () => {
    const details: Details = {}
    expect(checkEvent('Click', { path: '/a', metadata: { a: 1 } }, details, '')).toEqual({
      name: 'Click',
      path: '/a',
      metadata: { a: 1 },
    })
    expect(details).toEqual({})
  })
})

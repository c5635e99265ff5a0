// Property-based fuzzing of the whole public API (`createLyt` from src/lyt.ts) on a fresh
// happy-dom window per run, with a fake transport that records every request and answers 200.
//
// Properties, whatever the arguments:
//  - no call throws, neither inside the call nor later from a timer;
//  - every callback given in a callback position is called exactly once, never inside the call;
//  - every request body is JSON with 1..100 events, each with a non-blank string name of at
//    most 255 code points, a string path of at most 2048, a string id (unique), a timestamp
//    ending in "Z", and metadata (if any) a JSON object of at most 10,240 UTF-8 bytes.

import fc from 'fast-check'
import { Window } from 'happy-dom'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLyt } from '../../src/lyt'
import type { Reply } from '../../src/response'
import type { Config, Result } from '../../src/types'

// ---------------------------------------------------------------------------------------------
// The world of one run

interface Request {
  url: string
  body: string
  keepalive: boolean
}

async function startWorld(settings: Partial<Config>) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  vi.setSystemTime(new Date('2026-11-25T12:00:00Z'))
  const win = new Window({ url: 'https://shop.example/start' })
  Object.defineProperty(win.navigator, 'webdriver', { value: false })
  const requests: Request[] = []
  const transport = (url: string, body: string, keepalive: boolean): Promise<Reply> => {
    requests.push({ url, body, keepalive })
    return Promise.resolve({ status: 200, body: { ok: true } })
  }
  const lyt = createLyt(settings, {
    window: win as any,
    storage: win.localStorage as any,
    transport,
    now: () => Date.now(),
    random: Math.random,
  })
  const close = async () => {
    vi.clearAllTimers()
    vi.useRealTimers()
    await win.happyDOM.close()
  }
  return { win, lyt, requests, close }
}

/** Lets timers, promises and microtasks run; anything a timer throws is recorded. */
async function advance(ms: number, thrown: unknown[]) {
  try {
    await vi.advanceTimersByTimeAsync(ms)
  } catch (error) {
    thrown.push(error)
  }
}

// ---------------------------------------------------------------------------------------------
// Nasty values

const cyclic: any = { a: 1 }
cyclic.self = cyclic
const cyclicArray: any[] = [1]
cyclicArray.push(cyclicArray)

const boom = () => {
  throw new Error('boom')
}
/** A Proxy that throws on every trap. */
const hostileProxy = new Proxy(
  {},
  {
    get: boom,
    set: boom,
    has: boom,
    deleteProperty: boom,
    ownKeys: boom,
    getOwnPropertyDescriptor: boom,
    defineProperty: boom,
    getPrototypeOf: boom,
    setPrototypeOf: boom,
    isExtensible: boom,
    preventExtensions: boom,
  },
)
const revoked = (() => {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  return proxy
})()
/** An object whose every interesting property is a getter that throws. */
const throwingGetters = Object.defineProperties(
  {},
  Object.fromEntries(
    ['name', 'path', 'metadata', 'endpoint', 'exclude', 'flushInterval', 'length', 'toJSON', 'then'].map((key) => [
      key,
      { get: boom, enumerable: true },
    ]),
  ),
)
const throwingToJson = { toJSON: boom }
const stringToJson = { toJSON: () => 'a string' }
const throwingToString = { toString: boom, valueOf: boom }

const HUGE = 'x'.repeat(100_001)
const HUGE_ASTRAL = '😀'.repeat(60_000)
const HUGE_BLANK = ' '.repeat(100_000)

const nastyValues: unknown[] = [
  undefined,
  null,
  NaN,
  Infinity,
  -0,
  0,
  '',
  ' ',
  '\t\n',
  10n,
  { big: 10n },
  { nested: { deeper: [1, 2, 10n] } },
  cyclic,
  { metadata: cyclic },
  cyclicArray,
  Object.assign([{ name: 'A' }], { [Symbol.iterator]: undefined }),
  hostileProxy,
  revoked,
  throwingGetters,
  { metadata: throwingGetters },
  throwingToJson,
  stringToJson,
  { metadata: throwingToJson },
  { metadata: stringToJson },
  throwingToString,
  HUGE,
  HUGE_ASTRAL,
  HUGE_BLANK,
  { path: HUGE },
  { metadata: { huge: HUGE } },
  Symbol('nasty'),
  Symbol.iterator,
  { [Symbol('key')]: 1 },
  Object.create(null),
  () => 'a function',
  Object.assign(() => {}, { path: '/fn', metadata: { a: 1 } }),
  new Date(NaN),
  new Map([[1, 2]]),
  new Set([1]),
  new Uint8Array(3),
  [[['deep']]],
  new String('boxed'),
  { name: 'Looks OK', metadata: [1, 2] },
  { path: 42 },
]

/**
 * fast-check inspects every value it generates (`cloneMethod in value`), which a hostile Proxy
 * would not survive: the arbitraries hold a token, resolved into the nasty value just before
 * the call (see `resolve`).
 */
class Nasty {
  constructor(readonly index: number) {}
  [fc.toStringMethod]() {
    return 'nasty#' + this.index
  }
}
const nasty = fc.integer({ min: 0, max: nastyValues.length - 1 }).map((index) => new Nasty(index))

/** Replaces the tokens in what fast-check generated (plain arrays and objects) by the nasty values. */
function resolve(value: unknown): unknown {
  if (value instanceof Nasty) return nastyValues[value.index]
  if (Array.isArray(value)) {
    const out = new Array(value.length) // holes stay holes
    for (let i = 0; i < value.length; i++) if (i in value) out[i] = resolve(value[i])
    return out
  }
  if (value && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value)
    if (proto === Object.prototype || proto === null) {
      const out = Object.create(proto)
      for (const key of Reflect.ownKeys(value)) {
        Object.defineProperty(out, key, {
          value: resolve((value as any)[key]),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
      return out
    }
  }
  return value
}
const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withTypedArray: true,
  withSparseArray: true,
  maxDepth: 3,
})
const wild = fc.oneof(anything, nasty)

// Plausible values, so that many calls are accepted and reach the wire.
const unitChars = fc.constantFrom('a', 'Z', ' ', '/', 'é', '€', '😀', '\u0000', '"', '\\', '\u2028', '\ud800')
const nameArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('Button Click', 'Purchase', 'Page View', 'Form Submit') },
  { weight: 3, arbitrary: fc.string({ minLength: 0, maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: unitChars, minLength: 250, maxLength: 260 }) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.integer({ min: 253, max: 258 }), fc.constantFrom('a', '😀', 'é')).map(([n, c]) => c.repeat(n)),
  },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u00a0', '\n\t') },
  { weight: 2, arbitrary: wild },
)
const pathArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('/', '/checkout', '/onboarding/step-2', '/admin/users', '/health') },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.integer({ min: 2045, max: 2050 }), fc.constantFrom('a', '😀')).map(([n, c]) => '/' + c.repeat(n - 1)),
  },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: wild },
)
const metadataArb = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }) },
  { weight: 2, arbitrary: fc.object({ maxDepth: 2 }) },
  {
    weight: 2,
    // Around the 10,240-byte limit, in 1-, 2-, 3- and 4-byte characters.
    arbitrary: fc
      .tuple(
        fc.constantFrom(['a', 1], ['é', 2], ['€', 3], ['😀', 4]) as fc.Arbitrary<[string, number]>,
        fc.integer({ min: -12, max: 12 }),
      )
      .map(([[char, bytes], delta]) => {
        const room = 10240 - '{"k":""}'.length + delta
        return { k: char.repeat(Math.floor(room / bytes)) + 'a'.repeat(room % bytes) }
      }),
  },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: wild },
)
const optionsArb = fc.oneof(
  { weight: 5, arbitrary: fc.record({ path: pathArb, metadata: metadataArb }, { requiredKeys: [] }) },
  { weight: 2, arbitrary: wild },
)
const batchEventArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ name: nameArb, path: pathArb, metadata: metadataArb }, { requiredKeys: ['name'] }) },
  { weight: 1, arbitrary: wild },
)
const batchEventsArb = fc.oneof(
  { weight: 6, arbitrary: fc.array(batchEventArb, { maxLength: 8 }) },
  // Batches past the server's 100 events per request.
  {
    weight: 1,
    arbitrary: fc.integer({ min: 95, max: 230 }).map((n) => Array.from({ length: n }, (_, i) => ({ name: 'Item ' + i }))),
  },
  { weight: 1, arbitrary: wild },
)
const excludeArb = fc.oneof(
  fc.constantFrom('/admin/*, /health', '', '*', '/(x)', '/a.b', '/checkout'),
  fc.array(fc.constantFrom('/admin/*', '/health', ' /x* ', ''), { maxLength: 3 }),
)
/** Settings of the right types; wrong types come from `wild` (see the `configure` command). */
const configArb = fc.record(
  {
    endpoint: fc.constantFrom('/api/analytics', 'https://collector.example/api/analytics/', '', '/x//'),
    autoPageview: fc.boolean(),
    spaMode: fc.boolean(),
    hashRouting: fc.boolean(),
    flushInterval: fc.integer({ min: 0, max: 3000 }),
    respectDnt: fc.boolean(),
    exclude: excludeArb,
    maxQueue: fc.integer({ min: 1, max: 2000 }),
    maxAge: fc.integer({ min: 1, max: 8 * 24 * 3600 * 1000 }),
  },
  { requiredKeys: [] },
)

// ---------------------------------------------------------------------------------------------
// Commands

/** Where a call's callback goes: none, in the options' place, or after the options. */
type Slot = 'none' | 'second' | 'third'
const slotArb = fc.constantFrom<Slot>('none', 'second', 'third', 'third')

type Command =
  | { kind: 'track'; name: unknown; options: unknown; slot: Slot; extra: unknown[] }
  | { kind: 'batch'; events: unknown; callback: boolean; extra: unknown[] }
  | { kind: 'pageview'; options: unknown; slot: Slot }
  | { kind: 'flush'; callback: boolean; arg: unknown }
  | { kind: 'queueLength'; args: unknown[] }
  | { kind: 'configure'; settings: unknown }
  | { kind: 'optOut'; args: unknown[] }
  | { kind: 'optIn'; args: unknown[] }
  | { kind: 'navigate'; how: 'push' | 'replace' | 'hash' | 'back'; path: string }
  | { kind: 'hide' }
  | { kind: 'wait'; ms: number }

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('track' as const),
      name: nameArb,
      options: optionsArb,
      slot: slotArb,
      extra: fc.array(wild, { maxLength: 2 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('batch' as const),
      events: batchEventsArb,
      callback: fc.boolean(),
      extra: fc.array(wild, { maxLength: 2 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('pageview' as const),
      options: fc.oneof(fc.constant(undefined), fc.record({ path: pathArb }, { requiredKeys: [] }), wild),
      slot: slotArb,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flush' as const), callback: fc.boolean(), arg: wild }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('queueLength' as const), args: fc.array(wild, { maxLength: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('configure' as const), settings: fc.oneof(configArb, wild) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('optOut' as const), args: fc.array(wild, { maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('optIn' as const), args: fc.array(wild, { maxLength: 2 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('navigate' as const),
      how: fc.constantFrom<'push' | 'replace' | 'hash' | 'back'>('push', 'replace', 'hash', 'back'),
      path: fc.constantFrom('/a', '/b', '/admin/x', '/health', '/a#/x'),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'hide' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 4000 }) }) },
)

// ---------------------------------------------------------------------------------------------
// Checks of what went on the wire

const utf8 = (text: string) => new TextEncoder().encode(text).length
const codePoints = (text: string) => [...text].length

function wireProblems(requests: Request[]): string[] {
  const problems: string[] = []
  const ids = new Set<string>()
  for (const [r, request] of requests.entries()) {
    const where = `request ${r}`
    if (!/\/events$/.test(request.url)) problems.push(`${where}: url ${request.url}`)
    let body: any
    try {
      body = JSON.parse(request.body)
    } catch {
      problems.push(`${where}: body is not JSON`)
      continue
    }
    if (!body || !Array.isArray(body.events)) {
      problems.push(`${where}: no events array`)
      continue
    }
    if (body.events.length < 1 || body.events.length > 100) problems.push(`${where}: ${body.events.length} events`)
    if (typeof body.screen_width !== 'number' || typeof body.path !== 'string') problems.push(`${where}: session fields`)
    for (const [i, event] of body.events.entries()) {
      const at = `${where} event ${i}`
      if (!event || typeof event !== 'object') {
        problems.push(`${at}: not an object`)
        continue
      }
      const { name, path, id, timestamp, metadata, hostname, query } = event
      if (typeof name !== 'string' || !name.trim()) problems.push(`${at}: blank or non-string name`)
      else if (codePoints(name) > 255) problems.push(`${at}: name of ${codePoints(name)} code points`)
      if (typeof path !== 'string') problems.push(`${at}: non-string path`)
      else if (codePoints(path) > 2048) problems.push(`${at}: path of ${codePoints(path)} code points`)
      if (typeof id !== 'string' || !id) problems.push(`${at}: no id`)
      else if (ids.has(id)) problems.push(`${at}: duplicate id ${id}`)
      else ids.add(id)
      if (typeof timestamp !== 'string' || !timestamp.endsWith('Z') || !Number.isFinite(Date.parse(timestamp))) {
        problems.push(`${at}: timestamp ${timestamp}`)
      }
      if (typeof hostname !== 'string') problems.push(`${at}: non-string hostname`)
      if (query !== undefined && typeof query !== 'string') problems.push(`${at}: non-string query`)
      if ('metadata' in event) {
        if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) problems.push(`${at}: metadata not an object`)
        else if (utf8(JSON.stringify(metadata)) > 10240)
          problems.push(`${at}: metadata of ${utf8(JSON.stringify(metadata))} bytes`)
      }
    }
  }
  return problems
}

// ---------------------------------------------------------------------------------------------
// One run

interface Tracked {
  label: string
  calls: Result[]
  syncCalls: number
  /** Whether the API promises to answer it (it sits in a callback position). */
  expected: boolean
}

async function runCommands(settings: Partial<Config>, commands: Command[]) {
  const { win, lyt, requests, close } = await startWorld(settings)
  const thrown: unknown[] = []
  const tracked: Tracked[] = []
  let inCall = 0
  const callback = (label: string, expected = true) => {
    const record: Tracked = { label, calls: [], syncCalls: 0, expected }
    tracked.push(record)
    return (result: Result) => {
      if (inCall) record.syncCalls++
      record.calls.push(result)
    }
  }
  const call = (run: () => unknown) => {
    inCall++
    try {
      return run()
    } catch (error) {
      thrown.push(error)
    } finally {
      inCall--
    }
  }

  try {
    for (const [n, command] of commands.entries()) {
      switch (command.kind) {
        case 'track': {
          const { name, options, slot, extra } = command
          const args: unknown[] =
            slot === 'second'
              ? [name, callback(`#${n} lyt(name, cb)`), ...extra]
              : slot === 'third'
                ? [name, options, callback(`#${n} lyt(name, options, cb)`, typeof options !== 'function'), ...extra]
                : [name, options, ...extra]
          call(() => (lyt as any)(...args))
          break
        }
        case 'batch': {
          const { events, extra } = command
          const args = command.callback ? [events, callback(`#${n} batch`, true), ...extra] : [events, ...extra]
          call(() => (lyt.batch as any)(...args))
          break
        }
        case 'pageview': {
          const { options, slot } = command
          const args =
            slot === 'second'
              ? [callback(`#${n} pageview(cb)`)]
              : slot === 'third'
                ? [options, callback(`#${n} pageview(options, cb)`, typeof options !== 'function')]
                : [options]
          call(() => (lyt.pageview as any)(...args))
          break
        }
        case 'flush':
          call(() => (lyt.flush as any)(command.callback ? callback(`#${n} flush`) : command.arg))
          break
        case 'queueLength': {
          const length = call(() => (lyt.queueLength as any)(...command.args))
          if (typeof length !== 'number' || !(length >= 0)) thrown.push(new Error(`queueLength() gave ${String(length)}`))
          break
        }
        case 'configure':
          call(() => (lyt.configure as any)(command.settings))
          break
        case 'optOut':
          call(() => (lyt.optOut as any)(...command.args))
          break
        case 'optIn':
          call(() => (lyt.optIn as any)(...command.args))
          break
        case 'navigate':
          call(() => {
            if (command.how === 'push') win.history.pushState({}, '', command.path)
            else if (command.how === 'replace') win.history.replaceState({}, '', command.path)
            else if (command.how === 'hash') win.location.hash = '#/' + n
            else win.history.back()
          })
          break
        case 'hide':
          call(() => {
            Object.defineProperty(win.document, 'visibilityState', { value: 'hidden', configurable: true })
            win.document.dispatchEvent(new win.Event('visibilitychange'))
            Object.defineProperty(win.document, 'visibilityState', { value: 'visible', configurable: true })
          })
          break
        case 'wait':
          await advance(command.ms, thrown)
          break
      }
      // Between calls: microtasks only (what "after the call" means).
      await Promise.resolve()
    }
    // Let everything settle: flush timers (≤ 3 s here), the heartbeat, and any retries.
    for (let i = 0; i < 4; i++) await advance(10_000, thrown)
    return { thrown, tracked, requests, version: lyt.version, queueLength: call(() => lyt.queueLength()) }
  } finally {
    await close()
  }
}

function runProblems(outcome: Awaited<ReturnType<typeof runCommands>>): string[] {
  const problems = wireProblems(outcome.requests)
  for (const error of outcome.thrown) problems.push('threw: ' + String((error as Error)?.stack || error).slice(0, 400))
  for (const record of outcome.tracked) {
    if (record.syncCalls) problems.push(`${record.label}: called synchronously inside the call`)
    if (record.expected && record.calls.length !== 1) problems.push(`${record.label}: called ${record.calls.length} times`)
    if (!record.expected && record.calls.length > 1) problems.push(`${record.label}: called ${record.calls.length} times`)
    for (const result of record.calls) {
      if (!result || typeof result.ok !== 'boolean') problems.push(`${record.label}: result ${JSON.stringify(result)}`)
      if (result && result.queued !== undefined && !(Number.isInteger(result.queued) && result.queued >= 0)) {
        problems.push(`${record.label}: queued ${result.queued}`)
      }
    }
  }
  if (typeof outcome.version !== 'string') problems.push('version is not a string')
  return problems
}

// ---------------------------------------------------------------------------------------------

describe('fuzzing the public API', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('whatever it is given, no call throws, every callback is answered exactly once and never inside the call, and every request is valid for the server', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          configArb,
          configArb.map((settings) => ({ ...settings, endpoint: 42, flushInterval: Symbol('s'), maxQueue: null }) as any),
        ),
        fc.array(commandArb, { minLength: 1, maxLength: 12 }),
        async (settings, commands) => {
          const problems = runProblems(await runCommands(settings, resolve(commands) as Command[]))
          expect(problems).toEqual([])
        },
      ),
      { numRuns: 100 },
    )
  }, 60_000)

  it('the nasty values alone, each in every argument of every method, break nothing', async () => {
    const commands: Command[] = []
    for (const value of nastyValues) {
      commands.push(
        { kind: 'track', name: value, options: undefined, slot: 'third', extra: [] },
        { kind: 'track', name: 'Click', options: value, slot: 'third', extra: [value] },
        { kind: 'track', name: 'Click', options: { path: value, metadata: value }, slot: 'second', extra: [] },
        { kind: 'batch', events: [{ name: 'Ok' }, { name: 'Bad', path: value, metadata: value }], callback: true, extra: [] },
        { kind: 'batch', events: value, callback: true, extra: [value] },
        { kind: 'pageview', options: value, slot: 'third' },
        { kind: 'pageview', options: { path: value }, slot: 'third' },
        { kind: 'flush', callback: false, arg: value },
        { kind: 'queueLength', args: [value] },
        { kind: 'configure', settings: value },
        { kind: 'optOut', args: [value] },
        { kind: 'optIn', args: [value] },
      )
    }
    commands.push({ kind: 'flush', callback: true, arg: undefined })
    const outcome = await runCommands({ flushInterval: 0 }, commands)
    expect(runProblems(outcome)).toEqual([])
    // The accepted calls did reach the wire.
    expect(outcome.requests.length).toBeGreaterThan(0)
    expect(outcome.queueLength).toBe(0)
  })

  it('accepted events are all delivered: nothing is left in the queue once timers have run', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ name: nameArb, options: optionsArb }), { minLength: 1, maxLength: 20 }),
        async (calls) => {
          const commands = (resolve(calls) as typeof calls).map(
            // Options that are a function are the callback: then ours takes their place.
            ({ name, options }): Command => ({
              kind: 'track',
              name,
              options,
              slot: typeof options === 'function' ? 'second' : 'third',
              extra: [],
            }),
          )
          const outcome = await runCommands({ flushInterval: 500 }, commands)
          expect(runProblems(outcome)).toEqual([])
          expect(outcome.queueLength).toBe(0)
          const okCalls = outcome.tracked.filter((t) => t.calls[0]?.ok).length
          const sent = outcome.requests.flatMap((r) => JSON.parse(r.body).events)
          // The start's page view, plus one event per call answered ok.
          expect(sent.length).toBe(okCalls + 1)
        },
      ),
      { numRuns: 40 },
    )
  }, 60_000)
})

describe('the fuzz oracle itself', () => {
  const good = {
    name: 'Click',
    path: '/a',
    hostname: 'shop.example',
    timestamp: '2026-11-25T12:00:00.000Z',
    id: 'x1',
  }
  const body = (events: unknown[]) => JSON.stringify({ events, screen_width: 1, screen_height: 1, path: '/' })
  const problemsOf = (raw: string) => wireProblems([{ url: '/api/analytics/events', body: raw, keepalive: false }])

  it('accepts a valid request', () => {
    expect(problemsOf(body([good, { ...good, id: 'x2', metadata: { a: 1 } }]))).toEqual([])
  })

  it.each([
    ['a body that is not JSON', '{"events":['],
    ['more than 100 events', body(Array.from({ length: 101 }, (_, i) => ({ ...good, id: 'i' + i })))],
    ['a blank name', body([{ ...good, name: '  ' }])],
    ['a name of 256 code points', body([{ ...good, name: '😀'.repeat(256) }])],
    ['a path of 2049 characters', body([{ ...good, path: '/' + 'a'.repeat(2048) }])],
    ['a timestamp without Z', body([{ ...good, timestamp: '2026-11-25T12:00:00.000' }])],
    ['no id', body([{ ...good, id: undefined }])],
    ['a duplicate id', body([good, good])],
    ['metadata that is an array', body([{ ...good, metadata: [1] }])],
    ['metadata of 10,241 bytes', body([{ ...good, metadata: { k: '€'.repeat(3411) } }])],
    ['a non-string query', body([{ ...good, query: 5 }])],
  ])('flags %s', (_label, raw) => {
    expect(problemsOf(raw).length).toBeGreaterThan(0)
  })
})

// ---------------------------------------------------------------------------------------------
// Bugs the fuzzing found (now fixed), each pinned down by itself.

describe('bugs found by fuzzing stay fixed', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  // src/lyt.ts, `batch`: `events.map((event) => [event && event.name, event])` reads `name`
  // outside checkEvent's try/catch; the throw is swallowed by `guard`, so the callback is lost.
  it('a batch whose event has a throwing `name` getter answers its callback (validation_error)', async () => {
    const outcome = await runCommands({ flushInterval: 0 }, [
      { kind: 'batch', events: [{ name: 'Ok' }, throwingGetters], callback: true, extra: [] },
    ])
    expect(outcome.tracked[0].calls).toHaveLength(1)
    expect(outcome.tracked[0].calls[0]).toMatchObject({ ok: false, error: 'validation_error' })
  })

  // Same line: a Proxy that throws on every trap, as an event of a batch.
  it('a batch containing a Proxy that throws on every trap answers its callback', async () => {
    const outcome = await runCommands({ flushInterval: 0 }, [
      { kind: 'batch', events: [hostileProxy], callback: true, extra: [] },
    ])
    expect(outcome.tracked[0].calls).toHaveLength(1)
  })

  // src/lyt.ts, `batch`: `Array.isArray(events)` throws on a revoked Proxy, outside any
  // check; `guard` swallows it and the callback is lost.
  it('a batch given a revoked Proxy answers its callback', async () => {
    const outcome = await runCommands({ flushInterval: 0 }, [{ kind: 'batch', events: revoked, callback: true, extra: [] }])
    expect(outcome.tracked[0].calls).toHaveLength(1)
  })

  // src/lyt.ts, `track`: `Array.prototype.map` skips holes, so `checked` keeps a hole that no
  // `checkEvent` saw; `for (const { name, path = page, metadata } of checked)` then
  // destructures `undefined` and throws TypeError, swallowed by `guard`: callback lost.
  it('a sparse batch ([ , {name}]) answers its callback', async () => {
    // eslint-disable-next-line no-sparse-arrays
    const outcome = await runCommands({ flushInterval: 0 }, [
      { kind: 'batch', events: [, { name: 'After a hole' }], callback: true, extra: [] },
    ])
    expect(outcome.tracked[0].calls).toHaveLength(1)
    expect(outcome.tracked[0].calls[0]).toMatchObject({ ok: false, error: 'validation_error' })
  })

  // src/lyt.ts, configure: values are taken as given, whatever their type. With a non-string
  // endpoint, `url: () => config.endpoint.replace(...)` throws inside delivery's `send()`
  // (src/delivery.ts) after the batch was marked in flight: the flush timer throws a
  // TypeError into the page, the events stay in flight forever, and no callback is answered.
  it('configure({endpoint: 42}) neither throws later from a timer nor stalls delivery', async () => {
    const outcome = await runCommands({ flushInterval: 0 }, [
      { kind: 'configure', settings: { endpoint: 42 } },
      { kind: 'track', name: 'After', options: undefined, slot: 'third', extra: [] },
      { kind: 'wait', ms: 100 },
      { kind: 'configure', settings: { endpoint: '/api/analytics' } },
      { kind: 'flush', callback: true, arg: undefined },
    ])
    expect(outcome.thrown).toEqual([])
    expect(outcome.tracked.map((t) => t.calls.length)).toEqual([1, 1])
    expect(outcome.queueLength).toBe(0)
  })
})

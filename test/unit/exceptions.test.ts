// Exceptions (docs/contract.md §7): lyt.captureException(), and with captureExceptions the page's
// uncaught errors and unhandled rejections, as "Exception" events that fit the server's
// limits and carry no query string or hash of any URL.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { exceptions, MAX_CAPTURED, withoutQueries } from '../../src/features/exceptions'
import { advance, browserWindow, recorder, startTracker, useFakeTime } from './harness'

beforeEach(useFakeTime)
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const noAuto = { autoPageview: false, features: [exceptions] }
const metadataSent = (server: ReturnType<typeof startTracker>['server']) =>
  server.requests.flatMap((r) => r.body.events.filter((e: any) => e.name === 'Exception').map((e: any) => e.metadata))

const errorEvent = (win: any, init: Record<string, unknown>) => new win.ErrorEvent('error', init)
const rejection = (win: any, reason: unknown) => {
  const event = new win.Event('unhandledrejection')
  Object.defineProperty(event, 'reason', { value: reason })
  return event
}

describe('withoutQueries', () => {
  it('drops the query and hash of every URL, keeping line and column', () => {
    expect(withoutQueries('at f (https://x.test/app.js?token=abc#h:10:5)')).toBe('at f (https://x.test/app.js:10:5)')
    expect(withoutQueries('https://x.test/a?t=1 and http://y.test/b#frag')).toBe('https://x.test/a and http://y.test/b')
    expect(withoutQueries('https://x.test/p?t=a:b')).toBe('https://x.test/p')
    expect(withoutQueries('no url ?here #there')).toBe('no url ?here #there')
  })
})

describe('lyt.captureException', () => {
  it('any thrown value becomes an "Exception" with its type and message, handled: true', async () => {
    const { lyt, server } = startTracker(noAuto)
    let typeError: unknown
    try {
      ;(undefined as any).x
    } catch (error) {
      typeError = error
    }
    const throwing = {
      get message() {
        throw new Error('getter')
      },
    }
    for (const thrown of [new Error('boom'), typeError, 'a string', undefined, null, 42, { message: 'an object' }, throwing]) {
      lyt.captureException!(thrown)
    }
    await advance(0)
    expect(metadataSent(server).map((m: any) => [m.type, m.message, m.handled])).toEqual([
      ['Error', 'boom', true],
      ['TypeError', expect.stringContaining('undefined'), true],
      ['String', 'a string', true],
      ['undefined', '', true],
      ['object', '', true],
      ['Number', '42', true],
      ['Object', 'an object', true],
      ['Object', '', true],
    ])
    expect(metadataSent(server)[0].stack).toContain('boom')
  })

  it('merges the caller’s metadata and answers its callback; a stack of 1 MB is trimmed to fit 10,240 bytes', async () => {
    const { lyt, server } = startTracker(noAuto)
    const error = new Error('huge')
    error.stack = 'Error: huge\n' + '    at f (https://x.test/app.js?token=secret:1:1)\n'.repeat(20_000)
    const result = recorder()
    lyt.captureException!(error, { metadata: { area: 'checkout' } }, result.callback)
    await advance(0)
    const [metadata] = metadataSent(server)
    expect(metadata).toMatchObject({ area: 'checkout', type: 'Error', message: 'huge', handled: true })
    expect(new Blob([JSON.stringify(metadata)]).size).toBeLessThanOrEqual(10_240)
    expect(metadata.stack.length).toBeGreaterThan(5000)
    expect(metadata.stack).not.toContain('secret')
    expect(result.results).toEqual([{ ok: true }])
    lyt.captureException!(new Error('fetch https://api.test/v1?token=secret failed'))
    await advance(2000)
    expect(metadataSent(server)[1].message).toBe('fetch https://api.test/v1 failed')
  })

  it('never throws; metadata that cannot be sent is refused through the callback', async () => {
    const { lyt } = startTracker(noAuto)
    const cyclic: any = {}
    cyclic.self = cyclic
    const result = recorder()
    expect(() => lyt.captureException!(new Error('x'), { metadata: cyclic }, result.callback)).not.toThrow()
    await advance(0)
    expect(result.results[0]).toMatchObject({ ok: false, error: 'validation_error' })
  })
})

describe('captureExceptions', () => {
  it('no listener while off; configure() turning it on later starts capturing', async () => {
    const win = browserWindow()
    const types: string[] = []
    const add = win.addEventListener.bind(win)
    win.addEventListener = ((type: string, ...rest: any[]) => (types.push(type), (add as any)(type, ...rest))) as any
    const { lyt, server } = startTracker(noAuto, { window: win })
    expect(types).not.toContain('error')
    expect(types).not.toContain('unhandledrejection')
    lyt.configure({ captureExceptions: true } as object)
    expect(types.filter((type) => type === 'error' || type === 'unhandledrejection')).toEqual(['error', 'unhandledrejection'])
    lyt.configure({ debug: false }) // listened to once, however often configured
    expect(types.filter((type) => type === 'error')).toHaveLength(1)
    win.dispatchEvent(new win.ErrorEvent('error', { error: new TypeError('late'), message: 'late' }))
    await advance(1000)
    expect(server.names()).toEqual(['Exception'])
  })

  it('off by default: uncaught errors send nothing', async () => {
    const { win, server } = startTracker(noAuto)
    win.dispatchEvent(errorEvent(win, { error: new Error('boom'), message: 'boom' }))
    await advance(1000)
    expect(server.requests).toEqual([])
  })

  it('on: an uncaught error and a rejection with a string, each once, handled: false; URLs without queries', async () => {
    const { win, server } = startTracker({ ...noAuto, captureExceptions: true })
    win.dispatchEvent(
      errorEvent(win, {
        error: new TypeError('bad'),
        message: 'bad',
        filename: 'https://x.test/app.js?v=2',
        lineno: 3,
        colno: 7,
      }),
    )
    win.dispatchEvent(rejection(win, 'no network'))
    await advance(0)
    expect(metadataSent(server)).toEqual([
      expect.objectContaining({
        type: 'TypeError',
        message: 'bad',
        source: 'https://x.test/app.js',
        line: 3,
        column: 7,
        handled: false,
      }),
      expect.objectContaining({ type: 'String', message: 'no network', handled: false }),
    ])
  })

  it('another origin’s "Script error." is sent; a resource that failed to load is not', async () => {
    const { win, server } = startTracker({ ...noAuto, captureExceptions: 'true' as any })
    win.dispatchEvent(errorEvent(win, { message: 'Script error.' }))
    const image = win.document.createElement('img')
    win.document.body.appendChild(image)
    image.dispatchEvent(new win.Event('error'))
    win.dispatchEvent(new win.Event('error'))
    await advance(0)
    expect(metadataSent(server).map((m: any) => [m.type, m.message])).toEqual([['Error', 'Script error.']])
  })

  it('a loop throwing 1,000 times: one report per distinct exception per page view, at most 10 per page load', async () => {
    const { win, server } = startTracker({ ...noAuto, captureExceptions: true })
    for (let i = 0; i < 1000; i++) win.dispatchEvent(errorEvent(win, { error: new Error('same'), message: 'same', lineno: 1 }))
    await advance(0)
    expect(metadataSent(server)).toHaveLength(1)
    win.history.pushState({}, '', '/other')
    win.dispatchEvent(errorEvent(win, { error: new Error('same'), message: 'same', lineno: 1 }))
    for (let i = 0; i < 1000; i++) win.dispatchEvent(errorEvent(win, { error: new Error('n' + i), message: 'n' + i }))
    await advance(5000)
    expect(metadataSent(server).map((m: any) => m.message)).toEqual([
      'same',
      'same',
      ...Array.from({ length: MAX_CAPTURED - 2 }, (_, i) => 'n' + i),
    ])
  })

  it('an error thrown inside a lyt() callback is captured once, and no loop follows', async () => {
    const { lyt, win, server } = startTracker({ ...noAuto, captureExceptions: true })
    // The page reports uncaught errors of callbacks (run in microtasks) as ErrorEvents.
    const report = (error: unknown) => win.dispatchEvent(errorEvent(win, { error, message: String(error) }))
    const throwing = () => {
      try {
        throw new Error('in a callback')
      } catch (error) {
        report(error)
      }
    }
    lyt('Click', throwing)
    lyt.captureException!(new Error('first'), throwing)
    await advance(5000)
    expect(metadataSent(server).map((m: any) => m.message)).toEqual(['first', 'in a callback'])
  })
})

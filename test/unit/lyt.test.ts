// The public API and the rules of docs/contract.md §1–§4 and §6, on a simulated browser with a
// scripted server. What only a real browser can show is in test/e2e.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLyt, MAX_ANSWER_WAIT_MS } from '../../src/lyt'
import {
  advance,
  browserWindow,
  fakeServer,
  memoryStorage,
  pageEvent,
  recorder,
  setHidden,
  startTracker,
  storeEvidence,
  useFakeTime,
} from './harness'

beforeEach(useFakeTime)
afterEach(() => {
  vi.useRealTimers()
})

const noAuto = { autoPageview: false }

describe('calls and callbacks', () => {
  it('lyt(name) is delivered and its callback hears {ok:true} once the server has it', async () => {
    const { lyt, server } = startTracker(noAuto)
    const { results, callback } = recorder()
    lyt('Button Click', {}, callback)
    expect(results).toEqual([])
    await advance(1000)
    expect(server.names()).toEqual(['Button Click'])
    expect(results).toEqual([{ ok: true }])
  })

  it('a callback given as second argument is the callback', async () => {
    const { lyt } = startTracker(noAuto)
    const { results, callback } = recorder()
    lyt('Signup', callback as any)
    await advance(1000)
    expect(results).toEqual([{ ok: true }])
  })

  it('a callback is never called inside the call, even for an immediate answer', async () => {
    const { lyt } = startTracker(noAuto)
    const { results, callback } = recorder()
    lyt('', {}, callback)
    expect(results).toHaveLength(0)
    await Promise.resolve()
    expect(results).toEqual([{ ok: false, error: 'validation_error', details: { name: ["can't be blank"] } }])
  })

  it('invalid input answers a validation error with the server’s details and queues nothing', async () => {
    const { lyt, server } = startTracker(noAuto)
    const { results, callback } = recorder()
    lyt(undefined as any, {}, callback)
    lyt('x'.repeat(256), {}, callback)
    lyt('Ok name', { path: 5 as any, metadata: [1] as any }, callback)
    await advance(2000)
    expect(results).toEqual([
      { ok: false, error: 'validation_error', details: { name: ['is required'] } },
      { ok: false, error: 'validation_error', details: { name: ['should be at most 255 character(s)'] } },
      { ok: false, error: 'validation_error', details: { path: ['must be a string'], metadata: ['must be an object'] } },
    ])
    expect(lyt.queueLength()).toBe(0)
    expect(server.requests).toHaveLength(0)
  })

  it('with debug, an invalid call logs a [Lyt] line that says what was wrong', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { lyt } = startTracker({ ...noAuto, debug: true })
    lyt('Buy', { metadata: 'cheap' as any })
    expect(warn).toHaveBeenCalledWith('[Lyt]', 'invalid event:', '{"metadata":["must be an object"]}')
    warn.mockRestore()
  })

  it('lyt.batch is checked as a whole: one invalid event rejects all of it, keyed events[i]', async () => {
    const { lyt, server } = startTracker(noAuto)
    const { results, callback } = recorder()
    lyt.batch([{ name: 'Good' }, { name: 'Also good' }, { name: '  ' }, { name: 'Fine', path: 'x'.repeat(2049) }], callback)
    await advance(2000)
    expect(results).toEqual([
      {
        ok: false,
        error: 'validation_error',
        details: { 'events[2].name': ["can't be blank"], 'events[3].path': ['should be at most 2048 character(s)'] },
      },
    ])
    expect(server.requests).toHaveLength(0)
  })

  it('lyt.batch answers {ok:true, queued:N} once its N events are delivered', async () => {
    const { lyt, server } = startTracker(noAuto)
    const { results, callback } = recorder()
    lyt.batch(
      [
        { name: 'Page View', path: '/checkout' },
        { name: 'Cart Items', metadata: { count: 3 } },
      ],
      callback,
    )
    await advance(1000)
    expect(server.delivered().map((e: any) => [e.name, e.path, e.metadata])).toEqual([
      ['Page View', '/checkout', undefined],
      ['Cart Items', '/landing', { count: 3 }],
    ])
    expect(results).toEqual([{ ok: true, queued: 2 }])
  })

  it('lyt.batch of nothing, or of something that is not a list, is a validation error', async () => {
    const { lyt } = startTracker(noAuto)
    const { results, callback } = recorder()
    lyt.batch([], callback)
    lyt.batch('events' as any, callback)
    // An array that cannot be iterated cannot be read either.
    lyt.batch(Object.assign([{ name: 'A' }], { [Symbol.iterator]: undefined }), callback)
    await Promise.resolve()
    expect(results.map((r) => r.details)).toEqual([
      { events: ['is required'] },
      { events: ['is required'] },
      { events: ['is required'] },
    ])
  })

  it('pageview() tracks the current path, pageview({path}) the given one', async () => {
    const { lyt, server } = startTracker(noAuto)
    const { results, callback } = recorder()
    lyt.pageview(callback)
    lyt.pageview({ path: '/virtual/page' }, callback)
    await advance(1000)
    expect(server.delivered().map((e: any) => [e.name, e.path])).toEqual([
      ['Page View', '/landing'],
      ['Page View', '/virtual/page'],
    ])
    expect(results).toEqual([{ ok: true }, { ok: true }])
  })

  it("a null path, like no path, is the current page's path", async () => {
    const { lyt, server } = startTracker(noAuto)
    lyt('A', { path: null as any })
    lyt('B', { path: undefined })
    lyt.batch([{ name: 'C', path: null as any }])
    await advance(1000)
    expect(server.delivered().map((e: any) => [e.name, e.path])).toEqual([
      ['A', '/landing'],
      ['B', '/landing'],
      ['C', '/landing'],
    ])
  })

  it('flush() sends at once and answers with how many events it delivered', async () => {
    const { lyt, server } = startTracker(noAuto)
    const { results, callback } = recorder()
    lyt('A')
    lyt('B')
    lyt.flush(callback)
    await advance(0)
    expect(server.requests).toHaveLength(1)
    expect(results).toEqual([{ ok: true, queued: 2 }])
  })

  it('flush() with nothing waiting answers {ok:true, queued:0}, not inside the call', async () => {
    const { lyt } = startTracker(noAuto)
    const { results, callback } = recorder()
    lyt.flush(callback)
    expect(results).toEqual([])
    await Promise.resolve()
    expect(results).toEqual([{ ok: true, queued: 0 }])
  })

  it('flush() answers once what waited has arrived, through retries', async () => {
    const { lyt, server } = startTracker(noAuto)
    const { results, callback } = recorder()
    server.answer({ status: 503 })
    lyt('A')
    lyt.flush(callback)
    await advance(0)
    expect(results).toEqual([])
    expect(lyt.queueLength()).toBe(1)
    await advance(1000)
    expect(results).toEqual([{ ok: true, queued: 1 }])
  })

  it('flush() answers with the first failure when an event it waited for was refused', async () => {
    const { lyt, server } = startTracker(noAuto)
    const { results, callback } = recorder()
    server.answer({ status: 413 })
    lyt('Too big for the host')
    lyt.flush(callback)
    await advance(0)
    expect(results).toEqual([{ ok: false, error: 'rejected', status: 413, queued: 0 }])
  })

  it('queueLength() counts events until the server acknowledges them', async () => {
    const { lyt, server } = startTracker(noAuto)
    server.answer('hang')
    lyt('A')
    lyt('B')
    expect(lyt.queueLength()).toBe(2)
    await advance(1000)
    expect(server.requests).toHaveLength(1)
    expect(lyt.queueLength()).toBe(2)
    server.release()
    await advance(0)
    expect(lyt.queueLength()).toBe(0)
  })

  it('configure() changes the endpoint and interval at run time', async () => {
    const { lyt, server } = startTracker(noAuto)
    lyt.configure({ endpoint: 'https://stats.example/api/analytics/', flushInterval: 5000 })
    lyt('A')
    await advance(0)
    lyt('B')
    await advance(4999)
    expect(server.requests).toHaveLength(1)
    await advance(1)
    expect(server.requests.map((r) => r.url)).toEqual([
      'https://stats.example/api/analytics/events',
      'https://stats.example/api/analytics/events',
    ])
  })

  it('configure() ignores settings of the wrong type, and says so with debug', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { lyt, server } = startTracker({ ...noAuto, debug: true })
    lyt.configure({ endpoint: 42 as any, flushInterval: '5' as any, exclude: '/a' })
    lyt('A', { path: '/b' })
    await advance(0)
    expect(server.requests.map((r) => r.url)).toEqual(['/api/analytics/events'])
    expect(warn).toHaveBeenCalledWith('[Lyt]', 'bad setting', 'endpoint')
    warn.mockRestore()
  })

  it('configure() reads a string as the attribute would be: a number, or a flag off only when "false"', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const { lyt, server } = startTracker({ ...noAuto, flushInterval: '5000' as any, debug: '' as any })
    lyt('A')
    await advance(0)
    expect(server.requests).toHaveLength(1)
    lyt('B')
    await advance(4999)
    expect(server.requests).toHaveLength(1)
    await advance(1)
    expect(server.requests).toHaveLength(2)
    expect(log).toHaveBeenCalledWith('[Lyt]', 'queued', expect.anything())
    lyt.configure({ debug: 'false' as any })
    log.mockClear()
    lyt('C')
    await advance(0)
    expect(log).not.toHaveBeenCalled()
    log.mockRestore()
  })

  it('version is the package version', () => {
    const { lyt } = startTracker(noAuto)
    expect(lyt.version).toMatch(/^\d+\.\d+\.\d+/)
  })
})

describe('page views', () => {
  it('a Page View of the landing path is sent on start', async () => {
    const { server } = startTracker()
    await advance(1000)
    expect(server.delivered().map((e: any) => [e.name, e.path])).toEqual([['Page View', '/landing']])
  })

  it('autoPageview false sends nothing on start', async () => {
    const { server } = startTracker(noAuto)
    await advance(5000)
    expect(server.requests).toHaveLength(0)
  })

  it('pushState to a new path is a Page View; to the same path it is not', async () => {
    const { win, server } = startTracker()
    win.history.pushState({}, '', '/products?page=2')
    win.history.pushState({}, '', '/products?page=3')
    await advance(1000)
    expect(server.names()).toEqual(['Page View', 'Page View'])
    expect(server.delivered().map((e: any) => e.path)).toEqual(['/landing', '/products'])
  })

  it('replaceState is a Page View only when the path changes', async () => {
    const { win, server } = startTracker()
    win.history.replaceState({}, '', '/landing?tab=2')
    win.history.replaceState({}, '', '/renamed')
    await advance(1000)
    expect(server.delivered().map((e: any) => e.path)).toEqual(['/landing', '/renamed'])
  })

  it('popstate (back/forward) is a Page View of the path it lands on', async () => {
    const { win, server } = startTracker()
    win.history.pushState({}, '', '/a')
    win.happyDOM.setURL('https://shop.example/landing')
    win.dispatchEvent(new win.PopStateEvent('popstate', { state: null }))
    await advance(1000)
    expect(server.delivered().map((e: any) => e.path)).toEqual(['/landing', '/a', '/landing'])
  })

  it('never two Page Views in a row for the same path', async () => {
    const { win, server } = startTracker()
    win.history.pushState({}, '', '/landing')
    win.dispatchEvent(new win.PopStateEvent('popstate', { state: null }))
    win.history.replaceState({}, '', '/landing#section')
    await advance(1000)
    expect(server.names()).toEqual(['Page View'])
  })

  it('spaMode false: History API navigation sends nothing', async () => {
    const { win, server } = startTracker({ spaMode: false })
    win.history.pushState({}, '', '/elsewhere')
    await advance(1000)
    expect(server.delivered().map((e: any) => e.path)).toEqual(['/landing'])
  })

  it('hash routing: the hash is part of the path and a hash change is a navigation', async () => {
    const { win, server } = startTracker({ hashRouting: true }, { url: 'https://shop.example/app#/home' })
    win.location.hash = '#/settings'
    win.dispatchEvent(new win.HashChangeEvent('hashchange')) // happy-dom fires it on a real timer
    await advance(1000)
    expect(server.delivered().map((e: any) => e.path)).toEqual(['/app#/home', '/app#/settings'])
    expect(server.requests[0].body.path).toBe('/app#/home')
  })

  it('without hash routing, a hash change is not a page view', async () => {
    const { win, server } = startTracker({}, { url: 'https://shop.example/app#/home' })
    win.location.hash = '#/settings'
    win.dispatchEvent(new win.HashChangeEvent('hashchange'))
    await advance(1000)
    expect(server.delivered().map((e: any) => e.path)).toEqual(['/app'])
  })

  it('the page’s pushState works exactly as before: this, arguments, return value, exceptions', () => {
    const win = browserWindow()
    const seen: unknown[] = []
    const original = function (this: unknown, ...args: unknown[]) {
      seen.push(this, args)
      if (args[2] === 'https://other.example/') throw new DOMException('cross-origin', 'SecurityError')
      return 'returned'
    }
    win.history.pushState = original as any
    createLyt({}, { window: win as any, storage: null, transport: fakeServer().transport })
    const state = { step: 1 }
    expect(win.history.pushState(state, 'title', '/x')).toBe('returned')
    expect(seen).toEqual([win.history, [state, 'title', '/x']])
    expect(() => win.history.pushState({}, '', 'https://other.example/')).toThrow('cross-origin')
  })
})

describe('privacy', () => {
  const ignoredWith = async (settings: object, options: Parameters<typeof startTracker>[1]) => {
    const { lyt, server } = startTracker({ ...noAuto, ...settings }, options)
    const { results, callback } = recorder()
    lyt('Button Click', {}, callback)
    await advance(2000)
    return { result: results[0], sent: server.requests.length }
  }

  it('Do Not Track: nothing is sent, the callback hears ignored/dnt', async () => {
    expect(await ignoredWith({}, { navigator: { doNotTrack: '1' } })).toEqual({
      result: { ok: false, ignored: true, reason: 'dnt' },
      sent: 0,
    })
  })

  it('Global Privacy Control: nothing is sent', async () => {
    expect((await ignoredWith({}, { navigator: { globalPrivacyControl: true } })).result.reason).toBe('dnt')
  })

  it('respectDnt false ignores DNT and GPC', async () => {
    const { result, sent } = await ignoredWith(
      { respectDnt: false },
      { navigator: { doNotTrack: '1', globalPrivacyControl: true } },
    )
    expect(result).toEqual({ ok: true })
    expect(sent).toBe(1)
  })

  it('automation (navigator.webdriver) is not tracked', async () => {
    expect((await ignoredWith({}, { navigator: { webdriver: true } })).result).toEqual({
      ok: false,
      ignored: true,
      reason: 'automation',
    })
  })

  it('automation (window.Cypress, _phantom, __nightmare) is not tracked', async () => {
    for (const marker of ['Cypress', '_phantom', '__nightmare']) {
      const win = browserWindow()
      ;(win as any)[marker] = {}
      const { result, sent } = await ignoredWith({}, { window: win })
      expect([marker, result.reason, sent]).toEqual([marker, 'automation', 0])
    }
  })

  it('file: pages are not tracked', async () => {
    expect((await ignoredWith({}, { url: 'file:///home/me/page.html' })).result.reason).toBe('file')
  })

  it('excluded paths (with * wildcards) are not tracked, page views included', async () => {
    const { lyt, win, server } = startTracker({ exclude: '/admin/*, /health' }, { url: 'https://shop.example/admin/users' })
    const { results, callback } = recorder()
    lyt('Delete User', {}, callback)
    win.history.pushState({}, '', '/health')
    win.history.pushState({}, '', '/shop')
    lyt('Seen', { path: '/admin' })
    await advance(1000)
    expect(results).toEqual([{ ok: false, ignored: true, reason: 'excluded' }])
    expect(server.delivered().map((e: any) => [e.name, e.path])).toEqual([
      ['Page View', '/shop'],
      ['Seen', '/admin'],
    ])
  })

  it('exclude may be a list, or anything with a string form; null is refused like any wrong type', async () => {
    const { lyt, server } = startTracker({ ...noAuto, exclude: ['/a', '/b/*'] as any })
    lyt('A', { path: '/a' })
    lyt('B', { path: '/b/c' })
    lyt.configure({ exclude: { toString: () => '/c' } as any })
    lyt('B2', { path: '/b/c' })
    lyt('C', { path: '/c' })
    lyt.configure({ exclude: null as any })
    lyt('C2', { path: '/c' })
    await advance(1000)
    expect(server.delivered().map((e: any) => e.name)).toEqual(['B2'])
  })

  it('optOut() is persisted as lyt_ignore=true, discards what waits, and ignores later calls', async () => {
    const { lyt, store, server } = startTracker(noAuto)
    const { results, callback } = recorder()
    lyt('Queued before', {}, callback)
    lyt.optOut()
    lyt('After', {}, callback)
    await advance(2000)
    expect(store.items.get('lyt_ignore')).toBe('true')
    expect(results).toEqual([
      { ok: false, ignored: true, reason: 'opt_out' },
      { ok: false, ignored: true, reason: 'opt_out' },
    ])
    expect(server.requests).toHaveLength(0)
    expect(lyt.queueLength()).toBe(0)
  })

  it('optIn() tracks again', async () => {
    const { lyt, store, server } = startTracker(noAuto)
    lyt.optOut()
    lyt.optIn()
    lyt('Back')
    await advance(1000)
    expect(store.items.has('lyt_ignore')).toBe(false)
    expect(server.names()).toEqual(['Back'])
  })

  it('an opt-out stored by an earlier visit is honoured', async () => {
    const { lyt, store } = startTracker(noAuto)
    store.items.set('lyt_ignore', 'true')
    const { results, callback } = recorder()
    lyt('A', {}, callback)
    await Promise.resolve()
    expect(results[0].reason).toBe('opt_out')
  })

  it('no cookies are set or sent', async () => {
    const { lyt, win } = startTracker()
    lyt('A')
    await advance(1000)
    expect(win.document.cookie).toBe('')
  })
})

describe('the wire', () => {
  it('every request carries the session fields at the top level: screen, landing utm_*, landing path', async () => {
    const { lyt, win, server } = startTracker(noAuto)
    lyt('A')
    await advance(1000)
    win.history.pushState({}, '', '/next?utm_source=other')
    lyt('B')
    await advance(1000)
    for (const { body } of server.requests) {
      expect(body).toMatchObject({
        screen_width: 1280,
        screen_height: 800,
        utm_source: 'news',
        utm_campaign: 'autumn',
        path: '/landing',
      })
      expect(Object.keys(body).filter((key) => key.startsWith('utm_'))).toEqual(['utm_source', 'utm_campaign'])
      expect(body.events.every((event: any) => !('screen_width' in event) && !('utm_source' in event))).toBe(true)
    }
    expect(server.requests).toHaveLength(2)
  })

  it('each event has name, path, hostname, query, a UTC timestamp of the call and a unique id', async () => {
    const { lyt, server } = startTracker(noAuto)
    lyt('A', { metadata: { plan: 'pro', n: 1 } })
    await advance(500)
    lyt('B')
    await advance(1000)
    const [a, b] = server.delivered()
    expect(a).toEqual({
      name: 'A',
      path: '/landing',
      hostname: 'shop.example',
      query: 'utm_source=news&utm_campaign=autumn', // not ref=x: data-query (next describe)
      timestamp: '2026-11-25T12:00:00.000Z',
      id: expect.any(String),
      metadata: { plan: 'pro', n: 1 },
    })
    expect(b.timestamp).toBe('2026-11-25T12:00:00.500Z')
    expect(a.id).not.toBe(b.id)
  })

  it('metadata is a snapshot taken at call time', async () => {
    const { lyt, server } = startTracker(noAuto)
    const metadata = { step: 1 }
    lyt('A', { metadata })
    metadata.step = 2
    await advance(1000)
    expect(server.delivered()[0].metadata).toEqual({ step: 1 })
  })

  it('requests are JSON POSTs to {endpoint}/events with at most 100 events each', async () => {
    const { lyt, server } = startTracker({ ...noAuto, endpoint: '/api/analytics' })
    for (let i = 0; i < 250; i++) lyt('E' + i)
    await advance(2000)
    await advance(10)
    expect(server.requests.map((r) => r.body.events.length)).toEqual([100, 100, 50])
    expect(server.requests.every((r) => r.url === '/api/analytics/events')).toBe(true)
    expect(server.delivered().map((e: any) => e.name)).toEqual(Array.from({ length: 250 }, (_, i) => 'E' + i))
  })

  it('an event after a quiet spell goes at once, with the rest of its task’s calls', async () => {
    const { lyt, server } = startTracker(noAuto)
    lyt('A')
    lyt('B')
    expect(server.requests).toHaveLength(0) // not inside the call
    await advance(0)
    expect(server.requests.map((r) => r.body.events.length)).toEqual([2])
  })

  it('requests are at least one interval apart: events made meanwhile go out together', async () => {
    const { lyt, server } = startTracker(noAuto)
    lyt('A')
    await advance(100)
    lyt('B')
    await advance(500)
    lyt('C')
    await advance(399)
    expect(server.requests).toHaveLength(1)
    await advance(1)
    expect(server.requests.map((r) => r.body.events.map((e: any) => e.name))).toEqual([['A'], ['B', 'C']])
  })

  describe('the query string (data-query): only utm_* and the named parameters leave the page', () => {
    const sentQuery = async (search: string, settings: object) => {
      const { lyt, server } = startTracker({ ...noAuto, ...settings }, { url: 'https://shop.example/reset' + search })
      lyt('A')
      await advance(1000)
      return server.delivered()[0].query
    }

    it('by default a password-reset token stays on the page; utm_* goes', async () => {
      expect(await sentQuery('?token=secret&utm_source=x', {})).toBe('utm_source=x')
      expect(await sentQuery('?token=secret', {})).toBeUndefined()
    })

    it('"*" sends the whole query, as written', async () => {
      expect(await sentQuery('?token=secret&utm_source=x&q=a%20b', { query: '*' })).toBe('token=secret&utm_source=x&q=a%20b')
    })

    it('named parameters (a list or a comma-separated string, spaces trimmed, * patterns) go, in the URL’s order', async () => {
      expect(await sentQuery('?token=s&ref=x&page=2&utm_medium=m', { query: 'page, ref' })).toBe('ref=x&page=2&utm_medium=m')
      expect(await sentQuery('?token=s&ref=x&page=2', { query: ['page'] })).toBe('page=2')
      expect(await sentQuery('?filter_a=1&filter_b=2&f=3', { query: 'filter_*' })).toBe('filter_a=1&filter_b=2')
    })

    it('configure() changes it for later events', async () => {
      const { lyt, server } = startTracker(noAuto, { url: 'https://shop.example/p?ref=x&token=s' })
      lyt('A')
      lyt.configure({ query: 'ref' })
      lyt('B')
      await advance(1000)
      expect(server.delivered().map((event: any) => event.query)).toEqual([undefined, 'ref=x'])
    })
  })

  it('no query field when the page has no query', async () => {
    const { lyt, server } = startTracker(noAuto, { url: 'https://shop.example/plain' })
    lyt('A')
    await advance(1000)
    expect('query' in server.delivered()[0]).toBe(false)
  })
})

describe('storage', () => {
  it('every accepted call is in localStorage before the task that made it ends', async () => {
    const { lyt, store } = startTracker(noAuto)
    lyt('A')
    lyt('B')
    await Promise.resolve()
    const [key] = [...store.items.keys()].filter((k) => k.startsWith('lyt_q_'))
    expect(JSON.parse(store.items.get(key)!).e.map((e: any) => e.name)).toEqual(['A', 'B'])
  })

  it('one storage write per task, however many calls it makes', async () => {
    const { lyt, store } = startTracker(noAuto)
    for (let i = 0; i < 200; i++) lyt('E' + i, { metadata: { i } })
    await Promise.resolve()
    expect(store.state.writes).toBe(1)
  })

  it('still one write when the calls of a task overflow the queue', async () => {
    const { lyt, store, server } = startTracker({ ...noAuto, maxQueue: 3 })
    server.answer('hang')
    for (let i = 0; i < 10; i++) lyt('E' + i)
    await Promise.resolve()
    await Promise.resolve()
    expect(store.state.writes).toBe(1)
    expect(lyt.queueLength()).toBe(3)
  })

  it('storage that throws on every call: the SDK works from memory and says so with debug', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { lyt, store, server } = startTracker({ debug: true })
    store.state.failAll = true
    const { results, callback } = recorder()
    lyt('A', {}, callback)
    await advance(1000)
    expect(results).toEqual([{ ok: true }])
    expect(server.names()).toEqual(['Page View', 'A'])
    expect(warn.mock.calls.some((call) => String(call[1]).includes('storage failed'))).toBe(true)
    warn.mockRestore()
  })

  it('storage missing (null) works from memory', async () => {
    const server = fakeServer()
    const lyt = createLyt({}, { window: browserWindow() as any, storage: null, transport: server.transport })
    lyt('A')
    await advance(1000)
    // (The page view is made by the start-up task, after the loading task's calls.)
    expect(server.names()).toEqual(['A', 'Page View'])
  })

  it('a full storage (quota) never loses the event that hit it', async () => {
    const { lyt, store, server } = startTracker(noAuto)
    store.state.failWrites = true
    const { results, callback } = recorder()
    lyt('Hit the quota', {}, callback)
    await advance(1000)
    expect(server.names()).toEqual(['Hit the quota'])
    expect(results).toEqual([{ ok: true }])
  })

  it('events left in storage by the last page are sent at once by the next page load', async () => {
    const first = startTracker(noAuto)
    first.server.answer('hang')
    first.lyt('Before reload')
    await advance(MAX_ANSWER_WAIT_MS + 1) // long unanswered: not taken as delivered
    pageEvent(first.win, 'pagehide')
    const second = startTracker(noAuto, { storage: first.store })
    await advance(0)
    expect(second.server.names()).toEqual(['Before reload'])
    expect(second.lyt.queueLength()).toBe(0)
  })

  it('the stored queue is emptied once the server has the events', async () => {
    const { lyt, store } = startTracker(noAuto)
    lyt('A')
    await advance(1000)
    expect([...store.items.keys()].filter((k) => k.startsWith('lyt_q_'))).toEqual([])
  })
})

describe('leaving the page', () => {
  /** Storage where another page of the origin left evidence that the server answers (src/trust.ts). */
  const withEvidence = () => {
    const store = memoryStorage()
    storeEvidence(store)
    return store
  }

  it('visibilitychange to hidden sends everything waiting at once, with keepalive', async () => {
    const { lyt, win, server } = startTracker(noAuto, { storage: withEvidence() })
    lyt('A')
    setHidden(win)
    expect(server.requests.map((r) => [r.body.events.length, r.keepalive])).toEqual([[1, true]])
  })

  it('pagehide sends what waits in keepalive requests that stay under 64 KiB in flight', async () => {
    const { lyt, win, server } = startTracker(noAuto, { storage: withEvidence() })
    server.answer('hang', 'hang', 'hang', 'hang', 'hang', 'hang', 'hang', 'hang')
    const metadata = { blob: 'é'.repeat(4000) } // 8 KB of UTF-8 each
    for (let i = 0; i < 20; i++) lyt('Big' + i, { metadata })
    pageEvent(win, 'pagehide')
    const sizes = server.requests.map((r) => new TextEncoder().encode(r.raw).length)
    expect(server.requests.every((r) => r.keepalive)).toBe(true)
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(64 * 1024)
    expect(server.requests.length).toBeGreaterThan(0)
  })

  it('pagehide leaves the queue stored and released (with `s`), for the next page to take at once', async () => {
    const { lyt, win, store, server } = startTracker(noAuto)
    server.answer({ status: 500 }, 'hang')
    lyt('A')
    await advance(0) // the server fails: what goes at pagehide is not taken as delivered
    pageEvent(win, 'pagehide')
    await Promise.resolve()
    const [record] = [...store.items.entries()].filter(([k]) => k.startsWith('lyt_q_')).map(([, v]) => JSON.parse(v))
    expect(record).toMatchObject({ h: Date.now(), s: 0 })
    expect(record.e.map((e: any) => e.name)).toEqual(['A'])
  })

  it('a request in flight is not sent again when the page is hidden', async () => {
    const { lyt, win, server } = startTracker(noAuto, { storage: withEvidence() })
    server.answer('hang')
    lyt('A')
    await advance(500) // in flight, for less than a healthy server takes
    lyt('B')
    setHidden(win)
    expect(server.requests.map((r) => r.body.events.map((e: any) => e.name))).toEqual([['A'], ['B']])
  })
})

// The script tag in real Chromium against the collector: what a browser does differently
// from a unit test — the real script tag, History API, storage, unload, CSP, bfcache.

import { describe, expect, it } from 'vitest'
import {
  STUB,
  acceptedNames,
  callLyt,
  launchBrowser,
  useBrowserAndCollector,
  plainPage,
  script,
  sleep,
  trackedPage,
  untilQuiet,
  waitForNames,
  type BrowserContext,
  type Collector,
  type Page,
} from './browser'

let collector: Collector
let context: BrowserContext
let page: Page
useBrowserAndCollector((world) => ({ collector, context, page } = world))

const pageViewPaths = () => collector.accepted.filter((s) => s.event.name === 'Page View').map((s) => s.event.path)

describe('the script tag', () => {
  it('a page with the tag sends a Page View, with the session fields at the top level', async () => {
    const url = trackedPage(collector)
    await page.goto(url + '?utm_source=newsletter&utm_medium=email')
    await waitForNames(collector, ['Page View'])
    const [stored] = collector.accepted
    expect(stored.event).toMatchObject({
      name: 'Page View',
      hostname: '127.0.0.1',
      query: 'utm_source=newsletter&utm_medium=email',
    })
    expect(stored.event.path).toBe(new URL(url).pathname)
    expect(stored.event.id).toEqual(expect.any(String))
    expect(stored.timestampReplaced).toBe(false)
    expect(stored.session).toMatchObject({
      screen_width: expect.any(Number),
      screen_height: expect.any(Number),
      utm_source: 'newsletter',
      utm_medium: 'email',
      path: new URL(url).pathname,
    })
    expect(collector.silentlyDropped).toEqual([])
  })

  it('calls made to the stub before the script loaded are replayed in order', async () => {
    const early = script(collector, STUB + "\nlyt('Early 1'); lyt('Early 2', { metadata: { n: 2 } })")
    await page.goto(trackedPage(collector, { 'data-auto': 'false' }, { before: early }))
    await waitForNames(collector, ['Early 1', 'Early 2'])
    expect(acceptedNames(collector)).toEqual(['Early 1', 'Early 2'])
    expect(collector.accepted[1].event.metadata).toEqual({ n: 2 })
  })

  it('the script reads its own tag (document.currentScript), not another whose src says "lyt"', async () => {
    collector.page('/t/lyt-widget.js', '/* another library */', { 'Content-Type': 'text/javascript' })
    const decoy = '<script data-api="/wrong/place" data-debug src="/t/lyt-widget.js"></script>'
    await page.goto(trackedPage(collector, { 'data-interval': '50' }, { before: decoy }))
    await waitForNames(collector, ['Page View'])
    expect(collector.requests.map((r) => r.path)).toEqual(['/api/analytics/events'])
  })

  it('nothing is sent to any origin but the endpoint', async () => {
    const elsewhere: string[] = []
    page.on('request', (request) => {
      if (!request.url().startsWith(collector.url)) elsewhere.push(request.url())
    })
    await page.goto(trackedPage(collector, { 'data-interval': '50' }))
    await callLyt(page, 'Anything', { metadata: { a: 1 } })
    await page.evaluate(() => history.pushState({}, '', '/elsewhere'))
    await page.evaluate(() => new Promise((resolve) => (window as any).lyt.flush(resolve)))
    expect(elsewhere).toEqual([])
    expect(collector.requests.every((r) => r.path === '/api/analytics/events')).toBe(true)
  })

  it('loading the script twice installs nothing twice', async () => {
    const second = '<script data-api="/api/analytics" src="/js/lyt.min.js"></script>'
    await page.goto(trackedPage(collector, {}, { body: second }))
    await page.evaluate(() => history.pushState({}, '', '/spa/next'))
    await waitForNames(collector, ['Page View'])
    await page.evaluate(() => new Promise((resolve) => (window as any).lyt.flush(resolve)))
    await untilQuiet(collector)
    expect(pageViewPaths()).toHaveLength(2)
  })

  it('SPA navigation: pushState, replaceState to a new path and back are Page Views, never twice in a row', async () => {
    const url = trackedPage(collector, { 'data-interval': '50' })
    await page.goto(url)
    const start = new URL(url).pathname
    await page.evaluate(() => {
      history.pushState({}, '', '/spa/a')
      history.pushState({}, '', '/spa/a?same=path')
      history.replaceState({}, '', '/spa/b')
      history.replaceState({}, '', '/spa/b#anchor')
    })
    await page.goBack({ waitUntil: 'commit' }) // /spa/b replaced /spa/a?same=path: back is /spa/a
    await collector.waitFor(() => pageViewPaths().length >= 4)
    expect(pageViewPaths()).toEqual([start, '/spa/a', '/spa/b', '/spa/a'])
  })

  it('hash routing: each hash route is a Page View', async () => {
    const url = trackedPage(collector, { 'data-hash': true, 'data-interval': '50' })
    await page.goto(url + '#/home')
    await page.evaluate(() => (location.hash = '#/settings'))
    await collector.waitFor(() => pageViewPaths().length >= 2)
    const path = new URL(url).pathname
    expect(pageViewPaths()).toEqual([path + '#/home', path + '#/settings'])
  })

  it('the callback hears {ok:true} once the collector stored the event', async () => {
    await page.goto(trackedPage(collector, { 'data-auto': 'false', 'data-interval': '50' }))
    expect(await callLyt(page, 'Signup', { metadata: { plan: 'pro' } })).toEqual({ ok: true })
    expect(acceptedNames(collector)).toEqual(['Signup'])
  })

  it('bad input gets a validation error in the callback and a [Lyt] console line with data-debug', async () => {
    const lines: string[] = []
    page.on('console', (message) => lines.push(message.text()))
    await page.goto(trackedPage(collector, { 'data-auto': 'false', 'data-debug': true }))
    const result = await page.evaluate(() => {
      const cyclic: any = {}
      cyclic.self = cyclic
      return new Promise((resolve) => (window as any).lyt('Broken', { metadata: cyclic }, resolve))
    })
    expect(result).toEqual({ ok: false, error: 'validation_error', details: { metadata: ['is invalid'] } })
    expect(lines.some((line) => line.startsWith('[Lyt]') && line.includes('invalid event'))).toBe(true)
  })

  it('under automation (navigator.webdriver) nothing is sent', async () => {
    await page.addInitScript(() => Object.defineProperty(navigator, 'webdriver', { get: () => true }))
    await page.goto(trackedPage(collector))
    expect(await callLyt(page, 'Bot')).toEqual({ ok: false, ignored: true, reason: 'automation' })
    await sleep(1500)
    expect(collector.requests).toHaveLength(0)
  })

  it('the query string: a ?token= stays on the page by default (utm_* goes); data-query="*" sends it whole', async () => {
    await page.goto(trackedPage(collector) + '?token=secret&utm_source=x')
    await waitForNames(collector, ['Page View'])
    // Nothing of the first page's requests (bodies, URLs) carries the token.
    expect(JSON.stringify(collector.requests)).not.toContain('secret')
    await page.goto(trackedPage(collector, { 'data-query': '*' }) + '?token=secret&utm_source=x')
    await collector.waitFor(() => collector.accepted.length === 2)
    expect(collector.accepted.map((stored) => stored.event.query)).toEqual(['utm_source=x', 'token=secret&utm_source=x'])
    expect(JSON.stringify(collector.requests)).toContain('secret') // the check above can see it
  })

  it('data-exclude: excluded paths send nothing', async () => {
    const url = trackedPage(collector, { 'data-exclude': '/t/*', 'data-interval': '50' })
    await page.goto(url)
    await page.evaluate(() => history.pushState({}, '', '/shop'))
    await collector.waitFor(() => pageViewPaths().length >= 1)
    await untilQuiet(collector)
    expect(pageViewPaths()).toEqual(['/shop'])
  })

  it('data-max-queue bounds the queue (the oldest go first); an unknown data-undefined sets nothing', async () => {
    collector.fault('hang')
    // Before, the bounds read `data-undefined`: "0" made every event expire at once.
    await page.goto(trackedPage(collector, { 'data-auto': 'false', 'data-max-queue': '2', 'data-undefined': '0' }))
    const oldest = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const lyt = (window as any).lyt
          lyt('Oldest', resolve)
          lyt('Middle')
          lyt('Newest')
        }),
    )
    expect(oldest).toEqual({ ok: false, error: 'queue_full' })
    expect(await page.evaluate(() => (window as any).lyt.queueLength())).toBe(2)
  })

  it('data-max-age gives up events that waited longer', async () => {
    collector.fault('hang')
    await page.goto(trackedPage(collector, { 'data-auto': 'false', 'data-max-age': '50' }))
    const old = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const lyt = (window as any).lyt
          lyt('Old', resolve)
          // The next call's save finds Old more than 50 ms old.
          setTimeout(() => lyt('New'), 200)
        }),
    )
    expect(old).toEqual({ ok: false, error: 'expired' })
    expect(await page.evaluate(() => (window as any).lyt.queueLength())).toBe(1)
  })

  it('no cookie is set by the page or sent to the collector', async () => {
    await page.goto(trackedPage(collector, { 'data-interval': '50' }))
    await waitForNames(collector, ['Page View'])
    expect(await context.cookies()).toEqual([])
    expect(collector.requests.every((r) => !r.headers.cookie)).toBe(true)
  })

  it('a cookie the site itself sets never goes with the SDK’s requests (credentials: omit)', async () => {
    // The host app's own session cookie, on the same origin as the API: a same-origin fetch
    // would send it by default.
    const url = trackedPage(collector, { 'data-interval': '50' }, { headers: { 'Set-Cookie': 'app_session=secret; Path=/' } })
    await page.goto(url)
    await page.evaluate(() => (window as any).lyt('After the cookie'))
    await waitForNames(collector, ['Page View', 'After the cookie'])
    expect((await context.cookies()).map((cookie) => cookie.name)).toEqual(['app_session'])
    expect(collector.requests.length).toBeGreaterThan(0)
    expect(collector.requests.map((r) => r.headers.cookie)).toEqual(collector.requests.map(() => undefined))
  })
})

describe('storage and unload', () => {
  it('events still queued at a reload are sent by the next load, once', async () => {
    // Failing, and the retry a minute away. Nothing goes at the reload's pagehide while the
    // server fails (it could arrive unheard and be sent twice): the next load sends it.
    collector.failNext(1, { status: 503, retryAfter: 60 })
    await page.goto(trackedPage(collector, { 'data-auto': 'false', 'data-debug': true }))
    // The page has heard the 503 (with the request still in flight, no failure is known yet:
    // docs/delivery.md, "Counted once").
    const heard = page.waitForEvent('console', (message) => message.text().includes('retry in'))
    await page.evaluate(() => (window as any).lyt('Queued before reload'))
    await heard
    await page.reload()
    await waitForNames(collector, ['Queued before reload'])
    await untilQuiet(collector)
    expect(collector.requests.map((r) => r.status)).toEqual([503, 200])
  })

  // The first event after a quiet spell goes at once, so each test below makes one first and
  // waits for it: the next one waits for the interval (a minute) and can only go as the page
  // is left — by pagehide's keepalive request, or never.
  it('an event made just before navigating away arrives, once (pagehide, keepalive)', async () => {
    const url = trackedPage(collector, { 'data-auto': 'false', 'data-interval': '60000' })
    await page.goto(url)
    await page.evaluate(() => (window as any).lyt('First'))
    await waitForNames(collector, ['First'])
    await page.evaluate(() => (window as any).lyt('Clicked away'))
    await page.goto(plainPage(collector))
    await waitForNames(collector, ['Clicked away'], 5000)
    await untilQuiet(collector)
    expect(acceptedNames(collector)).toEqual(['First', 'Clicked away'])
  })

  it('an event made just before the tab is closed arrives, once', async () => {
    await page.goto(trackedPage(collector, { 'data-auto': 'false', 'data-interval': '60000' }))
    await page.evaluate(() => (window as any).lyt('First'))
    await waitForNames(collector, ['First'])
    await page.evaluate(() => (window as any).lyt('Closed tab'))
    await page.close()
    await waitForNames(collector, ['Closed tab'], 5000)
    await untilQuiet(collector)
    expect(acceptedNames(collector)).toEqual(['First', 'Closed tab'])
  })

  it('the queue is in localStorage before the task ends, in one write however many calls', async () => {
    await page.goto(trackedPage(collector, { 'data-auto': 'false', 'data-interval': '60000' }))
    const { writes, stored } = await page.evaluate(() => {
      let writes = 0
      const setItem = Storage.prototype.setItem
      Storage.prototype.setItem = function (key: string, value: string) {
        if (key.startsWith('lyt_q_')) writes++
        return setItem.call(this, key, value)
      }
      for (let i = 0; i < 100; i++) (window as any).lyt('E' + i)
      return new Promise<{ writes: number; stored: number }>((resolve) =>
        setTimeout(() => {
          const keys = Object.keys(localStorage).filter((k) => k.startsWith('lyt_q_'))
          resolve({ writes, stored: JSON.parse(localStorage.getItem(keys[0])!).e.length })
        }),
      )
    })
    expect({ writes, stored }).toEqual({ writes: 1, stored: 100 })
  })

  it('localStorage that throws on every access: events still arrive, from memory', async () => {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError')
        },
      })
    })
    await page.goto(trackedPage(collector, { 'data-interval': '50' }))
    expect(await callLyt(page, 'No storage')).toEqual({ ok: true })
    expect(acceptedNames(collector)).toEqual(['Page View', 'No storage'])
  })
})

describe('the host page stays whole', () => {
  it("works under Content-Security-Policy: default-src 'self' with no violation", async () => {
    await page.addInitScript(() => {
      ;(window as any).violations = []
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as any).violations.push(e.violatedDirective + ' ' + e.blockedURI),
      )
    })
    const csp = { 'Content-Security-Policy': "default-src 'self'" }
    await page.goto(trackedPage(collector, { 'data-interval': '50' }, { headers: csp }))
    await waitForNames(collector, ['Page View'])
    expect(await callLyt(page, 'Under CSP')).toEqual({ ok: true })
    await page.evaluate(() => history.pushState({}, '', '/csp/next'))
    await collector.waitFor(() => pageViewPaths().includes('/csp/next'))
    expect(await page.evaluate(() => (window as any).violations)).toEqual([])
  })

  it('the page’s history.pushState keeps its return value, this and exceptions', async () => {
    await page.goto(trackedPage(collector))
    const outcome = await page.evaluate(() => {
      const returned = history.pushState({ a: 1 }, '', '/kept')
      let threw = ''
      try {
        history.pushState({}, '', 'https://elsewhere.example/')
      } catch (error) {
        threw = (error as Error).name
      }
      return { returned: returned === undefined, state: history.state, threw, path: location.pathname }
    })
    expect(outcome).toEqual({ returned: true, state: { a: 1 }, threw: 'SecurityError', path: '/kept' })
  })

  it('no call throws into the page, whatever it is given', async () => {
    await page.goto(trackedPage(collector))
    const thrown = await page.evaluate(() => {
      const lyt = (window as any).lyt
      const nasty: any[] = [
        undefined,
        null,
        1n,
        Symbol('s'),
        () => {},
        'x'.repeat(1e6),
        {
          get name() {
            throw new Error('boom')
          },
        },
      ]
      const cyclic: any = {}
      cyclic.c = cyclic
      nasty.push(
        cyclic,
        new Proxy(
          {},
          {
            get() {
              throw new Error('trap')
            },
          },
        ),
      )
      const errors: string[] = []
      for (const a of nasty)
        for (const b of nasty) {
          for (const call of [
            () => lyt(a, b),
            () => lyt(a, { metadata: b }),
            () => lyt.batch(a, b),
            () => lyt.batch([a, b]),
            () => lyt.pageview(a, b),
            () => lyt.flush(a),
            () => lyt.configure(a),
          ]) {
            try {
              call()
            } catch (error) {
              errors.push(String(error))
            }
          }
        }
      return errors
    })
    expect(thrown).toEqual([])
  })
})

describe('the back/forward cache', () => {
  it('the SDK does not keep a page out of the bfcache, and resumes when it comes back', async () => {
    const bfBrowser = await launchBrowser({ ignoreDefaultArgs: ['--disable-back-forward-cache'] })
    try {
      const bfPage = await (await bfBrowser.newContext()).newPage()
      const cdp = await bfPage.context().newCDPSession(bfPage)
      await cdp.send('Page.enable')
      const notRestored: unknown[] = []
      cdp.on('Page.backForwardCacheNotUsed', (event) => notRestored.push(event.notRestoredExplanations))
      // The collector's pages say no-store, which alone keeps a page out of the cache.
      const cacheable = { 'Cache-Control': 'private, max-age=0' }
      await bfPage.goto(trackedPage(collector, { 'data-interval': '50' }, { headers: cacheable }))
      await waitForNames(collector, ['Page View'])
      await bfPage.evaluate(() => addEventListener('pageshow', (e) => ((window as any).restored = e.persisted)))
      await bfPage.goto(plainPage(collector))
      await bfPage.goBack({ waitUntil: 'commit' })
      await bfPage.waitForFunction(() => (window as any).restored !== undefined, null, { timeout: 5000 }).catch(() => {})
      expect(notRestored).toEqual([])
      expect(await bfPage.evaluate(() => (window as any).restored)).toBe(true)
      expect(await callLyt(bfPage, 'After bfcache')).toEqual({ ok: true })
    } finally {
      await bfBrowser.close()
    }
  })
})

// The full script build (dist/lyt.full.min.js) on real pages in Chromium: each optional
// feature of docs/contract.md §7 turned on by its attribute or method, against the collector,
// counting copies per event id. Several trackers on one page are the npm module's
// (dist/index.js, loaded as an ES module): the script builds install one global only.
// (The contract's own suites run on this build too: the 'e2e-full' project in
// vitest.config.ts.)

import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import {
  copies,
  sleep,
  startCollector,
  trackedPage,
  untilQuiet,
  useBrowserAndCollector,
  waitForNames,
  type BrowserContext,
  type Collector,
  type Page,
} from './browser'

const FULL = 'lyt.full.min.js'
let collector: Collector
let context: BrowserContext
let page: Page
useBrowserAndCollector((world) => ({ collector, context, page } = world))

/** Events stored more than once by `at` (the test's collector by default): must be none. */
const duplicates = (at: Collector = collector) => copies(at).duplicated
const stored = (name: string, at: Collector = collector) => at.accepted.filter((s) => s.event.name === name).map((s) => s.event)
const storedQueueKeys = (page: Page) => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('lyt_q_')))

describe('the full build', () => {
  it('data-before-send names a function of an inline script before the tag: it drops and rewrites events, the automatic page view too', async () => {
    // trackedPage sets no CSP unless asked: an inline script runs.
    const filter = `<script>
      window.lytFilter = function (event) {
        if (event.name == 'Secret') return null
        if (event.name == 'Page View') return Object.assign({}, event, { path: '/redacted' })
        return Object.assign({}, event, { metadata: Object.assign({}, event.metadata, { filtered: true }) })
      }
    </script>`
    await page.goto(
      trackedPage(collector, { 'data-before-send': 'lytFilter', 'data-interval': '50' }, { before: filter, script: FULL }),
    )
    const dropped = await page.evaluate(() => new Promise((resolve) => (window as any).lyt('Secret', resolve)))
    await page.evaluate(() => (window as any).lyt('Kept', { metadata: { a: 1 } }))
    await waitForNames(collector, ['Page View', 'Kept'])
    await untilQuiet(collector)
    expect(dropped).toEqual({ ok: false, ignored: true, reason: 'before_send' })
    expect(stored('Page View').map((e) => e.path)).toEqual(['/redacted'])
    expect(stored('Kept').map((e) => e.metadata)).toEqual([{ a: 1, filtered: true }])
    expect(stored('Secret')).toEqual([])
    expect(collector.requests.flatMap((r) => r.events).filter((e) => e?.name === 'Secret')).toEqual([]) // not even sent
    expect(duplicates()).toEqual([])
  })

  it('context: its keys on later events (their own keys win), scoped ones only on their event, all cleared by null', async () => {
    await page.goto(trackedPage(collector, { 'data-auto': 'false', 'data-interval': '50' }, { script: FULL }))
    await page.evaluate(() => {
      const lyt = (window as any).lyt
      lyt('Before')
      lyt.context({ plan: 'pro' })
      lyt.context({ step: 1 }, 'Checkout')
      lyt('After')
      lyt('Own', { metadata: { plan: 'free' } })
      lyt('Checkout')
      lyt.context(null) // all of it: the scoped keys too
      lyt('Cleared')
      lyt('Checkout', { metadata: { again: true } })
    })
    const names = ['Before', 'After', 'Own', 'Checkout', 'Cleared']
    await waitForNames(collector, names)
    await collector.waitFor(() => stored('Checkout').length >= 2)
    await untilQuiet(collector)
    expect(names.map((name) => stored(name).map((e) => e.metadata ?? null))).toEqual([
      [null],
      [{ plan: 'pro' }],
      [{ plan: 'free' }],
      [{ plan: 'pro', step: 1 }, { again: true }],
      [null],
    ])
    expect(duplicates()).toEqual([])
  })

  it('data-test: nothing is sent or stored, callbacks answer {ok: true, test: true}, a "[Lyt] test:" console line per event', async () => {
    const logged: Promise<unknown>[] = []
    page.on('console', (message) => {
      if (message.text().startsWith('[Lyt] test:')) logged.push(message.args()[1]?.jsonValue())
    })
    await page.goto(trackedPage(collector, { 'data-test': true, 'data-interval': '50' }, { script: FULL }))
    const result = await page.evaluate(() => new Promise((resolve) => (window as any).lyt('Signup', resolve)))
    await page.evaluate(() => (window as any).lyt.flush())
    await sleep(800)
    expect(result).toEqual({ ok: true, test: true })
    expect(collector.requests).toEqual([])
    expect(await storedQueueKeys(page)).toEqual([])
    // The page view and Signup, each logged as the event that would have been sent.
    const events = (await Promise.all(logged)) as any[]
    expect(events.map((e) => e?.name)).toEqual(['Page View', 'Signup'])
    expect(events.every((e) => typeof e.id === 'string' && typeof e.timestamp === 'string')).toBe(true)
  })

  it('delivery hooks see a 500 then a 200 for one event, which is stored once', async () => {
    await page.goto(trackedPage(collector, { 'data-auto': 'false', 'data-interval': '50' }, { script: FULL }))
    collector.failNext(1, 500)
    const seen = await page.evaluate(
      () =>
        new Promise<unknown[][]>((resolve) => {
          const lyt = (window as any).lyt
          const log: unknown[][] = []
          const ids = (events: any[]) => events.map((e) => `${e.name} ${e.id}`)
          lyt.on('send', (d: any) => log.push(['send', ids(d.events), d.keepalive, d.bytes > 0]))
          lyt.on('reply', (d: any) => {
            log.push(['reply', ids(d.events), d.status, d.ms >= 0])
            if (d.status === 200) resolve(log)
          })
          lyt('Retried')
        }),
    )
    await untilQuiet(collector)
    const [retried] = stored('Retried')
    const one = [`Retried ${retried.id}`]
    expect(seen).toEqual([
      ['send', one, true, true],
      ['reply', one, 500, true],
      ['send', one, true, true],
      ['reply', one, 200, true],
    ])
    expect(collector.requests.map((r) => r.status)).toEqual([500, 200])
    expect(stored('Retried')).toHaveLength(1)
    expect(duplicates()).toEqual([])
  })

  it('several trackers (the npm module on one page), each with its own endpoint: pending events across a reload go to their own endpoint, once each', async () => {
    // The second endpoint is a second collector: requests to /other/analytics on the page's
    // origin are passed to it (same origin for the page, so no CORS).
    const other = await startCollector()
    try {
      await context.route(`${collector.url}/other/analytics/events`, async (route) => {
        try {
          await route.fulfill({ response: await route.fetch({ url: `${other.url}/api/analytics/events` }) })
        } catch {
          await route.abort().catch(() => {})
        }
      })
      // dist/index.js is one file without imports: the collector serves it as it is.
      collector.page('/t/lyt-module.js', await readFile(new URL('../../dist/index.js', import.meta.url), 'utf8'), {
        'Content-Type': 'text/javascript; charset=utf-8',
      })
      collector.page(
        '/t/two-trackers',
        `<!doctype html><html><head><meta charset="utf-8"><title>two</title><script type="module">
          import { createLyt } from '/t/lyt-module.js'
          const settings = { autoPageview: false, flushInterval: 50 }
          window.trackers = {
            main: createLyt({ ...settings, endpoint: '/api/analytics' }),
            other: createLyt({ ...settings, endpoint: '/other/analytics' }),
          }
        </script></head><body></body></html>`,
      )
      const fire = (names: { main: string[]; other: string[] }) =>
        page.evaluate((names) => {
          const trackers = (window as any).trackers
          for (const name of names.main) trackers.main(name)
          for (const name of names.other) trackers.other(name)
        }, names)
      /** Names of the events `at` was sent (whatever it answered). */
      const sentTo = (at: Collector) => at.requests.flatMap((r) => r.events.map((e) => e?.name))

      collector.fault(500)
      other.fault(500)
      await page.goto(`${collector.url}/t/two-trackers`)
      await page.waitForFunction(() => (window as any).trackers)
      await fire({ main: ['Main 1', 'Main 2'], other: ['Other 1', 'Other 2'] })
      // Both tried and refused: the events are pending.
      await collector.waitFor(() => ['Main 1', 'Main 2'].every((name) => sentTo(collector).includes(name)))
      await other.waitFor(() => ['Other 1', 'Other 2'].every((name) => sentTo(other).includes(name)))
      await page.reload()
      await page.waitForFunction(() => (window as any).trackers)
      await fire({ main: ['Main 3'], other: ['Other 3'] })
      await sleep(500)
      collector.fault('none')
      other.fault('none')

      const main = ['Main 1', 'Main 2', 'Main 3']
      const others = ['Other 1', 'Other 2', 'Other 3']
      await waitForNames(collector, main, 20_000)
      await waitForNames(other, others, 20_000)
      await page.waitForFunction(() => !Object.keys(localStorage).some((key) => key.startsWith('lyt_q_')), undefined, {
        timeout: 10_000,
      })
      await Promise.all([untilQuiet(collector), untilQuiet(other)])
      expect(collector.accepted.map((s) => s.event.name).sort()).toEqual(main)
      expect(other.accepted.map((s) => s.event.name).sort()).toEqual(others)
      // Never sent to the other endpoint, even while failing.
      expect(sentTo(collector).filter((name) => others.includes(name))).toEqual([])
      expect(sentTo(other).filter((name) => main.includes(name))).toEqual([])
      expect(duplicates()).toEqual([])
      expect(duplicates(other)).toEqual([])
    } finally {
      await other.close()
    }
  })

  it('data-exceptions: an uncaught error and an unhandled rejection arrive once each (handled: false); a broken image sends nothing', async () => {
    const thrower = `<script>
      setTimeout(function () { throw new Error('boom') }, 50)
      setTimeout(function () { Promise.reject('no network') }, 100)
    </script>`
    await page.goto(
      trackedPage(
        collector,
        { 'data-auto': 'false', 'data-interval': '50', 'data-exceptions': true },
        { script: FULL, body: `<img id="broken" src="/t/missing.png">${thrower}` },
      ),
    )
    await collector.waitFor((c) => c.accepted.filter((s) => s.event.name === 'Exception').length >= 2, 10_000)
    await untilQuiet(collector)
    // The image did fail to load (its error event fired, on the element).
    expect(
      await page.evaluate(() => {
        const img = document.getElementById('broken') as HTMLImageElement
        return img.complete && img.naturalWidth === 0
      }),
    ).toBe(true)
    const sent = stored('Exception').map((e) => [e.metadata.type, e.metadata.message, e.metadata.handled])
    expect(sent).toEqual([
      ['Error', 'boom', false],
      ['String', 'no network', false],
    ])
    expect(collector.accepted.map((s) => s.event.name)).toEqual(['Exception', 'Exception'])
    expect(duplicates()).toEqual([])
  })
})

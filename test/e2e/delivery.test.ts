// Nothing is lost (docs/contract.md §5), shown in Chromium against the collector with faults
// injected at the server: 500s, hung and reset sockets, offline, 400 with details, 413,
// reloads with requests in flight, several tabs, a tab closed while the server hangs.

import { describe, expect, it } from 'vitest'
import { MAX_ANSWER_WAIT_MS } from '../../src/lyt'
import {
  acceptedNames,
  callLyt,
  copies,
  untilQuiet,
  useBrowserAndCollector,
  plainPage,
  sleep,
  trackedPage,
  waitForNames,
  type BrowserContext,
  type Collector,
  type Page,
} from './browser'

let collector: Collector
let context: BrowserContext
let page: Page
useBrowserAndCollector((world) => ({ collector, context, page } = world))

const quiet = { 'data-auto': 'false', 'data-interval': '100' }
const fire = (target: Page, names: string[]) =>
  target.evaluate((names) => names.forEach((name) => (window as any).lyt(name)), names)
/** How many times the collector stored each event id: every one must be exactly 1. */
const copiesById = (c: Collector) => [...copies(c).byId.values()]
const storedQueue = (target: Page) =>
  target.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('lyt_q_')).length)

describe('retries', () => {
  it('500s then recovery: every event arrives, once, in order', async () => {
    collector.fault(500)
    await page.goto(trackedPage(collector, quiet))
    await fire(page, ['A', 'B', 'C'])
    await collector.waitFor((c) => c.requests.length >= 2)
    collector.fault('none')
    await waitForNames(collector, ['A', 'B', 'C'], 15_000)
    expect(acceptedNames(collector)).toEqual(['A', 'B', 'C'])
    expect(collector.requests.filter((r) => r.fault === '500').length).toBeGreaterThanOrEqual(2)
  })

  it('a hung request is given up after 10 s and sent again', async () => {
    collector.failNext(1, 'hang')
    await page.goto(trackedPage(collector, quiet))
    await fire(page, ['Through a hang'])
    await waitForNames(collector, ['Through a hang'], 20_000)
    const [hung, retry] = collector.requests
    expect(hung.fault).toBe('hang')
    expect(retry.receivedAt - hung.receivedAt).toBeGreaterThanOrEqual(9_500)
    expect(copiesById(collector)).toEqual([1])
  }, 30_000)

  it('a reset socket is retried', async () => {
    collector.failNext(1, 'reset')
    await page.goto(trackedPage(collector, quiet))
    await fire(page, ['Through a reset'])
    await waitForNames(collector, ['Through a reset'], 10_000)
    expect(collector.requests.map((r) => r.fault)).toEqual(['reset', 'none'])
  })

  it('429 with Retry-After waits as asked before trying again', async () => {
    collector.failNext(1, { status: 429, retryAfter: 2 })
    await page.goto(trackedPage(collector, quiet))
    await fire(page, ['Patient'])
    await waitForNames(collector, ['Patient'], 10_000)
    const [limited, retry] = collector.requests
    expect(retry.receivedAt - limited.receivedAt).toBeGreaterThanOrEqual(1_900)
  })

  it('offline then online: events made offline arrive as soon as the browser is back online', async () => {
    await page.goto(trackedPage(collector, quiet))
    await context.setOffline(true)
    await fire(page, ['Offline 1', 'Offline 2'])
    await sleep(4000) // several failed tries: the backoff grows
    expect(collector.requests).toHaveLength(0)
    expect(await page.evaluate(() => (window as any).lyt.queueLength())).toBe(2)
    const backOnline = Date.now()
    await context.setOffline(false)
    await waitForNames(collector, ['Offline 1', 'Offline 2'], 10_000)
    expect(collector.requests[0].receivedAt - backOnline).toBeLessThan(1500)
  })
})

describe('partial failures', () => {
  it('a 400 naming one event in a batch of six drops only that event, and says why', async () => {
    const warnings: string[] = []
    page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()))
    collector.rejectEvents((event: any) => event.name === 'Bad 3', 'name', 'is reserved')
    await page.goto(trackedPage(collector, { ...quiet, 'data-debug': true }))
    const results = await page.evaluate(() =>
      Promise.all(
        ['Good 0', 'Good 1', 'Good 2', 'Bad 3', 'Good 4', 'Good 5'].map(
          (name) => new Promise((resolve) => (window as any).lyt(name, {}, resolve)),
        ),
      ),
    )
    expect(results[3]).toEqual({ ok: false, error: 'validation_error', details: { name: ['is reserved'] } })
    expect(results.filter((r: any) => r.ok)).toHaveLength(5)
    expect(acceptedNames(collector)).toEqual(['Good 0', 'Good 1', 'Good 2', 'Good 4', 'Good 5'])
    expect(collector.requests.map((r) => r.status)).toEqual([400, 200])
    expect(warnings.some((line) => line.startsWith('[Lyt]') && line.includes('Bad 3') && line.includes('is reserved'))).toBe(true)
  })

  it('a 413 splits the batch and every event still arrives', async () => {
    collector.failNext(1, 413)
    await page.goto(trackedPage(collector, quiet))
    await fire(page, ['E1', 'E2', 'E3', 'E4', 'E5', 'E6'])
    await waitForNames(collector, ['E1', 'E2', 'E3', 'E4', 'E5', 'E6'])
    expect(collector.requests.map((r) => r.events.length)).toEqual([6, 3, 3])
    expect(acceptedNames(collector)).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6'])
  })

  it('an event the server refuses on its own is dropped with its callback told; nothing loops', async () => {
    collector.fault(413)
    await page.goto(trackedPage(collector, quiet))
    expect(await callLyt(page, 'Refused')).toEqual({ ok: false, error: 'rejected', status: 413 })
    await untilQuiet(collector, 1000)
    expect(collector.requests).toHaveLength(1)
    expect(await page.evaluate(() => (window as any).lyt.queueLength())).toBe(0)
  })
})

describe('reloads and unload', () => {
  it('a reload with a request hung for longer than MAX_ANSWER_WAIT_MS: the next load sends it, and it arrives once', async () => {
    collector.failNext(1, 'hang')
    const url = trackedPage(collector, quiet)
    await page.goto(url)
    await fire(page, ['In flight'])
    await collector.waitFor((c) => c.requests.length >= 1)
    // Unanswered this long, it is not taken as delivered as the page goes (docs/delivery.md, "Counted once").
    await sleep(MAX_ANSWER_WAIT_MS + 300)
    await page.reload()
    await waitForNames(collector, ['In flight'])
    await untilQuiet(collector)
    expect(acceptedNames(collector)).toEqual(['In flight'])
    expect(collector.requests.map((r) => r.fault)).toEqual(['hang', 'none'])
    expect(await storedQueue(page)).toBe(0)
  })

  it('a reload with a request just sent to a server that hangs: taken as delivered, then sent again when the next load finds the server failing', async () => {
    collector.fault('hang')
    const url = trackedPage(collector, quiet)
    await page.goto(url)
    await fire(page, ['In flight'])
    await collector.waitFor((c) => c.requests.length >= 1)
    await page.reload()
    // The next load asks (an empty batch); it hangs too, and after the request time-out the
    // held event is queued again.
    await page.waitForFunction(() => (window as any).lyt.queueLength() === 1, null, { timeout: 15_000 })
    collector.fault('none')
    await waitForNames(collector, ['In flight'])
    await untilQuiet(collector)
    expect(acceptedNames(collector)).toEqual(['In flight'])
    expect(await storedQueue(page)).toBe(0)
  }, 30_000)

  it('at pagehide, keepalive requests stay under 64 KiB; what does not fit goes with the next load', async () => {
    const url = trackedPage(collector, { 'data-auto': 'false', 'data-interval': '60000' })
    await page.goto(url)
    await fire(page, ['First']) // goes at once, so the next ones wait for the interval
    await waitForNames(collector, ['First'])
    await page.evaluate(() => {
      const blob = 'x'.repeat(8000)
      for (let i = 0; i < 30; i++) (window as any).lyt('Big ' + i, { metadata: { blob } })
    })
    await page.goto(plainPage(collector))
    await collector.waitFor((c) => c.accepted.length > 1)
    await untilQuiet(collector)
    const sentAtPagehide = collector.accepted.slice(1).map((stored) => stored.event.id)
    expect(sentAtPagehide.length).toBeGreaterThan(0)
    expect(sentAtPagehide.length).toBeLessThan(30)
    await page.goto(url)
    await collector.waitFor((c) => new Set(c.accepted.map((s) => s.event.id)).size >= 31)
    expect(collector.requests.every((r) => Buffer.byteLength(r.rawBody ?? '') <= 64 * 1024)).toBe(true)
    await untilQuiet(collector)
    // Sent at pagehide while the server answered, those were taken as delivered: the next
    // load sent only what did not fit. Every event arrives exactly once.
    expect(collector.accepted).toHaveLength(31)
    expect(copiesById(collector)).toEqual(Array(31).fill(1))
  })

  it('visibilitychange to hidden sends what waits at once', async () => {
    await page.goto(trackedPage(collector, { 'data-auto': 'false', 'data-interval': '60000' }))
    // The first event after a quiet spell goes at once: the next waits a minute, unless hiding sends it.
    await fire(page, ['First'])
    await waitForNames(collector, ['First'])
    await fire(page, ['Tab switched'])
    expect(await page.evaluate(() => (window as any).lyt.queueLength())).toBe(1) // waiting

    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    await waitForNames(collector, ['Tab switched'], 3000)
    await untilQuiet(collector)
    expect(acceptedNames(collector)).toEqual(['First', 'Tab switched'])
  })
})

describe('several tabs', () => {
  // Two tabs firing at once, and a tab closed while its request hangs: tabs.test.ts, in each engine.

  it('a tab that crashed leaves its events to an open tab within seconds', async () => {
    collector.fault('hang')
    const url = trackedPage(collector, quiet)
    const survivor = await context.newPage()
    await Promise.all([page.goto(url), survivor.goto(url)])
    await fire(page, ['From a crashed tab'])
    await collector.waitFor((c) => c.requests.length >= 1)
    const cdp = await context.newCDPSession(page)
    void cdp.send('Page.crash').catch(() => {}) // the renderer dies: no pagehide, no goodbye (never answers)
    collector.fault('none')
    const crashedAt = Date.now()
    await waitForNames(collector, ['From a crashed tab'], 30_000)
    expect(Date.now() - crashedAt).toBeLessThan(25_000)
    expect(acceptedNames(collector)).toEqual(['From a crashed tab'])
  }, 45_000)
})

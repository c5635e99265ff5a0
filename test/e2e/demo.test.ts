// The demo site, driven in real Chromium as a person would use it: buttons, nav links, the
// live panel and its fault switches, the delivery box. Needs the built SDK (the page loads
// dist/lyt.full.min.js: `npm run build`).
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { startCollector } from '../../demo/collector.mjs'

type Collector = Awaited<ReturnType<typeof startCollector>>

const BUILT_SDK = fileURLToPath(new URL('../../dist/lyt.full.min.js', import.meta.url))

let browser: Browser
let collector: Collector
let context: BrowserContext
let page: Page
let pageErrors: string[]

beforeAll(async () => {
  if (!existsSync(BUILT_SDK)) throw new Error('dist/lyt.full.min.js is missing: run `npm run build` before the demo test')
  collector = await startCollector()
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-blink-features=AutomationControlled',
    ],
  })
})

afterAll(async () => {
  await browser?.close()
  await collector?.close()
})

beforeEach(async () => {
  collector.reset()
  context = await browser.newContext()
  page = await context.newPage()
  pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(String(error)))
  // Registered before any page script runs, so even a violation during load is caught.
  await page.addInitScript(() => {
    const violations: string[] = []
    ;(window as any).__cspViolations = violations
    document.addEventListener('securitypolicyviolation', (event) => {
      violations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`,
      )
    })
  })
})

afterEach(async () => {
  await context?.close()
})

const cspViolations = () => page.evaluate(() => (window as any).__cspViolations as string[])
const pageViewPaths = () => collector.accepted.filter((a) => a.event.name === 'Page View').map((a) => a.event.path)

/** Opens the demo at `path` and waits until the SDK has delivered its first Page View. */
async function openDemo(path = '/') {
  const response = await page.goto(collector.url + path)
  expect(response?.status()).toBe(200)
  expect(response?.headers()['content-security-policy']).toBe("default-src 'self'")
  await page.locator('#live-status[data-state="open"]').waitFor()
  await collector.waitFor(() => pageViewPaths().includes(path))
}

describe('the demo page', () => {
  it('shows a signup click in the live panel and the collector stores it, with no CSP violation', async () => {
    await openDemo('/')
    await page.click('#btn-signup')

    await page.locator('#live-log [data-event-name="Button Click"]').first().waitFor()
    await collector.waitFor((c) => c.accepted.some((a) => a.event.name === 'Button Click'))
    const click = collector.accepted.find((a) => a.event.name === 'Button Click')!
    expect(click.event.metadata).toEqual({ button: 'signup' })
    expect(click.event.path).toBe('/')
    expect(click.timestampReplaced).toBe(false)
    expect(collector.silentlyDropped).toEqual([])

    // The callback fired once delivered, and the page shows what it was given.
    await expect.poll(() => page.textContent('#last-result')).toContain('"ok": true')
    await expect.poll(() => page.textContent('#queue-length')).toBe('0')
    expect(await page.textContent('#count-stored')).not.toBe('0')
    expect(await cspViolations()).toEqual([])
    expect(pageErrors).toEqual([])
  })

  it('navigates with the History API when a nav link is clicked, and records a Page View for the new path', async () => {
    await openDemo('/')
    await page.evaluate(() => {
      ;(window as any).__sameDocument = true
    }) // lost on a full page load

    await page.click('nav a[href="/pricing"]')
    await expect.poll(() => page.evaluate(() => location.pathname)).toBe('/pricing')
    expect(await page.isVisible('section[data-route="/pricing"]')).toBe(true)
    expect(await page.isVisible('section[data-route="/"]')).toBe(false)
    expect(await page.getAttribute('nav a[href="/pricing"]', 'aria-current')).toBe('page')
    await collector.waitFor(() => pageViewPaths().includes('/pricing'))
    await page.locator('#live-log [data-event-name="Page View"]').first().waitFor()

    await page.goBack()
    await expect.poll(() => page.evaluate(() => location.pathname)).toBe('/')
    expect(await page.isVisible('section[data-route="/"]')).toBe(true)
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true)
    await collector.waitFor(() => pageViewPaths().join() === '/,/pricing,/')
    expect(await cspViolations()).toEqual([])
    expect(pageErrors).toEqual([])
  })

  it('serves every History-API URL on reload, showing that page', async () => {
    await openDemo('/docs')
    expect(await page.isVisible('section[data-route="/docs"]')).toBe(true)
    expect(await page.title()).toMatch(/^Docs/)
  })

  it('refuses an invalid call in the callback and sends nothing for it', async () => {
    await openDemo('/')
    await page.click('#btn-invalid')
    await expect.poll(() => page.textContent('#last-result')).toContain('validation_error')
    await page.click('#btn-flush')
    await expect.poll(() => page.textContent('#last-result')).toContain('lyt.flush()')
    expect(collector.requests.every((r) => r.status === 200)).toBe(true)
    expect(collector.accepted.map((a) => a.event.name)).toEqual(['Page View'])
  })

  it('sends a batch, and opting out stops tracking until opting in again', async () => {
    await openDemo('/')
    await page.click('#btn-batch')
    await collector.waitFor((c) => c.accepted.some((a) => a.event.name === 'Cart Items'))
    await expect.poll(() => page.textContent('#last-result')).toMatch(/"queued": 2/)

    await page.click('#btn-optout')
    expect(await page.evaluate(() => localStorage.getItem('lyt_ignore'))).toBe('true')
    await expect.poll(() => page.textContent('#tracking-state')).toBe('ignored: opt_out')
    expect(await page.textContent('#tracking-why')).toMatch(/lyt\.optOut\(\)/)
    await page.click('#btn-signup')
    await expect.poll(() => page.textContent('#last-result')).toContain('"ignored": true')

    await page.click('#btn-optin')
    await page.click('#btn-signup')
    await collector.waitFor((c) => c.accepted.some((a) => a.event.name === 'Button Click'))
    expect(collector.accepted.filter((a) => a.event.name === 'Button Click')).toHaveLength(1)
    await expect.poll(() => page.textContent('#tracking-state')).toBe('on')
  })

  it('says "ignored: automation" where it says whether it tracks, when the browser is driven by automation, and sends nothing', async () => {
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => true }))
    await page.goto(collector.url + '/')
    await expect.poll(() => page.textContent('#tracking-state')).toBe('ignored: automation')
    expect(await page.textContent('#tracking-why')).toMatch(/navigator\.webdriver/)
    await page.click('#btn-signup')
    await expect.poll(() => page.getAttribute('#last-result', 'data-outcome')).toBe('ignored')
    expect(await page.textContent('#tracking-state')).toBe('ignored: automation')
    expect(collector.requests.filter((r) => r.path.startsWith('/api/'))).toEqual([])
    expect(pageErrors).toEqual([])
  })

  it('lets a person break the collector with the fault switch, and the SDK delivers once it is switched back', async () => {
    await openDemo('/')
    await page.check('#fault-switches input[value="500"]')
    await expect.poll(async () => (await (await fetch(collector.url + '/live/state')).json()).fault).toBe('500')

    await page.click('#btn-purchase')
    await collector.waitFor((c) => c.requests.some((r) => r.status === 500))
    await page.locator('#live-log [data-status="500"] [data-event-name="Purchase"]').first().waitFor()
    await expect.poll(() => page.textContent('#queue-length')).toBe('1')

    await page.check('#fault-switches input[value="none"]')
    await collector.waitFor((c) => c.accepted.some((a) => a.event.name === 'Purchase'), 30_000)
    const purchase = collector.accepted.find((a) => a.event.name === 'Purchase')!
    expect(purchase.event.metadata).toEqual({ product_id: 'delta-stunt', price: 29.99, currency: 'EUR' })
    await expect.poll(() => page.textContent('#queue-length'), { timeout: 5000 }).toBe('0')
    expect(await cspViolations()).toEqual([])
  })

  it('says what it is, and while the collector fails counts down to the next retry with no duplicates; healthy again, it drains', async () => {
    await openDemo('/')
    expect((await page.textContent('.intro'))!.replace(/\s+/g, ' ')).toMatch(
      /demo of the Lyt browser SDK .* local Lyt-compatible collector/,
    )
    expect(await page.textContent('#count-duplicates')).toBe('0')
    const fault = async () => (await (await fetch(collector.url + '/live/state')).json()).fault
    await page.check('#fault-switches input[value="500"]')
    await expect.poll(fault).toBe('500')
    await expect.poll(() => page.textContent('#fault-help')).toMatch(/500 and stores nothing/)

    await page.click('#btn-purchase')
    await page.click('#btn-signup')
    await collector.waitFor((c) => c.requests.filter((r) => r.status === 500).length >= 2, 15_000)
    // The delivery box says the collector fails and when the SDK tries again. Read in one go:
    // each retry turns it to "sending" for a moment (a busy machine once caught it so between
    // two reads).
    const deliveryBox = () =>
      page.evaluate(() => ({
        state: document.getElementById('delivery')!.getAttribute('data-state'),
        text: document.getElementById('delivery-text')!.textContent,
        retry: document.getElementById('retry')!.textContent,
        last: document.getElementById('delivery-last')!.textContent,
      }))
    let box = await deliveryBox()
    await expect.poll(async () => (box = await deliveryBox()).state).toBe('retrying')
    expect(box.text).toMatch(/failed .*last: 500/)
    expect(box.retry).toMatch(/Next retry (in|within) (\d+ s|now)/)
    expect(box.last).toMatch(/→ 500 after \d+ ms/)
    await expect.poll(() => page.textContent('#queue-length')).toBe('2')
    expect(await page.textContent('#callbacks-waiting')).toBe('2') // callbacks wait while it fails
    expect(await page.textContent('#count-duplicates')).toBe('0')
    expect(collector.accepted.map((a) => a.event.name)).toEqual(['Page View'])

    // (Polled: between two retries, the box says "Sending…" for a moment.)
    await expect.poll(() => page.textContent('#delivery-text')).toMatch(/Send now \(lyt\.flush\(\)\) tries at once/)
    await page.locator('#send-now').waitFor()

    // Healthy again: the page sends what waited at once, whatever the backoff's wait.
    await page.check('#fault-switches input[value="none"]')
    await expect.poll(fault).toBe('none')
    await collector.waitFor(
      (c) => ['Purchase', 'Button Click'].every((name) => c.accepted.some((a) => a.event.name === name)),
      5000,
    )
    await expect.poll(() => page.textContent('#queue-length')).toBe('0')
    await expect
      .poll(() => page.textContent('#delivery-text'))
      .toMatch(/collector answers again, so the demo sent the 2 events that waited at once/)
    await expect.poll(() => page.getAttribute('#delivery', 'data-state')).toBe('ok')
    expect(await page.isVisible('#retry')).toBe(false)
    await expect.poll(() => page.textContent('#callbacks-waiting')).toBe('0')
    expect(await page.getAttribute('#last-result', 'data-outcome')).toBe('delivered')
    await page.locator('#live-log [data-status="200"] [data-event-name="Purchase"]').first().waitFor()
    expect(await page.textContent('#count-duplicates')).toBe('0')
    expect(collector.accepted.map((a) => a.event.name).sort()).toEqual(['Button Click', 'Page View', 'Purchase'])
    expect(await cspViolations()).toEqual([])
    expect(pageErrors).toEqual([])
  })

  it('drains within a few seconds of the collector healing, though the SDK itself would wait a minute (Retry-After: 60)', async () => {
    await openDemo('/')
    collector.fault({ status: 503, retryAfter: 60 }) // as a person's switch would, but with a long Retry-After
    await expect.poll(() => page.textContent('#fault-help')).toMatch(/^Fault: 503/)
    await page.click('#btn-purchase')
    await collector.waitFor((c) => c.requests.some((r) => r.status === 503))
    await expect.poll(() => page.getAttribute('#delivery', 'data-state')).toBe('retrying')

    await page.check('#fault-switches input[value="none"]')
    const healed = Date.now()
    await collector.waitFor((c) => c.accepted.some((a) => a.event.name === 'Purchase'), 5000)
    expect(Date.now() - healed).toBeLessThan(5000)
    await expect.poll(() => page.getAttribute('#delivery', 'data-state')).toBe('ok')
    await expect
      .poll(() => page.textContent('#delivery-text'))
      .toMatch(
        /collector answers again, so the demo sent the 1 event that waited at once \(lyt\.flush\(\)\); on its own the SDK would have retried within \d+ s/,
      )
    expect(await page.textContent('#count-duplicates')).toBe('0')
  })

  it('under "400" the delivery box says the events were refused and given up, not delivered', async () => {
    await openDemo('/')
    await page.check('#fault-switches input[value="400"]')
    await expect.poll(async () => (await (await fetch(collector.url + '/live/state')).json()).fault).toBe('400')
    await page.click('#btn-purchase')
    await page.click('#btn-signup')
    await expect.poll(() => page.getAttribute('#delivery', 'data-state'), { timeout: 10_000 }).toBe('refused')
    await expect.poll(() => page.textContent('#callbacks-waiting')).toBe('0')
    const text = await page.textContent('#delivery-text')
    expect(text).not.toMatch(/Everything delivered/)
    expect(text).toBe(
      'Not delivered: 2 events refused by the collector (400) and given up: the SDK never sends a refused event again. Nothing is waiting.',
    )
    expect(await page.textContent('#queue-length')).toBe('0')
    expect(collector.accepted.map((a) => a.event.name)).toEqual(['Page View'])

    // Healthy again, the next event is delivered and the box says so.
    await page.check('#fault-switches input[value="none"]')
    await expect.poll(async () => (await (await fetch(collector.url + '/live/state')).json()).fault).toBe('none')
    await page.click('#btn-signup')
    await collector.waitFor((c) => c.accepted.some((a) => a.event.name === 'Button Click'))
    await expect.poll(() => page.getAttribute('#delivery', 'data-state')).toBe('ok')
    expect(await page.textContent('#delivery-text')).toMatch(/^Everything delivered/)
  })

  it('counts duplicates when the collector stores events and loses its answer ("lost")', async () => {
    await openDemo('/')
    await page.check('#fault-switches input[value="lost"]')
    await expect.poll(async () => (await (await fetch(collector.url + '/live/state')).json()).fault).toBe('lost')
    await expect.poll(() => page.textContent('#fault-help')).toMatch(/Stores the events, then cuts the connection/)
    await page.click('#btn-signup')
    // Stored, no answer: the SDK sends the event again, and the collector stores it again.
    await collector.waitFor((c) => c.accepted.filter((a) => a.event.name === 'Button Click').length >= 2, 15_000)
    await page.check('#fault-switches input[value="none"]')
    await expect.poll(() => page.textContent('#count-duplicates')).not.toBe('0')
    await page.locator('#live-log .duplicate').first().waitFor()
  })

  it('shows failures, ignored calls and exceptions: the last callback and the live panel', async () => {
    await openDemo('/')
    await page.click('#btn-invalid')
    await expect.poll(() => page.getAttribute('#last-result', 'data-outcome')).toBe('invalid')
    await page.click('#btn-optout')
    await page.click('#btn-signup')
    await expect.poll(() => page.getAttribute('#last-result', 'data-outcome')).toBe('ignored')
    expect(await page.textContent('#callbacks')).toMatch(/ignored \(opt_out|ignored/)
    expect(await page.textContent('#callbacks')).toMatch(/invalid \(validation_error\)/)
    await page.click('#btn-optin')

    await page.click('#btn-exception')
    const exception = page.locator('#live-log [data-event-name="Exception"]').first()
    await exception.waitFor()
    expect(await exception.locator('.exception-message').textContent()).toBe('Error: Checkout failed: the card was declined')
    expect(await exception.locator('.exception-where').textContent()).toMatch(/^handled/)
    expect(await exception.locator('pre').first().textContent()).toBe('{"step":"payment"}')
    await expect.poll(() => page.getAttribute('#last-result', 'data-outcome')).toBe('delivered')
    expect(pageErrors).toEqual([])
  })

  it('keeps its live panel working across a collector restart', async () => {
    const first = await startCollector()
    let second: Collector | undefined
    try {
      await page.goto(first.url + '/')
      const liveStatus = () => page.getAttribute('#live-status', 'data-state')
      await expect.poll(liveStatus).toBe('open')
      await first.close()
      await expect.poll(liveStatus).toBe('reconnecting')

      second = await startCollector({ port: first.port }) // same origin, so the page is none the wiser
      await expect.poll(liveStatus, { timeout: 10_000 }).toBe('open')
      await page.click('#btn-signup')
      await page.locator('#live-log [data-event-name="Button Click"]').first().waitFor()
      await second.waitFor((c) => c.accepted.some((a) => a.event.name === 'Button Click'))
      expect(pageErrors).toEqual([])
    } finally {
      await first.close()
      await second?.close()
    }
  })
})

// The consent gate (docs/contract.md §9) with the full build in Chromium: before the choice,
// nothing in localStorage and no request, even as the page is left; `lyt.consent(true)` sends
// every waiting event once (the automatic page view with its own, earlier timestamp); after
// `lyt.consent(false)` nothing ever, across a reload; a choice made in one tab applies to the
// other open tab.

import { describe, expect, it } from 'vitest'
import { plainPage, sleep, trackedPage, useBrowserAndCollector, type BrowserContext, type Collector, type Page } from './browser'

const FULL = 'lyt.full.min.js'
let collector: Collector
let context: BrowserContext
let page: Page
useBrowserAndCollector((world) => ({ collector, context, page } = world))

const ask = { 'data-consent': 'ask', 'data-interval': '50' }
const storageKeys = (page: Page) => page.evaluate(() => Object.keys(localStorage).sort())
const storedNames = () => collector.accepted.map((stored) => stored.event.name)
/** Event ids stored more than once: must be none. */
const duplicates = () => {
  const ids = collector.accepted.map((stored) => stored.event.id)
  return ids.filter((id, index) => ids.indexOf(id) !== index)
}
/** Waits until the page's tracker holds `count` events (its start-up task, with the automatic page view, has run). */
const waiting = (page: Page, count: number) => page.waitForFunction((count) => (window as any).lyt.queueLength() === count, count)
/** Long enough for the 50 ms interval to have sent anything several times over. */
const A_WHILE_MS = 600

describe('consent gate', () => {
  it('before the choice: no request and nothing in localStorage; consent(true) sends every waiting event once, the page view with its own timestamp', async () => {
    await page.goto(trackedPage(collector, ask, { script: FULL }))
    await page.evaluate(() => {
      const lyt = (window as any).lyt
      lyt('Signup', { metadata: { plan: 'pro' } })
      lyt.batch([{ name: 'A' }, { name: 'B' }])
      lyt.flush()
    })
    await waiting(page, 4)
    await sleep(A_WHILE_MS)
    expect(collector.requests).toEqual([])
    expect(await storageKeys(page)).toEqual([])
    expect(await page.evaluate(() => (window as any).lyt.consent())).toBeUndefined()

    const consentAt = await page.evaluate(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20)) // after the page view's millisecond
      const at = new Date().toISOString()
      ;(window as any).lyt.consent(true)
      return at
    })
    await collector.waitFor(() => ['Page View', 'Signup', 'A', 'B'].every((name) => storedNames().includes(name)))
    await sleep(A_WHILE_MS)
    expect(storedNames()).toEqual(['Page View', 'Signup', 'A', 'B'])
    expect(duplicates()).toEqual([])
    const pageView = collector.accepted[0].event
    expect(pageView.timestamp < consentAt, `page view at ${pageView.timestamp}, consent at ${consentAt}`).toBe(true)
    expect(await page.evaluate(() => localStorage.getItem('lyt_consent'))).toBe('true')

    // The next page load follows the stored choice: its page view goes at once.
    await page.reload()
    await collector.waitFor(() => storedNames().filter((name) => name === 'Page View').length === 2)
    expect(await page.evaluate(() => (window as any).lyt.consent())).toBe(true)
  })

  it('a page left before the choice: nothing sent, nothing stored, nothing left for the next page', async () => {
    const away = plainPage(collector)
    await page.goto(trackedPage(collector, ask, { script: FULL }))
    await page.evaluate(() => (window as any).lyt('Made before leaving'))
    await waiting(page, 2)
    await page.goto(away) // pagehide: what waits in memory goes nowhere
    expect(await storageKeys(page)).toEqual([])
    await page.goto(trackedPage(collector, ask, { script: FULL }))
    await waiting(page, 1) // its own page view only
    await page.evaluate(() => (window as any).lyt.consent(true))
    await collector.waitFor(() => storedNames().length > 0)
    await sleep(A_WHILE_MS)
    expect(storedNames()).toEqual(['Page View'])
  })

  it('consent(false): what waited is discarded (callbacks told), "false" is the only thing stored, and nothing is ever sent, across a reload', async () => {
    await page.goto(trackedPage(collector, ask, { script: FULL }))
    const results = await page.evaluate(async () => {
      const lyt = (window as any).lyt
      const heard = new Promise((resolve) => lyt('Waited', resolve))
      lyt.consent(false)
      const after = new Promise((resolve) => lyt('After', resolve))
      return Promise.all([heard, after])
    })
    expect(results).toEqual([
      { ok: false, ignored: true, reason: 'consent' },
      { ok: false, ignored: true, reason: 'consent' },
    ])
    await page.reload()
    await page.waitForFunction(() => (window as any).lyt.consent() === false)
    const afterReload = await page.evaluate(() => new Promise((resolve) => (window as any).lyt('After reload', resolve)))
    expect(afterReload).toEqual({ ok: false, ignored: true, reason: 'consent' })
    await page.evaluate(() => (window as any).lyt.flush())
    await sleep(A_WHILE_MS)
    expect(await page.evaluate(() => (window as any).lyt.queueLength())).toBe(0) // not even the page view waits
    expect(collector.requests).toEqual([])
    expect(await page.evaluate(() => Object.entries(localStorage))).toEqual([['lyt_consent', 'false']])
  })

  it('two open tabs: yes in one delivers what waits in both, each event once; no in one stops the other', async () => {
    const url = trackedPage(collector, ask, { script: FULL })
    const other = await context.newPage()
    await Promise.all([page.goto(url), other.goto(url)])
    await page.evaluate(() => (window as any).lyt('From the first tab'))
    await other.evaluate(() => (window as any).lyt('From the second tab'))
    await Promise.all([waiting(page, 2), waiting(other, 2)])
    await sleep(A_WHILE_MS)
    expect(collector.requests).toEqual([])
    await page.evaluate(() => (window as any).lyt.consent(true))
    await collector.waitFor(() => storedNames().length === 4)
    await sleep(A_WHILE_MS)
    expect(storedNames().sort()).toEqual(['From the first tab', 'From the second tab', 'Page View', 'Page View'])
    expect(duplicates()).toEqual([])
    expect(await other.evaluate(() => (window as any).lyt.consent())).toBe(true)

    // And back: no in the second tab; the first one then sends nothing more.
    await other.evaluate(() => (window as any).lyt.consent(false))
    await page.waitForFunction(() => (window as any).lyt.consent() === false)
    const refused = await page.evaluate(
      () => new Promise((resolve) => (window as any).lyt('After the other tab said no', resolve)),
    )
    expect(refused).toEqual({ ok: false, ignored: true, reason: 'consent' })
    await sleep(A_WHILE_MS)
    expect(storedNames()).toHaveLength(4)
    await other.close()
  })
})

// Masked paths (docs/contract.md §9) with the full build in Chromium: on a page whose path holds
// two record ids, with engagement, vitals, an SPA navigation to another record, calls and a
// virtual path, the ids appear in no request body the collector received — not in any event's
// path, not in the session's landing path at the top level, nowhere.

import { describe, expect, it } from 'vitest'
import { plainPage, trackedPage, useBrowserAndCollector, type Collector, type Page } from './browser'

const FULL = 'lyt.full.min.js'
let collector: Collector
let page: Page
useBrowserAndCollector((world) => ({ collector, page } = world))

/** Record ids no random event id, timestamp or screen size can contain by chance. */
const USER = 'u-31415926'
const ORDER = 'o-27182818'
const OTHER_USER = 'u-16180339'

/** Waits until the page has read its scroll position (engagement reads it in an animation frame). */
const afterTwoFrames = (page: Page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))

describe('masked paths', () => {
  it('no request body holds an unmasked id: page views (landing and SPA), calls, a virtual path, engagement, vitals, the session’s landing path', async () => {
    const away = plainPage(collector)
    await page.goto(
      trackedPage(
        collector,
        { 'data-mask': '/users/*/orders/*, /users/**', 'data-engagement': true, 'data-vitals': true, 'data-interval': '50' },
        { script: FULL, path: `/users/${USER}/orders/${ORDER}`, body: '<h1>Order</h1><div style="height: 3000px">tall</div>' },
      ),
    )
    await collector.waitFor(() => names().includes('Page View'))
    await page.evaluate(() => window.scrollTo(0, 1200))
    await afterTwoFrames(page)
    await page.evaluate(
      ([user]) => {
        const lyt = (window as any).lyt
        lyt('Clicked')
        lyt('Virtual', { path: `/users/${user}/settings` })
        history.pushState({}, '', `/users/${user}/profile`) // an SPA navigation: its page view, and the engagement before it
      },
      [OTHER_USER],
    )
    await collector.waitFor(() => names().filter((name) => name === 'Page View').length === 2 && names().includes('Engagement'))
    await page.evaluate(() => window.scrollTo(0, 2400))
    await afterTwoFrames(page)
    await page.goto(away) // left: the second page view's engagement, and the vitals
    await collector.waitFor(
      () => names().includes('Web Vitals') && names().filter((name) => name === 'Engagement').length === 2,
      10_000,
    )

    const bodies = collector.requests.map((request) => request.rawBody ?? '')
    expect(bodies.length).toBeGreaterThan(1)
    for (const id of [USER, ORDER, OTHER_USER])
      expect(
        bodies.filter((body) => body.includes(id)),
        `requests holding ${id}`,
      ).toEqual([])
    expect(collector.requests.map((request) => request.body.path)).toEqual(collector.requests.map(() => '/users/*/orders/*'))
    const paths = collector.accepted.map((stored) => [stored.event.name, stored.event.path])
    expect(paths).toEqual(
      expect.arrayContaining([
        ['Page View', '/users/*/orders/*'],
        ['Clicked', '/users/*/orders/*'],
        ['Virtual', '/users/**'],
        ['Engagement', '/users/*/orders/*'],
        ['Page View', '/users/**'],
        ['Engagement', '/users/**'],
        ['Web Vitals', '/users/*/orders/*'],
      ]),
    )
    expect(paths).toHaveLength(7)
  })

  it('without data-mask the same page sends its ids (the search above can find them)', async () => {
    await page.goto(trackedPage(collector, { 'data-interval': '50' }, { script: FULL, path: `/users/${USER}/orders/${ORDER}` }))
    await collector.waitFor(() => names().includes('Page View'))
    const bodies = collector.requests.map((request) => request.rawBody ?? '')
    expect(bodies.some((body) => body.includes(USER) && body.includes(ORDER))).toBe(true)
  })
})

const names = () => collector.accepted.map((stored) => stored.event.name)

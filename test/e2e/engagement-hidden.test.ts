// Engagement (docs/contract.md §8) on a page that really becomes hidden (another tab comes to the
// front), with the full build: Playwright's own launch keeps every page visible, so this file
// starts Chromium itself and connects over CDP (as test/e2e/hidden.test.ts does). A tab sent
// to the back here also loses focus (`document.hasFocus()` turns false): the visibility check
// alone is proven in interactions.test.ts, with the page's visibility simulated.

import { expect, it } from 'vitest'
import { copies, plainPage, sleep, trackedPage, untilQuiet, waitForNames } from './browser'
import { useRealTabs } from './real-tabs'

const world = useRealTabs()

it('a really hidden tab’s time is not counted: read 2 s, another tab in front 3 s (an Engagement as it hides), back 1 s, left', async () => {
  const context = world.browser.contexts()[0]
  const page = await context.newPage()
  await page.bringToFront()
  await page.goto(trackedPage(world.collector, { 'data-engagement': true, 'data-interval': '50' }, { script: 'lyt.full.min.js' }))
  await waitForNames(world.collector, ['Page View'])
  expect(await page.evaluate(() => document.visibilityState === 'visible' && document.hasFocus())).toBe(true)
  await sleep(2000)
  const other = await context.newPage()
  await other.bringToFront()
  await world.collector.waitFor(() => engagements().length === 1, 5000)
  expect(await page.evaluate(() => document.visibilityState)).toBe('hidden')
  await sleep(3000)
  await page.bringToFront()
  await sleep(1200)
  await page.goto(plainPage(world.collector))
  await world.collector.waitFor(() => engagements().length === 2, 5000)
  await untilQuiet(world.collector)
  const seconds = engagements().map((event) => event.metadata.seconds)
  expect(seconds).toHaveLength(2)
  expect(Math.abs(seconds[0] - 2), `hidden at ${seconds[0]} s, expected 2 ± 1`).toBeLessThanOrEqual(1)
  expect(Math.abs(seconds[1] - 1), `left at ${seconds[1]} s, expected 1 ± 1 (the 3 s hidden not counted)`).toBeLessThanOrEqual(1)
  expect(copies(world.collector).duplicated).toEqual([])
  await other.close()
  await page.close()
})

const engagements = () =>
  world.collector.accepted.filter((stored) => stored.event.name === 'Engagement').map((stored) => stored.event)

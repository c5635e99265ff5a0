// A page that really becomes hidden (another tab comes to the front): Playwright's own
// launch keeps every page visible, so this file starts Chromium itself and connects over CDP.

import { expect, it } from 'vitest'
import { trackedPage, waitForNames } from './browser'
import { useRealTabs } from './real-tabs'

const world = useRealTabs()

it('when another tab comes to the front, the hidden page sends what waits at once', async () => {
  const context = world.browser.contexts()[0]
  const page = await context.newPage()
  await page.goto(trackedPage(world.collector, { 'data-auto': 'false', 'data-interval': '60000' }))
  await page.evaluate(() => (window as any).lyt('First')) // goes at once; the next waits a minute
  await waitForNames(world.collector, ['First'])
  await page.evaluate(() => (window as any).lyt('Before switching tabs'))
  expect(await page.evaluate(() => document.visibilityState)).toBe('visible')
  const other = await context.newPage()
  await other.bringToFront()
  await waitForNames(world.collector, ['Before switching tabs'], 5000)
  expect(await page.evaluate(() => document.visibilityState)).toBe('hidden')
  // It went with keepalive, and its answer still came back to the (living) hidden page.
  await expect.poll(() => page.evaluate(() => (window as any).lyt.queueLength())).toBe(0)
  await other.close()
  await page.close()
})

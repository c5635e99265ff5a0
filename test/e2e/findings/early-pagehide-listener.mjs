// A finding of the chaos test (docs/delivery.md, "The chaos test"), as a script to run by
// hand: `node test/e2e/findings/early-pagehide-listener.mjs [trials]` (after `npm run build`).
//
// A page that registers any `pagehide` listener before the SDK's makes the SDK count events
// twice on a healthy server. As Chromium begins to leave a page for a reload, it rejects the
// page's fetches (keepalive ones too, though those go on and reach the server) before it
// dispatches `pagehide`; the rejections' callbacks run at the first microtask checkpoint of
// that dispatch — after the first listener returns. When the SDK's listener is the first,
// the page is already marked left and the SDK ignores "no answer" (the unload guard). When
// another listener comes first, the SDK hears "no answer" from a page not yet left: a
// failure; it then trusts nothing as it is left, keeps the request in flight, and the next
// load sends those events again — though they had arrived.
//
// Each trial: a page that has heard the server answer (evidence), a quiet spell, then 5
// events and a reload 5 ms later (the request is in flight as the page is left); then the
// next load flushes. Measured 2026-12-08, Chromium 156: without a listener before the SDK's,
// 0 of 150 events duplicated; with one (an empty `addEventListener('pagehide', …)` in the
// page's head), 25 of 150 — every event of 5 of the 30 reloads.

import { chromium } from 'playwright-core'
import { startCollector } from '../../../demo/collector.mjs'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../chromium.mjs'

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const collector = await startCollector()
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
const page = (path, early) => {
  const listener = early ? '<script>addEventListener("pagehide", () => {})</script>' : ''
  collector.page(path, `<!doctype html><meta charset="utf-8">${listener}<script data-api="/api/analytics" data-auto="false" src="/js/lyt.min.js"></script>`)
  return collector.url + path
}
const trials = Number(process.argv[2] || 30)
for (const early of [false, true]) {
  let duplicated = 0
  let lost = 0
  let total = 0
  for (let trial = 0; trial < trials; trial++) {
    collector.reset()
    const context = await browser.newContext()
    const tab = await context.newPage()
    await tab.goto(page(`/p-${early}-${trial}`, early))
    await tab.evaluate(() => lyt('First'))
    await collector.waitFor((c) => c.requests.some((r) => r.status == 200)) // evidence that the server answers
    await sleep(1200) // a quiet spell: the next event goes at once
    const names = Array.from({ length: 5 }, (_, i) => `E${trial}-${i}`)
    await Promise.all([
      tab.waitForEvent('load'),
      tab.evaluate((names) => {
        names.forEach((name) => lyt(name))
        setTimeout(() => location.reload(), 5) // after the SDK's request has gone
      }, names),
    ])
    await sleep(1500)
    await tab.evaluate(() => lyt.flush())
    await sleep(1500)
    for (const name of names) {
      const copies = collector.accepted.filter((stored) => stored.event.name == name).length
      total++
      if (copies > 1) duplicated++
      if (!copies) lost++
    }
    await context.close()
  }
  console.log(`a pagehide listener before the SDK's: ${early}: ${total} events, ${duplicated} duplicated, ${lost} lost`)
}
await browser.close()
await collector.close()

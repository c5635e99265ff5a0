// What a visitor saw (docs/contract.md §2), in Chromium: a page the browser prerenders
// (Speculation Rules) sends and stores nothing until it is shown, then counts once.
//
// Chromium prerenders nothing while a DevTools client is attached (its Preload domain says
// `PrerenderingDisabledByDevTools`), and every automation tool here attaches one. So this
// test starts Debian's Chromium headless on the landing page with no driver at all: the
// pages act by themselves (the landing page follows its link after 4 s) and the collector
// sees everything that happens.

import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { CHROMIUM_ARGS, CHROMIUM_PATH, SCRIPT, startCollector, type Collector } from './browser'

let collector: Collector
beforeAll(async () => {
  collector = await startCollector()
})
afterAll(() => collector?.close())

const tag = `<script data-api="/api/analytics" src="/js/${SCRIPT}"></script>`

it('a prerendered page sends and stores nothing until the visitor sees it, then its page view and calls arrive once', async () => {
  // The next page tracks a call of its own as it loads, as a page's scripts do, and says
  // when it was shown (activationStart > 0: it was prerendered).
  collector.page(
    '/t/next',
    `<!doctype html><html><head>${tag}</head><body><script>
      lyt('Loaded while unseen')
      const shown = () => lyt('Shown', { metadata: { activationStart: performance.getEntriesByType('navigation')[0].activationStart } })
      if (document.prerendering) document.addEventListener('prerenderingchange', shown)
      else shown()
    </script></body></html>`,
  )
  // The landing page asks for the next page to be prerendered; 4 s later it says what its
  // origin's storage holds and follows the link.
  collector.page(
    '/t/landing',
    `<!doctype html><html><head>${tag}</head><body><a id="go" href="/t/next">next</a>
    <script type="speculationrules">{"prerender":[{"source":"list","urls":["/t/next"]}]}</script>
    <script>setTimeout(() => {
      lyt('Leaving', { metadata: { records: Object.keys(localStorage).filter((key) => key.startsWith('lyt_q_')).length } })
      document.getElementById('go').click()
    }, 4000)</script></body></html>`,
  )
  const profile = mkdtempSync(join(tmpdir(), 'lyt-prerender-'))
  // In a process group of its own: Debian's `chromium` is a shell script that starts the browser.
  const browser = spawn(
    CHROMIUM_PATH,
    ['--headless', `--user-data-dir=${profile}`, ...CHROMIUM_ARGS, collector.url + '/t/landing'],
    {
      stdio: 'ignore',
      detached: true,
    },
  )
  const exited = new Promise((resolve) => browser.on('exit', resolve))
  try {
    const arrived = (name: string) => collector.accepted.filter(({ event }) => event.name === name)
    await collector.waitFor(() => arrived('Shown').length > 0, 30_000)
    await collector.waitFor(() => arrived('Loaded while unseen').length > 0 && arrived('Page View').length === 2, 5000)
    // The browser did prerender the next page, and showed that very page.
    expect(collector.pageRequests.some((r) => r.path === '/t/next' && /prerender/.test(String(r.headers['sec-purpose'])))).toBe(
      true,
    )
    expect(arrived('Shown')[0].event.metadata.activationStart).toBeGreaterThan(0)
    // Nothing of the unseen page was stored while the landing page was still in front…
    expect(arrived('Leaving')[0].event.metadata).toEqual({ records: 0 })
    // …nor sent: the next page's requests came after the landing page left (4 s after the
    // prerender began), each event once, the page view stamped when the page was shown.
    const leftAt = collector.requests.find((r) => r.events.some((e: any) => e.name === 'Leaving'))!.receivedAt
    const fromNext = collector.requests.filter((r) => r.events.some((e: any) => e.path === '/t/next'))
    expect(fromNext.every((r) => r.receivedAt >= leftAt - 500)).toBe(true)
    expect(collector.accepted.map(({ event }) => event.name + ' ' + event.path).sort()).toEqual([
      'Leaving /t/landing',
      'Loaded while unseen /t/next',
      'Page View /t/landing',
      'Page View /t/next',
      'Shown /t/next',
    ])
    const nextView = arrived('Page View').find(({ event }) => event.path === '/t/next')!
    const landingView = arrived('Page View').find(({ event }) => event.path === '/t/landing')!
    expect(Date.parse(nextView.event.timestamp) - Date.parse(landingView.event.timestamp)).toBeGreaterThan(3500)
  } finally {
    process.kill(-browser.pid!, 'SIGTERM')
    await exited
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
  }
})

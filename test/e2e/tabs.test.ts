// Several tabs, tabs that go, and the back/forward cache (docs/contract.md §2, §5), in each
// engine (LYT_ENGINE: the projects e2e, e2e-firefox and e2e-webkit), counting copies per event
// `id` at the collector.

import { describe, expect, it } from 'vitest'
import { MAX_ANSWER_WAIT_MS } from '../../src/lyt'
import { ENGINE, copies, plainPage, sleep, trackedPage, untilQuiet, useEngine, type Collector, type Tab } from './browser'

// Chromium's back/forward cache on, as Firefox's and WebKit's always are.
const world = useEngine({ bfcache: true })

const quiet = { 'data-auto': 'false', 'data-interval': '100' }
const fire = (tab: Tab, names: string[]) => tab.evaluate((names) => names.forEach((name) => (window as any).lyt(name)), names)
/** Calls `lyt(name)` in the page and resolves with what its callback heard (or that it heard nothing in 10 s). */
const callLyt = (tab: Tab, name: string) =>
  tab.evaluate(
    (name) =>
      new Promise((resolve) => {
        ;(window as any).lyt(name, resolve)
        setTimeout(() => resolve('no answer in 10 s'), 10_000)
      }),
    name,
  )
const storedQueues = (tab: Tab) => tab.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('lyt_q_')))
/** Waits until every event named has arrived, no queue is stored and the collector is quiet. */
async function settle(collector: Collector, tab: Tab, names: string[], timeoutMs = 15_000) {
  await collector.waitFor((c) => names.every((name) => copies(c).byName.has(name)), timeoutMs)
  await tab.waitFor(() => !Object.keys(localStorage).some((key) => key.startsWith('lyt_q_')), undefined, timeoutMs)
  await untilQuiet(collector)
}
/** Firefox's driver closes a tab without `pagehide` in about half the closes (docs/delivery.md, "Engines"). */
const closeRunsPagehide = ENGINE !== 'firefox'
const firefoxClose = ` — skipped in firefox: its driver's tab close runs no pagehide in about half the closes (docs/delivery.md, "Engines")`

describe(`${ENGINE}: several tabs`, () => {
  it('two tabs firing at once: every event arrives exactly once, in order per tab', async () => {
    const { collector, session, tab } = world
    const url = trackedPage(collector, quiet)
    const other = await session.newTab()
    await tab.goto(url)
    await other.goto(url)
    const names = (side: string) => Array.from({ length: 50 }, (_, i) => `${side} ${i}`)
    await Promise.all([fire(tab, names('Left')), fire(other, names('Right'))])
    await settle(collector, tab, [...names('Left'), ...names('Right')])
    expect(collector.accepted).toHaveLength(100)
    expect(copies(collector).duplicated).toEqual([])
    expect(collector.accepted.map((s) => s.event.name).filter((n) => n.startsWith('Left'))).toEqual(names('Left'))
  })

  it.skipIf(!closeRunsPagehide)(
    `a tab closed while its request hangs (longer than a healthy server takes) leaves its events to the next tab, which sends them once${closeRunsPagehide ? '' : firefoxClose}`,
    async () => {
      const { collector, session, tab } = world
      collector.failNext(1, 'hang')
      const url = trackedPage(collector, quiet)
      await tab.goto(url)
      await fire(tab, ['Orphaned'])
      await collector.waitFor((c) => c.requests.length >= 1)
      await sleep(MAX_ANSWER_WAIT_MS + 300) // unanswered this long, it is not taken as delivered
      const keeper = await session.newTab()
      await tab.close()
      await keeper.goto(url)
      await settle(collector, keeper, ['Orphaned'])
      expect(collector.accepted.map((s) => s.event.name)).toEqual(['Orphaned'])
    },
  )

  it('a tab gone without pagehide while the server fails (crashed, or killed in the background): an open tab takes its events over once its heartbeat is stale, and sends them once', async () => {
    const { collector, session, tab } = world
    // The page's own capturing listener stops the SDK's `pagehide` listener: the tab goes as a
    // crashed one does, leaving its record unreleased (Firefox's driver often closes so).
    const noPagehide = `<script>addEventListener('pagehide', (event) => event.stopImmediatePropagation(), true)</script>`
    const open = await session.newTab()
    await open.goto(trackedPage(collector, quiet))
    collector.fault(500)
    await tab.goto(trackedPage(collector, quiet, { before: noPagehide }))
    const names = Array.from({ length: 5 }, (_, i) => `Orphan ${i}`)
    await fire(tab, names)
    await collector.waitFor((c) => c.requests.some((r) => r.events.some((e) => e.name === 'Orphan 0')))
    await tab.close()
    collector.fault('none')
    const closedAt = Date.now()
    await settle(collector, open, names, 30_000)
    expect(Date.now() - closedAt, 'taken over within the staleness (15 s) and a heartbeat (5 s)').toBeLessThan(25_000)
    expect(copies(collector).duplicated).toEqual([])
  }, 60_000)

  // Issue 20: the closing tab never heard the server answer, so it has no evidence for
  // trusting its hung request ("trust needs evidence"): kept, and sent by the next tab. (The
  // build before that rule took it as delivered, and the next load, hearing a healthy server,
  // let the events go: 0 of 10 arrived.)
  it.skipIf(!closeRunsPagehide)(
    `a hung server and a closed tab: 10 events sent at once hang, the tab is closed 1.2 s later, the server recovers, a new tab opens: all 10 arrive, each once${closeRunsPagehide ? '' : firefoxClose}`,
    async () => {
      const { collector, session, tab } = world
      collector.fault('hang')
      const url = trackedPage(collector, { 'data-auto': 'false' })
      await tab.goto(url)
      const names = Array.from({ length: 10 }, (_, i) => `Hung ${i}`)
      await fire(tab, names) // one request, at once: it hangs
      await collector.waitFor((c) => c.requests.length >= 1)
      await sleep(1200)
      const next = await session.newTab()
      await tab.close()
      collector.fault('none') // what still hangs is answered 504 (nothing stored)
      await next.goto(url)
      await collector.waitFor((c) => names.every((name) => copies(c).byName.has(name)), 15_000).catch(() => {})
      await untilQuiet(collector, 1000)
      const { byName, duplicated } = copies(collector)
      expect(
        names.filter((name) => !byName.has(name)),
        'lost',
      ).toEqual([])
      expect(duplicated).toEqual([])
      expect(await storedQueues(next)).toEqual([])
    },
  )

  // Found in Firefox, whose driver closes a tab after `visibilitychange` (hidden) but often
  // without `pagehide`; a background tab killed by a mobile browser goes the same way. What
  // the page sent as it turned hidden reached a healthy server; the page was gone before the
  // answer came, and its record was never released. The build before this fix had the next
  // tab take it over as a stale tab's (15 s later) and send those events again: every one
  // twice. Now the record says, as the page turns hidden, what went then and is taken as
  // delivered (`s`). Here the page's own capturing listener stops the SDK's `pagehide`
  // listener, so every engine goes that way.
  it('a page hidden, then gone without pagehide before its request was answered (a healthy, slower server): the next tab sends nothing twice', async () => {
    const { collector, session, tab } = world
    const noPagehide = `<script>addEventListener('pagehide', (event) => event.stopImmediatePropagation(), true)</script>`
    const url = trackedPage(collector, { 'data-auto': 'false', 'data-interval': '60000' }, { before: noPagehide })
    await tab.goto(url)
    await fire(tab, ['First']) // goes at once: the server has answered this page
    await collector.waitFor((c) => copies(c).byName.has('First'))
    const names = Array.from({ length: 5 }, (_, i) => `Hidden ${i}`)
    await fire(tab, names) // wait for the interval
    collector.failNext(1, { mode: 'slow', delayMs: 1500 }) // stored at once, answered 1.5 s later
    await tab.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    await collector.waitFor((c) => c.requests.length >= 2)
    const next = await session.newTab()
    await tab.close()
    await next.goto(url)
    // The closed tab's record is taken over once its heartbeat is stale (15 s), then sent.
    await next.waitFor(() => Object.keys(localStorage).filter((key) => key.startsWith('lyt_q_')).length === 0, undefined, 30_000)
    await untilQuiet(collector, 1000)
    const { byName, duplicated } = copies(collector)
    expect(
      names.filter((name) => !byName.has(name)),
      'lost',
    ).toEqual([])
    expect(duplicated).toEqual([])
  }, 60_000)
})

describe(`${ENGINE}: the back/forward cache`, () => {
  /** The collector's pages say no-store unless told otherwise, which keeps a page out of the cache. */
  const cacheable = { 'Cache-Control': 'private, max-age=0' }
  /** Leaves the tab's page for a plain page and comes back: true when it came from the cache. */
  async function leaveAndComeBack(tab: Tab) {
    await tab.evaluate(() => addEventListener('pageshow', (event) => ((window as any).restored = event.persisted)))
    await tab.goto(plainPage(world.collector))
    await tab.back()
    await tab.waitFor(() => (window as any).restored !== undefined, undefined, 5000).catch(() => {})
    return tab.evaluate(() => (window as any).restored === true)
  }

  it('the SDK does not keep a page out of the cache, and resumes sending when it comes back', async () => {
    const { collector, tab } = world
    await tab.goto(trackedPage(collector, { 'data-interval': '50' }, { headers: cacheable }))
    await tab.waitFor(() => (window as any).lyt.queueLength() === 0) // its page view answered: nothing in flight (the next test has that)
    expect(await leaveAndComeBack(tab), 'restored from the back/forward cache').toBe(true)
    expect(await callLyt(tab, 'After bfcache')).toEqual({ ok: true })
    await settle(collector, tab, ['After bfcache'])
    expect(copies(collector).duplicated).toEqual([])
  })

  // Found in WebKit: the request in flight as the page went into the cache ends without an
  // answer (status 0) after `pagehide`, which the SDK's unload guard ignores. The build before
  // the fix kept its events "in flight" for the page's life: restored, the page sent nothing
  // more. Now `pageshow` decides them as the page decided at exit (delivery.ts, `_resume`).
  it('a page left with its request in flight, restored from the cache: what it sends next arrives, and nothing twice', async () => {
    const { collector, tab } = world
    // A page of the site heard the server answer a moment ago: the next one trusts its
    // request in flight as it goes (a page with no such evidence would send it again: §5).
    await tab.goto(trackedPage(collector, quiet))
    await tab.evaluate(() => new Promise((resolve) => (window as any).lyt('Earlier', resolve)))
    collector.failNext(1, { mode: 'slow', delayMs: 1500 }) // the page view's request: stored, answered 1.5 s later
    await tab.goto(trackedPage(collector, { 'data-interval': '50' }, { headers: cacheable }))
    await collector.waitFor((c) => c.requests.length >= 2)
    expect(await leaveAndComeBack(tab), 'restored from the back/forward cache').toBe(true)
    expect(await callLyt(tab, 'After bfcache')).toEqual({ ok: true })
    await settle(collector, tab, ['After bfcache'])
    expect(copies(collector).duplicated).toEqual([])
  })

  // Contract §2: a page restored from the cache is a new page view, as the same visit
  // without the cache (a reload) would be.
  it('a page restored from the cache is one new page view, sent once', async () => {
    const { collector, tab } = world
    const url = trackedPage(collector, { 'data-interval': '50' }, { headers: cacheable })
    const path = new URL(url).pathname
    await tab.goto(url)
    await collector.waitFor((c) => copies(c).byName.has('Page View ' + path))
    expect(await leaveAndComeBack(tab), 'restored from the back/forward cache').toBe(true)
    await collector.waitFor((c) => copies(c).byName.get('Page View ' + path) === 2, 5000).catch(() => {})
    await untilQuiet(collector)
    expect(copies(collector).byName.get('Page View ' + path), 'page views of the page (its load, its restore)').toBe(2)
    expect(copies(collector).duplicated).toEqual([])
  })
})

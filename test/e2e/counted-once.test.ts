// Counted once (docs/contract.md §5): the ways a visitor leaves a page with events pending or in
// flight — a click that navigates at once, a reload, another site and back, fast clicking
// through pages, an event made at `pagehide`, a closed tab — against the collector, in each
// engine (LYT_ENGINE: the projects e2e, e2e-firefox and e2e-webkit). Lyt's server stores every
// copy it is sent, so these tests count copies per event `id`: on a healthy server every event
// arrives exactly once; while the server fails (500s, hung or reset sockets) or the network is
// gone as the page is left, nothing is lost, and since the collector stores nothing under
// those faults, nothing arrives twice.

import { beforeEach, describe, expect, it } from 'vitest'
import { CAN, ENGINE, SCRIPT, copies, sleep, trackedPage, untilQuiet, useEngine, type Tab } from './browser'

// Chromium's back/forward cache is on, as in a visitor's browser (Playwright turns it off by
// default). With it on, the build before issue 20's "trust needs evidence" lost the page view
// of the first of 16 pages clicked through while the server reset connections, in 2 runs of 3:
// that page had never heard the server answer, yet took its request in flight as delivered.
const world = useEngine({ bfcache: true })
/** The server fails until the final page load of the test (expectEachOnce) has heard it fail. */
let faulty = false
/** The fault of the test ('hang', 500, …), null when healthy. */
let fault: string | number | null = null
/**
 * The server hangs: requests in flight while it hung may be stored after all once it
 * recovers (Chromium holds the ones beyond its 6 connections per host, and sends them
 * then), while the SDK has taken them as failed: §5's one allowed duplicate.
 */
let allowDuplicates = false
beforeEach(() => {
  faulty = allowDuplicates = false
  fault = null
})

/**
 * Loads one more page of the site (its page view, and what earlier pages left stored) and,
 * under a fault, lets the server recover only once that page has heard it
 * fail (it has events queued again): the SDK cannot tell a server that recovers unseen
 * between two page loads from a healthy one (docs/delivery.md, "Counted once"). Then waits
 * until every expected event has arrived, every stored queue is empty and the collector is
 * quiet (a late second copy would be a request); then checks that nothing is lost, nothing
 * unexpected arrived, and each event arrived once — or, where §5 allows a duplicate
 * (`allowDuplicates`: a request in flight while the server hung), at most twice.
 */
async function expectEachOnce(expected: string[], finalTab: Tab = world.tab) {
  const { collector } = world
  // The final page makes its own page view: the request whose answer tells what became of
  // what the last page took as delivered (docs/delivery.md, "Counted once").
  expected = [...expected, 'Page View /t/final']
  await finalTab.goto(trackedPage(collector, {}, { path: '/t/final' }))
  if (faulty) {
    // A hang ends in errors before the server recovers: what hangs is answered 504, as a
    // gateway in front of it answers, and the rest 503 (so the page hears the failure at once,
    // not after its 10 s time-out; and what Chromium held behind its 6 hung connections per
    // host is refused, not stored).
    if (fault === 'hang') collector.fault(503)
    // The final page has heard the server fail: its own page view's request met the fault.
    await collector.waitFor(
      (c) => c.requests.some((r) => r.fault !== 'none' && r.events.some((e) => e.path === '/t/final')),
      15_000,
    )
    await finalTab.waitFor(() => (window as any).lyt.queueLength() > 0, undefined, 15_000)
    collector.fault('none')
  }
  await collector.waitFor((c) => expected.every((name) => copies(c).byName.has(name)), 40_000).catch(() => {})
  await finalTab
    .waitFor(() => !Object.keys(localStorage).some((key) => key.startsWith('lyt_q_')), undefined, 20_000)
    .catch(() => {})
  await untilQuiet(collector)
  const { byName, duplicated } = copies(collector)
  const most = allowDuplicates ? 2 : 1
  const wrong = [...byName].filter(([name, count]) => count > most || !expected.includes(name))
  const missing = expected.filter((name) => !byName.has(name))
  expect({ missing, wrong }, requestLog()).toEqual({ missing: [], wrong: [] })
  if (!allowDuplicates) expect(duplicated).toEqual([])
  // Nothing is left waiting in any stored queue.
  expect(await finalTab.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('lyt_q_')))).toEqual([])
}

/** What the collector was sent, for a failure's message: when, what it did, which events. */
const requestLog = () =>
  'requests:\n' +
  world.collector.requests
    .map(
      (r) =>
        `  +${r.receivedAt - world.collector.requests[0].receivedAt} ms ${r.fault} → ${r.status ?? '—'}: ${r.events.map((e) => (e.name === 'Page View' ? e.path : e.name)).join(', ') || '(none)'}`,
    )
    .join('\n')

/**
 * Runs `navigate` in the page (it makes events and navigates in the same task) and waits
 * until a new document has loaded in the tab.
 */
async function navigateFromPage<A>(tab: Tab, navigate: (arg: A) => void, arg: A) {
  await tab.evaluate(() => ((window as any).__old = true))
  await tab.evaluate(navigate, arg).catch(() => {}) // a driver may see the page go mid-call
  await tab.waitFor(() => !(window as any).__old && document.readyState === 'complete', undefined, 15_000)
}

/** A page that tracks a click on its link and navigates (same origin) in the same task. */
function clickPage(next: string) {
  return trackedPage(
    world.collector,
    { 'data-interval': '1000' },
    {
      body:
        `<a id="go" href="${next}">go</a><script>document.getElementById('go').addEventListener('click', () => ` +
        `lyt('Signup ' + location.pathname))</script>`,
    },
  )
}
/** A tracked page at `/t/landing`: nothing else. */
const landing = () => trackedPage(world.collector, {}, { path: '/t/landing' })

/**
 * The visitor lands on the site first: the landing page's page view is answered, so the
 * site's pages have evidence that the server answers for the next 30 s (a page that has heard
 * nothing, from a server nobody heard lately, trusts nothing in flight as it is left, and
 * hands nothing over: docs/delivery.md, "Counted once").
 */
async function land() {
  await world.tab.goto(landing())
  await world.collector.waitFor((c) => copies(c).byName.has('Page View /t/landing'), 10_000)
  // Stored is not enough: the page must have heard the answer. (Left before it, the first page
  // of a visit trusts nothing, and the next load sends its page view again: docs/delivery.md.)
  await world.tab.waitFor(() => (window as any).lyt.queueLength() === 0)
}

// The full build ('e2e-full') runs the healthy server's flows: they take the leave paths
// where its hook slots are (the automatic page view and the features' leave hooks at
// `visibilitychange`/`pagehide`). What a failing server changes is delivery's alone, the
// same code in both builds.
const faults = [
  ['healthy', null],
  ['500', 500],
  ['hang', 'hang'],
  ['reset', 'reset'],
] as const

describe.each(SCRIPT === 'lyt.min.js' ? faults : faults.slice(0, 1))(
  `${ENGINE}: the server is %s as pages are left`,
  (label, spec) => {
    /** Under a fault, the server recovers only as the last page load is made (expectEachOnce). */
    const failing = () => {
      if (spec) world.collector.fault(spec)
      faulty = !!spec
      fault = spec
      // A page's request queued by the browser behind hung connections (Chromium holds the
      // ones beyond 6 per host) may be sent when the server recovers, after the page that took
      // its events over has sent them: §5's one allowed duplicate, at most one extra copy.
      allowDuplicates = spec === 'hang'
    }

    // WebKit loads no more pages of a host once 6 requests to it hang (its connections per
    // host): the flows that leave many pages under a hang never get to their next page there.
    const manyPagesUnderHang = ENGINE === 'webkit' && spec === 'hang'
    const webkitHang = manyPagesUnderHang
      ? ' — skipped in webkit under a hang: once 6 requests to the host hang, WebKit loads none of its pages (docs/delivery.md, "Engines")'
      : ''
    // Firefox's driver closes a tab without `pagehide` in about half the closes (tabs.test.ts has that case on its own).
    const firefoxClose =
      ENGINE === 'firefox'
        ? ' — skipped in firefox: its driver closes a tab without pagehide in about half the closes (docs/delivery.md, "Engines")'
        : ''

    it.skipIf(manyPagesUnderHang)(
      'a click that tracks and navigates at once, 10 times, after 0 to 1.35 s on the page' + webkitHang,
      async () => {
        const { collector, tab } = world
        const expected: string[] = []
        failing()
        for (let round = 0; round < 10; round++) {
          const next = trackedPage(collector, {}, { path: `/t/next-${round}` })
          const url = clickPage(`/t/next-${round}`)
          await tab.goto(url)
          await sleep((round * 150) % 1500) // the visitor's time on the page
          await tab.click('#go')
          await tab.waitFor((path) => location.pathname === path && document.readyState === 'complete', `/t/next-${round}`)
          expected.push(
            'Page View ' + new URL(url).pathname,
            'Signup ' + new URL(url).pathname,
            'Page View ' + new URL(next).pathname,
          )
        }
        await expectEachOnce(expected)
      },
    )

    it('events made just before a reload', async () => {
      const { collector, tab } = world
      await land()
      await tab.goto(trackedPage(collector, { 'data-auto': 'false' }))
      failing()
      // In the same task as the reload: the request is in flight, or not even sent, as the page goes.
      await navigateFromPage(
        tab,
        () => {
          for (let i = 0; i < 8; i++) (window as any).lyt('Before reload ' + i)
          location.reload()
        },
        undefined,
      )
      await expectEachOnce(['Page View /t/landing', ...[...Array(8).keys()].map((i) => 'Before reload ' + i)])
    })

    // Found by the chaos test: as Chromium leaves a page it rejects the page's fetches before it
    // dispatches `pagehide`; when a listener of the page's runs before the SDK's, the rejection
    // was heard before the page was known to be left — a failure — and the next load sent those
    // events again though they had arrived (25 of 150 on the chaos test's build; the SDK now acts
    // on "no answer" a task later). The race depends on timing: with the fix undone, later
    // builds here doubled none in 3 runs of this test and 0 of 75 events of the chaos test's
    // script, so this test guards the flow more than it proves the fix.
    it.skipIf(!!spec)(
      'events in flight at a reload, on a page whose own pagehide listener comes before the SDK’s (6 reloads)',
      async () => {
        const { collector, tab } = world
        await land()
        await tab.goto(
          trackedPage(collector, { 'data-auto': 'false' }, { before: `<script>addEventListener('pagehide', () => {})</script>` }),
        )
        const expected = ['Page View /t/landing']
        for (let round = 0; round < 6; round++) {
          await sleep(1100) // a quiet spell: the next event goes at once
          const names = [...Array(5).keys()].map((i) => `Reload ${round}.${i}`)
          expected.push(...names)
          await navigateFromPage(
            tab,
            (names) => {
              for (const name of names) (window as any).lyt(name)
              setTimeout(() => location.reload(), 5) // its request has gone
            },
            names,
          )
        }
        await expectEachOnce(expected)
      },
    )

    it('events made just before leaving for another site, and coming back', async () => {
      const { collector, tab } = world
      const url = trackedPage(collector, { 'data-auto': 'false' })
      const elsewhere = collector.url.replace('127.0.0.1', 'localhost') + '/t/elsewhere'
      collector.page('/t/elsewhere', '<!doctype html><title>another site</title><p>Not tracked.</p>')
      await land()
      await tab.goto(url)
      failing()
      await navigateFromPage(
        tab,
        (elsewhere) => {
          for (let i = 0; i < 8; i++) (window as any).lyt('Before leaving ' + i)
          location.href = elsewhere
        },
        elsewhere,
      )
      expect(await tab.url()).toBe(elsewhere)
      await expectEachOnce(['Page View /t/landing', ...[...Array(8).keys()].map((i) => 'Before leaving ' + i)])
    })

    it.skipIf(manyPagesUnderHang)('a visitor clicking through 16 pages, 150 ms apart' + webkitHang, async () => {
      const { collector, tab } = world
      failing()
      const paths = [...Array(16).keys()].map((i) => `/t/through-${i}`)
      for (const path of paths) trackedPage(collector, {}, { path })
      for (const path of paths) {
        await tab.goto(collector.url + path, { commit: true })
        // The visitor sees the page (its tracker has run: under load, Chromium's commit can come
        // well before the page's scripts), and is gone 150 ms later.
        await tab.waitFor(() => typeof (window as any).lyt === 'function')
        await sleep(150)
      }
      await expectEachOnce(paths.map((path) => 'Page View ' + path))
    })

    it('an event made inside a pagehide listener', async () => {
      const { collector, tab } = world
      const url = trackedPage(
        collector,
        { 'data-auto': 'false' },
        {
          path: '/t/hiding',
          body: `<script>addEventListener('pagehide', () => lyt('At pagehide'))</script>`,
        },
      )
      await land()
      await tab.goto(url)
      failing()
      await tab.goto(trackedPage(collector, {}, { path: '/t/after' }))
      await expectEachOnce(['Page View /t/landing', 'At pagehide', 'Page View /t/after'])
    })

    it('a page left before its start-up task ran (a busy page): its page view goes as it leaves', async () => {
      const { collector, tab } = world
      // The browser runs the tracker's start-up task (a timer) 3 s late, as on a page whose own
      // scripts keep the main thread busy; the visitor has gone by then.
      const late = `<script>const onTime = setTimeout; setTimeout = (run, ms) => onTime(run, (ms || 0) + 3000)</script>`
      const url = trackedPage(collector, {}, { path: '/t/busy', before: late, body: `<script>setTimeout = onTime</script>` })
      failing()
      await tab.goto(url)
      await expectEachOnce(['Page View /t/busy'])
    })

    it.skipIf(ENGINE === 'firefox')('a tab closed with events pending, then a new tab' + firefoxClose, async () => {
      const { collector, session, tab } = world
      const url = trackedPage(collector, { 'data-auto': 'false', 'data-interval': '5000' })
      await tab.goto(url)
      await tab.evaluate(() => (window as any).lyt('First')) // goes at once: the next ones wait
      await collector.waitFor((c) => copies(c).byName.has('First'), 10_000) // answered: the evidence
      failing()
      await tab.evaluate(() => {
        for (let i = 0; i < 5; i++) (window as any).lyt('Pending ' + i)
      })
      await tab.close()
      const next = await session.newTab()
      await expectEachOnce(['First', ...[...Array(5).keys()].map((i) => 'Pending ' + i)], next)
    })
  },
)

describe(`${ENGINE}: the network gone as the page is left`, () => {
  /** The page reads `navigator.onLine` false while the test has the browser offline (below). */
  const pinOnline = `<script>
    const onLine = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine').get
    Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get() { return !window.__offline && onLine.call(this) } })
  </script>`

  const offline = 'events made offline just before a navigation arrive once, from the next load online'
  it.skipIf(!CAN.offline || SCRIPT !== 'lyt.min.js')(
    CAN.offline
      ? offline
      : `${offline} — skipped: ${ENGINE}'s driver cannot emulate offline (the next test refuses connections instead)`,
    async () => {
      const { collector, session, tab } = world
      // Playwright's offline emulation is lifted for a page as soon as it starts to navigate:
      // `navigator.onLine` turns true and `online` fires before `pagehide`, and requests made
      // then reach the collector — which a real offline browser would not let them. So, as in
      // the chaos test, the page reads `navigator.onLine` false while the test has it offline.
      await tab.goto(trackedPage(collector, { 'data-auto': 'false' }, { before: pinOnline }))
      await session.setOffline(true)
      await tab.evaluate(() => {
        ;(window as any).__offline = true
        for (let i = 0; i < 5; i++) (window as any).lyt('Offline ' + i)
      })
      // The page is left while offline: nothing can reach the server.
      await tab.goto('about:blank')
      await session.setOffline(false)
      await expectEachOnce([...Array(5).keys()].map((i) => 'Offline ' + i))
    },
  )

  it.skipIf(SCRIPT !== 'lyt.min.js')(
    'the collector refusing connections (the server or the network gone): events made then, just before a navigation, arrive once from the next load',
    async () => {
      const { collector, tab } = world
      // data-debug: the page says when it has heard its request fail.
      await tab.goto(
        trackedPage(
          collector,
          { 'data-auto': 'false', 'data-debug': true },
          {
            before: `<script>window.__log = []; const log = console.log; console.log = (...args) => { __log.push(args.join(' ')); log.apply(console, args) }</script>`,
          },
        ),
      )
      await collector.refuse(true)
      await tab.evaluate(() => {
        for (let i = 0; i < 5; i++) (window as any).lyt('Refused ' + i)
      })
      await tab.waitFor(() => (window as any).__log.some((line: string) => line.includes('retry in')))
      // Left while nothing answers: nothing goes as the page is left (the server is failing).
      await tab.goto('about:blank')
      await collector.refuse(false)
      await expectEachOnce([...Array(5).keys()].map((i) => 'Refused ' + i))
      expect(collector.requests.every((r) => r.status === 200)).toBe(true) // nothing ever reached it while it refused
    },
  )
})

// The chaos test (docs/contract.md §5: nothing is lost, nothing is counted twice). A seeded
// random schedule drives one or two Chromium tabs of one origin, in two phases:
//
// 1. Healthy: the collector answers, the browser is online, and the pages are left every
//    way a visitor leaves them — reloads, closed and opened tabs, SPA navigation, a click on
//    a link that navigates right after `lyt()` in the same task, events made in the task
//    that reloads. When all has arrived, every event of this phase must be stored exactly
//    once: any duplicate or loss fails the test.
// 2. The storm: the same, while the collector fails (500s, hung and reset sockets, a 400
//    without details or a 413 now and then, events it refuses by rule) and the browser goes
//    offline and back. At the end the server and network recover and the pages flush.
//
// Then the storm is accounted for by cause, per event: delivered once, duplicated, lost,
// refused by rule (never to be stored), refused alone (a 400 without details or a 413 to a
// batch of one: dropped by design). Each extra copy and each loss is explained from the
// test's own record (page loads and their exits, faults, offline spells) and the collector's
// requests, by the causes in chaos-account.ts; one that fits none fails the test with its
// requests printed. With LYT_CHAOS_EVENTS >= 1000 (`npm run chaos`), the storm's duplicates
// and losses must each stay within 1 % of the events it accepted.
//
// Every page load has its own URL (`?utm_content=load-<n>`): the SDK sends it in every
// request, so the collector's records say which page load made each request.
//
// Offline: Playwright's offline emulation is lifted for a page as soon as it starts to
// navigate — `navigator.onLine` turns true and `online` fires before `pagehide` — and the
// requests made then reach the collector. A real offline browser does neither. So the pages
// here read `navigator.onLine` as false while the test has the browser offline; the SDK then
// sends nothing at a `pagehide` while offline, as it would in a real browser, and the next
// load online sends what was left. (A page closed while offline stays offline: no artefact.)
//
// `npm test` runs it small (250 events, a random seed); `npm run chaos` with 3,000. Replay:
//   LYT_CHAOS_SEED=1234 LYT_CHAOS_EVENTS=3000 npx vitest run --project e2e test/e2e/chaos.test.ts
// LYT_CHAOS_DEBUG=1 writes every action, every `[Lyt]` line and every request to
// chaos-debug.log in the current directory (not to be committed).

import { appendFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchBrowser, sleep, startCollector, trackedPage, type Browser, type BrowserContext, type Collector, type Page } from './browser'
import {
  createAccount,
  describeRequest,
  DUPLICATE_CAUSES,
  HOLD_MS,
  loadOf,
  LOSS_CAUSES,
  nameOf,
  UNEXPLAINED,
  type PageLoad,
  type StormRecord,
} from './chaos-account'

const TARGET_EVENTS = Number(process.env.LYT_CHAOS_EVENTS) || 250
/** The healthy phase's own events, before the storm's TARGET_EVENTS. */
const HEALTHY_EVENTS = Math.max(50, Math.round(TARGET_EVENTS * 0.2))
const SEED = Number(process.env.LYT_CHAOS_SEED) || Math.floor(Math.random() * 2 ** 31)
const DEBUG = !!process.env.LYT_CHAOS_DEBUG
/** The rates are asserted on the big run only: 250 events make a rate of a handful. */
const RATE_ASSERTED = TARGET_EVENTS >= 1000
const MAX_RATE = 0.01
/**
 * The queue's bound (1,000 events, oldest dropped first, by design) is tested on its own;
 * the storm keeps fewer waiting, so that every drop here would be a loss.
 */
const MAX_WAITING = 800
/**
 * The share of the storm's events the collector refuses by rule. The SDK checks the server's
 * own limits before queueing, so a real server refuses almost none; 1 in 200 still puts one
 * in many batches. A batch handed over at unload that holds one is refused whole with no page
 * left to send the rest: allowed losses (README), and the main cause of the storm's.
 */
const POISON_RATE = 0.005
/** The shortest outage, recovery or offline spell of the storm, in ms (see the storm's loop). */
const MIN_SPELL_MS = 1500

/** mulberry32: a small seeded generator, so a failing schedule can be replayed. */
function seeded(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(weighted: [number, T][]): T => {
    let roll = next() * weighted.reduce((sum, [weight]) => sum + weight, 0)
    for (const [weight, value] of weighted) if ((roll -= weight) < 0) return value
    return weighted[weighted.length - 1][1]
  }
  return { next, int, pick }
}

/**
 * Run in every document before the SDK: `navigator.onLine` is false while the test has the
 * browser offline (`__chaosOffline`), whatever Playwright's emulation says as a page is
 * left (see the top of this file).
 */
const PIN_ON_LINE = () => {
  const real = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!.get!
  Object.defineProperty(Navigator.prototype, 'onLine', {
    configurable: true,
    enumerable: true,
    get() {
      return !(window as any).__chaosOffline && real.call(this)
    },
  })
}

/** With LYT_CHAOS_DEBUG: every request the page's JavaScript makes, to tell them from any the browser repeats. */
const LOG_FETCHES = () => {
  const fetch = window.fetch
  window.fetch = function (this: unknown, _url: any, init: any) {
    try {
      const events = JSON.parse(init.body).events
      console.log('FETCH', events.length, events[0]?.name, '…', events.at(-1)?.name, 'keepalive', init.keepalive)
    } catch {}
    return fetch.apply(this, arguments as any)
  } as any
}

let browser: Browser
let collector: Collector

beforeAll(async () => {
  ;[browser, collector] = await Promise.all([launchBrowser(), startCollector()])
})
afterAll(async () => {
  await browser?.close()
  await collector?.close()
})

interface Tab {
  number: number
  page: Page
  /** The document the tab shows now. */
  load: PageLoad
}

it(`healthy: each event once; storm: every loss and duplicate explained${RATE_ASSERTED ? ', each ≤ 1 %' : ''} (seed ${SEED}, ${TARGET_EVENTS} events)`, async () => {
  const startedAt = Date.now()
  const random = seeded(SEED)
  const context: BrowserContext = await browser.newContext()
  const attributes = { 'data-auto': 'false', 'data-interval': '250', ...(DEBUG ? { 'data-debug': true as const } : {}) }
  const APP_PATH = '/chaos/app'
  /** The app's page, served at every path it navigates to (as a real SPA's server would). */
  const servedPaths = new Set<string>()
  const serveApp = (path: string) => {
    if (!servedPaths.has(path)) trackedPage(collector, attributes, { path, body: '<a id="away" href="#">away</a>' })
    servedPaths.add(path)
  }
  serveApp(APP_PATH)

  const record: StormRecord = { loads: new Map(), faultChanges: [], offlineSpans: [], requests: collector.requests }
  const tabs: Tab[] = []
  let tabCount = 0
  let sequence = 0
  const debugLog: string[] = []
  // (Also appended as it happens to chaos-progress.log, so that a run that stalls shows where.)
  const note = (line: string) => {
    if (!DEBUG) return
    debugLog.push(`${Date.now()} ${line}`)
    appendFileSync('chaos-progress.log', `${Date.now()} ${line}\n`)
  }
  const actionCounts: Record<string, number> = {}

  /** A new page load of `tab`, and the URL that makes it (at `path`, the app's by default). */
  const newLoad = (tab: number, path = APP_PATH) => {
    const load: PageLoad = { id: record.loads.size + 1, tab }
    record.loads.set(load.id, load)
    serveApp(path)
    return { load, url: `${collector.url}${path}?utm_content=load-${load.id}` }
  }
  /** The tab's page is left: a reload, a link, or the tab closed. */
  const leave = async (tab: Tab, kind: string, how: () => Promise<unknown>) => {
    const start = Date.now()
    let ok = true
    note(`LEAVE ${kind} tab${tab.number} load${tab.load.id}`)
    await how().catch((error) => {
      ok = false
      note(`LEAVE FAILED ${kind} tab${tab.number}: ${error}`)
    })
    note(`LEFT ${kind} tab${tab.number} load${tab.load.id}`)
    tab.load.exit = { kind, start, end: Date.now() }
    return ok
  }
  /** A tab whose next page failed to load (offline) shows an error page, without the SDK: closed. */
  const drop = async (tab: Tab) => {
    tabs.splice(tabs.indexOf(tab) >>> 0, 1)
    // (A page closed in the middle of a navigation was seen to never settle its close().)
    await Promise.race([tab.page.close().catch(() => {}), sleep(5000)])
  }

  // ---- The browser's network ---------------------------------------------------------
  let offline = false
  const setOffline = async (value: boolean) => {
    if (value == offline) return
    offline = value
    if (value) {
      record.offlineSpans.push({ start: Date.now(), end: Infinity })
      await context.setOffline(true)
    }
    // Pinned once the emulation is offline; lifted before it goes online, so that the
    // `online` event it fires finds the page online.
    await Promise.all(tabs.map((tab) => tab.page.evaluate((value) => ((window as any).__chaosOffline = value), value).catch(() => {})))
    if (!value) {
      await context.setOffline(false)
      record.offlineSpans.at(-1)!.end = Date.now()
    }
  }
  const setFault = (fault: 'none' | 500 | 'hang' | 'reset') => {
    collector.fault(fault)
    record.faultChanges.push({ at: Date.now(), fault: String(fault) })
  }

  // ---- What a visitor does -----------------------------------------------------------
  const openTab = async () => {
    const page = await context.newPage()
    const number = ++tabCount
    await page.addInitScript(PIN_ON_LINE)
    if (offline) await page.addInitScript(() => ((window as any).__chaosOffline = true))
    if (DEBUG) {
      await page.addInitScript(LOG_FETCHES)
      page.on('console', (message) => note(`tab${number} load${tab.load.id} ${message.text()}`))
    }
    const { load, url } = newLoad(number)
    const tab: Tab = { number, page, load }
    tabs.push(tab)
    await page.goto(url).catch(() => drop(tab))
  }
  const reload = async (tab: Tab) => {
    const path = new URL(tab.page.url()).pathname
    const next = newLoad(tab.number, path)
    // The reload loads the next load's URL: set on this document just before (its requests
    // still carry its own load id: the SDK read it when it started).
    const ok = await leave(tab, 'reload', async () => {
      await tab.page.evaluate((url) => history.replaceState(history.state, '', url), next.url)
      await tab.page.reload()
    })
    tab.load = next.load
    if (!ok) await drop(tab)
  }
  const closeTab = async (tab: Tab) => {
    await leave(tab, 'close', () => tab.page.close())
    tabs.splice(tabs.indexOf(tab), 1)
  }
  /** `count` events in one task; their names, when the page accepted them. */
  const fire = async (tab: Tab, names: string[], poisoned: Set<string> = new Set()) => {
    const poison = names.map((name) => poisoned.has(name))
    return tab.page
      .evaluate(
        ([names, poison]) => names.forEach((name, i) => (window as any).lyt(name, { metadata: { poison: poison[i], n: i } })),
        [names, poison] as const,
      )
      .then(
        () => names,
        () => [] as string[], // the page went away under the call: nothing was accepted
      )
  }
  /** Events made in the task that reloads the page. */
  const fireThenReload = async (tab: Tab, names: string[]) => {
    const next = newLoad(tab.number, new URL(tab.page.url()).pathname)
    let fired = false
    const ok = await leave(tab, 'events then reload', () =>
      Promise.all([
        // The new document's load (its URL is set before it starts: waitForURL would not wait).
        tab.page.waitForEvent('load'),
        tab.page
          .evaluate(
            ([names, url]) => {
              names.forEach((name) => (window as any).lyt(name))
              history.replaceState(history.state, '', url)
              location.reload()
            },
            [names, next.url] as const,
          )
          .then(() => (fired = true)),
      ]),
    )
    tab.load = next.load
    if (!ok) await drop(tab)
    return fired ? names : []
  }
  /** A click on a link that tracks and navigates (same origin) in the same task. */
  const clickAway = async (tab: Tab, name: string) => {
    const next = newLoad(tab.number, new URL(tab.page.url()).pathname)
    let armed = false
    const ok = await leave(tab, 'link', async () => {
      await tab.page.evaluate(
        ([name, url]) => {
          const link = document.getElementById('away') as HTMLAnchorElement
          link.href = url
          link.onclick = () => (window as any).lyt(name)
        },
        [name, next.url] as const,
      )
      armed = true
      await Promise.all([tab.page.waitForURL(next.url, { waitUntil: 'load' }), tab.page.click('#away')])
    })
    tab.load = next.load
    if (!ok) await drop(tab)
    return armed && ok ? [name] : []
  }
  /** An SPA navigation: a Page View, named by its (unique) path. */
  const navigate = async (tab: Tab, prefix: string) => {
    const path = `/chaos/${prefix}-${++sequence}`
    serveApp(path) // so that a later reload finds the app there
    const tracked = await tab.page
      .evaluate((path) => (history.pushState({}, '', path + location.search), typeof (window as any).lyt == 'function'), path)
      .catch(() => false)
    return tracked ? ['Page View ' + path] : []
  }
  /** Events waiting in all stored queues of the origin (any tab's, left or alive). */
  const waiting = (tab: Tab) =>
    tab.page
      .evaluate(() =>
        Object.keys(localStorage)
          .filter((key) => key.startsWith('lyt_q_'))
          .reduce((sum, key) => sum + JSON.parse(localStorage.getItem(key)!).e.length, 0),
      )
      .catch(() => 0)
  const names = (prefix: string, count: number) => Array.from({ length: count }, () => `${prefix} ${++sequence}`)
  const copiesByName = () => {
    const copies = new Map<string, Collector['accepted']>()
    for (const stored of collector.accepted) copies.set(nameOf(stored.event), [...(copies.get(nameOf(stored.event)) ?? []), stored])
    return copies
  }
  /** Flushes every page until `done`, or until nothing is left waiting anywhere, or the deadline. */
  const settle = async (done: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs
    let quietSince = 0
    while (Date.now() < deadline && !done()) {
      const lengths = await Promise.all(
        tabs.map((tab) => tab.page.evaluate(() => ((window as any).lyt.flush(), (window as any).lyt.queueLength())).catch(() => 0)),
      )
      const stored = tabs[0] ? await waiting(tabs[0]) : 0
      // Nothing left to send anywhere for 3 s: what has not arrived will not.
      const requestsBefore = collector.requests.length
      await sleep(1000)
      if (lengths.every((n) => n == 0) && stored == 0 && collector.requests.length == requestsBefore) {
        quietSince ||= Date.now()
        if (Date.now() - quietSince > 3000) break
      } else quietSince = 0
    }
  }

  // ---- 1. Healthy: the server answers, the browser is online -------------------------
  collector.rejectEvents((event: any) => event.metadata?.poison === true, 'metadata', 'is poisoned')
  await openTab()
  const healthy = new Set<string>()
  while (healthy.size < HEALTHY_EVENTS) {
    if (!tabs.length) await openTab()
    const tab = tabs[random.int(0, tabs.length - 1)]
    const action = random.pick<string>([
      [40, 'fire'],
      [5, 'fire both'],
      [10, 'navigate'],
      [10, 'wait'],
      [6, 'reload'],
      [6, 'events then reload'],
      [6, 'click a link'],
      [4, 'close'],
      [4, 'open'],
    ])
    actionCounts['healthy ' + action] = (actionCounts['healthy ' + action] ?? 0) + 1
    note(`ACTION healthy ${action} tab${tab.number} load${tab.load.id}`)
    let made: string[] = []
    if (action == 'fire') made = await fire(tab, names('healthy', random.int(1, 10)))
    else if (action == 'fire both') made = (await Promise.all(tabs.map((t) => fire(t, names('healthy', random.int(1, 5)))))).flat()
    else if (action == 'navigate') made = await navigate(tab, 'healthy')
    else if (action == 'wait') await sleep(random.int(0, 600))
    else if (action == 'reload') await reload(tab)
    else if (action == 'events then reload') made = await fireThenReload(tab, names('healthy', random.int(1, 8)))
    else if (action == 'click a link') made = await clickAway(tab, names('healthy', 1)[0])
    else if (action == 'close' && tabs.length > 1) await closeTab(tab)
    else if (action == 'open' && tabs.length < 2) await openTab()
    made.forEach((name) => healthy.add(name))
  }
  const healthyEnd = Date.now()
  await settle(() => [...healthy].every((name) => copiesByName().has(name)), 30_000)
  // A little longer, so that a late second copy is seen too — and past HOLD_MS since the
  // last page exit, so that no event taken as delivered is still held when the storm begins.
  const lastExit = Math.max(0, ...[...record.loads.values()].map((load) => load.exit?.end ?? 0))
  await sleep(Math.max(2000, lastExit + HOLD_MS + 1000 - Date.now()))
  const healthyAccount = () => {
    const copies = copiesByName()
    return {
      lost: [...healthy].filter((name) => !copies.has(name)),
      duplicated: [...healthy].filter((name) => (copies.get(name)?.length ?? 0) > 1).map((name) => `${name} ×${copies.get(name)!.length}`),
    }
  }
  const healthyAtItsEnd = healthyAccount()
  const healthyDuration = healthyEnd - startedAt
  const healthyLine =
    `chaos seed ${SEED}, healthy phase: ${healthy.size} events accepted, ` +
    `${healthy.size - healthyAtItsEnd.lost.length - healthyAtItsEnd.duplicated.length} delivered once, ` +
    `${healthyAtItsEnd.duplicated.length} duplicated, ${healthyAtItsEnd.lost.length} lost ` +
    `(${collector.requests.length} requests, ${record.loads.size} page loads, ${(healthyDuration / 1000).toFixed(1)} s)`
  console.log(healthyLine)
  expect(healthyAtItsEnd, `healthy phase: every event stored exactly once (replay with LYT_CHAOS_SEED=${SEED})`).toEqual({
    lost: [],
    duplicated: [],
  })

  // ---- 2. The storm --------------------------------------------------------------------
  const stormStart = Date.now()
  const firstStormRequest = collector.requests.length
  const firstStormLoad = record.loads.size + 1
  /** Names of the storm's events that the SDK accepted (its call returned in the page). */
  const accepted = new Set<string>()
  /** Events the collector refuses by rule (a "bad event in a batch"): dropped by design. */
  const poisoned = new Set<string>()
  const stormFire = async (tab: Tab, count: number) => {
    if ((await waiting(tab)) + count > MAX_WAITING) return sleep(200)
    const batch = names('chaos', count)
    const bad = new Set(batch.filter(() => random.next() < POISON_RATE))
    for (const name of await fire(tab, batch, bad)) {
      accepted.add(name)
      if (bad.has(name)) poisoned.add(name)
    }
  }
  /** The current fault (or health) and offline spell last until then. */
  let spellUntil = 0
  let offlineSpellUntil = 0
  const startSpell = (set: () => void) => {
    spellUntil = Date.now() + random.int(MIN_SPELL_MS, 2 * MIN_SPELL_MS)
    set()
  }
  while (accepted.size < TARGET_EVENTS) {
    if (!tabs.length) {
      await setOffline(false)
      await openTab()
      continue
    }
    const tab = tabs[random.int(0, tabs.length - 1)]
    const action = random.pick<string>([
      [30, 'fire'],
      [4, 'fire both'],
      [6, 'navigate'],
      [16, 'wait'],
      [5, 'server 500'],
      [2, 'server hang'],
      [3, 'server reset'],
      [1, 'server 400 once'],
      [1, 'server 413 once'],
      [10, 'server ok'],
      [4, 'reload'],
      [3, 'events then reload'],
      [3, 'click a link'],
      [2, 'close'],
      [2, 'open'],
      [2, 'offline'],
      [3, 'online'],
    ])
    actionCounts[action] = (actionCounts[action] ?? 0) + 1
    note(`ACTION ${action} tab${tab.number} load${tab.load.id}`)
    if (action == 'fire') await stormFire(tab, random.int(1, 6))
    else if (action == 'fire both') await Promise.all(tabs.map((t) => stormFire(t, random.int(1, 4))))
    else if (action == 'navigate') (await navigate(tab, 'page')).forEach((name) => accepted.add(name))
    else if (action == 'wait') await sleep(random.int(0, 800))
    // An outage, or a spell offline, lasts a while (MIN_SPELL_MS): a server that flips between
    // failing and healthy every few hundred milliseconds is not what a visitor meets, and
    // each flip as a page is left is a chance for the loss §5 allows.
    else if (action.startsWith('server') && Date.now() < spellUntil) await sleep(100)
    else if (action == 'server 500') startSpell(() => setFault(500))
    else if (action == 'server hang') startSpell(() => setFault('hang'))
    else if (action == 'server reset') startSpell(() => setFault('reset'))
    else if (action == 'server 400 once') collector.failNext(1, 400)
    else if (action == 'server 413 once') collector.failNext(1, 413)
    else if (action == 'server ok') startSpell(() => setFault('none'))
    else if (action == 'reload') await reload(tab)
    else if (action == 'events then reload' && !offline) (await fireThenReload(tab, names('chaos', random.int(1, 6)))).forEach((name) => accepted.add(name))
    else if (action == 'click a link' && !offline) (await clickAway(tab, names('chaos', 1)[0])).forEach((name) => accepted.add(name))
    else if (action == 'close' && tabs.length > 1) await closeTab(tab)
    else if (action == 'open' && tabs.length < 2) await openTab()
    else if ((action == 'offline' || action == 'online') && Date.now() < offlineSpellUntil) await sleep(100)
    else if (action == 'offline') {
      offlineSpellUntil = Date.now() + random.int(MIN_SPELL_MS, 2 * MIN_SPELL_MS)
      await setOffline(true)
    } else if (action == 'online') await setOffline(false)
  }
  const stormEnd = Date.now()

  // The end of the storm: the server and network recover, and the pages flush until done.
  setFault('none')
  await setOffline(false)
  if (!tabs.length) await openTab()
  /** A lone event that the server refused (a 400 without details, a 413) is dropped by design. */
  const refusedAlone = () =>
    new Set(
      collector.requests
        .slice(firstStormRequest)
        .filter((r) => (r.fault == '400' || r.fault == '413') && r.events.length == 1)
        .map((r) => nameOf(r.events[0])),
    )
  const expectedOf = () => [...accepted].filter((name) => !poisoned.has(name) && !refusedAlone().has(name))
  await settle(() => {
    const copies = copiesByName()
    return expectedOf().every((name) => copies.has(name))
  }, 120_000)
  await sleep(3000) // late second copies, if any

  // ---- The account -------------------------------------------------------------------
  const account = createAccount(record)
  const copies = copiesByName()
  const requestById = new Map(collector.requests.map((r) => [r.id, r]))
  const describe = (id: number) => describeRequest(requestById.get(id)!, startedAt)
  const expected = expectedOf()
  const refusedAloneNames = refusedAlone()

  type Finding = { name: string; cause: string; requests: number[] }
  const duplicates: Finding[] = []
  const losses: Finding[] = []
  let deliveredOnce = 0
  for (const name of expected) {
    const stored = copies.get(name) ?? []
    if (stored.length == 1) deliveredOnce++
    // Each copy but the last: its 2xx was not heard, or not trusted, and the event went again.
    for (let i = 0; i + 1 < stored.length; i++) {
      const [first, again] = [requestById.get(stored[i].requestId)!, requestById.get(stored[i + 1].requestId)!]
      duplicates.push({ name, cause: account.explainDuplicate(first, again), requests: stored.map((s) => s.requestId) })
    }
    if (!stored.length) {
      const carried = collector.requests.filter((r) => r.events.some((event: any) => nameOf(event) == name)).map((r) => r.id)
      losses.push({ name, cause: account.explainLoss(requestById.get(carried.at(-1)!)), requests: carried })
    }
  }
  const healthyAfterAll = healthyAccount()
  const refusedButStored = [...poisoned].filter((name) => copies.has(name))
  const unexplained = [...duplicates, ...losses].filter((finding) => finding.cause == UNEXPLAINED)
  const rate = (count: number) => `${((100 * count) / accepted.size).toFixed(2)} %`
  const byCause = (findings: Finding[], causes: Record<string, string>) =>
    [...Object.values(causes), UNEXPLAINED]
      .map((cause) => [cause, findings.filter((f) => f.cause == cause)] as const)
      .filter(([, found]) => found.length)
      .flatMap(([cause, found]) => [
        `    ${found.length} (${rate(found.length)}): ${cause}`,
        // A couple of examples of each cause, with the requests that carried the event.
        ...found.slice(0, cause == UNEXPLAINED ? 20 : 2).map((f) => `      e.g. ${f.name}: ${f.requests.map(describe).join('; ')}`),
      ])
  const stormRequests = collector.requests.slice(firstStormRequest)
  const summary = [
    `chaos seed ${SEED}, storm: ${accepted.size} events accepted, ${deliveredOnce} delivered once, ` +
      `${duplicates.length} duplicates (${rate(duplicates.length)}) of ${new Set(duplicates.map((d) => d.name)).size} events, ` +
      `${losses.length} lost (${rate(losses.length)}), refused by rule ${poisoned.size}, refused alone ${refusedAloneNames.size} ` +
      `(${((stormEnd - stormStart) / 1000).toFixed(1)} s storm, ${((Date.now() - startedAt) / 1000).toFixed(1)} s in all)`,
    `  duplicates by cause:`,
    ...byCause(duplicates, DUPLICATE_CAUSES),
    `  lost by cause:`,
    ...byCause(losses, LOSS_CAUSES),
    `  ${stormRequests.length} requests from ${record.loads.size - firstStormLoad + 1} page loads, ` +
      `faults: ${JSON.stringify(countBy(stormRequests.map((r) => r.fault)))}, hangs: ${account.hangSpans.length}, ` +
      `offline spells: ${record.offlineSpans.filter((s) => s.start >= stormStart).length}`,
    `  actions: ${JSON.stringify(actionCounts)}`,
  ].join('\n')
  console.log(summary)
  if (DEBUG) {
    const requestLines = collector.requests.map(
      (r: any) =>
        `${r.receivedAt} REQUEST #${r.id} load${loadOf(r)} ${r.status} ${r.fault} answered=${r.answeredAt} n=${r.events.length} ` +
        `port=${r.remotePort} sent=${r.answerSent} ${r.events.slice(0, 3).map(nameOf)}…${r.events.length ? nameOf(r.events.at(-1)) : ''}`,
    )
    const exitLines = [...record.loads.values()].flatMap((load) =>
      load.exit ? [`${load.exit.start} EXIT load${load.id} tab${load.tab} ${load.exit.kind} (done ${load.exit.end})`] : [],
    )
    const faultLines = record.faultChanges.map((change) => `${change.at} FAULT ${change.fault}`)
    const offlineLines = record.offlineSpans.flatMap((span) => [`${span.start} OFFLINE`, `${span.end} ONLINE`])
    const lines = [...debugLog, ...requestLines, ...exitLines, ...faultLines, ...offlineLines].sort()
    writeFileSync('chaos-debug.log', lines.join('\n') + '\n' + healthyLine + '\n' + summary + '\n')
  }

  const replay = `replay with LYT_CHAOS_SEED=${SEED} LYT_CHAOS_EVENTS=${TARGET_EVENTS}`
  expect(healthyAfterAll, `healthy phase, counted again after the storm: each event exactly once (${replay})`).toEqual({
    lost: [],
    duplicated: [],
  })
  expect(
    unexplained.map((f) => `${f.name}: ${f.requests.map(describe).join('; ')}`),
    `duplicates or losses that no allowed cause explains (${replay})`,
  ).toEqual([])
  expect(refusedButStored, 'events the server refused by rule must never be stored').toEqual([])
  expect(collector.silentlyDropped).toEqual([])
  if (RATE_ASSERTED) {
    expect(duplicates.length / accepted.size, `storm duplicate rate (${replay})`).toBeLessThanOrEqual(MAX_RATE)
    expect(losses.length / accepted.size, `storm loss rate (${replay})`).toBeLessThanOrEqual(MAX_RATE)
  }
  await context.close()
}, Math.max(600_000, TARGET_EVENTS * 400))

function countBy(values: string[]) {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}

// The chaos test: a seeded random schedule drives one or two pages through many events
// while the collector fails (500s, hangs, resets, refusals) and pages reload, close, reopen
// and go offline. At the end every accepted event must be at the collector, and the only
// duplicates allowed are those whose first copy's answer was lost to a page exit or to the
// network going away (CONTRACT.md §5). `npm test` runs it small; `npm run chaos` runs it big.
//   LYT_CHAOS_EVENTS=3000 LYT_CHAOS_SEED=1234 npx vitest run --project e2e test/e2e/chaos.test.ts

import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchBrowser, sleep, startCollector, trackedPage, type Browser, type BrowserContext, type Collector, type Page } from './browser'

const TARGET_EVENTS = Number(process.env.LYT_CHAOS_EVENTS) || 250
const SEED = Number(process.env.LYT_CHAOS_SEED) || Math.floor(Math.random() * 2 ** 31)

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

let browser: Browser
let collector: Collector

beforeAll(async () => {
  ;[browser, collector] = await Promise.all([launchBrowser(), startCollector()])
})
afterAll(async () => {
  await browser?.close()
  await collector?.close()
})

it(`every accepted event arrives; duplicates only where an answer was lost (seed ${SEED}, ${TARGET_EVENTS} events)`, async () => {
  const random = seeded(SEED)
  const context: BrowserContext = await browser.newContext()
  const debug = !!process.env.LYT_CHAOS_DEBUG // the SDK's [Lyt] lines, to follow one event
  const url = trackedPage(collector, { 'data-auto': 'false', 'data-interval': '250', ...(debug ? { 'data-debug': true } : {}) })
  let tabs = 0
  const pages: Page[] = []
  /** Names of events whose call returned in the page: accepted by the SDK. */
  const accepted = new Set<string>()
  /** Events the collector refuses by rule (a "bad event in a batch"): dropped by design. */
  const poisoned = new Set<string>()
  /** When a page was left (reload, close) or the network went away: answers lost then. */
  const answerLosses: { at: number; why: string; exit?: boolean }[] = []
  const log: string[] = []
  let sequence = 0
  let offline = false
  let offlineSince = 0
  /**
   * Back online. A page left while offline sent its last requests at `pagehide`; the
   * browser holds them and sends them now, when no page is left to read the answers.
   */
  const goOnline = async () => {
    if (offline && answerLosses.some((loss) => loss.exit && loss.at >= offlineSince)) {
      answerLosses.push({ at: Date.now(), why: 'sent by the browser once back online, for a page left while offline' })
    }
    offline = false
    await context.setOffline(false)
  }

  collector.rejectEvents((event: any) => event.metadata?.poison === true, 'metadata', 'is poisoned')

  /** Opening or reloading a page fails offline: that tab is then an error page, gone for us. */
  const load = async (page: Page, how: () => Promise<unknown>) => {
    try {
      await how()
      if (!pages.includes(page)) pages.push(page)
    } catch {
      pages.splice(pages.indexOf(page) >>> 0, 1)
      await page.close()
    }
  }
  const openPage = async () => {
    const page = await context.newPage()
    const tab = ++tabs
    if (debug) {
      page.on('console', (message) => log.push(`${Date.now()} tab${tab} ${message.text()}`))
      // Every request the page's JavaScript makes, to tell them from any the browser repeats.
      await page.addInitScript(() => {
        const fetch = window.fetch
        window.fetch = function (this: unknown, _url: any, init: any) {
          try {
            const events = JSON.parse(init.body).events
            console.log('FETCH', events.length, events[0]?.name, '…', events.at(-1)?.name, init.keepalive)
          } catch {}
          return fetch.apply(this, arguments as any)
        } as any
      })
    }
    await load(page, () => page.goto(url))
  }
  /** Events waiting in all stored queues of the origin (any tab's, left or alive). */
  const waiting = (page: Page) =>
    page
      .evaluate(() =>
        Object.keys(localStorage)
          .filter((key) => key.startsWith('lyt_q_'))
          .reduce((sum, key) => sum + JSON.parse(localStorage.getItem(key)!).e.length, 0),
      )
      .catch(() => 0)
  const fire = async (page: Page, count: number) => {
    // The queue's bound (1,000 events, oldest dropped first, by design) is tested on its own;
    // the storm stays under it so that every drop here would be a loss.
    if ((await waiting(page)) + count > 800) return sleep(200)
    const names = Array.from({ length: count }, () => {
      const name = `chaos ${++sequence}`
      if (random.next() < 0.02) poisoned.add(name)
      return name
    })
    const poison = names.map((name) => poisoned.has(name))
    try {
      await page.evaluate(
        ([names, poison]) => names.forEach((name, i) => (window as any).lyt(name, { metadata: { poison: poison[i], n: i } })),
        [names, poison] as const,
      )
      names.forEach((name) => accepted.add(name))
    } catch {
      // The page went away under the call: nothing was accepted.
      names.forEach((name) => poisoned.delete(name))
    }
  }
  const navigate = async (page: Page) => {
    const path = `/chaos/page-${++sequence}`
    const tracked = await page
      .evaluate((path) => (history.pushState({}, '', path), typeof (window as any).lyt == 'function'), path)
      .catch(() => false)
    if (tracked) accepted.add('Page View ' + path)
  }

  await openPage()
  while (accepted.size < TARGET_EVENTS) {
    if (!pages.length) {
      await goOnline()
      await openPage()
    }
    const page = pages[random.int(0, pages.length - 1)]
    const action = random.pick<string>([
      [40, 'fire'],
      [5, 'fire both'],
      [6, 'navigate'],
      [10, 'wait'],
      [6, 'server 500'],
      [2, 'server hang'],
      [3, 'server reset'],
      [2, 'server 400 once'],
      [2, 'server 413 once'],
      [10, 'server ok'],
      [4, 'reload'],
      [3, 'close'],
      [3, 'open'],
      [2, 'offline'],
      [3, 'online'],
    ])
    log.push(action)
    if (debug) log.push(`${Date.now()} ACTION ${action}`)
    if (action == 'fire') await fire(page, random.int(1, 20))
    else if (action == 'fire both') await Promise.all(pages.map((p) => fire(p, random.int(1, 10))))
    else if (action == 'navigate') await navigate(page)
    else if (action == 'wait') await sleep(random.int(0, 600))
    else if (action == 'server 500') collector.fault(500)
    else if (action == 'server hang') collector.fault('hang')
    else if (action == 'server reset') collector.fault('reset')
    else if (action == 'server 400 once') collector.failNext(1, 400)
    else if (action == 'server 413 once') collector.failNext(1, 413)
    else if (action == 'server ok') collector.fault('none')
    else if (action == 'reload') {
      answerLosses.push({ at: Date.now(), why: 'page reloaded with the request in flight', exit: true })
      // A reload of an SPA route: the server answers with the app, as a real one would.
      await load(page, () => (page.url() == url ? page.reload() : page.goto(url)))
    } else if (action == 'close' && pages.length > 1) {
      answerLosses.push({ at: Date.now(), why: 'tab closed with the request in flight', exit: true })
      pages.splice(pages.indexOf(page), 1)
      await page.close()
    } else if (action == 'open' && pages.length < 2) await openPage()
    else if (action == 'offline' && !offline) {
      answerLosses.push({ at: Date.now(), why: 'network went away with the request in flight' })
      offline = true
      offlineSince = Date.now()
      await context.setOffline(true)
    } else if (action == 'online' && offline) await goOnline()
  }

  // The end of the storm: the server and network recover, and the pages flush until done.
  collector.fault('none')
  await goOnline()
  if (!pages.length) await openPage()
  const expected = [...accepted].filter((name) => !poisoned.has(name))
  /** Page Views are told apart by their (unique) path. */
  const nameOf = (event: any): string => (event.name == 'Page View' ? 'Page View ' + event.path : event.name)
  const deliveredNames = () => new Set(collector.accepted.map((s) => nameOf(s.event)))
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline && !expected.every((name) => deliveredNames().has(name))) {
    await Promise.all(pages.map((p) => p.evaluate(() => (window as any).lyt.flush()).catch(() => {})))
    await sleep(1000)
  }

  // The account.
  const copies = new Map<string, typeof collector.accepted>()
  for (const stored of collector.accepted) copies.set(stored.event.id, [...(copies.get(stored.event.id) ?? []), stored])
  const requestsById = new Map(collector.requests.map((r) => [r.id, r]))
  const explained: string[] = []
  const unexplained: string[] = []
  for (const [id, stored] of copies) {
    if (stored.length < 2) continue
    const first = requestsById.get(stored[0].requestId)!
    const loss = answerLosses.find((l) => first.receivedAt <= l.at + 3000 && (first.answeredAt ?? Infinity) >= l.at - 500)
    const line = `${stored[0].event.name} (${id}) ×${stored.length}`
    if (loss) explained.push(`${line}: ${loss.why}`)
    else {
      const copies = stored.map((copy) => requestsById.get(copy.requestId)!)
      const where = debug ? ' [' + copies.map((r: any) => `#${r.id}@${r.receivedAt} ${r.status} n=${r.events.length} port=${r.remotePort} sent=${r.answerSent}`).join(', ') + ']' : ''
      unexplained.push(`${line}: first copy in request ${first.id}, answered ${first.status}, no page exit or network loss near it${where}`)
    }
  }
  // A lone event that the server refused (a 400 without details, a 413) is dropped by design.
  const refusedAlone = new Set(
    collector.requests
      .filter((r) => (r.fault == '400' || r.fault == '413') && r.events.length == 1)
      .map((r) => nameOf(r.events[0])),
  )
  const delivered = deliveredNames()
  const lost = expected.filter((name) => !delivered.has(name) && !refusedAlone.has(name))
  const stillQueued = new Set(
    (
      await Promise.all(
        pages.map((p) =>
          p.evaluate(() =>
            Object.keys(localStorage)
              .filter((key) => key.startsWith('lyt_q_'))
              .flatMap((key) => JSON.parse(localStorage.getItem(key)!).e.map((e: any) => e.name)),
          ).catch(() => [] as string[]),
        ),
      )
    ).flat(),
  )
  const refusedButDelivered = [...poisoned].filter((name) => delivered.has(name))
  const summary = [
    `chaos seed ${SEED}: events accepted ${accepted.size}, delivered ${expected.length - lost.length}, ` +
      `duplicates ${explained.length + unexplained.length} (${explained.length} allowed, ${unexplained.length} not), ` +
      `lost ${lost.length}, refused by the server by rule ${poisoned.size}, refused alone ${refusedAlone.size}`,
    `  requests ${collector.requests.length}, faults: ${JSON.stringify(countBy(collector.requests.map((r) => r.fault)))}, ` +
      `actions: ${JSON.stringify(countBy(log.filter((line) => !/^\d/.test(line))))}`,
    // The allowed ones by reason, with a few examples; every unexplained one in full.
    ...Object.entries(countBy(explained.map((line) => line.slice(line.indexOf(': ') + 2)))).map(
      ([why, count]) => `  allowed duplicates: ${count} (${why})`,
    ),
    ...explained.slice(0, 3).map((line) => '    e.g. ' + line),
    ...unexplained.map((line) => '  UNEXPLAINED duplicate: ' + line),
    ...lost.slice(0, 20).map((name) => '  LOST: ' + name + (stillQueued.has(name) ? ' (still queued)' : ' (in no stored queue)')),
  ].join('\n')
  console.log(summary)
  if (debug) {
    const requestLines = collector.requests.map(
      (r: any) => `${r.receivedAt} REQUEST #${r.id} ${r.status} ${r.fault} n=${r.events.length} port=${r.remotePort} sent=${r.answerSent} ${r.events.slice(0, 3).map((e: any) => e.name)}…${r.events.at(-1)?.name}`,
    )
    const lines = [...log.filter((line) => /^\d/.test(line)), ...requestLines].sort()
    ;(await import('node:fs')).writeFileSync('chaos-debug.log', lines.join('\n') + '\n' + summary + '\n')
  }
  expect(lost, `lost events (replay with LYT_CHAOS_SEED=${SEED})`).toEqual([])
  expect(unexplained, `duplicates the contract does not allow (replay with LYT_CHAOS_SEED=${SEED})`).toEqual([])
  expect(refusedButDelivered, 'events the server refused must not be stored').toEqual([])
  expect(collector.silentlyDropped).toEqual([])
  await context.close()
}, 600_000)

function countBy(values: string[]) {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}

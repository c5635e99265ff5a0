// What a visitor of the chaos test's site does — open and close tabs, make events, navigate
// (SPA), reload, click a link that tracks and navigates, go offline — written down as it
// happens (page loads and their exits, offline spells, faults) for the account
// (chaos-account.ts). It reaches the browser only through the driver (chaos-driver.ts).
//
// Every page load has its own URL (`?utm_content=load-<n>`): the SDK sends it in every
// request, so the collector's records say which page load made each request.

import { sleep, trackedPage, type Collector } from './browser'
import { nameOf, type ChaosRecord, type PageLoad } from './chaos-account'
import type { ChaosProfile, ChaosTab } from './chaos-driver'

/** The app's first page; it is served at every path the app navigates to, as a real SPA's server would serve it. */
export const APP_PATH = '/chaos/app'

export interface Tab {
  number: number
  tab: ChaosTab
  /** The document the tab shows now. */
  load: PageLoad
}

/** What a page load's probe (PROBE) wrote down, stored under `chaos_<load id>`: see PageLog in chaos-account.ts. */
export const PROBE_KEY_PREFIX = 'chaos_'

/**
 * Runs in every page before the SDK, and only watches: what the page itself knew, for the
 * account (chaos-account.ts, PageLog). Each request the page makes gets headers that name it
 * (`X-Chaos-Request: <load>-<n>`, `X-Chaos-Sent`: when), and its outcome as the page heard
 * it (status 0: no answer) is written down; so is every change of the SDK's own news of the
 * server (it stores a success in `lyt_ok_<endpoint>`, and removes it on a failure); and, as
 * the page is hidden or left, what it knew then: the time, `navigator.onLine`, the origin's
 * stored success, the requests in flight. All of it goes to localStorage (read by the test at
 * the end), in plain browser APIs: it works the same on every engine.
 */
const PROBE = (debug: boolean) => {
  const load = /utm_content=load-(\d+)/.exec(location.search)?.[1]
  if (!load) return
  const key = 'chaos_' + load
  const { setItem, removeItem, getItem } = Storage.prototype
  const log = { sent: [] as unknown[][], settled: [] as number[][], news: [] as number[][], exits: [] as object[] }
  const save = () => {
    try {
      setItem.call(localStorage, key, JSON.stringify(log))
    } catch {}
  }
  // The SDK's news of the server: a success stored (1), or removed on a failure (2).
  const watch = (news: number) =>
    function (this: Storage, name: string) {
      const result = (news === 1 ? setItem : removeItem).apply(this, arguments as any)
      if (String(name).startsWith('lyt_ok_')) log.news.push([Date.now(), news]), save()
      return result
    }
  Storage.prototype.setItem = watch(1)
  Storage.prototype.removeItem = watch(2)
  const inFlight = new Map<number, unknown[]>()
  let count = 0
  const fetch = window.fetch
  window.fetch = function (this: unknown, url: any, init: any) {
    if (typeof init?.body !== 'string') return fetch.apply(this, arguments as any)
    const n = ++count
    // Which events it carries (as chaos-account.ts names them): a request the network never
    // took (the collector refusing connections) is known only from here.
    let names: string[] = []
    try {
      names = JSON.parse(init.body).events.map((e: any) => (e.name === 'Page View' ? 'Page View ' + e.path : e.name))
    } catch {}
    const sent = [n, Date.now(), init.keepalive ? 1 : 0, names] as [number, number, number, string[]]
    inFlight.set(n, sent)
    log.sent.push(sent)
    save()
    if (debug) {
      const events = JSON.parse(init.body).events
      console.log('FETCH', n, events.length, events[0]?.name, '…', events.at(-1)?.name, 'keepalive', init.keepalive)
    }
    const settle = (status: number) => {
      inFlight.delete(n)
      log.settled.push([n, status, Date.now()])
      save()
    }
    const headers = { ...init.headers, 'X-Chaos-Request': load + '-' + n, 'X-Chaos-Sent': String(sent[1]) }
    return fetch.call(this, url, { ...init, headers }).then(
      (response) => (settle(response.status), response),
      (error) => {
        // A task later, as the SDK acts on "no answer" (delivery.ts: Chromium rejects a
        // page's fetches just before it dispatches `pagehide`).
        setTimeout(() => settle(0))
        throw error
      },
    )
  } as typeof window.fetch
  const seen = new WeakSet<Event>()
  const snapshot = (kind: string, event: Event) => {
    if (seen.has(event)) return
    seen.add(event)
    const ok = Object.keys(localStorage).find((name) => name.startsWith('lyt_ok_'))
    log.exits.push({
      kind,
      at: Date.now(),
      online: navigator.onLine,
      ok: ok ? +getItem.call(localStorage, ok)! : 0,
      inFlight: [...inFlight.values()].map((sent) => sent.slice(0, 3)),
    })
    save()
  }
  // What the SDK knows as the page is hidden or left: taken inside its own listeners, just
  // before they run. (Not in a listener of the probe's: the first listener's return is a
  // microtask checkpoint, where promises Chromium settled as it began to leave the page run
  // their callbacks — a listener before the SDK's changes what the SDK sees.)
  const addEventListener = EventTarget.prototype.addEventListener
  EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, listener: any, options?: any) {
    const kind =
      this === window && type === 'pagehide' ? 'pagehide' : this === document && type === 'visibilitychange' ? 'hidden' : ''
    const watched =
      kind && typeof listener === 'function'
        ? function (this: unknown, event: Event) {
            if (kind === 'pagehide' || document.visibilityState === 'hidden') snapshot(kind, event)
            return listener.apply(this, arguments)
          }
        : listener
    return addEventListener.call(this, type, watched, options)
  }
}

export type FaultName = 'none' | 'hang' | 'reset' | number

export interface Visitor {
  /** The tabs open now. */
  readonly tabs: Tab[]
  readonly offline: () => boolean
  openTab(): Promise<void>
  reload(tab: Tab): Promise<void>
  closeTab(tab: Tab): Promise<void>
  /** Events made in one task; the names of those the page accepted (its calls returned). */
  fire(tab: Tab, names: string[], poisoned?: Set<string>): Promise<string[]>
  /** Events made in the task that reloads the page; their names, if the page made them. */
  fireThenReload(tab: Tab, names: string[]): Promise<string[]>
  /** A click on a link that tracks (`name`) and navigates (same origin) in the same task. */
  clickAway(tab: Tab, name: string): Promise<string[]>
  /** An SPA navigation to a new path: its Page View's name (see `nameOf`), if the page made it. */
  navigate(tab: Tab, prefix: string): Promise<string[]>
  /** Events waiting in all stored queues of the origin (any tab's, left or alive). */
  waiting(tab: Tab): Promise<number>
  setOffline(value: boolean): Promise<void>
  /** A persistent fault of the collector, written down for the account. */
  setFault(fault: FaultName): void
  /** Flushes every page until `done`, or until nothing is left waiting anywhere for 3 s, or `timeoutMs`. */
  settle(done: () => boolean, timeoutMs: number): Promise<void>
  /** A unique event name. */
  names(prefix: string, count: number): string[]
  /** The stored copies of each event, by name. */
  copiesByName(): Map<string, Collector['accepted']>
  /** What every page load's probe wrote down (PROBE), by load id; read from a live tab. */
  pageLogs(): Promise<Map<number, unknown>>
}

export function createVisitor(
  profile: ChaosProfile,
  collector: Collector,
  record: ChaosRecord,
  { debug, note }: { debug: boolean; note: (line: string) => void },
): Visitor {
  const attributes = { 'data-auto': 'false', 'data-interval': '250', ...(debug ? { 'data-debug': true as const } : {}) }
  const servedPaths = new Set<string>()
  const serveApp = (path: string) => {
    if (servedPaths.has(path)) return
    const before = `<script>(${PROBE})(${debug})</script>`
    trackedPage(collector, attributes, { path, before, body: '<a id="away" href="#">away</a>' })
    servedPaths.add(path)
  }
  serveApp(APP_PATH)

  const tabs: Tab[] = []
  let tabCount = 0
  let sequence = 0
  let offline = false

  /** A new page load of tab `number`, and the URL that makes it (at `path`, the app's by default). */
  const newLoad = (number: number, path = APP_PATH) => {
    const load: PageLoad = { id: record.loads.size + 1, tab: number }
    record.loads.set(load.id, load)
    serveApp(path)
    return { load, url: `${collector.url}${path}?utm_content=load-${load.id}` }
  }
  const pathOf = async (tab: Tab) => new URL(await tab.tab.url().catch(() => collector.url + APP_PATH)).pathname
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
    if (tabs.includes(tab)) tabs.splice(tabs.indexOf(tab), 1)
    // (A page closed in the middle of a navigation was seen to never settle its close().)
    await Promise.race([tab.tab.close().catch(() => {}), sleep(5000)])
  }
  const fire = (tab: Tab, names: string[], poisoned: Set<string> = new Set()) =>
    tab.tab
      .run(
        ([names, poison]) => names.forEach((name, i) => (window as any).lyt(name, { metadata: { poison: poison[i], n: i } })),
        [names, names.map((name) => poisoned.has(name))] as const,
      )
      .then(
        () => names,
        () => [] as string[], // the page went away under the call: nothing was accepted
      )

  return {
    tabs,
    offline: () => offline,
    async openTab() {
      const number = ++tabCount
      const { load, url } = newLoad(number)
      const tab: Tab = { number, tab: await profile.newTab(), load }
      if (debug) tab.tab.onConsole((text) => note(`tab${number} load${tab.load.id} ${text}`))
      tabs.push(tab)
      await tab.tab.goto(url).catch(() => drop(tab))
    },
    async reload(tab) {
      const next = newLoad(tab.number, await pathOf(tab))
      // The reload loads the next load's URL: set on this document just before (its requests
      // still carry its own load id: the SDK read it when it started).
      const ok = await leave(tab, 'reload', async () => {
        await tab.tab.run((url) => history.replaceState(history.state, '', url), next.url)
        await tab.tab.reload()
      })
      tab.load = next.load
      if (!ok) await drop(tab)
    },
    async closeTab(tab) {
      await leave(tab, 'close', () => tab.tab.close())
      tabs.splice(tabs.indexOf(tab), 1)
    },
    fire,
    async fireThenReload(tab, names) {
      const next = newLoad(tab.number, await pathOf(tab))
      let made = false
      const ok = await leave(tab, 'events then reload', async () => {
        made = await tab.tab.runAndWaitForLoad(
          ([names, url]) => {
            names.forEach((name) => (window as any).lyt(name))
            history.replaceState(history.state, '', url)
            location.reload()
          },
          [names, next.url] as const,
        )
      })
      tab.load = next.load
      if (!ok) await drop(tab)
      return made ? names : []
    },
    async clickAway(tab, name) {
      const next = newLoad(tab.number, await pathOf(tab))
      let armed = false
      const ok = await leave(tab, 'link', async () => {
        await tab.tab.run(
          ([name, url]) => {
            const link = document.getElementById('away') as HTMLAnchorElement
            link.href = url
            link.onclick = () => (window as any).lyt(name)
          },
          [name, next.url] as const,
        )
        armed = true
        await tab.tab.clickAndWaitForLoad('#away', next.url)
      })
      tab.load = next.load
      if (!ok) await drop(tab)
      return armed && ok ? [name] : []
    },
    async navigate(tab, prefix) {
      const path = `/chaos/${prefix}-${++sequence}`
      serveApp(path) // so that a later reload finds the app there
      const tracked = await tab.tab
        .run((path) => (history.pushState({}, '', path + location.search), typeof (window as any).lyt === 'function'), path)
        .catch(() => false)
      return tracked ? [nameOf({ name: 'Page View', path })] : []
    },
    waiting: (tab) =>
      tab.tab
        .run(
          () =>
            Object.keys(localStorage)
              .filter((key) => key.startsWith('lyt_q_'))
              .reduce((sum, key) => sum + JSON.parse(localStorage.getItem(key)!).e.length, 0),
          null,
        )
        .catch(() => 0),
    async setOffline(value) {
      if (value === offline) return
      offline = value
      if (value) record.offlineSpans.push({ start: Date.now(), end: Infinity })
      await profile.setOffline(value)
      if (!value) record.offlineSpans.at(-1)!.end = Date.now()
    },
    setFault(fault) {
      collector.fault(fault)
      record.faultChanges.push({ at: Date.now(), fault: String(fault) })
    },
    async settle(done, timeoutMs) {
      const deadline = Date.now() + timeoutMs
      let quietSince = 0
      while (Date.now() < deadline && !done()) {
        const lengths = await Promise.all(
          tabs.map((tab) =>
            tab.tab.run(() => ((window as any).lyt.flush(), (window as any).lyt.queueLength()), null).catch(() => 0),
          ),
        )
        const stored = tabs[0] ? await this.waiting(tabs[0]) : 0
        // Nothing left to send anywhere for 3 s: what has not arrived will not.
        const requestsBefore = collector.requests.length
        await sleep(1000)
        if (lengths.every((n) => n === 0) && stored === 0 && collector.requests.length === requestsBefore) {
          quietSince ||= Date.now()
          if (Date.now() - quietSince > 3000) break
        } else quietSince = 0
      }
    },
    async pageLogs() {
      if (!tabs.length) await this.openTab()
      const stored: [string, string][] = await tabs[0].tab.run(
        (prefix) =>
          Object.keys(localStorage)
            .filter((key) => key.startsWith(prefix))
            .map((key) => [key, localStorage.getItem(key)!]),
        PROBE_KEY_PREFIX,
      )
      return new Map(stored.map(([key, text]) => [Number(key.slice(PROBE_KEY_PREFIX.length)), JSON.parse(text)]))
    },
    names: (prefix, count) => Array.from({ length: count }, () => `${prefix} ${++sequence}`),
    copiesByName() {
      const copies = new Map<string, Collector['accepted']>()
      for (const stored of collector.accepted) {
        const name = nameOf(stored.event)
        copies.set(name, [...(copies.get(name) ?? []), stored])
      }
      return copies
    },
  }
}

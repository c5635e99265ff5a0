// What every end-to-end test needs: Debian's Chromium driven by playwright-core, the
// collector (the same one `npm start` runs), and pages on it that load the built script.

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { startCollector, type Collector } from '../../demo/collector.mjs'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs'
import { CAN, ENGINE, launchEngine, type Engine, type Session, type Tab } from './engines'

export type { Browser, BrowserContext, Page, Collector, Engine, Session, Tab }
export { CAN, ENGINE }

export { CHROMIUM_ARGS, CHROMIUM_PATH }

export const launchBrowser = (options: Parameters<typeof chromium.launch>[0] = {}) =>
  chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, ...options })

export { startCollector }

let pageCount = 0

/**
 * The script build the pages load: the core build, or the one LYT_SCRIPT names — the
 * 'e2e-full' project (vitest.config.ts) runs the contract's suites again on lyt.full.min.js.
 */
export const SCRIPT = process.env.LYT_SCRIPT || 'lyt.min.js'

/**
 * Registers a page on the collector that loads the production build (`script`, by default
 * SCRIPT) with the given `data-*` attributes, and returns its URL. `before` is HTML placed
 * before the SDK's tag.
 */
export function trackedPage(
  collector: Collector,
  attributes: Record<string, string | true> = {},
  {
    before = '',
    body = '',
    headers = {},
    path,
    script = SCRIPT,
  }: { before?: string; body?: string; headers?: Record<string, string>; path?: string; script?: string } = {},
) {
  const at = path ?? `/t/page-${++pageCount}`
  before = notAutomated(collector) + before
  const attrs = Object.entries<string | true>({ 'data-api': '/api/analytics', ...attributes })
    .map(([name, value]) => (value === true ? name : `${name}="${value}"`))
    .join(' ')
  collector.page(
    at,
    `<!doctype html><html><head><meta charset="utf-8"><title>t</title>${before}<script ${attrs} src="/js/${script}"></script></head><body>${body}</body></html>`,
    { 'Content-Type': 'text/html; charset=utf-8', ...headers },
  )
  return collector.url + at
}

/**
 * Firefox and WebKit say they are automated (`navigator.webdriver` is true under their
 * drivers), and the SDK rightly ignores such a page: there, every tracked page first loads a
 * script (same origin, so CSP allows it) that says it is not. Chromium is launched with
 * `--disable-blink-features=AutomationControlled` instead.
 */
function notAutomated(collector: Collector) {
  if (ENGINE === 'chromium') return ''
  collector.page(
    '/t/not-automated.js',
    "Object.defineProperty(navigator, 'webdriver', { get: () => false, configurable: true })",
    {
      'Content-Type': 'text/javascript; charset=utf-8',
    },
  )
  return '<script src="/t/not-automated.js"></script>'
}

/** Registers a small JavaScript file on the collector (pages under CSP may not inline). */
export function script(collector: Collector, code: string) {
  const at = `/t/script-${++pageCount}.js`
  collector.page(at, code, { 'Content-Type': 'text/javascript; charset=utf-8' })
  return `<script src="${at}"></script>`
}

export const STUB = 'window.lyt = window.lyt || function () { (lyt.q = lyt.q || []).push(arguments) }'

/** Names of the events the collector stored, in order. */
export const acceptedNames = (collector: Collector) => collector.accepted.map((stored) => stored.event.name)

/** Waits until the collector has stored events with all these names (each at least once). */
export const waitForNames = (collector: Collector, names: string[], timeoutMs = 10_000) =>
  collector.waitFor((c) => names.every((name) => acceptedNames(c).includes(name)), timeoutMs)

/** Calls the page's global `lyt` and resolves with what the callback heard. */
export const callLyt = (page: Page, name: string, options: object = {}) =>
  page.evaluate(([name, options]) => new Promise((resolve) => (window as any).lyt(name, options, resolve)), [
    name,
    options,
  ] as const)

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * How many copies of each event the collector stored, by event `id` — Lyt's server stores
 * every copy, so a second one is a wrong number just as a missing one is. `duplicated` lists
 * "name ×copies" for every id stored more than once; `byName` counts the copies of each name
 * (page views by their path: "Page View /t/x").
 */
export function copies(collector: Collector) {
  const byId = new Map<string, number>()
  const byName = new Map<string, number>()
  const names = new Map<string, string>()
  for (const { event } of collector.accepted) {
    byId.set(event.id, (byId.get(event.id) ?? 0) + 1)
    const name = event.name === 'Page View' ? 'Page View ' + event.path : event.name
    names.set(event.id, name)
    byName.set(name, (byName.get(name) ?? 0) + 1)
  }
  const duplicated = [...byId].filter(([, count]) => count > 1).map(([id, count]) => `${names.get(id)} ×${count}`)
  return { byId, byName, duplicated }
}

/**
 * Waits until the collector has been quiet: no API request has begun for `quietMs` and none
 * is still being answered (a hung one aside). A second copy of an event comes from a page's
 * retry or the next load's resend, each a request: once the pages' queues are empty and
 * nothing more arrives, none is coming. Use after the awaited events have arrived.
 */
export async function untilQuiet(collector: Collector, quietMs = 400, timeoutMs = 30_000) {
  await collector.waitFor((c) => {
    const busy = c.requests.some((r) => r.status == null && r.fault !== 'hang' && r.fault !== 'reset')
    return !busy && Date.now() - c.lastRequestAt() >= quietMs
  }, timeoutMs)
}

export interface TestWorld {
  collector: Collector
  context: BrowserContext
  page: Page
}

/**
 * One browser and one collector for the test file; for each test a clean collector and a
 * new context (its own storage) with a page. `use` hears the world before each test.
 */
export function useBrowserAndCollector(use: (world: TestWorld) => void) {
  let browser: Browser
  let world: TestWorld
  beforeAll(async () => {
    let collector: Collector
    ;[browser, collector] = await Promise.all([launchBrowser(), startCollector()])
    world = { collector } as TestWorld
  })
  afterAll(async () => {
    await browser?.close()
    await world?.collector.close()
  })
  beforeEach(async () => {
    world.collector.reset()
    world.context = await browser.newContext()
    world.page = await world.context.newPage()
    use(world)
  })
  afterEach(async () => {
    await world.context.close()
  })
}

export interface EngineWorld {
  engine: Engine
  /** A new collector for each test: a new port, so a new origin whose storage is empty. */
  collector: Collector
  session: Session
  tab: Tab
}

/**
 * One engine (LYT_ENGINE) for the test file; for each test a new collector and a new
 * session with one tab. The world's fields are replaced before each test.
 */
export function useEngine(options: { bfcache?: boolean } = {}) {
  const world = {} as EngineWorld
  beforeAll(async () => {
    world.engine = await launchEngine(ENGINE, options)
  }, 60_000)
  afterAll(async () => {
    await world.engine?.close()
  })
  beforeEach(async () => {
    world.collector = await startCollector()
    world.session = await world.engine.newSession()
    world.tab = await world.session.newTab()
  })
  afterEach(async () => {
    await world.session?.close().catch(() => {})
    await world.collector?.close()
  })
  return world
}

/** A page without the SDK, to navigate away to (the demo's pages load the SDK themselves). */
export function plainPage(collector: Collector) {
  collector.page('/t/away', '<!doctype html><title>away</title><p>No tracker here.</p>', {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'private, max-age=0',
  })
  return collector.url + '/t/away'
}

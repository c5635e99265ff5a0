// What every end-to-end test needs: Debian's Chromium driven by playwright-core, the
// collector (the same one `npm start` runs), and pages on it that load the built script.

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { startCollector, type Collector } from '../../demo/collector.mjs'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs'

export type { Browser, BrowserContext, Page, Collector }

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

/** Registers a small JavaScript file on the collector (pages under CSP may not inline). */
export function script(collector: Collector, code: string) {
  const at = `/t/script-${++pageCount}.js`
  collector.page(at, code, { 'Content-Type': 'text/javascript; charset=utf-8' })
  return `<script src="${at}"></script>`
}

export const STUB = "window.lyt = window.lyt || function () { (lyt.q = lyt.q || []).push(arguments) }"

/** Names of the events the collector stored, in order. */
export const acceptedNames = (collector: Collector) => collector.accepted.map((stored) => stored.event.name)

/** Waits until the collector has stored events with all these names (each at least once). */
export const waitForNames = (collector: Collector, names: string[], timeoutMs = 10_000) =>
  collector.waitFor((c) => names.every((name) => acceptedNames(c).includes(name)), timeoutMs)

/** Calls the page's global `lyt` and resolves with what the callback heard. */
export const callLyt = (page: Page, name: string, options: object = {}) =>
  page.evaluate(
    ([name, options]) => new Promise((resolve) => (window as any).lyt(name, options, resolve)),
    [name, options] as const,
  )

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

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

/** A page without the SDK, to navigate away to (the demo's pages load the SDK themselves). */
export function plainPage(collector: Collector) {
  collector.page('/t/away', '<!doctype html><title>away</title><p>No tracker here.</p>', {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'private, max-age=0',
  })
  return collector.url + '/t/away'
}

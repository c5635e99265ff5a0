// The chaos test's browser, and all of it that is browser-specific: open a tab, load a URL,
// reload, run a script in the page, click, close a tab, take the network away. Everything
// else (chaos-visitor.ts, chaos.test.ts) goes through these few calls, so the chaos test can
// run on any engine whose driver implements `ChaosDriver`: Debian's Chromium under
// playwright-core, and — on top of test/e2e/engines.ts — Firefox ESR (puppeteer-core over
// WebDriver BiDi) and WebKitGTK (WebKitWebDriver, selenium-webdriver). LYT_ENGINE picks one,
// as for the other e2e files (`LYT_ENGINE=firefox npm run chaos`).
//
// A driver whose browser says `navigator.webdriver` is true must make it false before the SDK
// runs (a correct SDK ignores an automated page).

import { launchBrowser, plainPage, type Browser, type BrowserContext, type Collector, type Page } from './browser'
import { ENGINE, launchEngine, type EngineName, type Tab } from './engines'

/** A browser: each profile made from it has its own storage. */
export interface ChaosDriver {
  /** Which engine, and its version, for the report. */
  readonly engine: string
  /** What the chaos visitor may ask of it (see ChaosAbilities). */
  readonly can: ChaosAbilities
  /** A new browser profile: one visitor, whose tabs share storage, on the site `collector` serves. */
  newProfile(collector: Collector): Promise<ChaosProfile>
  close(): Promise<void>
}

/** What an engine's driver cannot do here, and what the visitor does instead (docs/delivery.md, "Engines"). */
export interface ChaosAbilities {
  /**
   * 'emulated': the browser itself is offline (`navigator.onLine` false, `online` fires).
   * 'refused': no offline emulation in this driver: the collector refuses connections
   * instead (the network is gone, but `navigator.onLine` stays true and no `online` fires).
   */
  offline: 'emulated' | 'refused'
  /**
   * The server may hang. WebKit loads no page of a host once 6 requests to it hang (the
   * keepalive requests of pages left while the server hangs): the storm leaves out its
   * 'server hang' there.
   */
  hang: boolean
}

/** One visitor's browser profile: its tabs share localStorage. */
export interface ChaosProfile {
  /** A new tab, blank until `goto`. */
  newTab(): Promise<ChaosTab>
  /**
   * Takes the network away from every tab of the profile, or gives it back, as a really
   * offline browser would: requests fail and `navigator.onLine` is false, also while a page
   * is being left; back online, the pages get the `online` event.
   */
  setOffline(offline: boolean): Promise<void>
  close(): Promise<void>
}

/** One tab. Every call that loads a document resolves once that document has loaded. */
export interface ChaosTab {
  /** The URL of the document it shows (its History API URL too). */
  url(): Promise<string>
  /** Runs `script(arg)` in the page; resolves with its (JSON) result, rejects if the page went away under it. */
  run<A, R>(script: (arg: A) => R, arg: A): Promise<R>
  /** Loads `url` as a visitor typing it would. */
  goto(url: string): Promise<void>
  /** Reloads as the browser's reload button does. */
  reload(): Promise<void>
  /**
   * Runs `script(arg)`, which makes the page navigate (in the same task), and waits for the
   * next document's load; resolves with whether the script ran to its end.
   */
  runAndWaitForLoad<A>(script: (arg: A) => unknown, arg: A): Promise<boolean>
  /** Clicks the element (a real click: input events) that navigates to `url`, and waits for that document's load. */
  clickAndWaitForLoad(selector: string, url: string): Promise<void>
  /**
   * Closes the tab as a visitor does (the page gets `pagehide`). Firefox's driver closes a
   * tab without `pagehide` about half the time: there the tab first leaves for a page
   * without the SDK (a navigation: `pagehide` every time), then closes.
   */
  close(): Promise<void>
  /** The page's console lines (for LYT_CHAOS_DEBUG; a driver that cannot may ignore it). */
  onConsole(listener: (text: string) => void): void
}

/** The driver for LYT_ENGINE (chromium by default). */
export const chaosDriver = (engine: EngineName = ENGINE): Promise<ChaosDriver> =>
  engine === 'chromium' ? chromiumDriver() : engineDriver(engine)

/** Chromium (Debian's), driven by playwright-core. */
export async function chromiumDriver(): Promise<ChaosDriver> {
  const browser: Browser = await launchBrowser()
  return {
    engine: `Chromium ${browser.version()}`,
    can: { offline: 'emulated', hang: true },
    async newProfile() {
      const context: BrowserContext = await browser.newContext()
      await context.addInitScript(PIN_ON_LINE)
      /** Each page's `navigator.onLine` follows the emulation, and is false while this is set (PIN_ON_LINE). */
      const pin = (offline: boolean) =>
        Promise.all(
          context
            .pages()
            .map((page) => page.evaluate((offline) => ((window as any).__chaosOffline = offline), offline).catch(() => {})),
        )
      return {
        newTab: async () => playwrightTab(await context.newPage()),
        async setOffline(offline) {
          // Pinned once the emulation is offline; lifted before it goes online, so that the
          // `online` event it fires finds the page online.
          if (offline) await context.setOffline(true)
          await pin(offline)
          if (!offline) await context.setOffline(false)
        },
        close: () => context.close(),
      }
    },
    close: () => browser.close(),
  }
}

/**
 * Playwright's offline emulation is lifted for a page as soon as it starts to navigate —
 * `navigator.onLine` turns true and `online` fires before `pagehide` — and the requests made
 * then reach the server. A really offline browser does neither. So, run in every document
 * before the SDK: `navigator.onLine` is false while the test has the browser offline
 * (`__chaosOffline`), whatever the emulation says as a page is left. (No document can load
 * while offline: a new one starts online.)
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

function playwrightTab(page: Page): ChaosTab {
  return {
    url: async () => page.url(),
    run: (script, arg) => page.evaluate(script as any, arg),
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    async runAndWaitForLoad(script, arg) {
      // (The next document's URL may be set before it starts: waitForURL would not wait.)
      const [, ran] = await Promise.all([
        page.waitForEvent('load'),
        page.evaluate(script as any, arg).then(
          () => true,
          () => false,
        ),
      ])
      return ran
    },
    async clickAndWaitForLoad(selector, url) {
      await Promise.all([page.waitForURL(url, { waitUntil: 'load' }), page.click(selector)])
    },
    close: () => page.close(),
    onConsole: (listener) => page.on('console', (message) => listener(message.text())),
  }
}

/**
 * Firefox and WebKit, through test/e2e/engines.ts. Neither driver emulates offline: the
 * collector refuses connections instead. A document's load is waited for by a mark left in
 * the old one (gone once the next has loaded), as `historyGo` in engines.ts does.
 */
async function engineDriver(name: 'firefox' | 'webkit'): Promise<ChaosDriver> {
  const engine = await launchEngine(name)
  return {
    engine: `${name === 'firefox' ? 'Firefox' : 'WebKitGTK'} ${engine.version.replace(/^firefox\//i, '')}`,
    can: { offline: 'refused', hang: name !== 'webkit' },
    async newProfile(collector) {
      const session = await engine.newSession()
      return {
        newTab: async () => engineTab(await session.newTab(), name, collector),
        setOffline: (offline) => collector.refuse(offline),
        close: () => session.close(),
      }
    },
    close: () => engine.close(),
  }
}

/** How long a document may take to load (a server refusing or failing makes it fail sooner). */
const LOAD_MS = 20_000

function engineTab(tab: Tab, name: 'firefox' | 'webkit', collector: Collector): ChaosTab {
  /** Does `act`, which makes the page navigate, and waits for the next document's load. */
  const navigating = async (act: () => Promise<unknown>) => {
    const mark = String(Math.random())
    await tab.evaluate((mark) => void ((window as any).__chaosDocument = mark), mark)
    const acted = act()
    await tab.waitFor((mark) => (window as any).__chaosDocument !== mark && document.readyState === 'complete', mark, LOAD_MS)
    return acted
  }
  return {
    url: () => tab.evaluate(() => location.href),
    run: (script, arg) => tab.evaluate(script as any, arg),
    goto: (url) => tab.goto(url),
    reload: () => tab.reload(),
    async runAndWaitForLoad(script, arg) {
      // Whether the script ran to its end: written down in the tab's sessionStorage (it
      // outlives the document; the evaluation itself may be cut by the navigation).
      const ran = new Function('arg', `(${script})(arg); sessionStorage.setItem('__chaosRan', '1'); return true`)
      await navigating(() => tab.evaluate(ran as any, arg).catch(() => false))
      return tab.evaluate(() => {
        const ran = sessionStorage.getItem('__chaosRan') === '1'
        sessionStorage.removeItem('__chaosRan')
        return ran
      })
    },
    async clickAndWaitForLoad(selector) {
      await navigating(() => tab.click(selector))
    },
    async close() {
      if (name === 'firefox')
        await navigating(() => tab.evaluate((url) => void location.assign(url), plainPage(collector))).catch(() => {})
      await tab.close()
    },
    onConsole() {},
  }
}

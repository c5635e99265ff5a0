// The chaos test's browser, and all of it that is browser-specific: open a tab, load a URL,
// reload, run a script in the page, click, close a tab, take the network away. Everything
// else (chaos-visitor.ts, chaos.test.ts) goes through these few calls, so the chaos test can
// run on any engine whose driver implements `ChaosDriver`. This one is Debian's Chromium
// under playwright-core.
//
// A driver whose browser says `navigator.webdriver` is true must make it false before the SDK
// runs (a correct SDK ignores an automated page).

import { launchBrowser, type Browser, type BrowserContext, type Page } from './browser'

/** A browser: each profile made from it has its own storage. */
export interface ChaosDriver {
  /** Which engine, and its version, for the report. */
  readonly engine: string
  /** A new browser profile: one visitor, whose tabs share storage. */
  newProfile(): Promise<ChaosProfile>
  close(): Promise<void>
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
  /** The URL of the document it shows. */
  url(): string
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
  /** Closes the tab as a visitor does (the page gets `pagehide`). */
  close(): Promise<void>
  /** The page's console lines (for LYT_CHAOS_DEBUG; a driver that cannot may ignore it). */
  onConsole(listener: (text: string) => void): void
}

/** Chromium (Debian's), driven by playwright-core. */
export async function chromiumDriver(): Promise<ChaosDriver> {
  const browser: Browser = await launchBrowser()
  return {
    engine: `Chromium ${browser.version()}`,
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
    url: () => page.url(),
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

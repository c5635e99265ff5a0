// One small driver interface over three browser engines, so that a test is written once and
// runs in Chromium, Firefox and WebKit (docs/design.md, "Three engines"):
//
//   chromium  Debian's Chromium, playwright-core (as every Chromium-only test here)
//   firefox   Debian's Firefox ESR, puppeteer-core over WebDriver BiDi
//   webkit    Debian's WebKitGTK (Safari's engine): WebKitWebDriver and MiniBrowser under Xvfb,
//             selenium-webdriver over WebDriver classic
//
// Which engine a test file runs in is LYT_ENGINE (the vitest projects e2e, e2e-firefox and
// e2e-webkit set it). A Session is isolated (its own storage); a Tab is one page.
// What a driver cannot do is said by `CAN`, and a test that needs it is skipped by a name
// that says so.

import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs'

export type EngineName = 'chromium' | 'firefox' | 'webkit'
export const ENGINE = (process.env.LYT_ENGINE || 'chromium') as EngineName
export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr'
export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver'
export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser'
export const XVFB_PATH = process.env.XVFB_PATH || '/usr/bin/Xvfb'

/** What this engine's driver can do here; a test that needs what it cannot is skipped by a name saying so. */
export const CAN = {
  /** Offline emulation (requests fail, `online`/`offline` fire): Playwright's. Elsewhere the collector refuses connections. */
  offline: ENGINE === 'chromium',
}

/** A function run in the page: it gets `arg` and may return a promise; both must be JSON. */
type PageFunction<A, T> = (arg: A) => T | Promise<T>

export interface Tab {
  /**
   * Navigates and waits for `load`. `{ commit: true }` does not wait for `load`: it returns once
   * the new page is committed (Chromium: its scripts may not have run yet), at DOMContentLoaded
   * (Firefox), or once it is no longer loading (WebKit).
   */
  goto(url: string, options?: { commit?: boolean }): Promise<void>
  evaluate<T, A = undefined>(fn: PageFunction<A, T>, arg?: A): Promise<T>
  /** Clicks the element (a real click of the driver, not a synthetic event). */
  click(selector: string): Promise<void>
  reload(): Promise<void>
  /** History back / forward; resolves once the page shown is complete (from the bfcache or loaded). */
  back(): Promise<void>
  forward(): Promise<void>
  /** Closes the tab as a visitor would (so that `pagehide` fires, where the driver makes it). */
  close(): Promise<void>
  url(): Promise<string>
  /** Polls `fn` in the page until it returns a truthy value (a page navigating meanwhile is retried). */
  waitFor<A = undefined>(fn: PageFunction<A, unknown>, arg?: A, timeoutMs?: number): Promise<void>
}

export interface Session {
  newTab(): Promise<Tab>
  /** Only where the driver emulates it (`CAN.offline`): requests fail and `online`/`offline` fire. */
  setOffline(offline: boolean): Promise<void>
  close(): Promise<void>
}

export interface Engine {
  name: EngineName
  /** The browser's own version string. */
  version: string
  /** A session with its own storage. (WebKit: one browser per driver, so its storage is isolated by origin: see newSession there.) */
  newSession(): Promise<Session>
  close(): Promise<void>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls a condition in a page; errors while it navigates count as "not yet". */
async function poll(check: () => Promise<unknown>, timeoutMs: number, what: string) {
  const started = Date.now()
  let lastError: unknown
  for (;;) {
    try {
      if (await check()) return
      lastError = undefined
    } catch (error) {
      lastError = error
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError}` : ''}`)
    await sleep(50)
  }
}

/**
 * `bfcache`: Chromium's back/forward cache on (Playwright turns it off by default; Firefox's
 * and WebKit's are always on).
 */
export function launchEngine(name: EngineName = ENGINE, { bfcache = false } = {}): Promise<Engine> {
  if (name === 'firefox') return launchFirefox()
  if (name === 'webkit') return launchWebKit()
  return launchChromium(bfcache)
}

// ---- Chromium: playwright-core ------------------------------------------------------------

async function launchChromium(bfcache: boolean): Promise<Engine> {
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: bfcache ? ['--disable-back-forward-cache'] : [],
  })
  return {
    name: 'chromium',
    version: browser.version(),
    async newSession() {
      const context = await browser.newContext()
      return {
        async newTab() {
          const page = await context.newPage()
          const tab: Tab = {
            goto: async (url, { commit = false } = {}) => void (await page.goto(url, { waitUntil: commit ? 'commit' : 'load' })),
            evaluate: (fn, arg) => page.evaluate(fn as any, arg),
            click: (selector) => page.click(selector),
            reload: async () => void (await page.reload()),
            // A page restored from the bfcache fires no `load`: wait for the commit, then the page.
            back: async () => {
              await page.goBack({ waitUntil: 'commit' })
              await tab.waitFor(() => document.readyState === 'complete')
            },
            forward: async () => {
              await page.goForward({ waitUntil: 'commit' })
              await tab.waitFor(() => document.readyState === 'complete')
            },
            close: () => page.close(),
            url: async () => page.url(),
            waitFor: (fn, arg, timeoutMs = 10_000) => poll(() => page.evaluate(fn as any, arg), timeoutMs, String(fn)),
          }
          return tab
        },
        setOffline: (offline) => context.setOffline(offline),
        close: () => context.close(),
      }
    },
    close: () => browser.close(),
  }
}

/** `history.go(delta)` from the page; resolves once another document is shown and complete. */
async function historyGo(tab: Tab, delta: number) {
  await tab.evaluate(() => ((window as any).__before = true))
  await tab.evaluate((delta) => void setTimeout(() => history.go(delta)), delta)
  await tab.waitFor(() => !(window as any).__before && document.readyState === 'complete')
}

// ---- Firefox: puppeteer-core over WebDriver BiDi ------------------------------------------

async function launchFirefox(): Promise<Engine> {
  const { default: puppeteer } = await import('puppeteer-core')
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true })
  const version = await browser.version()
  return {
    name: 'firefox',
    version,
    async newSession() {
      // A BiDi user context: its own storage and cookies.
      const context = await browser.createBrowserContext()
      return {
        async newTab() {
          const page = await context.newPage()
          const tab: Tab = {
            goto: async (url, { commit = false } = {}) =>
              void (await page.goto(url, { waitUntil: commit ? 'domcontentloaded' : 'load' })),
            evaluate: (fn, arg) => page.evaluate(fn as any, arg),
            click: (selector) => page.click(selector),
            reload: async () => void (await page.reload()),
            // puppeteer's goBack() waits for a navigation event that a page restored from the
            // bfcache does not give (it times out after 30 s): the page goes back itself.
            back: () => historyGo(tab, -1),
            forward: () => historyGo(tab, 1),
            close: () => page.close(),
            url: async () => page.url(),
            waitFor: (fn, arg, timeoutMs = 10_000) => poll(() => page.evaluate(fn as any, arg), timeoutMs, String(fn)),
          }
          return tab
        },
        setOffline: () => Promise.reject(new Error('offline is not emulated in Firefox here (CAN.offline)')),
        close: () => context.close(),
      }
    },
    close: () => browser.close(),
  }
}

// ---- WebKit: WebKitWebDriver + MiniBrowser under Xvfb, selenium-webdriver -----------------

/** A free TCP port on the loopback (the driver takes a port number, not 0). */
function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Starts a process and resolves once `ready` matches its output (stdout, stderr or fd 3). */
function start(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, fd3 = false) {
  const child = spawn(command, args, {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', ...(fd3 ? ['pipe' as const] : [])],
  })
  return new Promise<{ child: ChildProcess; match: RegExpExecArray }>((resolve, reject) => {
    let output = ''
    const fail = (why: string) => {
      clearTimeout(timeout)
      void stop(child)
      reject(new Error(`${command} ${why}: ${output}`))
    }
    const timeout = setTimeout(() => fail('did not start'), 20_000)
    const listen = (chunk: Buffer) => {
      output += chunk
      if (/server already running|Fatal server error/.test(output)) return fail('failed')
      const match = ready.exec(output)
      if (match) {
        clearTimeout(timeout)
        resolve({ child, match })
      }
    }
    for (const stream of [child.stdout, child.stderr, fd3 ? (child.stdio[3] as NodeJS.ReadableStream) : null])
      stream?.on('data', listen)
    child.once('exit', (code) => fail(`exited (${code})`))
  })
}

/** Ends a process started detached (its own group: its children go with it). */
async function stop(child: ChildProcess | undefined) {
  if (!child?.pid || child.exitCode != null || child.signalCode != null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {}
  await Promise.race([exited, sleep(3000)])
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {}
}

async function launchWebKit(): Promise<Engine> {
  const { Builder } = await import('selenium-webdriver')
  // A display of its own, picked at random (Xvfb's own pick, -displayfd alone, takes the
  // lowest free number: two files starting at once, or a socket left without its lock file,
  // make it fail); a display in use makes Xvfb exit, and another is tried. With a display
  // number, -displayfd writes it to fd 3 once the server is ready.
  let xvfb: Awaited<ReturnType<typeof start>> | undefined
  for (let attempt = 1; !xvfb; attempt++) {
    const display = 100 + Math.floor(Math.random() * 900)
    try {
      xvfb = await start(
        XVFB_PATH,
        [`:${display}`, '-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'],
        process.env,
        /^(\d+)\n/,
        true,
      )
    } catch (error) {
      if (attempt === 10) throw error
    }
  }
  const display = ':' + xvfb.match[1]
  const port = await freePort()
  const env = { ...process.env, DISPLAY: display }
  let driverProcess: ChildProcess | undefined
  let driver: import('selenium-webdriver').WebDriver
  try {
    driverProcess = spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`], { env, detached: true, stdio: 'ignore' })
    const server = `http://127.0.0.1:${port}`
    await poll(() => fetch(server + '/status').then((r) => r.ok), 10_000, 'WebKitWebDriver')
    driver = await new Builder()
      .usingServer(server)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] },
      })
      .build()
  } catch (error) {
    await stop(driverProcess)
    await stop(xvfb.child)
    throw error
  }
  const version = String((await driver.getCapabilities()).get('browserVersion'))
  // The session's first window stays open and empty: closing a session's last window ends
  // the session, and a test closes tabs.
  const home = await driver.getWindowHandle()
  let current = home
  // WebDriver classic has one current window per session: commands run one at a time.
  let queue: Promise<unknown> = Promise.resolve()
  const exclusive = <T>(handle: string, run: () => Promise<T>): Promise<T> => {
    const next = queue.then(async () => {
      if (current !== handle) {
        await driver.switchTo().window(handle)
        current = handle
      }
      return run()
    })
    queue = next.catch(() => {})
    return next
  }
  const run = <T, A>(fn: PageFunction<A, T>, arg: A) =>
    driver.executeAsyncScript<{ value?: T; error?: string }>(
      `const done = arguments[arguments.length - 1]
       Promise.resolve().then(() => (${fn})(arguments[0])).then((value) => done({ value }), (error) => done({ error: String(error) }))`,
      arg,
    )
  const evaluateIn = async <T, A>(handle: string, fn: PageFunction<A, T>, arg: A) => {
    const result = await exclusive(handle, () => run(fn, arg))
    if (result && 'error' in result && result.error !== undefined) throw new Error(result.error)
    return result?.value as T
  }
  return {
    name: 'webkit',
    version,
    async newSession() {
      // One browser per driver, and a new one costs about 3 s: a session here is a set of
      // windows of that browser. Its storage is its own because every test's collector
      // listens on a new port, that is a new origin (useEngine).
      const handles = new Set<string>()
      return {
        async newTab() {
          const handle = await exclusive(current, async () => {
            await driver.switchTo().newWindow('tab')
            current = await driver.getWindowHandle()
            return current
          })
          handles.add(handle)
          const tab: Tab = {
            goto: (url, { commit = false } = {}) =>
              exclusive(handle, async () => {
                if (!commit) return driver.get(url)
                // WebDriver classic waits for `load`; a page-initiated navigation does not.
                await driver.executeScript('setTimeout(() => location.assign(arguments[0]))', url)
                await poll(
                  async () =>
                    (await driver.getCurrentUrl()) === url &&
                    (await driver.executeScript('return document.readyState')) !== 'loading',
                  10_000,
                  'the page at ' + url,
                )
              }),
            evaluate: (fn, arg) => evaluateIn(handle, fn, arg as any),
            click: (selector) => exclusive(handle, async () => (await driver.findElement({ css: selector })).click()),
            reload: () => exclusive(handle, () => driver.navigate().refresh()),
            back: async () => {
              await exclusive(handle, () => driver.navigate().back())
              await tab.waitFor(() => document.readyState === 'complete')
            },
            forward: async () => {
              await exclusive(handle, () => driver.navigate().forward())
              await tab.waitFor(() => document.readyState === 'complete')
            },
            close: () =>
              exclusive(handle, async () => {
                handles.delete(handle)
                await driver.close()
                await driver.switchTo().window(home)
                current = home
              }),
            url: () => exclusive(handle, () => driver.getCurrentUrl()),
            waitFor: (fn, arg, timeoutMs = 10_000) => poll(() => evaluateIn(handle, fn, arg as any), timeoutMs, String(fn)),
          }
          return tab
        },
        setOffline: () => Promise.reject(new Error('offline is not emulated in WebKit here (CAN.offline)')),
        async close() {
          for (const handle of handles) {
            await exclusive(handle, async () => {
              await driver.close()
              await driver.switchTo().window(home)
              current = home
            }).catch(() => {})
          }
          handles.clear()
        },
      }
    },
    async close() {
      await driver.quit().catch(() => {})
      await stop(driverProcess)
      await stop(xvfb.child)
    },
  }
}

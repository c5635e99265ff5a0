// Phoenix LiveView (docs/contract.md §10) with the real LiveView client: the pinned `phoenix` and
// `phoenix_live_view` JavaScript clients run in Chromium, in pages served by the collector, over
// a WebSocket to a small LiveView server written for the tests (liveview/live-server.ts). Every
// page's app.js is the one `mix phx.new` writes with the README's snippets pasted in
// (liveview/app.ts, liveview/readme.ts), and loads the tracker with the README's tag.
//
// Each test ends with `lyt.flush(callback)`: its callback comes once every event made before it
// has been delivered (they are sent in order), so the counts at the collector are final then —
// a copy that should not exist would have arrived. Events are counted by id: a duplicate is as
// wrong as a loss.
//
// To check that a test can fail: LYT_DIST=<folder> runs it on another build of the SDK (a
// deliberately broken one), LYT_README=<file> on another README.

import { existsSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchBrowser, startCollector, type Browser, type BrowserContext, type Collector, type Page } from './browser'
import { bundleAppJs, pastedAppJs, type PhoenixVersion } from './liveview/app'
import { createLiveServer, html, type LiveView, type Rendered } from './liveview/live-server'
import { heexToHtml, phoenixSnippets } from './liveview/readme'

const README = phoenixSnippets()
const CSRF_TOKEN = 'csrf-token-of-the-test-bed'

// ---- The LiveViews of the test bed ---------------------------------------------------------------

interface ShopState {
  path: string
  query: string
  chosen: number
  swaps: number
  saved: string[]
}

/** One LiveView on several paths (as `live "/shop", ShopLive, :index` and its siblings): patches between them. */
const shop: LiveView<ShopState> = {
  mount: (url) => ({ path: url.pathname, query: url.search.slice(1), chosen: 0, swaps: 0, saved: [] }),
  handleParams(url, state) {
    state.path = url.pathname
    state.query = url.search.slice(1)
  },
  handleEvent(event, value, state) {
    if (event === 'push_patch') return { pushPatch: { to: '/shop/patched' } }
    if (event === 'push_patch_replace') return { pushPatch: { to: '/shop/replaced', replace: true } }
    if (event === 'choose' && value.plan === 'pro') state.chosen++
    if (event === 'swap') state.swaps++
    if (event === 'save') state.saved.push(value.email)
  },
  // `<.link navigate>` and `<.link patch>` as Phoenix.Component renders them; a button whose
  // text changes (LiveView patches the same element) and one whose id changes (LiveView puts a
  // new element in its place); a tall spacer, for LiveView's scroll-keeping replaceState.
  render: (s) => html`<main id="shop" data-path="${s.path}" data-query="${s.query}">
  <a id="navigate-other" href="/other" data-phx-link="redirect" data-phx-link-state="push">Other</a>
  <a id="patch-items" href="/shop/items" data-phx-link="patch" data-phx-link-state="push">Items</a>
  <a id="patch-sort" href="/shop/items?sort=price" data-phx-link="patch" data-phx-link-state="push">Items by price</a>
  <button id="push-patch" phx-click="push_patch">push_patch</button>
  <button id="push-patch-replace" phx-click="push_patch_replace">push_patch, replace</button>
  <button id="choose" phx-click="choose" phx-value-plan="pro" data-lyt-event="Plan Chosen" data-lyt-meta-plan="pro">Choose Pro (${s.chosen})</button>
  ${`<button id="swap-${s.swaps}" phx-click="swap" data-lyt-event="Swapped">Swap (${s.swaps})</button>`}
  <form id="signup" phx-submit="save" data-lyt-event="Signup" data-lyt-meta-form="shop"><input name="email"> <button id="signup-send">Sign up</button></form>
  <p id="saved">${s.saved.join(' ')}</p>
  <div id="spacer">${'<br>'.repeat(200)}</div>
</main>`,
}

const other: LiveView<{}> = {
  mount: () => ({}),
  handleEvent: (event) => (event === 'go_shop' ? { pushNavigate: { to: '/shop' } } : undefined),
  render: () => html`<main id="other"><button id="push-navigate" phx-click="go_shop">push_navigate to the shop</button></main>`,
}

/** The README's own elements (hook, tagged button and form), and its `handle_event("subscribe", …)`. */
const plans: LiveView<{ subscribed: number; saved: number }> = {
  mount: () => ({ subscribed: 0, saved: 0 }),
  handleEvent(event, value, state) {
    if (event === 'save') state.saved++
    // The README's push_event snippet: push_event(socket, "lyt", %{name: "Subscribed", metadata: %{plan: plan}})
    if (event === 'subscribe') {
      state.subscribed++
      return { pushEvents: [['lyt', { name: 'Subscribed', metadata: { plan: value.plan } }]] }
    }
  },
  render: (s): Rendered => ({
    s: [
      `<main id="plans">${README.hookElement}\n${README.taggedElements}\n<div id="colocated" phx-hook="MyAppWeb.PlansLive.Colocated"></div><p id="subscribed">`,
      '</p><p id="saved">',
      '</p></main>',
    ],
    0: String(s.subscribed),
    1: String(s.saved),
  }),
}

const live = createLiveServer({
  '/shop': shop,
  '/shop/items': shop,
  '/shop/patched': shop,
  '/shop/replaced': shop,
  '/other': other,
  '/plans': plans,
})

// ---- The pages ---------------------------------------------------------------------------------

/** The built app.js of each variant, served under its own path. */
const APPS = {
  '1.8': { version: '1.8', stub: false },
  '1.7': { version: '1.7', stub: false },
  '1.8-stub': { version: '1.8', stub: true },
} satisfies Record<string, { version: PhoenixVersion; stub: boolean }>
type AppName = keyof typeof APPS

interface PageOptions {
  app?: AppName
  /** The README's tag of the core build or of the full one; null: no tracker tag (the test adds it later). */
  tag?: string | null
}

/** Serves every route of the bed as its root layout would (the README's tag above app.js). */
function serveBed({ app = '1.8', tag = README.coreTag }: PageOptions = {}) {
  for (const path of ['/shop', '/shop/items', '/shop/patched', '/shop/replaced', '/other', '/plans']) {
    collector.page(
      path,
      `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="csrf-token" content="${CSRF_TOKEN}"><title>LiveView test bed</title>
${tag ? heexToHtml(tag) : ''}
<script defer phx-track-static type="text/javascript" src="/t/lv/app-${app}.js"></script>
</head><body><div id="phx-main" data-phx-main data-phx-session="test-bed" data-phx-static="">${live.deadRender(path)}</div></body></html>`,
    )
  }
}

let browser: Browser
let collector: Collector
let context: BrowserContext
let page: Page
let pageErrors: string[]

beforeAll(async () => {
  ;[browser, collector] = await Promise.all([
    launchBrowser(),
    startCollector({ ...(process.env.LYT_DIST ? { distDir: process.env.LYT_DIST } : {}) }),
  ])
  collector.upgrade('/live/websocket', (req, socket) => live.upgrade(req, socket))
  for (const [name, { version, stub }] of Object.entries(APPS)) {
    const snippets = {
      hooks: README.hooks,
      pushEvent: README.pushEvent,
      liveSocket: version === '1.8' ? README.liveSocket18 : README.liveSocket17,
      stub: stub ? README.stub : undefined,
    }
    collector.page(`/t/lv/app-${name}.js`, await bundleAppJs(pastedAppJs(version as PhoenixVersion, snippets)), {
      'Content-Type': 'text/javascript; charset=utf-8',
    })
  }
})

afterAll(async () => {
  await browser?.close()
  await collector?.close()
})

beforeEach(async () => {
  collector.reset()
  live.received.length = 0
  context = await browser.newContext()
  page = await context.newPage()
  pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(String(error)))
  // Every History API call, seen before the tracker's own wrapper: LiveView's same-URL replaceState calls among them.
  await page.addInitScript(() => {
    const calls: { method: string; before: string; after: string; scroll?: number }[] = ((window as any).__historyCalls = [])
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method]
      history[method] = function (this: History, state: any) {
        const before = location.href
        const result = original.apply(this, arguments as any)
        calls.push({ method, before, after: location.href, scroll: state?.scroll })
        return result
      }
    }
  })
})

afterEach(async () => {
  await context?.close()
})

// ---- Helpers -------------------------------------------------------------------------------------

/** Opens a page of the bed and waits until LiveView has joined it (and the tracker has started). */
async function open(path: string) {
  await page.goto(collector.url + path)
  await page.locator('[data-phx-main].phx-connected').waitFor()
  // Set once: a full page load (LiveView falling back to HTTP) would lose it.
  await page.evaluate(() => ((window as any).__sameDocument = true))
}

/** `lyt.flush(callback)`: resolves once every event made before it has been delivered. */
const delivered = async () => {
  const result = await page.evaluate(() => new Promise<any>((resolve) => (window as any).lyt.flush(resolve)))
  expect(result.ok, `flush: ${JSON.stringify(result)}`).toBe(true)
}

const stored = (name: string) => collector.accepted.filter((s) => s.event.name === name).map((s) => s.event)
const pageViews = () => stored('Page View').map((e) => e.path)
/** Event ids stored more than once. */
const duplicates = () => {
  const copies = new Map<string, number>()
  for (const { event } of collector.accepted) copies.set(event.id, (copies.get(event.id) ?? 0) + 1)
  return [...copies].filter(([, n]) => n !== 1)
}
/** What LiveView's server was asked, by event name (`choose`, `save`…). */
const serverEvents = (name: string) =>
  live.received.filter(([event, payload]) => event === 'event' && payload.event === name).length
const sameUrlReplaceStates = () =>
  page.evaluate(
    () => (window as any).__historyCalls.filter((c: any) => c.method === 'replaceState' && c.before === c.after).length,
  )
const path = () => page.evaluate(() => location.pathname + location.search)

/** Ends every test: no page error, no full page load, no event stored twice. */
async function expectCleanEnd() {
  expect(await page.evaluate(() => (window as any).__sameDocument), 'LiveView navigated by loading a page').toBe(true)
  expect(duplicates()).toEqual([])
  expect(collector.silentlyDropped).toEqual([])
  expect(pageErrors).toEqual([])
}

// ---- The flows -----------------------------------------------------------------------------------

for (const [build, tag] of [
  ['core build', README.coreTag],
  ['full build', README.fullTag],
] as const) {
  describe(`page views under LiveView navigation (${build})`, () => {
    beforeEach(() => serveBed({ tag }))

    it('<.link navigate>, push_navigate and the back button: one Page View each', async () => {
      await open('/shop')
      await collector.waitFor(() => pageViews().length === 1)

      await page.click('#navigate-other') // <.link navigate={~p"/other"}>
      await page.locator('#push-navigate').waitFor()
      expect(await path()).toBe('/other')

      await page.click('#push-navigate') // push_navigate(socket, to: ~p"/shop")
      await page.locator('#shop').waitFor()
      expect(await path()).toBe('/shop')

      await page.goBack()
      await page.locator('#push-navigate').waitFor()
      expect(await path()).toBe('/other')

      await delivered()
      expect(pageViews()).toEqual(['/shop', '/other', '/shop', '/other'])
      expect(serverEvents('go_shop')).toBe(1)
      await expectCleanEnd()
    })

    it("<.link patch> and push_patch to a new path (push and replace), and back: one Page View each; a patch of the query only and LiveView's same-URL replaceState calls: none", async () => {
      await open('/shop')
      const shopAt = (p: string, query = '') => page.locator(`#shop[data-path="${p}"][data-query="${query}"]`).waitFor()

      await page.click('#patch-items') // <.link patch={~p"/shop/items"}>
      await shopAt('/shop/items')
      await page.click('#patch-sort') // the same path, another query
      await shopAt('/shop/items', 'sort=price')
      await page.click('#push-patch') // push_patch(socket, to: ~p"/shop/patched")
      await shopAt('/shop/patched')
      const entries = await page.evaluate(() => history.length)
      await page.click('#push-patch-replace') // push_patch(socket, to: ~p"/shop/replaced", replace: true)
      await expect.poll(path).toBe('/shop/replaced')
      expect(await page.evaluate(() => history.length)).toBe(entries) // replaced, not pushed

      // LiveView keeps the scroll position in history.state with replaceState on the same URL.
      const before = await sameUrlReplaceStates()
      await page.evaluate(() => window.scrollTo(0, 400))
      await page.waitForFunction(() => (window as any).__historyCalls.some((c: any) => c.scroll === 400))
      expect(await sameUrlReplaceStates()).toBeGreaterThan(before)

      await page.goBack() // to /shop/items?sort=price: LiveView patches back
      await shopAt('/shop/items', 'sort=price')
      await page.goBack() // to /shop/items: only the query changes
      await shopAt('/shop/items')
      await page.goBack()
      await shopAt('/shop')

      await delivered()
      expect(pageViews()).toEqual(['/shop', '/shop/items', '/shop/patched', '/shop/replaced', '/shop/items', '/shop'])
      // LiveView made same-URL replaceState calls all along (joining, before each patch, scrolling): none counted.
      expect(await sameUrlReplaceStates()).toBeGreaterThanOrEqual(4)
      await expectCleanEnd()
    })
  })
}

describe('tagged elements under LiveView (full build)', () => {
  beforeEach(() => serveBed({ tag: README.fullTag }))

  it("a phx-click button with data-lyt-event: once per click, when LiveView re-renders it and when it puts a new one in its place; LiveView's handler runs each time", async () => {
    await open('/shop')
    await page.evaluate(() => ((document.getElementById('choose') as any).__sameElement = true))
    for (let n = 1; n <= 3; n++) {
      await page.click('#choose')
      await page.locator(`#choose:text("Choose Pro (${n})")`).waitFor() // LiveView's reply, rendered
    }
    expect(await page.evaluate(() => (document.getElementById('choose') as any).__sameElement), 're-rendered in place').toBe(true)

    for (let n = 0; n < 2; n++) {
      await page.evaluate((n) => ((document.getElementById(`swap-${n}`) as any).__old = true), n)
      await page.click(`#swap-${n}`)
      await page.locator(`#swap-${n + 1}`).waitFor() // a new element, in place of the clicked one
      expect(await page.evaluate((n) => document.getElementById(`swap-${n}`), n)).toBeNull()
    }
    expect(await page.evaluate(() => (document.getElementById('swap-2') as any).__old)).toBeUndefined()

    await delivered()
    expect(stored('Plan Chosen').map((e) => e.metadata)).toEqual(Array(3).fill({ plan: 'pro' }))
    expect(stored('Swapped')).toHaveLength(2)
    expect([serverEvents('choose'), serverEvents('swap')]).toEqual([3, 2])
    await expectCleanEnd()
  })

  it('a phx-submit form with data-lyt-event: once per submit (button or Enter), never for the clicks inside it; LiveView handles the submit and the page stays', async () => {
    await open('/shop')
    await page.fill('#signup input', 'ada@example.com')
    await page.click('#signup-send')
    await page.locator('#saved:text("ada@example.com")').waitFor()
    await page.click('#signup input')
    await page.fill('#signup input', 'grace@example.com')
    await page.press('#signup input', 'Enter')
    await page.locator('#saved:text("ada@example.com grace@example.com")').waitFor()

    await delivered()
    expect(stored('Signup').map((e) => e.metadata)).toEqual([{ form: 'shop' }, { form: 'shop' }])
    expect(serverEvents('save')).toBe(2)
    expect(await path()).toBe('/shop')
    await expectCleanEnd()
  })
})

describe("the README's Phoenix paths", () => {
  it('every ~p path of the tracker in a tag is where a command copies that build, in a folder static_paths serves', () => {
    const tags = README.blocks
      .filter((b) => b.lang === 'heex')
      .flatMap((b) => [...b.code.matchAll(/~p"(\/[^"]*lyt[^"]*)"/g)].map((m) => m[1]))
    const shell = README.blocks
      .filter((b) => b.lang === 'sh')
      .map((b) => b.code)
      .join('\n')
    const copies = [...shell.matchAll(/cp dist\/(\S+) \.\.\/my_app\/priv\/static(\/\S+)/g)].map((m) => ({
      build: m[1],
      path: m[2],
    }))
    const made = [...shell.matchAll(/mkdir -p \.\.\/my_app\/priv\/static(\/\S+)/g)].map((m) => m[1])
    const staticPaths = README.blocks
      .map((b) => /def static_paths, do: ~w\(([^)]*)\)/.exec(b.code)?.[1])
      .find(Boolean)!
      .split(/\s+/)
    expect(tags.length).toBeGreaterThanOrEqual(3) // the core tag, the full one, the Lyt.Plug variant
    for (const tag of tags) {
      const copy = copies.find((c) => c.path === tag)
      expect(copy, `${tag}: no command of the README copies a file there (a 404)`).toBeDefined()
      expect(tag.endsWith('/' + copy!.build), `${tag} is a copy of dist/${copy!.build}`).toBe(true)
      expect(existsSync(new URL(`../../dist/${copy!.build}`, import.meta.url)), `dist/${copy!.build}`).toBe(true)
      expect(made, `${tag}: its folder is made first`).toContain(tag.slice(0, tag.lastIndexOf('/')))
      expect(staticPaths, `${tag}: static_paths must serve its folder`).toContain(tag.split('/')[1])
    }
  })
})

describe("the README's snippets, pasted into app.js", () => {
  it('Phoenix 1.8, full build: the hook, merged with the colocated hooks (the generated options kept); push_event by the recipe; the tagged button and form', async () => {
    serveBed({ app: '1.8', tag: README.fullTag })
    await open('/plans')
    await page.locator('#colocated[data-colocated-mounted="yes"]').waitFor({ state: 'attached' }) // the colocated hook still runs
    const socket = await page.evaluate(() => {
      const liveSocket = (window as any).liveSocket
      return {
        hooks: Object.keys(liveSocket.hooks).sort(),
        csrfToken: liveSocket.params()._csrf_token,
        longPollFallbackMs: liveSocket.socket.longPollFallbackMs,
      }
    })
    expect(socket).toEqual({
      hooks: ['MyAppWeb.PlansLive.Colocated', 'TrackPlan'],
      csrfToken: CSRF_TOKEN,
      longPollFallbackMs: 2500,
    })

    await page.click('button[phx-click="subscribe"]') // tagged: "Plan Chosen"; the server's push_event: "Subscribed"
    await page.locator('#subscribed:text("1")').waitFor()
    await page.click('#plan-pro') // the hook's own click listener: "Plan Chosen"
    await page.fill('form[phx-submit="save"] input', 'ada@example.com')
    await page.click('form[phx-submit="save"] button')
    await page.locator('#saved:text("1")').waitFor()

    await delivered()
    expect(pageViews()).toEqual(['/plans'])
    expect(stored('Plan Shown').map((e) => e.metadata)).toEqual([{ plan: 'pro' }])
    expect(stored('Plan Chosen').map((e) => e.metadata)).toEqual([{ plan: 'pro' }, { plan: 'pro' }])
    expect(stored('Subscribed').map((e) => e.metadata)).toEqual([{ plan: 'pro' }])
    expect(stored('Signup')).toHaveLength(1)
    expect(serverEvents('subscribe')).toBe(1)
    await expectCleanEnd()
  })

  it('Phoenix 1.7, core build: the hook and push_event by the recipe (the tagged button sends nothing: no tagged elements in the core build)', async () => {
    serveBed({ app: '1.7', tag: README.coreTag })
    await open('/plans')
    const socket = await page.evaluate(() => {
      const liveSocket = (window as any).liveSocket
      return {
        hooks: Object.keys(liveSocket.hooks),
        csrfToken: liveSocket.params()._csrf_token,
        longPollFallbackMs: liveSocket.socket.longPollFallbackMs,
      }
    })
    expect(socket).toEqual({ hooks: ['TrackPlan'], csrfToken: CSRF_TOKEN, longPollFallbackMs: 2500 })

    await page.click('button[phx-click="subscribe"]')
    await page.locator('#subscribed:text("1")').waitFor()
    await page.click('#plan-pro')

    await delivered()
    expect(pageViews()).toEqual(['/plans'])
    expect(stored('Plan Shown')).toHaveLength(1)
    expect(stored('Plan Chosen')).toHaveLength(1) // the hook's, not the tagged button's
    expect(stored('Subscribed').map((e) => e.metadata)).toEqual([{ plan: 'pro' }])
    await expectCleanEnd()
  })

  it('the stub on the first line of app.js, the tracker loaded after the hooks ran: their calls are kept and replayed once', async () => {
    serveBed({ app: '1.8-stub', tag: null })
    await open('/plans')
    await page.locator('#colocated[data-colocated-mounted="yes"]').waitFor({ state: 'attached' })
    // The hook called the stub: its call waits in lyt.q.
    expect(await page.evaluate(() => Array.from((window as any).lyt.q, (args: any) => args[0]))).toEqual(['Plan Shown'])
    // Now the tracker: the README's core tag, added as an async script would arrive.
    const tagHtml = heexToHtml(README.coreTag)
    await page.evaluate((tagHtml) => {
      const parsed = new DOMParser().parseFromString(tagHtml, 'text/html').querySelector('script')!
      const tag = document.createElement('script')
      for (const { name, value } of Array.from(parsed.attributes)) tag.setAttribute(name, value)
      document.head.append(tag)
    }, tagHtml)
    await page.waitForFunction(() => typeof (window as any).lyt.flush === 'function')
    await page.click('button[phx-click="subscribe"]')
    await page.locator('#subscribed:text("1")').waitFor()

    await delivered()
    expect(stored('Plan Shown')).toHaveLength(1)
    expect(stored('Subscribed')).toHaveLength(1)
    expect(pageViews()).toEqual(['/plans'])
    await expectCleanEnd()
  })
})

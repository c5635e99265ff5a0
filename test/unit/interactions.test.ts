// Interactions (docs/contract.md §8): declarative events, outbound links and file downloads (one
// delegated listener), and engagement (time and scroll per page view). The pure parts on
// their own, then each feature on a happy-dom page with a scripted server.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { clickedBy, webUrl, withoutQuery } from '../../src/features/clicks'
import { declarativeEvents, metadataOf } from '../../src/features/declarative-events'
import { engagement, engagementClock, scrollPercent } from '../../src/features/engagement'
import { DEFAULT_EXTENSIONS, extensionList, fileDownloads, isDownload } from '../../src/features/file-downloads'
import { isOutbound, outboundLinks } from '../../src/features/outbound-links'
import { advance, browserWindow, pageEvent, setHidden, startTracker, useFakeTime } from './harness'

beforeEach(useFakeTime)
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const url = (href: string) => new URL(href)
const sent = (server: ReturnType<typeof startTracker>['server']) =>
  server.requests.flatMap((r) => r.body.events.map((e: any) => ({ name: e.name, path: e.path, metadata: e.metadata })))
const CLICK_FEATURES = [declarativeEvents, outboundLinks, fileDownloads]

describe('the pure parts', () => {
  it('webUrl: only http and https links are web links', () => {
    expect(webUrl('https://shop.example/a?b#c')?.href).toBe('https://shop.example/a?b#c')
    expect(webUrl('http://x.test/')?.host).toBe('x.test')
    for (const href of ['mailto:a@b.c', 'tel:+123', 'javascript:void 0', 'ftp://x.test/a.zip', 'not a url', undefined, {}]) {
      expect(webUrl(href)).toBeUndefined()
    }
  })

  it('withoutQuery keeps origin and path, never the query or hash', () => {
    expect(withoutQuery(url('https://cdn.test:8443/files/report.pdf?token=secret#page=2'))).toBe(
      'https://cdn.test:8443/files/report.pdf',
    )
  })

  it('metadataOf: data-lyt-meta-* by their dataset names, string values; nothing else', () => {
    expect(
      metadataOf({ lytEvent: 'Signup', lytMetaPlan: 'pro', lytMetaPlanType: 'yearly', lytMetadata: 'not meta', other: 'x' }),
    ).toEqual({
      plan: 'pro',
      planType: 'yearly',
    })
    expect(metadataOf({ lytEvent: 'Signup' })).toBeUndefined()
  })

  it('extensionList: blank or "true" is the default list; a list replaces it (trimmed, dots and case dropped)', () => {
    const defaults = DEFAULT_EXTENSIONS.split(',')
    expect(defaults).toHaveLength(25)
    expect(extensionList('')).toEqual(defaults)
    expect(extensionList('true')).toEqual(defaults)
    expect(extensionList(' .PDF, zip ,,')).toEqual(['pdf', 'zip'])
  })

  it('isDownload: the path’s last extension, whatever its case, query or hash', () => {
    const list = extensionList('')
    expect(isDownload(url('https://x.test/files/Report.PDF?token=x'), list)).toBe(true)
    expect(isDownload(url('https://x.test/a/archive.tar.gz'), list)).toBe(true)
    expect(isDownload(url('https://x.test/pdf'), list)).toBe(false)
    expect(isDownload(url('https://x.test/a.pdf/'), list)).toBe(false)
    expect(isDownload(url('https://x.test/page?file=a.pdf'), list)).toBe(false)
    expect(isDownload(url('https://x.test/a.pdf'), ['zip'])).toBe(false)
  })

  it('isOutbound: another host (name or port) than the page’s', () => {
    expect(isOutbound(url('https://other.test/a'), 'shop.example')).toBe(true)
    expect(isOutbound(url('https://shop.example:8443/a'), 'shop.example')).toBe(true)
    expect(isOutbound(url('http://shop.example/a'), 'shop.example')).toBe(false)
  })

  it('scrollPercent: how much of the page has been in view; a page that does not scroll is all in view', () => {
    expect(scrollPercent(0, 1000, 5000)).toBe(20)
    expect(scrollPercent(2000, 1000, 5000)).toBe(60)
    expect(scrollPercent(4000, 1000, 5000)).toBe(100)
    expect(scrollPercent(4100, 1000, 5000)).toBe(100) // overscroll
    expect(scrollPercent(0, 1000, 1000)).toBe(100)
    expect(scrollPercent(0, 1000, 0)).toBe(100)
  })

  describe('engagementClock', () => {
    it('counts time only while counting; whole seconds, the fraction carried to the next take', () => {
      let time = 0
      const clock = engagementClock(() => time, true)
      time = 2500
      clock.count(false) // hidden
      time = 60_000
      clock.count(true) // visible again
      time = 61_000
      expect(clock.take()).toEqual({ seconds: 3, scroll: 0 }) // 2.5 + 1, 0.5 carried
      time = 61_600
      expect(clock.take()).toEqual({ seconds: 1, scroll: 0 }) // 0.5 + 0.6
      expect(clock.take()).toBeUndefined()
    })

    it('nothing grew, nothing to take: not counting from the start, or under a second', () => {
      let time = 0
      const idle = engagementClock(() => time, false)
      time = 10_000
      expect(idle.take()).toBeUndefined()
      const brief = engagementClock(() => time, true)
      time += 999
      expect(brief.take()).toBeUndefined()
    })

    it('scroll: the first reading is where the page view starts; only scrolling deeper is growth; the deepest is kept', () => {
      let time = 0
      const clock = engagementClock(() => time, true)
      clock.scrolled(20)
      expect(clock.take()).toBeUndefined()
      clock.scrolled(60)
      clock.scrolled(40)
      expect(clock.take()).toEqual({ seconds: 0, scroll: 60 })
      clock.scrolled(50)
      expect(clock.take()).toBeUndefined()
      time = 1000
      expect(clock.take()).toEqual({ seconds: 1, scroll: 60 })
    })
  })

  it('clickedBy: the nearest tagged element (never a form on click), the link; the middle button, not the right', () => {
    const win = browserWindow()
    const doc = win.document
    doc.body.innerHTML = `
      <div data-lyt-event="Outer"><a id="a" href="https://other.test/x?y"><span id="s">s</span></a></div>
      <form id="f" data-lyt-event="Form"><button id="b">b</button><button id="t" data-lyt-event="Button">t</button></form>
      <a id="m" href="mailto:a@b.c">m</a>`
    const on = (id: string, type = 'click', button = 0) => {
      const event = new win.MouseEvent(type, { bubbles: true, button })
      Object.defineProperty(event, 'target', { value: doc.getElementById(id) })
      return clickedBy(event as any)
    }
    expect(on('s')?.tagged?.dataset.lytEvent).toBe('Outer')
    expect(on('s')?.url?.href).toBe('https://other.test/x?y')
    expect(on('b')).toEqual({ tagged: undefined, url: undefined })
    expect(on('t')?.tagged?.dataset.lytEvent).toBe('Button')
    expect(on('m')).toEqual({ tagged: undefined, url: undefined })
    expect(on('s', 'auxclick', 1)?.tagged?.dataset.lytEvent).toBe('Outer')
    expect(on('s', 'auxclick', 2)).toBeUndefined()
    expect(on('f', 'submit')?.tagged?.dataset.lytEvent).toBe('Form')
  })
})

/** A tracker with the click features on a page whose body is `html`. */
function clickPage(html: string, settings: Record<string, unknown> = {}) {
  const win = browserWindow()
  win.document.body.innerHTML = html
  const tracker = startTracker({ autoPageview: false, flushInterval: 50, features: CLICK_FEATURES, ...settings }, { window: win })
  const click = (selector: string, init: { button?: number; ctrlKey?: boolean } = {}, type = 'click') => {
    const event = new win.MouseEvent(type, { bubbles: true, cancelable: true, composed: true, ...init })
    win.document.querySelector(selector)!.dispatchEvent(event)
    return event
  }
  return { ...tracker, click }
}

describe('declarative events', () => {
  it('a click on a tagged element, or inside it, sends its event with its data-lyt-meta-* metadata', async () => {
    const { server, click } = clickPage(
      `<button id="signup" data-lyt-event="Signup" data-lyt-meta-plan="pro" data-lyt-meta-plan-type="yearly"><b>Go</b></button>
       <div data-lyt-event="Outer"><span data-lyt-event="Inner" id="inner">i</span><span id="plain">p</span></div>`,
    )
    click('#signup b')
    click('#inner')
    click('#plain')
    click('body')
    await advance(0)
    expect(sent(server)).toEqual([
      { name: 'Signup', path: '/landing', metadata: { plan: 'pro', planType: 'yearly' } },
      { name: 'Inner', path: '/landing', metadata: undefined },
      { name: 'Outer', path: '/landing', metadata: undefined },
    ])
  })

  it('the middle button counts (auxclick), the right one does not', async () => {
    const { server, click } = clickPage(`<button data-lyt-event="Signup">Go</button>`)
    click('button', { button: 1 }, 'auxclick')
    click('button', { button: 2 }, 'auxclick')
    await advance(0)
    expect(sent(server).map((e) => e.name)).toEqual(['Signup'])
  })

  it('a tagged form sends on submit, not on clicks inside it; a tagged button inside a form sends on click', async () => {
    const { server, click, win } = clickPage(
      `<form id="contact" data-lyt-event="Contact" data-lyt-meta-form="contact"><input name="q"><button type="button" id="inside">?</button><button id="send">Send</button></form>
       <form id="other"><button data-lyt-event="Subscribe" id="tagged">Subscribe</button></form>`,
    )
    // The page submits its forms itself (happy-dom would navigate otherwise).
    win.document.addEventListener('submit', (event) => event.preventDefault())
    click('input')
    click('#inside')
    await advance(0)
    expect(sent(server)).toEqual([])
    click('#send') // the browser's submit follows the click
    click('#tagged') // its (untagged) form's submit sends nothing
    await advance(0)
    expect(sent(server)).toEqual([
      { name: 'Contact', path: '/landing', metadata: { form: 'contact' } },
      { name: 'Subscribe', path: '/landing', metadata: undefined },
    ])
  })

  it('elements added later count without a re-scan; the page’s stopPropagation() does not hide a click; nothing is prevented', async () => {
    const { server, click, win } = clickPage('<div id="app"></div>')
    win.document.getElementById('app')!.innerHTML = '<a href="/next" data-lyt-event="Later">later</a>'
    win.document.querySelector('a')!.addEventListener('click', (event) => {
      event.stopPropagation()
      event.preventDefault() // the page's own (a router): happy-dom would navigate otherwise
    })
    const event = click('a')
    await advance(0)
    expect(sent(server).map((e) => e.name)).toEqual(['Later'])
    const plain = clickPage('<button data-lyt-event="Free">b</button>')
    expect(plain.click('button').defaultPrevented).toBe(false)
    expect(event.defaultPrevented).toBe(true) // the page's, untouched
  })

  it('one listener per tracker for the three click features', () => {
    const win = browserWindow()
    const add = vi.spyOn(win.document, 'addEventListener')
    startTracker({ autoPageview: false, features: CLICK_FEATURES }, { window: win })
    expect(
      add.mock.calls
        .filter(([type]) => ['click', 'auxclick', 'submit'].includes(type as string))
        .map(([type, , options]) => [type, options]),
    ).toEqual([
      ['click', { capture: true, passive: true }],
      ['auxclick', { capture: true, passive: true }],
      ['submit', { capture: true, passive: true }],
    ])
  })
})

const LINKS = `
  <a id="out" href="https://other.test/path/page?token=secret#top">out</a>
  <a id="port" href="https://shop.example:8443/x">port</a>
  <a id="own" href="/local?x=1">own</a>
  <a id="tagged" href="https://other.test/signup" data-lyt-event="Partner">tagged</a>
  <a id="mail" href="mailto:a@b.c">mail</a>
  <a id="pdf" href="/files/report.pdf?token=x">pdf</a>
  <a id="cdn" href="https://cdn.other.test/app.ZIP" download>zip</a>
  <a id="txt" href="/notes.txt">txt</a>
  <a id="taggedpdf" href="/files/report.pdf" data-lyt-event="Brochure">pdf</a>`

/** Clicks each link once (the page prevents the default: happy-dom would navigate). */
const clickEach = (
  page: ReturnType<typeof clickPage>,
  ids: string[],
  init: { button?: number; ctrlKey?: boolean } = {},
  type = 'click',
) => {
  page.win.document.addEventListener('click', (event) => event.preventDefault())
  page.win.document.addEventListener('auxclick', (event) => event.preventDefault())
  for (const id of ids) page.click('#' + id, init, type)
}

describe('outbound links and file downloads', () => {
  const ALL = ['out', 'port', 'own', 'tagged', 'mail', 'pdf', 'cdn', 'txt', 'taggedpdf']

  it('off by default: only tagged links send (their own event)', async () => {
    const page = clickPage(LINKS)
    clickEach(page, ALL)
    await advance(0)
    expect(sent(page.server).map((e) => e.name)).toEqual(['Partner', 'Brochure'])
  })

  it('outbound links: a link to another host sends {url} without query or hash; a tagged link only its own event', async () => {
    const page = clickPage(LINKS, { outboundLinks: true })
    clickEach(page, ALL)
    await advance(0)
    expect(sent(page.server)).toEqual([
      { name: 'Outbound Link', path: '/landing', metadata: { url: 'https://other.test/path/page' } },
      { name: 'Outbound Link', path: '/landing', metadata: { url: 'https://shop.example:8443/x' } },
      { name: 'Partner', path: '/landing', metadata: undefined },
      { name: 'Outbound Link', path: '/landing', metadata: { url: 'https://cdn.other.test/app.ZIP' } },
      { name: 'Brochure', path: '/landing', metadata: undefined },
    ])
  })

  it('file downloads: the default list, {url} without its token; a download on another host is not also outbound', async () => {
    const page = clickPage(LINKS, { outboundLinks: true, fileDownloads: true })
    clickEach(page, ALL)
    await advance(0)
    expect(sent(page.server).filter((e) => e.name !== 'Outbound Link')).toEqual([
      { name: 'Partner', path: '/landing', metadata: undefined },
      { name: 'File Download', path: '/landing', metadata: { url: 'https://shop.example/files/report.pdf' } },
      { name: 'File Download', path: '/landing', metadata: { url: 'https://cdn.other.test/app.ZIP' } },
      { name: 'File Download', path: '/landing', metadata: { url: 'https://shop.example/notes.txt' } },
      { name: 'Brochure', path: '/landing', metadata: undefined },
    ])
    expect(sent(page.server).filter((e) => e.name === 'Outbound Link')).toHaveLength(2)
    expect(JSON.stringify(page.server.requests.map((r) => r.body))).not.toContain('secret')
    expect(JSON.stringify(page.server.requests.map((r) => r.body))).not.toContain('token')
  })

  it('a list of extensions replaces the default one; Ctrl-click and the middle button count once each', async () => {
    const page = clickPage(LINKS, { fileDownloads: true, downloadExtensions: 'txt' })
    clickEach(page, ['pdf', 'txt'])
    clickEach(page, ['txt'], { ctrlKey: true })
    clickEach(page, ['txt'], { button: 1 }, 'auxclick')
    await advance(0)
    expect(sent(page.server).map((e) => e.metadata.url)).toEqual(Array(3).fill('https://shop.example/notes.txt'))
  })

  it('configure() turns them on and off later', async () => {
    const page = clickPage(LINKS)
    page.lyt.configure({ outboundLinks: true } as any)
    clickEach(page, ['out'])
    page.lyt.configure({ outboundLinks: false } as any)
    clickEach(page, ['out'])
    await advance(0)
    expect(sent(page.server).map((e) => e.name)).toEqual(['Outbound Link'])
  })
})

describe('engagement', () => {
  /** A page of 5000 px in a 1000 px viewport, focused, whose animation frames are timers of 16 ms. */
  function engagementPage(settings: Record<string, unknown> = {}) {
    const win = browserWindow()
    const frames = { requested: 0 }
    win.document.hasFocus = () => focused
    let focused = true
    ;(win as any).requestAnimationFrame = (callback: () => void) => {
      frames.requested++
      return setTimeout(callback, 16)
    }
    Object.defineProperty(win, 'innerHeight', { value: 1000, configurable: true })
    Object.defineProperty(win.document.documentElement, 'scrollHeight', { value: 5000, configurable: true })
    const tracker = startTracker({ flushInterval: 50, engagement: true, features: [engagement], ...settings }, { window: win })
    const scrollTo = (y: number) => {
      Object.defineProperty(win, 'scrollY', { value: y, configurable: true })
      win.dispatchEvent(new win.Event('scroll'))
    }
    const setVisible = () => {
      Object.defineProperty(win.document, 'visibilityState', { value: 'visible', configurable: true })
      win.document.dispatchEvent(new win.Event('visibilitychange'))
    }
    const setFocus = (on: boolean) => {
      focused = on
      win.dispatchEvent(new win.Event(on ? 'focus' : 'blur'))
    }
    return { ...tracker, frames, scrollTo, setVisible, setFocus }
  }
  const engagements = (server: ReturnType<typeof startTracker>['server']) => sent(server).filter((e) => e.name === 'Engagement')

  it('hidden after 3.4 s and scrolled to 60 %: one Engagement {seconds: 3, scroll: 60}, in the request sent as it hides', async () => {
    const { server, win, scrollTo } = engagementPage()
    await advance(3000)
    scrollTo(2000)
    await advance(400)
    setHidden(win)
    const last = server.requests.at(-1)!
    expect(last.keepalive).toBe(true)
    expect(last.body.events.map((e: any) => [e.name, e.path, e.metadata])).toEqual([
      ['Engagement', '/landing', { seconds: 3, scroll: 60 }],
    ])
    setHidden(win) // again: nothing grew
    pageEvent(win, 'pagehide')
    await advance(1000)
    expect(engagements(server)).toHaveLength(1)
  })

  it('a custom event is no new page view: one Engagement for the whole page view', async () => {
    const { server, win, lyt } = engagementPage()
    await advance(2000)
    lyt('Clicked')
    await advance(1500)
    setHidden(win)
    await advance(100)
    expect(engagements(server).map((e) => e.metadata)).toEqual([{ seconds: 3, scroll: 20 }])
  })

  it('at pagehide it is queued before the core sends what waits, and goes with it', async () => {
    const { server, win, lyt } = engagementPage({ flushInterval: 60_000 })
    await advance(100)
    lyt('Waiting')
    await advance(2000)
    pageEvent(win, 'pagehide')
    // 'Waiting' waited for the next interval: the Engagement goes in the same request.
    expect(server.requests.at(-1)!.body.events.map((e: any) => e.name)).toEqual(['Waiting', 'Engagement'])
    expect(server.requests.at(-1)!.keepalive).toBe(true)
    expect(sent(server).map((e) => e.name)).toEqual(['Page View', 'Waiting', 'Engagement'])
  })

  it('a hidden tab’s time and a blurred window’s time are not counted; each hide sends what grew since the last', async () => {
    const { server, win, setVisible, setFocus } = engagementPage()
    await advance(2000)
    setHidden(win)
    await advance(60_000)
    setVisible()
    await advance(1500)
    setFocus(false)
    await advance(60_000)
    setFocus(true)
    await advance(1000)
    pageEvent(win, 'pagehide')
    await advance(100)
    expect(engagements(server).map((e) => e.metadata.seconds)).toEqual([2, 2])
    expect(engagements(server).map((e) => e.metadata.scroll)).toEqual([20, 20])
  })

  it('an SPA navigation closes the page view with its own path, before the next page view', async () => {
    const { server, win, scrollTo } = engagementPage()
    await advance(1000)
    scrollTo(4000)
    await advance(2000)
    win.history.pushState({}, '', '/next')
    scrollTo(0) // the router shows the next page from its top
    await advance(5000)
    pageEvent(win, 'pagehide')
    await advance(100)
    expect(sent(server).map((e) => [e.name, e.path, e.metadata])).toEqual([
      ['Page View', '/landing', undefined],
      ['Engagement', '/landing', { seconds: 3, scroll: 100 }],
      ['Page View', '/next', undefined],
      ['Engagement', '/next', { seconds: 5, scroll: 20 }],
    ])
  })

  it('nothing grew, nothing sent: left within a second, not scrolled', async () => {
    const { server, win } = engagementPage()
    await advance(900)
    pageEvent(win, 'pagehide')
    setHidden(win)
    await advance(100)
    expect(engagements(server)).toEqual([])
  })

  it('scrolling reads layout at most once per animation frame; no frame is asked for a page that does not scroll', async () => {
    const { frames, scrollTo, win } = engagementPage()
    await advance(100)
    expect(frames.requested).toBe(1) // the page view's first reading
    const reads = vi.fn()
    Object.defineProperty(win.document.documentElement, 'scrollHeight', { get: () => (reads(), 5000), configurable: true })
    for (let y = 0; y < 50; y++) scrollTo(y * 10)
    await advance(16)
    expect(frames.requested).toBe(2)
    expect(reads).toHaveBeenCalledTimes(1)
    await advance(10_000)
    expect(frames.requested).toBe(2)
  })

  it('off by default: no event, no frame asked for', async () => {
    const { server, win, frames, scrollTo } = engagementPage({ engagement: undefined })
    await advance(3000)
    scrollTo(2000)
    setHidden(win)
    pageEvent(win, 'pagehide')
    await advance(100)
    expect(engagements(server)).toEqual([])
    expect(frames.requested).toBe(0)
  })

  it('no start-up work when off: no listener at all; when on, its listeners come with the first page view', async () => {
    const listened = (settings: Record<string, unknown>) => {
      const win = browserWindow()
      const types: string[] = []
      for (const target of [win, win.document] as unknown as EventTarget[]) {
        const add = target.addEventListener.bind(target)
        target.addEventListener = ((type: string, ...rest: any[]) => (types.push(type), (add as any)(type, ...rest))) as any
      }
      let startUp = () => {}
      startTracker({ features: [engagement], ...settings }, { window: win, environment: { startUp: (task) => (startUp = task) } })
      const atLoad = [...types]
      startUp() // the start-up task: the automatic page view
      return { atLoad, afterPageView: types.slice(atLoad.length) }
    }
    const core = listened({ features: [] })
    const off = listened({})
    const on = listened({ engagement: true })
    expect(off).toEqual(core)
    expect(on.atLoad).toEqual(core.atLoad)
    expect(on.afterPageView.sort()).toEqual([...core.afterPageView, 'blur', 'focus', 'scroll', 'visibilitychange'].sort())
  })
})

// Web Vitals (docs/contract.md §9): the pure parts (INP's percentile, CLS's session windows),
// then the feature on a tracker, with the browser's performance entries played by the test
// (happy-dom makes none). Their agreement with Google's library, on real pages, is
// test/e2e/vitals.test.ts.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mask } from '../../src/features/mask'
import { cumulativeLayoutShift, interactionToNextPaint, vitals } from '../../src/features/vitals'
import { advance, browserWindow, memoryStorage, pageEvent, setHidden, startTracker, storeEvidence, useFakeTime } from './harness'

/** Storage where a page of the origin heard the server a moment ago: what is made at the first hide goes then (src/trust.ts). */
const withEvidence = () => {
  const store = memoryStorage()
  storeEvidence(store)
  return store
}

beforeEach(useFakeTime)
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('the pure parts', () => {
  it('INP: the longest interaction below 50 interactions; the 2nd longest from 50, the 3rd from 100; at most the 10th; none without one', () => {
    const latencies = [40, 300, 120, 48, 56, 64, 72, 80, 88, 96, 104, 112]
    expect(interactionToNextPaint([...latencies], 12)).toBe(300)
    expect(interactionToNextPaint([...latencies], 49)).toBe(300)
    expect(interactionToNextPaint([...latencies], 50)).toBe(120)
    expect(interactionToNextPaint([...latencies], 149)).toBe(112)
    expect(interactionToNextPaint([...latencies], 5000)).toBe(56) // the 10th longest
    expect(interactionToNextPaint([56, 48], 5000)).toBe(48) // as far as there are any
    expect(interactionToNextPaint([], 0)).toBeUndefined()
  })

  it('CLS: the largest session window — shifts under 1 s apart, at most 5 s from its first; shifts right after input do not count', () => {
    const cls = cumulativeLayoutShift()
    const shift = (startTime: number, value: number, hadRecentInput = false) => cls.add({ startTime, value, hadRecentInput })
    expect(cls.value()).toBe(0)
    shift(100, 0.1)
    shift(900, 0.05) // same window (0.8 s later): 0.15
    shift(1950, 0.12) // 1.05 s later: a new window, 0.12
    expect(cls.value()).toBeCloseTo(0.15)
    shift(2800, 0.2, true) // after input: not counted
    for (let time = 2800; time < 2800 + 4000; time += 900) shift(time, 0.01) // joins 0.12 …
    expect(cls.value()).toBeCloseTo(0.17)
    shift(7000, 0.1) // 5.05 s after the window's first shift: a new window
    expect(cls.value()).toBeCloseTo(0.17)
    shift(7500, 0.1)
    expect(cls.value()).toBeCloseTo(0.2)
  })
})

/** What the browser would report, played by the test: one observer per entry type. */
function fakePerformance(
  win: ReturnType<typeof browserWindow>,
  {
    navigation = { responseStart: 35.4, activationStart: 0 } as object | null,
    hiddenEntries = [] as object[],
    interactionCount = undefined as number | undefined,
  } = {},
) {
  const observers: FakeObserver[] = []
  class FakeObserver {
    type = ''
    options: any
    pending: any[] = []
    disconnected = false
    constructor(public callback: (list: { getEntries: () => any[] }) => void) {
      observers.push(this)
    }
    observe(options: any) {
      this.type = options.type
      this.options = options
    }
    takeRecords() {
      return this.pending.splice(0)
    }
    disconnect() {
      this.disconnected = true
    }
  }
  const performance = {
    now: () => 5000,
    interactionCount,
    getEntriesByType: (type: string) =>
      type === 'navigation' ? (navigation ? [navigation] : []) : type === 'visibility-state' ? hiddenEntries : [],
  }
  Object.defineProperty(win, 'performance', { value: performance, configurable: true })
  Object.defineProperty(win, 'PerformanceObserver', { value: FakeObserver, configurable: true })
  const of = (type: string) => observers.filter((observer) => observer.type === type && !observer.disconnected)
  return {
    observers,
    /** The browser hands entries of `type` to its observers (in a later task, as browsers do). */
    report: (type: string, ...entries: object[]) =>
      of(type).forEach((observer) => observer.callback({ getEntries: () => entries })),
    /** Entries of `type` the browser has made and not yet handed over: `takeRecords()` gets them. */
    pending: (type: string, ...entries: object[]) => of(type).forEach((observer) => observer.pending.push(...entries)),
  }
}

const on = { features: [vitals], vitals: true, flushInterval: 50 }
const vitalsSent = (server: ReturnType<typeof startTracker>['server']) =>
  server.requests.flatMap((r) => r.body.events).filter((e: any) => e.name === 'Web Vitals')

describe('the vitals feature', () => {
  it('one "Web Vitals" event as the page is first hidden, in the request sent then: ms rounded, cls to 3 decimals, inp the longest interaction', async () => {
    const win = browserWindow('https://shop.example/landing')
    const browser = fakePerformance(win)
    const { lyt, server } = startTracker(on, { window: win, storage: withEvidence() })
    await advance(0)
    browser.report('paint', { name: 'first-paint', startTime: 180 }, { name: 'first-contentful-paint', startTime: 201.6 })
    browser.report('largest-contentful-paint', { startTime: 480.2 })
    browser.report('largest-contentful-paint', { startTime: 1212.7 })
    browser.report('layout-shift', { startTime: 1300, value: 0.04321, hadRecentInput: false })
    browser.report('first-input', { interactionId: 7, duration: 24, startTime: 2000 })
    browser.report(
      'event',
      { interactionId: 7, duration: 152, startTime: 2000 },
      { interactionId: 0, duration: 400, startTime: 2100 },
    )
    browser.report('event', { interactionId: 14, duration: 88, startTime: 3000 })
    // Made just before the page hides, not yet handed to the observer: taken as it hides.
    browser.pending('layout-shift', { startTime: 1500, value: 0.01, hadRecentInput: false })
    lyt('Before hiding')
    await advance(100)
    const requests = server.requests.length
    setHidden(win)
    await advance(0)
    expect(server.requests).toHaveLength(requests + 1)
    const [event] = server.requests.at(-1)!.body.events.filter((e: any) => e.name === 'Web Vitals')
    expect(event.path).toBe('/landing')
    expect(event.metadata).toEqual({ fcp: 202, lcp: 1213, cls: 0.053, inp: 152, ttfb: 35 })
    expect(server.requests.at(-1)!.keepalive).toBe(true)
    // Once per page load: not again at pagehide, nor at the next hide; the observers are gone.
    pageEvent(win, 'pagehide')
    setHidden(win)
    await advance(5000)
    expect(vitalsSent(server)).toHaveLength(1)
    expect(browser.observers.every((observer) => observer.disconnected)).toBe(true)
  })

  it('observes each entry type buffered (entries from before it started), event entries of 40 ms and longer', async () => {
    const win = browserWindow()
    const browser = fakePerformance(win)
    startTracker(on, { window: win, storage: withEvidence() })
    expect(browser.observers.map((observer) => [observer.type, observer.options.buffered])).toEqual([
      ['paint', true],
      ['largest-contentful-paint', true],
      ['layout-shift', true],
      ['event', true],
      ['first-input', true],
    ])
    expect(browser.observers.find((observer) => observer.type === 'event')!.options.durationThreshold).toBe(40)
  })

  it('unreported metrics are left out: no interaction, no inp; no paint, no fcp, lcp or cls; no navigation entry, no ttfb', async () => {
    const win = browserWindow()
    const browser = fakePerformance(win)
    const { server } = startTracker(on, { window: win, storage: withEvidence() })
    browser.report('paint', { name: 'first-contentful-paint', startTime: 99.5 })
    pageEvent(win, 'pagehide')
    await advance(0)
    expect(vitalsSent(server).map((e: any) => e.metadata)).toEqual([{ fcp: 100, cls: 0, ttfb: 35 }])

    const other = browserWindow()
    fakePerformance(other, { navigation: null })
    const second = startTracker(on, { window: other, storage: withEvidence() })
    second.lyt('Something')
    pageEvent(other, 'pagehide')
    await advance(0)
    expect(vitalsSent(second.server)).toEqual([]) // nothing measured: no event
  })

  it('paints after the page was first hidden do not count (a page loaded in a background tab); ttfb from the page’s activation (prerendered)', async () => {
    const win = browserWindow()
    const browser = fakePerformance(win, {
      navigation: { responseStart: 30, activationStart: 1000 },
      hiddenEntries: [{ name: 'hidden', startTime: 500 }],
    })
    const { server } = startTracker(on, { window: win, storage: withEvidence() })
    browser.report('paint', { name: 'first-contentful-paint', startTime: 1500 })
    browser.report('largest-contentful-paint', { startTime: 400 }, { startTime: 1600 })
    pageEvent(win, 'pagehide')
    await advance(0)
    // LCP painted at 400 ms, before the page hid, counts: from activation (1000), never below 0.
    expect(vitalsSent(server).map((e: any) => e.metadata)).toEqual([{ lcp: 0, ttfb: 0 }])
  })

  it('a page hidden when measuring starts (no visibility-state entries to tell when): no paint counts', async () => {
    const win = browserWindow()
    const browser = fakePerformance(win)
    Object.defineProperty(win.document, 'visibilityState', { value: 'hidden', configurable: true })
    const { server } = startTracker(on, { window: win, storage: withEvidence() })
    Object.defineProperty(win.document, 'visibilityState', { value: 'visible', configurable: true })
    browser.report('paint', { name: 'first-contentful-paint', startTime: 2500 })
    browser.report('largest-contentful-paint', { startTime: 2600 })
    setHidden(win)
    await advance(0)
    expect(vitalsSent(server).map((e: any) => e.metadata)).toEqual([{ ttfb: 35 }])
  })

  it('INP: each interaction’s longest entry; the 98th percentile by the page’s interaction count, or by those observed', async () => {
    const win = browserWindow()
    const browser = fakePerformance(win, { interactionCount: 60 })
    const { server } = startTracker(on, { window: win, storage: withEvidence() })
    browser.report(
      'event',
      { interactionId: 1, duration: 400 },
      { interactionId: 1, duration: 48 },
      { interactionId: 2, duration: 200 },
      { interactionId: 3, duration: 96 },
    )
    pageEvent(win, 'pagehide')
    await advance(0)
    expect(vitalsSent(server)[0].metadata.inp).toBe(200)

    // No interactionCount (not every browser has it): the 60 interactions observed count.
    const other = browserWindow()
    const otherBrowser = fakePerformance(other)
    const second = startTracker(on, { window: other, storage: withEvidence() })
    otherBrowser.report(
      'event',
      ...Array.from({ length: 60 }, (_, index) => ({ interactionId: index + 1, duration: 40 + 8 * index })),
    )
    pageEvent(other, 'pagehide')
    await advance(0)
    expect(vitalsSent(second.server)[0].metadata.inp).toBe(40 + 8 * 58)
  })

  it('a navigation entry without a usable responseStart (0, or later than now): no ttfb', async () => {
    for (const responseStart of [0, 6000]) {
      const win = browserWindow()
      const browser = fakePerformance(win, { navigation: { responseStart } })
      const { server } = startTracker(on, { window: win, storage: withEvidence() })
      browser.report('paint', { name: 'first-contentful-paint', startTime: 100 })
      pageEvent(win, 'pagehide')
      await advance(0)
      expect(vitalsSent(server)[0].metadata).toEqual({ fcp: 100, cls: 0 })
    }
  })

  it('the landing page view’s path, after SPA navigations too; masked like any path', async () => {
    const win = browserWindow('https://shop.example/users/8123')
    fakePerformance(win)
    const { server } = startTracker(
      { ...on, features: [vitals, mask], mask: '/users/*' },
      { window: win, storage: withEvidence() },
    )
    win.history.pushState({}, '', '/pricing')
    await advance(100)
    pageEvent(win, 'pagehide')
    await advance(0)
    expect(vitalsSent(server).map((e: any) => e.path)).toEqual(['/users/*'])
    expect(server.names()).toEqual(['Page View', 'Page View', 'Web Vitals'])
  })

  it('the landing page view is the first "Page View", whatever its path; not an event made before it', async () => {
    const win = browserWindow('https://shop.example/landing')
    fakePerformance(win)
    const { lyt, server } = startTracker({ ...on, autoPageview: false }, { window: win, storage: withEvidence() })
    lyt('Before it', { path: '/elsewhere' })
    lyt.pageview({ path: '/virtual-landing' })
    lyt.pageview({ path: '/second' })
    pageEvent(win, 'pagehide')
    await advance(0)
    expect(vitalsSent(server).map((e: any) => e.path)).toEqual(['/virtual-landing'])
  })

  it('no observer until it is on: off by default, turned on by configure(); then made at the next hide', async () => {
    const win = browserWindow()
    const browser = fakePerformance(win)
    const { lyt, server } = startTracker({ features: [vitals] }, { window: win, storage: withEvidence() })
    await advance(0)
    setHidden(win)
    await advance(0)
    expect(browser.observers).toEqual([])
    expect(vitalsSent(server)).toEqual([])
    Object.defineProperty(win.document, 'visibilityState', { value: 'visible', configurable: true })
    lyt.configure({ vitals: true } as any)
    lyt.configure({ vitals: true } as any) // once
    expect(browser.observers).toHaveLength(5)
    browser.report('paint', { name: 'first-contentful-paint', startTime: 120 })
    setHidden(win)
    await advance(0)
    expect(vitalsSent(server).map((e: any) => e.metadata.fcp)).toEqual([120])
  })

  it('a performance API that throws: the tracker still starts, and what waits is still sent as the page is hidden', async () => {
    const win = browserWindow()
    fakePerformance(win)
    Object.defineProperty(win, 'performance', {
      value: {
        getEntriesByType: () => {
          throw new Error('odd browser')
        },
      },
    })
    const { lyt, server } = startTracker({ ...on, flushInterval: 60_000 }, { window: win, storage: withEvidence() })
    await advance(0) // the page view goes at once; what follows waits for the interval …
    lyt('Made before hiding')
    await advance(1000)
    expect(server.names()).toEqual(['Page View'])
    setHidden(win) // … or for the page to hide
    await advance(0)
    expect(server.names()).toEqual(['Page View', 'Made before hiding'])
  })

  it('without PerformanceObserver (an old browser): nothing thrown, only what the navigation entry tells (ttfb)', async () => {
    const win = browserWindow()
    fakePerformance(win)
    Object.defineProperty(win, 'PerformanceObserver', { value: undefined })
    const { lyt, server } = startTracker(on, { window: win, storage: withEvidence() })
    lyt('Still tracked')
    pageEvent(win, 'pagehide')
    await advance(0)
    expect(server.names()).toEqual(['Page View', 'Still tracked', 'Web Vitals'])
    expect(vitalsSent(server)[0].metadata).toEqual({ ttfb: 35 })
  })
})

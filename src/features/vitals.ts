// Web Vitals (`data-vitals` / `vitals: true`; Umami, Rybbit, PostHog, Vercel have it): once per
// page load, when the page is first hidden or left, one event "Web Vitals" with the landing
// page view's path and metadata {lcp, inp, cls, fcp, ttfb}: milliseconds as whole numbers,
// `cls` with 3 decimals. A metric the browser does not report (or `inp` before any
// interaction) is left out.
//
// Measured here on PerformanceObserver, the way Google's `web-vitals` library measures them
// (an end-to-end test loads both on one page and compares: test/e2e/vitals.test.ts); the
// library itself would cost about three times the bytes (docs/size.md, "Web Vitals"):
// - FCP: the `first-contentful-paint` paint entry; LCP: the last `largest-contentful-paint`
//   entry (the browser stops making them at the first input). Both only when painted before
//   the page was first hidden, and from the page's activation (a prerendered page).
// - CLS: the largest session window of layout shifts without recent input (shifts less than
//   1 s apart, the window at most 5 s long); reported when FCP is, as the library does.
// - INP: the longest `event` entry (40 ms and longer, and the `first-input` entry) of each
//   interaction; of those, the 98th percentile (the longest below 50 interactions).
// - TTFB: the navigation entry's `responseStart`, from activation.
//
// It is made in the core's `leave` hook, before the core sends what waits as the page is
// hidden or left: it rides on that delivery, counted once (docs/contract.md §5). No observer
// runs until the feature is on (as the tracker is made, or by a later `configure()`); the
// observers are disconnected once it is made.

import type { Feature } from '../hooks'
import { trackedPath } from '../paths'

/** The event timing entries observed: 40 ms and longer (as the library's), besides the first input. */
const DURATION_THRESHOLD = 40

/** An event timing entry's latency: its interaction and duration (what INP needs of it). */
type Timed = { interactionId?: number; duration: number }

/**
 * INP of the interactions' latencies (the longest entry of each), with `count` the page's
 * interactions (also those too short to be observed): the 98th percentile, taken as the
 * library takes it — the (count / 50)th longest, at most the tenth; undefined with none.
 */
export const interactionToNextPaint = (latencies: number[], count: number) =>
  latencies.sort((a, b) => b - a)[Math.min(latencies.length - 1, 9, (count / 50) | 0)]

/**
 * CLS of layout shifts in the order they came: the largest session window (shifts less than
 * 1 s after the one before and less than 5 s after the window's first), with shifts right after
 * an input left out.
 */
export function cumulativeLayoutShift() {
  let largest = 0
  let windowValue = 0
  let windowFirst = 0
  let windowLast = 0
  return {
    add(shift: { startTime: number; value: number; hadRecentInput?: boolean }) {
      if (shift.hadRecentInput) return
      const time = shift.startTime
      if (windowValue && time - windowLast < 1000 && time - windowFirst < 5000) windowValue += shift.value
      else {
        windowValue = shift.value
        windowFirst = time
      }
      windowLast = time
      largest = Math.max(largest, windowValue)
    },
    value: () => largest,
  }
}

export const vitals: Feature = {
  defaults: { vitals: false },
  install(tracker, hooks, { window: win, config, guard }) {
    const { performance, document } = win
    /** The landing page view's path: the first "Page View" seen, else the page's path now. */
    let path: string | undefined
    const landing = trackedPath(win.location, config.hashRouting)
    /** Each observer, and what it does with its entries; undefined until the feature is on. */
    let observers: [PerformanceObserver, (entries: any[]) => void][] | undefined
    let made = false
    const metrics: Record<string, number> = {}
    const layoutShift = cumulativeLayoutShift()
    /** Each interaction's latency (its longest entry), by its id. */
    const interactions = new Map<number, number>()
    const navigation = () =>
      performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming & { activationStart?: number }
    /** A time as it is measured: from the page's activation (prerendered pages), never below 0. */
    const fromActivation = (time: number) => Math.max(time - (navigation()?.activationStart || 0), 0)

    const observe = (type: string, handle: (entries: any[]) => void) => {
      try {
        const observer: PerformanceObserver = new (win as any).PerformanceObserver(
          guard((list: PerformanceObserverEntryList) => handle(list.getEntries())),
        )
        // (`durationThreshold` is only read for `event` entries.)
        observer.observe({ type, buffered: true, durationThreshold: DURATION_THRESHOLD } as PerformanceObserverInit)
        observers!.push([observer, handle])
      } catch {} // no PerformanceObserver: nothing is measured
    }

    // (Guarded, as the report is: an odd browser's performance API must not stop the tracker,
    // nor what the core sends as the page is hidden or left.)
    const start = guard(() => {
      if (observers || made || !config.vitals) return
      observers = []
      // FCP and LCP count only when painted before the page was first hidden: a page loaded in
      // a background tab has none.
      const hiddenAt =
        (
          performance.getEntriesByType('visibility-state').find((entry) => entry.name === 'hidden') as
            | PerformanceEntry
            | undefined
        )?.startTime ?? (document.visibilityState === 'hidden' && !(document as any).prerendering ? 0 : Infinity)
      const painted = (name: string) => (entries: PerformanceEntry[]) => {
        for (const entry of entries)
          if (entry.startTime < hiddenAt && (name === 'lcp' || entry.name === 'first-contentful-paint'))
            metrics[name] = fromActivation(entry.startTime)
      }
      observe('paint', painted('fcp'))
      observe('largest-contentful-paint', painted('lcp'))
      observe('layout-shift', (entries) => entries.forEach(layoutShift.add))
      const timed = (entries: Timed[]) => {
        for (const { interactionId: id, duration } of entries)
          if (id) interactions.set(id, Math.max(interactions.get(id) || 0, duration))
      }
      observe('event', timed)
      observe('first-input', timed)
    })

    /** The event, made the first time the page is hidden or left while the feature is on. */
    const report = guard(() => {
      if (!observers || made) return
      made = true
      // Entries the browser has not handed to the observers yet (it does so in a later task).
      for (const [observer, handle] of observers) {
        handle(observer.takeRecords())
        observer.disconnect()
      }
      const response = navigation()?.responseStart
      if (response > 0 && response < performance.now()) metrics.ttfb = fromActivation(response)
      const inp = interactionToNextPaint([...interactions.values()], (performance as any).interactionCount || interactions.size)
      if (inp !== undefined) metrics.inp = inp
      for (const name in metrics) metrics[name] = Math.round(metrics[name])
      if (metrics.fcp !== undefined) metrics.cls = Math.round(layoutShift.value() * 1000) / 1000
      for (const _ in metrics) return tracker('Web Vitals', { path: path ?? landing, metadata: metrics })
    })

    hooks.leave.push(report)
    hooks.queue.push((event) => {
      if (event.name === 'Page View') path ??= event.path
    })
    start()
    hooks.configure.push(start)
  },
}

// Engagement (`data-engagement` / `engagement: true`; Plausible's engagement events): for
// each page view, one "Engagement" event with the page view's path and `{seconds, scroll}`,
// made when the page turns hidden, is left, or is SPA-navigated away, if something grew
// since the last one: `seconds`, the whole seconds the page was visible and focused since
// then (the fraction left over counts towards the next one, so that summed per page view
// they are the time on page); `scroll`, the deepest scroll reached in the page view, in
// percent of the page's height that has been in view (a page that does not scroll: 100).
//
// It is made in the core's `leave` hook, before the core sends what waits as the page is
// hidden or left: it rides on that delivery, counted once (docs/contract.md §5). A new page view
// is seen in the core's `pageview` hook, as it is queued: the one before it is closed first,
// with its own path. Scrolling is read at most once per animation frame, from a passive listener;
// a page that does not scroll fires no scroll events and costs one reading per page view.

import type { Feature } from '../hooks'
import { trackedPath } from '../paths'

/** How much of a page of `pageHeight` px has been in view, in whole percent, scrolled to `scrollTop`. */
export const scrollPercent = (scrollTop: number, viewportHeight: number, pageHeight: number) =>
  pageHeight > viewportHeight ? Math.min(100, Math.round(((scrollTop + viewportHeight) / pageHeight) * 100)) : 100

/**
 * One page view's engagement, by the clock `now`: time counted while `count(true)`, the
 * deepest scroll read, and what grew since the last `take()`.
 */
export function engagementClock(now: () => number, counting: boolean) {
  /** Since when time counts; undefined while it does not (hidden, blurred). */
  let countingSince = counting ? now() : undefined
  /** Counted and not yet taken, in ms. */
  let countedMs = 0
  /** The deepest scroll read, and what it was at the last take (at first, the first reading). -1: none yet. */
  let deepest = -1
  let taken = -1
  const count = (on: boolean) => {
    if (countingSince !== undefined) countedMs += now() - countingSince
    countingSince = on ? now() : undefined
  }
  return {
    /** Time counts from now on (`true`: visible and focused) or stops. */
    count,
    /** A scroll reading, in percent. The first is where the page view starts: only scrolling further is growth. */
    scrolled(percent: number) {
      if (deepest < 0) taken = percent
      deepest = Math.max(deepest, percent)
    },
    /** What grew since the last take (a whole second or more, or a deeper scroll), or nothing. */
    take() {
      count(countingSince !== undefined)
      const seconds = Math.floor(countedMs / 1000)
      if (!seconds && deepest <= taken) return
      countedMs -= seconds * 1000
      taken = deepest
      return { seconds, scroll: Math.max(deepest, 0) }
    },
  }
}

export const engagement: Feature = {
  defaults: { engagement: false },
  install(tracker, hooks, { window: win, now, guard, config }) {
    const { document } = win
    const active = () => document.visibilityState === 'visible' && document.hasFocus()
    /** The page view's path, and its clock. */
    let path = trackedPath(win.location, config.hashRouting)
    let clock = engagementClock(now, active())
    let frameRequested = false

    const read = () => {
      frameRequested = false
      clock.scrolled(scrollPercent(win.scrollY, win.innerHeight, document.documentElement.scrollHeight))
    }
    const readNextFrame = () => {
      if (config.engagement && !frameRequested) {
        frameRequested = true
        win.requestAnimationFrame(guard(read))
      }
    }
    const report = () => {
      const grown = config.engagement && clock.take()
      if (grown) tracker('Engagement', { path, metadata: grown })
    }

    // Nothing is listened to until engagement is on and a page view passes: a page that
    // does not turn it on pays no listener (and one that does, none in its loading task:
    // the automatic page view is made in the start-up task).
    let listening = false
    const listen = () => {
      if (listening || !config.engagement) return
      listening = true
      // (A page that is left turns hidden just after `pagehide`, and visible again when it
      // comes back from the bfcache: nothing counts meanwhile.)
      const update = guard(() => clock.count(active()))
      win.addEventListener('focus', update)
      win.addEventListener('blur', update)
      document.addEventListener('visibilitychange', update)
      win.addEventListener('scroll', guard(readNextFrame), { passive: true })
    }

    hooks.leave.push(report)
    // A new page view: the one before it is closed first (its Engagement goes before it).
    hooks.pageview.push((event) => {
      report()
      path = event.path
      clock = engagementClock(now, active())
      listen()
      readNextFrame()
    })
  },
}

// The tracker: its settings, every public call, and the page's life. The script tag
// (script.ts) and the npm module (index.ts) both make theirs here. Besides this file, the
// core is two parts that each own their state: this tab's stored queue (tab-queue.ts) and
// delivery (delivery.ts). The pure parts live in their own modules: checking (validate.ts,
// paths.ts, privacy.ts), the queue's bookkeeping (queue.ts), what an answer means
// (response.ts), what is trusted at exit (trust.ts), callbacks (callbacks.ts, waiters.ts),
// and the edges (storage.ts, transport.ts, navigation.ts). The optional features are in
// features/ (hooks.ts).
//
// The life of an event (docs/design.md): born in `track()` below (a call, or `pageview()` at
// start-up and on SPA navigation) → checked (`checkEvent`) → stamped, then queued
// (`queue._add`) → stored in this tab's record (`save`) → sent (`sendNext`, delivery.ts) →
// acknowledged, retried or refused (`onReply`) → its callback answered (`outcomes`).

import { answerLater, outcomes, type RecordOutcome } from './callbacks'
import { createDelivery } from './delivery'
import { createHooks, type Feature, type Hooks } from './hooks'
import { watchNavigation } from './navigation'
import { keptQuery, nameMatcher, trackedPath } from './paths'
import { OPT_OUT_KEY, ignoreReason } from './privacy'
import type { WireEvent } from './queue'
import { safeStorage } from './storage'
import { HEARTBEAT_MS, createTabQueue } from './tab-queue'
import { fetchTransport, type Transport } from './transport'
import type { Config, Lyt, Result } from './types'
import { checkEvent, hasProblems, type Details } from './validate'

export { EXIT_BATCH_EVENTS, KEEPALIVE_BUDGET_BYTES, MAX_BATCH_EVENTS, SUCCESS_KEY_PREFIX } from './delivery'
export { STALE_AFTER_MS } from './queue'
export { HEARTBEAT_MS, QUEUE_KEY_PREFIX } from './tab-queue'
export { EVIDENCE_MS, HOLD_MS, MAX_ANSWER_WAIT_MS, MIN_ANSWER_WAIT_MS } from './trust'

declare const __VERSION__: string
/** False in the core script build: the features' hook slots are left out of it (hooks.ts). */
declare const __FEATURES__: boolean

/** The name of a page view event. */
export const PAGE_VIEW = 'Page View'

/** What the tracker uses of the world; tests pass their own to drive time, storage and faults. */
export interface Environment {
  window: Window
  /** Where queued events are kept; null for none. Default: `window.localStorage`. */
  storage: Storage | null
  transport: Transport
  now: () => number
  random: () => number
  /** Runs the start-up work that can wait (default: in a task of its own, `setTimeout`). */
  startUp: (task: () => void) => void
}

export const DEFAULT_CONFIG: Config = {
  endpoint: '/api/analytics',
  autoPageview: true,
  spaMode: true,
  hashRouting: false,
  flushInterval: 1000,
  debug: false,
  respectDnt: true,
  exclude: '',
  query: '',
  maxQueue: 1000,
  maxAge: 7 * 24 * 3600 * 1000,
}

/** What `createLyt()` takes: the settings, and (npm module, full build) the features to turn on. */
export type Settings = Partial<Config> & { features?: Feature[]; [setting: string]: unknown }

export function createLyt(settings?: Settings, environment: Partial<Environment> = {}): Lyt {
  const {
    window: win = window,
    now = Date.now,
    random = Math.random,
    transport = fetchTransport,
    startUp = setTimeout,
  } = environment
  const { location, document } = win
  const config: Config = { ...DEFAULT_CONFIG }
  // The optional features (src/features/), given with the settings: their settings join the
  // core's, they are installed once the tracker is made, and the core calls their hooks.
  const hooks: Hooks = __FEATURES__ ? createHooks() : (undefined as never)
  const features: Feature[] = __FEATURES__ ? [].concat((settings?.features as any) || []) : []
  if (__FEATURES__) for (const feature of features) Object.assign(config, feature.defaults)
  // Set by configure: which paths are not tracked, which query parameters are sent.
  let isExcluded: (path: string) => boolean
  let isSentParameter: (name: string) => boolean
  let optedOutInMemory = false

  const log = (...message: unknown[]) => config.debug && console.log('[Lyt]', ...message)
  const warn = (...message: unknown[]) => config.debug && console.warn('[Lyt]', ...message)

  /** Nothing a public call is given, nor any browser quirk, may throw into the page. */
  const guard =
    <F extends (...args: any[]) => any>(call: F) =>
    (...args: Parameters<F>) => {
      try {
        return call(...args)
      } catch (error) {
        warn(error)
      }
    }
  const on = (target: EventTarget, type: string, listener: (event: any) => unknown) =>
    target.addEventListener(type, guard(listener))

  /**
   * Takes the settings it knows, each only of its default's type ("exclude": a list or a
   * string). A string is read as the `data-*` attributes are: a number, or a flag that is
   * on unless it is "false" (`data-debug` is an empty string).
   */
  const configure = (changes?: Settings) => {
    for (const name in __FEATURES__ ? config : DEFAULT_CONFIG) {
      // Not an object (null, a number…): nothing to read, every value is undefined.
      let value = (changes as any)?.[name]
      // The default's type: a setting only ever takes a value of that type.
      const type = typeof (config as any)[name]
      // (A list: its items joined by commas.)
      if ((name === 'exclude' || name === 'query' || (__FEATURES__ && name === 'mask')) && value) value = String(value)
      if (typeof value === 'string' && type !== 'string') {
        // (With features: a function setting given as a string names a global function,
        // looked up when it is called — `data-before-send="myFilter"`.)
        const name = value
        value =
          type === 'number'
            ? +value
            : __FEATURES__ && type === 'function'
              ? (...args: unknown[]) => (win as any)[name](...args)
              : value !== 'false'
      }
      if (typeof value === type) (config as any)[name] = value
      else if (value !== undefined) warn('bad setting', name)
    }
    isExcluded = nameMatcher(config.exclude as string)
    // Names, not paths, matched the same way (`*`: any run of characters).
    isSentParameter = nameMatcher('utm_*,' + config.query)
    // (The features' hooks are there once the tracker is made: not for its first settings.)
    if (__FEATURES__) for (const hook of hooks.configure) hook()
  }
  configure(settings)

  /** The page is being prerendered (Speculation Rules): nobody has seen it yet. */
  const isPrerendering = () => (document as Document & { prerendering?: boolean }).prerendering === true
  /**
   * Nothing may be stored or sent yet: the page is prerendered, or a feature's gate holds
   * (consent). Events made meanwhile wait in memory.
   */
  const isPaused = () => isPrerendering() || (__FEATURES__ && hooks.hold.some((holds) => holds()))
  const storage = safeStorage(
    () => ('storage' in environment ? environment.storage : win.localStorage),
    // Said each time (with debug): storage can fail now and work again later (a full quota).
    (error) => warn('storage failed, using memory:', error),
  )
  const optedOut = () => optedOutInMemory || storage('getItem', OPT_OUT_KEY) === 'true'

  // The session fields go at the top level of every request: any of them may be the one
  // that starts the visitor's session on the server.
  /** The path of the page now, as it is tracked. */
  const currentPath = () => trackedPath(location, config.hashRouting)
  /** The path of the last pageview; at first, of the page the visit landed on. */
  let lastPageviewPath = currentPath()
  const session: Record<string, unknown> = {
    screen_width: win.screen.width,
    screen_height: win.screen.height,
    path: lastPageviewPath,
  }
  new URLSearchParams(location.search).forEach((value, name) => {
    if (value && /^utm_(source|medium|campaign|term|content)$/.test(name)) session[name] = value
  })

  // ---- The parts: this tab's stored queue, and delivery -------------------------------

  /** The page has been left (`pagehide`), and not come back from the bfcache. */
  let pageLeft = false
  const isLeft = () => pageLeft
  const queue = createTabQueue({ config, storage, now, isLeft, isPaused, hooks, log, warn })
  const delivery = createDelivery({
    config,
    queue,
    transport,
    session,
    storage,
    win,
    now,
    random,
    isLeft,
    isPaused,
    hooks,
    log,
  })

  // ---- The calls -------------------------------------------------------------------------

  /** Opt-out discards what waits to be sent (what is already in flight cannot be recalled). */
  const discardIfOptedOut = () => {
    if (optedOut()) {
      queue._finish(queue._events(), { ok: false, ignored: true, reason: 'opt_out' })
      return 'opt_out'
    }
  }

  /**
   * A feature's `queue` hook answered for the event (hooks.ts): it stops there, and that
   * answer is its outcome for the call's callback.
   */
  const stoppedByFeature = (event: WireEvent, record: RecordOutcome) => {
    for (const hook of hooks.queue) {
      const answer = hook(event)
      if (answer) {
        record(answer)
        return true
      }
    }
    return false
  }

  /**
   * Checks, stamps and queues the events of one call, given by their options (`inputs`): a
   * call's one event is named `name`, a batch's carry their names. `callback` hears their outcome.
   */
  const track = (inputs: unknown[], callback: unknown, name?: unknown, batch?: boolean) => {
    const details: Details = {}
    const checked = inputs.map((options, index) => checkEvent(name, options, details, batch ? 'events[' + index + '].' : ''))
    if (!inputs.length) details.events = ['is required']
    if (hasProblems(details)) {
      warn('invalid event:', JSON.stringify(details))
      return answerLater(callback, { ok: false, error: 'validation_error', details })
    }
    const reason = discardIfOptedOut() || ignoreReason(win, config.respectDnt)
    const page = currentPath()
    const timestamp = new Date(now()).toISOString()
    const query = keptQuery(location.search, isSentParameter)
    // An event given no path is the page's (unless nothing is tracked at all: then the debug
    // line says the events as they were given). Then excluded by its path, or not.
    if (!reason) for (const event of checked) event.path ??= page
    let events: WireEvent[] = checked
      .filter((event) => !reason && !isExcluded(event.path!))
      .map((event) => ({
        ...(event as WireEvent),
        hostname: location.hostname,
        query,
        timestamp,
        // Unique enough that two events never share one; it identifies no visitor.
        id: now().toString(36) + Math.random().toString(36).slice(2, 12),
      }))
    if (!events.length) {
      log('not tracked:', reason || 'excluded', checked)
      return answerLater(callback, { ok: false, ignored: true, reason: reason || 'excluded' })
    }
    const record = outcomes(events.length, callback, batch)
    if (__FEATURES__) {
      events = events.filter((event) => !stoppedByFeature(event, record))
      for (const event of events) if (event.name === PAGE_VIEW) for (const hook of hooks.pageview) hook(event)
    }
    if (!events.length) return
    // A call without a callback has no one to answer: nothing waits for its events.
    queue._add(events, typeof callback === 'function' ? record : undefined)
    log('queued', events)
    // Made as the page is left (in a `pagehide` listener of the page's): it goes now.
    if (pageLeft) delivery._sendAll()
    else delivery._scheduleNext()
  }

  // The callback of a call: the last argument, or the second when that is a function.
  const call = (name: unknown, options?: unknown, callback?: unknown) =>
    track([options], typeof options === 'function' ? options : callback, name)
  const pageview = (options?: unknown, callback?: unknown) => {
    lastPageviewPath = currentPath()
    call(PAGE_VIEW, options, callback)
  }

  const lyt: any = guard(call)
  const methods: Record<string, (...args: any[]) => unknown> = {
    batch: (events: unknown, callback?: unknown) => {
      let list: unknown[] = []
      try {
        // Holes are read as undefined. A revoked Proxy throws even at isArray, and an array
        // whose iterator was taken away throws here: both answer that events are required.
        if (Array.isArray(events)) list = [...events]
      } catch {}
      track(list, callback, undefined, true)
    },
    pageview,
    flush: (callback?: unknown) => {
      queue._awaitAll(callback)
      delivery._sendNext()
    },
    queueLength: () => queue._events().length,
    configure,
    optOut: () => {
      optedOutInMemory = storage('setItem', OPT_OUT_KEY, 'true') === false
      discardIfOptedOut()
    },
    optIn: () => {
      optedOutInMemory = false
      storage('removeItem', OPT_OUT_KEY)
    },
  }
  for (const name in methods) lyt[name] = guard(methods[name])
  lyt.version = __VERSION__

  // ---- The page's life ---------------------------------------------------------------

  on(win, 'online', delivery._sendSoon)
  // The automatic page view, made once: by the start-up task, or as the page is hidden or
  // left before that task ran (a busy page, a visitor gone at once: still a visit). Never
  // while prerendered: a page nobody saw is no page view.
  let pageviewMade = false
  const autoPageview = () => {
    if (isPrerendering()) return
    if (config.autoPageview && !pageviewMade) pageview()
    pageviewMade = true
  }
  // The page is hidden or left: what is made then (the page view above, the features'
  // `leave` hooks) goes with what waits.
  const beforeLeaving = () => {
    autoPageview()
    if (__FEATURES__) for (const hook of hooks.leave) hook()
  }
  on(document, 'visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      beforeLeaving()
      delivery._sendAll()
    }
  })
  // `pagehide`, never `unload`: an unload handler would keep the page out of the bfcache.
  on(win, 'pagehide', () => {
    beforeLeaving()
    pageLeft = true
    delivery._sendAll()
    queue._save()
  })
  // Back from the bfcache: the record may have been taken over meanwhile (no `storage`
  // event reaches a cached page), then sending resumes. The visitor sees the page again: a
  // page view, as a reload would make.
  on(win, 'pageshow', (event: PageTransitionEvent) => {
    if (event.persisted) {
      queue._letGoIfTaken()
      pageLeft = false
      delivery._resume()
      queue._save()
      delivery._sendSoon()
      if (config.autoPageview) pageview()
    }
  })
  watchNavigation(
    win,
    guard(() => config.spaMode && currentPath() !== lastPageviewPath && pageview()),
  )

  /** Events left by an earlier page load, or by a tab that closed or crashed, are taken over and sent. */
  const adoptOrphans = () => {
    if (pageLeft || isPaused() || discardIfOptedOut()) return
    const found = queue._adoptOrphans()
    // That page had reason to think the server failing: this one thinks so too until it
    // hears a success, and trusts nothing it sends as it is left before then.
    if (found._keptByLeftPage) delivery._suspectFailure()
    if (found._tookAny) delivery._sendSoon()
  }

  if (__FEATURES__) {
    const context = {
      window: win,
      now,
      guard,
      config,
      log,
      warn,
      storage,
      session,
      // A gate opened: what waited is written and sent, with what other tabs left.
      resume: () => {
        adoptOrphans()
        delivery._sendSoon()
      },
      discard: (result: Result) => queue._finish(queue._events(), result),
    }
    for (const feature of features) feature.install(lyt, hooks, context)
  }

  // The loading task is the page's: what can wait a task does (README, "Start-up"). Reading
  // storage for the first time (other tabs' records, the opt-out) and listening to it cost
  // milliseconds; the page's own scripts run first. Calls the page makes meanwhile are
  // queued and stored before their task ends, as ever.
  const start = () => {
    // Another tab changed this tab's record: only a takeover does (it removes the record),
    // so those events are that tab's now. Or opted out.
    on(win, 'storage', (event: StorageEvent) => {
      if (event.key === queue._key) queue._handOver(event.oldValue)
      discardIfOptedOut()
    })
    adoptOrphans()
    setInterval(guard(adoptOrphans), HEARTBEAT_MS)
    autoPageview()
  }
  startUp(
    guard(() => {
      if (!isPrerendering()) return start()
      // Prerendered: nothing is stored, sent or made until the visitor sees the page; what
      // the page's own scripts tracked meanwhile waits in memory, then goes.
      on(document, 'prerenderingchange', () => {
        queue._save()
        delivery._sendSoon()
        start()
      })
    }),
  )
  return lyt
}

// The tracker: every public call, this tab's queue, and its delivery. The script tag
// (script.ts) and the npm module (index.ts) both make theirs here. The pure parts live in
// their own modules: checking (validate.ts, paths.ts, privacy.ts), the queue's bookkeeping
// (queue.ts), what an answer means (response.ts), callbacks (callbacks.ts), and the edges
// (storage.ts, transport.ts, navigation.ts).
//
// The life of an event: born in `track()` (a call, or `pageview()` on load and on SPA
// navigation) → checked (`checkEvent`) → stamped and queued (`pending`) → stored in this
// tab's record (`save`) → sent (`send`) → acknowledged, retried or refused (`onReply`) →
// its callback answered (`callbacks`).

import { answerLater, outcomes } from './callbacks'
import { createHooks, type Feature, type Hooks } from './hooks'
import { watchNavigation } from './navigation'
import { keptQuery, nameMatcher, trackedPath } from './paths'
import { OPT_OUT_KEY, ignoreReason } from './privacy'
import { nextBatch, parseQueue, type WireEvent } from './queue'
import { isRetryable, namedEvents, retryDelay, type Reply } from './response'
import { safeStorage } from './storage'
import { fetchTransport, type Transport } from './transport'
import type { Config, Lyt, Result } from './types'
import { checkEvent, type Details } from './validate'

declare const __VERSION__: string
/** False in the core script build: the features' hook slots are left out of it (hooks.ts). */
declare const __FEATURES__: boolean

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

/** Each tab's record is stored under this prefix and the tab's random id. */
export const QUEUE_KEY_PREFIX = 'lyt_q_'
/** How often a tab with events waiting renews its heartbeat and looks for orphaned events. */
export const HEARTBEAT_MS = 5000
/** A record whose heartbeat is older than this belongs to a tab that is gone. */
export const STALE_AFTER_MS = 15_000
/** The server's `max_batch_size`. */
export const MAX_BATCH_EVENTS = 100
/** Browsers refuse `keepalive` bodies past 64 KiB in flight per page; keep a margin. */
export const KEEPALIVE_BUDGET_BYTES = 63_000
/**
 * A request still unanswered after this long when its page is left is not taken as
 * delivered: the server may be hanging (README, "Counted once").
 */
export const TRUSTED_IN_FLIGHT_MS = 3000
/**
 * Events a page sent as it was left, taken as delivered, stay held by the next page load
 * this long: if its first request finds the server failing, they are sent again.
 */
export const HOLD_MS = 10_000

/** What `createLyt()` takes: the settings, and (npm module, full build) the features to turn on. */
export type Settings = Partial<Config> & { features?: Feature[]; [setting: string]: unknown }

export function createLyt(settings?: Settings, environment: Partial<Environment> = {}): Lyt {
  const { window: win = window, now = Date.now, transport = fetchTransport, startUp = setTimeout } = environment
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
      if ((name == 'exclude' || name == 'query') && value) value = String(value)
      if (typeof value == 'string' && type != 'string') {
        // (With features: a function setting given as a string names a global function,
        // looked up when it is called — `data-before-send="myFilter"`.)
        const name = value
        value =
          type == 'number'
            ? +value
            : __FEATURES__ && type == 'function'
              ? (...args: unknown[]) => (win as any)[name](...args)
              : value != 'false'
      }
      if (typeof value == type) (config as any)[name] = value
      else if (value !== undefined) warn('bad setting', name)
    }
    isExcluded = nameMatcher(config.exclude as string)
    // Names, not paths, matched the same way (`*`: any run of characters).
    isSentParameter = nameMatcher('utm_*,' + config.query)
  }
  configure(settings)

  const storage = safeStorage(
    () => ('storage' in environment ? environment.storage : win.localStorage),
    // Said each time (with debug): storage can fail now and work again later (a full quota).
    (error) => warn('storage failed, using memory:', error),
  )
  const optedOut = () => optedOutInMemory || storage('getItem', OPT_OUT_KEY) == 'true'

  /**
   * Events that leave the queue, with what the callbacks waiting for them hear; said with
   * debug. Events no longer queued have had their outcome.
   */
  const finish = (events: WireEvent[], result: Result) => {
    events = events.filter((event) => pending.includes(event))
    if (events[0]) {
      ;(result.ok ? log : warn)(JSON.stringify(result), events.length, events.map((event) => event.name))
      if (__FEATURES__ && !result.ok) for (const hook of hooks.drop) hook(events, result)
      pending = pending.filter((event) => !events.includes(event))
      saveSoon()
      waiters = waiters.filter(([first, last, record]) => {
        let awaited = 1
        for (const event of events) {
          const number = numbers.get(event)!
          if (number >= first && number <= last) awaited = record(result)
        }
        return awaited > 0
      })
    }
  }

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

  // ---- This tab's queue, stored, shared with the other tabs of the origin -------------
  //
  // Each tab writes only its own record (`lyt_q_<tab id>`: `{"h": heartbeat, "e": events}`),
  // so two tabs never overwrite each other's events, and each tab sends only its own. The
  // heartbeat says the tab is alive; at `pagehide` it becomes 0: released. Any tab or page
  // load takes over a record that is released or stale (a closed or crashed tab); its owner,
  // if it lives after all (frozen, or back from the bfcache), lets those events go. See the
  // README's "Several tabs" for why this and not Web Locks.

  /** A save is planned before this task ends (`saveSoon`). */
  let saveScheduled = false
  // The tab id: the digits of a random number (about 52 bits), so two tabs never share one.
  const ownKey = QUEUE_KEY_PREFIX + Math.random().toString(36).slice(2)
  /** This tab's events not yet acknowledged, oldest first. */
  let pending: WireEvent[] = []
  /**
   * What the last page sent as it was left while the server answered (taken from its
   * record): delivered, unless this page's first request, made within HOLD_MS of that page
   * leaving, finds the server failing; then they are queued again.
   */
  let held: WireEvent[] = []
  /** When the page whose events are `held` was left. */
  let heldSince = 0
  /**
   * The callbacks still waiting, of calls and of `flush()`: each waits for the events
   * numbered `first` to `last`. An event is numbered as it is queued by a call, or when a
   * `flush()` first sees it queued (taken over from storage); numbers only grow. (A few
   * numbers per callback, never a closure per event: 50,000 `flush(cb)` on one waiting event
   * are 50,000 small entries, answered in one pass.)
   */
  let waiters: [first: number, last: number, record: (result: Result) => number][] = []
  const numbers = new WeakMap<WireEvent, number>()
  let lastNumber = 0
  /**
   * Numbers the queued `events` that have none, and has `callback` wait for every event
   * numbered up to now from `first` (through `record`, when the call already counts others).
   */
  const awaitOutcomes = (
    events: WireEvent[],
    callback: unknown,
    first: number,
    counted?: boolean,
    counting?: (result: Result) => number,
  ) => {
    for (const event of events) if (!numbers.has(event)) numbers.set(event, ++lastNumber)
    const record = (__FEATURES__ && counting) || outcomes(events.length, callback, counted)
    if (events[0] && callback) waiters.push([first, lastNumber, record])
  }
  /**
   * What this tab last wrote to its key (undefined: nothing there). A takeover that removed
   * it leaves it as it was. Handing over undefined, or a record already handed over, lets
   * nothing go.
   */
  let stored: string | undefined
  /**
   * The page has been left (pagehide): its record is released for the next page load, and
   * nothing more is sent but what goes as it leaves (the unload guard in `send`): a retry
   * is the next page load's to make.
   */
  let left = false

  /**
   * In flight as the page was left while the server answered: taken as delivered, and held
   * by the next page load, whose first answer says whether the server was answering then.
   * A request that outlives its page can never be acknowledged; it is trusted when it went
   * with keepalive, the last answer was a success with no failure since (a retry in flight
   * may be going to a server that still fails: kept), the browser is online, and it has not
   * been waiting TRUSTED_IN_FLIGHT_MS already (a hanging server). README, "Counted once".
   */
  const takenAsDelivered = (event: WireEvent) =>
    !retries && win.navigator.onLine !== false && now() - inFlight.get(event)! < TRUSTED_IN_FLIGHT_MS

  /**
   * Writes the queue now, after applying its bounds (in this order: events older than
   * `maxAge` ms expire, then the oldest of the rest go until at most `maxQueue` are left);
   * once the page has been left, as released: free for the next page load or another tab
   * to take, with what was taken as delivered apart. Storage that fails keeps the events in
   * memory (and a quota error loses nothing: they are sent from there).
   */
  const save = () => {
    const time = now()
    // Once the page is left, the next page load may already have taken the record: writing
    // it again would have those events sent twice.
    if (left) letGoIfTaken()
    finish(pending.filter((event) => Date.parse(event.timestamp) < time - config.maxAge), { ok: false, error: 'expired' })
    finish(pending.slice(0, -config.maxQueue), { ok: false, error: 'queue_full' })
    // After `finish`, whose own save this one is: one write, not two.
    saveScheduled = false
    const sent = left ? held.concat(pending.filter(takenAsDelivered)) : []
    const events = sent.concat(pending.filter((event) => !sent.includes(event)))
    const record = events[0] && JSON.stringify({ h: time, a: config.endpoint, e: events, s: left ? sent.length : undefined })
    if (storage(record ? 'setItem' : 'removeItem', ownKey, record) !== false) stored = record
  }

  /** One write per task, however many calls the task makes: before the task ends. */
  const saveSoon = () => {
    if (!saveScheduled) queueMicrotask(() => saveScheduled && save())
    saveScheduled = true
  }

  /**
   * This tab's record is gone from storage: another tab or page load took it over (when it
   * looked stale, or was released), and those events are its own now. (A live page learns
   * of it by the `storage` event: it may also clear storage itself, which takes nothing.)
   */
  const letGoIfTaken = () => storage('getItem', ownKey) == null && handOver(stored)

  /** Another tab took the events of `record` over: they are its to send (or hold) now. */
  const handOver = (record: unknown) => {
    const taken = parseQueue(record).e
    finish(
      pending.filter((event) => taken.some((other) => other.id == event.id)),
      { ok: false, error: 'taken_over' },
    )
  }

  /**
   * Renews this tab's heartbeat, then takes over the events of tabs that are gone (released
   * or stale) and sends them at once. Runs at start and every HEARTBEAT_MS.
   */
  const adopt = () => {
    if (left || discardIfOptedOut()) return
    // The heartbeat: this tab is alive, its stored events are not anyone else's to send.
    if (pending[0]) save()
    for (const key of storage('keys') || []) {
      // `a`: the endpoint its events are for. Another tracker's (several on one page, or on
      // other pages of the origin) are never taken: they go to their own endpoint.
      const { h, a = config.endpoint, e, s } = parseQueue(key.startsWith(QUEUE_KEY_PREFIX) && key != ownKey && storage('getItem', key))
      // An event this tab already has (taken from it while it was frozen, and left behind
      // again) is not taken twice: one id, one request at a time.
      const fresh = (event: WireEvent) => !pending.concat(held).some((other) => other.id == event.id)
      // Released (its page was left) or stale.
      if (a == config.endpoint && e[0] && (s! >= 0 || !(now() - (h as number) < STALE_AFTER_MS))) {
        log('took over', key)
        // A page left with events kept (not taken as delivered) had reason to think the
        // server failing: this one thinks so too until it hears a success, and trusts
        // nothing it sends as it is left before then.
        if (e[s!]) retries ||= 1
        pending = e.slice(s).filter(fresh).concat(pending)
        if (s && now() - (h as number) < HOLD_MS) {
          held = e.slice(0, s).filter(fresh).concat(held)
          heldSince = h as number
        }
        // Ours first, then theirs removed: a crash in between duplicates, it never loses.
        save()
        storage('removeItem', key)
        sendIn(0)
      }
    }
  }

  // ---- Delivery: one request at a time, in queue order ---------------------------------

  /** The events of the requests not yet answered: when each went with keepalive, 0 without. */
  const inFlight = new Map<WireEvent, number>()
  /** What keepalive bodies may still take in flight, in bytes. */
  let keepaliveRoom = KEEPALIVE_BUDGET_BYTES
  /** Failed attempts in a row, for the backoff. */
  let retries = 0
  /** Halved on each refusal without usable details, until the bad event is alone. */
  let batchLimit = MAX_BATCH_EVENTS
  let timer: any // the next request's timeout id; undefined when none is planned
  /** When the last request went out (0: never), for the spacing of one interval between requests. */
  let lastSendAt = 0

  /** The next request goes in `delay` ms (any earlier plan is dropped). */
  const sendIn = (delay: number) => {
    clearTimeout(timer)
    timer = setTimeout(send, delay)
  }

  /**
   * Schedules the next request. New events' requests are at least one interval apart, and
   * an event made after a quiet spell goes at once (with the rest of its task's calls): the
   * sooner it is acknowledged, the less often a page is left with events in flight, which is
   * the one way an event can arrive twice. A backlog (events that were waiting when the last
   * request went) drains back to back.
   */
  const scheduleNext = () => {
    if (inFlight.size) return // the answer schedules what follows
    if (!pending[0]) batchLimit = MAX_BATCH_EVENTS
    // A backlog: the oldest event waiting was made before the last request went.
    else if (!timer) sendIn(Date.parse(pending[0].timestamp) < lastSendAt ? 0 : lastSendAt + config.flushInterval - now())
  }

  const onReply = (batch: WireEvent[], { status, body, retryAfter }: Reply, bytes: number) => {
    if (__FEATURES__) for (const hook of hooks.reply) hook(batch, status)
    // The unload guard. Chromium rejects a page's fetches as it is left, keepalive ones too,
    // though those go on and arrive: once the page is left, no answer (status 0) says
    // nothing, and the events stay in flight (else `visibilitychange` would send them again).
    if (left && !status) return
    for (const event of batch) inFlight.delete(event)
    keepaliveRoom += bytes
    const failed = isRetryable(status)
    // The first answer this page hears says what became of what the last page sent as it
    // left. No answer while the browser is offline says nothing of the server: the next
    // answer decides.
    if (status || win.navigator.onLine !== false) {
      if (failed) pending = held.concat(pending)
      held = []
    }
    if (status > 199 && status < 300) {
      retries = 0
      finish(batch, { ok: true })
      // What follows is planned afresh: one interval after the last request.
      timer = clearTimeout(timer) // (undefined)
      return scheduleNext()
    }
    const refused = namedEvents(status == 400 && body, batch)
    if (failed) {
      const delay = retryDelay(retries++, environment.random || Math.random, retryAfter, now())
      log(status, 'retry in', delay | 0)
      // Once the page is left, the failure is written down: the next page load sends them.
      return left ? save() : sendIn(delay)
    }
    if (refused.length) {
      // A 400 naming events: exactly those go, with the server's reasons.
      refused.forEach((details, index) => finish([batch[index]], { ok: false, error: 'validation_error', details }))
    } else if (batch[1]) {
      // Any other refusal: halve the batch until the bad event is alone.
      batchLimit = (batch.length + 1) >> 1
    } else {
      batchLimit = MAX_BATCH_EVENTS
      finish(batch, { ok: false, error: 'rejected', status })
    }
    // The refusal is dealt with: what is left goes on without a backoff.
    send()
  }

  /**
   * Sends the next batch; when `leaving` (page hidden or left), everything waiting at once,
   * as far as the keepalive budget allows: what does not fit stays stored for the next page
   * load. Every request goes with keepalive while it fits the budget, so that one in flight
   * as the page is left still arrives, once.
   */
  const send = (leaving?: boolean) => {
    timer = clearTimeout(timer) // this request replaces any that was planned (undefined)
    // Offline, nothing can arrive: the `online` event sends. The page left, only what goes as
    // it leaves. While the server fails (a failure was the last answer), nothing goes as the
    // page is hidden or left: no page may be there to hear whether it arrived, so it would be
    // kept and sent again; it waits in storage for the retry or the next page load instead.
    if (win.navigator.onLine === false || (leaving ? retries : left || inFlight.size)) return
    lastSendAt = now()
    // Taken as delivered only when this page's first request is made soon enough to tell.
    if (lastSendAt - heldSince > HOLD_MS) held = []
    do {
      const [batch, body] = nextBatch(
        pending.filter((event) => !inFlight.has(event)),
        batchLimit,
        session,
      )
      const bytes = new Blob([body]).size // in UTF-8
      const keepalive = bytes <= keepaliveRoom
      // Leaving: only a batch that fits the keepalive budget (the rest stays stored). Else a
      // batch, or, with nothing to send but events held, an empty one that asks whether the
      // server answers (Lyt's answers 400): the first answer decides what the held became.
      if (!(leaving ? batch[0] && keepalive : batch[0] || held[0])) break
      if (keepalive) keepaliveRoom -= bytes
      for (const event of batch) inFlight.set(event, keepalive ? lastSendAt : 0)
      if (__FEATURES__) for (const hook of hooks.send) hook(batch, bytes, keepalive)
      transport(config.endpoint.replace(/\/+$/, '') + '/events', body, keepalive).then((reply) =>
        onReply(batch, reply, keepalive ? bytes : 0),
      )
    } while (leaving)
    scheduleNext()
  }

  // ---- The calls -------------------------------------------------------------------------

  /** Opt-out discards what waits to be sent (what is already in flight cannot be recalled). */
  const discardIfOptedOut = () => {
    if (optedOut()) {
      finish(pending, { ok: false, ignored: true, reason: 'opt_out' })
      return 'opt_out'
    }
  }

  /**
   * Checks, stamps and queues the events of one call, given by their options (`inputs`): a
   * call's one event is named `name`, a batch's carry their names. `callback` hears their outcome.
   */
  const track = (inputs: unknown[], callback: unknown, name?: unknown, batch?: boolean) => {
    const details: Details = {}
    const checked = inputs.map((options, index) =>
      checkEvent(name, options, details, batch ? 'events[' + index + '].' : ''),
    )
    if (!inputs.length) details.events = ['is required']
    for (const _ in details) {
      warn('invalid event:', JSON.stringify(details))
      return answerLater(callback, { ok: false, error: 'validation_error', details })
    }
    const reason = discardIfOptedOut() || ignoreReason(win, config.respectDnt)
    const page = currentPath()
    const timestamp = new Date(now()).toISOString()
    const query = keptQuery(location.search, isSentParameter)
    // Not tracked at all (then no path is filled in), or excluded by its path.
    let events: WireEvent[] = checked
      .filter((event) => !reason && !isExcluded((event.path ??= page)))
      .map((event) => ({
        ...(event as WireEvent),
        hostname: location.hostname,
        query,
        timestamp,
        // Unique enough that two events never share one; it identifies no visitor.
        id: now().toString(36) + Math.random().toString(36).slice(2, 12),
      }))
    if (!events[0]) {
      log('not tracked:', reason || 'excluded', checked)
      return answerLater(callback, { ok: false, ignored: true, reason: reason || 'excluded' })
    }
    if (__FEATURES__) {
      // The features' say (hooks.ts): a hook that answers for an event stops it there (its
      // answer counts for the call's callback like any outcome).
      const record = outcomes(events.length, callback, batch)
      events = events.filter((event) => {
        for (const hook of hooks.queue) {
          const result = hook(event)
          if (result) return record(result) < 0
        }
        return true
      })
      if (!events[0]) return
      awaitOutcomes(events, callback, lastNumber + 1, batch, record)
    } else awaitOutcomes(events, callback, lastNumber + 1, batch)
    pending.push(...events)
    saveSoon()
    // Made as the page is left (in a `pagehide` listener of the page's): it goes now.
    left ? send(true) : scheduleNext()
    log('queued', events)
  }

  // The callback of a call: the last argument, or the second when that is a function.
  const call = (name: unknown, options?: unknown, callback?: unknown) =>
    track([options], typeof options == 'function' ? options : callback, name)
  const pageview = (options?: unknown, callback?: unknown) => {
    lastPageviewPath = currentPath()
    call('Page View', options, callback)
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
      awaitOutcomes(pending, callback, 0, true)
      send()
    },
    queueLength: () => pending.length,
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

  // (The order of these makes no difference; this one compresses best.)
  on(win, 'online', () => sendIn(0))
  // (Features: what they make as the page turns hidden goes with what waits, below.)
  if (__FEATURES__) on(document, 'visibilitychange', () => document.visibilityState == 'hidden' && hooks.leave.forEach((hook) => hook()))
  on(document, 'visibilitychange', () => document.visibilityState == 'hidden' && send(true))
  // `pagehide`, never `unload`: an unload handler would keep the page out of the bfcache.
  on(win, 'pagehide', () => {
    if (__FEATURES__) for (const hook of hooks.leave) hook()
    left = true
    send(true)
    save()
  })
  // Back from the bfcache: the record may have been taken over meanwhile (no `storage`
  // event reaches a cached page), then sending resumes.
  on(win, 'pageshow', (event: PageTransitionEvent) => {
    if (event.persisted) {
      letGoIfTaken()
      left = false
      save()
      sendIn(0)
    }
  })
  watchNavigation(
    win,
    guard(() => config.spaMode && currentPath() != lastPageviewPath && pageview()),
  )

  if (__FEATURES__) for (const feature of features) feature.install(lyt, hooks, { window: win, now, guard, config, log, warn })

  // The loading task is the page's: what can wait a task does (README, "Start-up"). Reading
  // storage for the first time (other tabs' records, the opt-out) and listening to it cost
  // milliseconds; the page's own scripts run first. Calls the page makes meanwhile are
  // queued and stored before their task ends, as ever.
  startUp(
    guard(() => {
      // Another tab changed this tab's record: only a takeover does (it removes the record),
      // so those events are that tab's now. Or opted out.
      on(win, 'storage', (event: StorageEvent) => {
        if (event.key == ownKey) handOver(event.oldValue)
        discardIfOptedOut()
      })
      // Events left by an earlier page load, or by a tab that closed or crashed, go out first.
      adopt()
      setInterval(guard(adopt), HEARTBEAT_MS)
      if (config.autoPageview) pageview()
    }),
  )
  return lyt
}

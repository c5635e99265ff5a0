// The tracker: every public call, wired to the modules that check, queue, store and send.
// The script tag (script.ts) and the npm module (index.ts) both make theirs here.
//
// The life of an event: born in `track()` (a call, or `pageview()` on load and on SPA
// navigation) → checked (validate.ts) → stamped and queued (queue.ts) → stored for this
// tab (tabs.ts, storage.ts) → sent and acknowledged (delivery.ts, transport.ts, response.ts)
// → its callback answered (callbacks.ts).

import { answerLater, createCallbacks } from './callbacks'
import { createDelivery } from './delivery'
import { watchNavigation } from './navigation'
import { excludeMatcher, trackedPath } from './paths'
import { OPT_OUT_KEY, ignoreReason } from './privacy'
import { entryOf, type Entry, type WireEvent } from './queue'
import { safeStorage } from './storage'
import { HEARTBEAT_MS, createSharedQueue } from './tabs'
import { fetchTransport, type Transport } from './transport'
import type { Callback, Config, Lyt } from './types'
import { checkEvent, type CheckedEvent, type Details } from './validate'

declare const __VERSION__: string

/** What the tracker uses of the world; tests pass their own to drive time, storage and faults. */
export interface Environment {
  window: Window
  /** Where queued events are kept; null for none. Default: `window.localStorage`. */
  storage: Storage | null
  transport: Transport
  now: () => number
  random: () => number
}

export const DEFAULT_CONFIG: Config = {
  endpoint: '/api/analytics',
  autoPageview: true,
  spaMode: true,
  hashRouting: false,
  flushInterval: 1000,
  debug: false,
  respectDnt: true,
  exclude: [],
  maxQueue: 1000,
  maxAge: 7 * 24 * 3600 * 1000,
}

const PAGE_VIEW = 'Page View'
const UTM_FIELDS = ['source', 'medium', 'campaign', 'term', 'content']

export function createLyt(settings: Partial<Config> = {}, environment: Partial<Environment> = {}): Lyt {
  const win = environment.window || window
  const { location, document } = win
  const now = environment.now || Date.now
  const config: Config = { ...DEFAULT_CONFIG }
  let isExcluded = excludeMatcher(undefined)
  let optedOutInMemory = false
  let storageFailed = false

  const log = (...message: unknown[]) => config.debug && console.log('[Lyt]', ...message)
  const warn = (...message: unknown[]) => config.debug && console.warn('[Lyt]', ...message)

  /** Nothing a public call is given, nor any browser quirk, may throw into the page. */
  const guard = <F extends (...args: any[]) => any>(call: F): F =>
    function (this: unknown) {
      try {
        return call.apply(this, arguments as any)
      } catch (error) {
        warn('internal error:', error)
      }
    } as F

  /** Takes the settings it knows, each only of the type of its default ("exclude": a list or a string). */
  const configure = (changes: Partial<Config>) => {
    if (changes && typeof changes == 'object') {
      for (const name in DEFAULT_CONFIG) {
        const value = changes[name as keyof Config]
        if (value === undefined) continue
        if (typeof value == typeof DEFAULT_CONFIG[name as keyof Config] || (name == 'exclude' && typeof value == 'string')) {
          ;(config as any)[name] = value
        } else warn('setting ' + name + ' ignored: wrong type')
      }
      isExcluded = excludeMatcher(config.exclude)
    }
  }
  configure(settings)

  const storage = safeStorage(
    () => ('storage' in environment ? environment.storage : win.localStorage),
    (error) => {
      if (!storageFailed) warn('storage unavailable, keeping events in memory:', error)
      storageFailed = true
    },
  )
  const optedOut = () => optedOutInMemory || storage.get(OPT_OUT_KEY) == 'true'
  /** Random enough that two events never share one, and no identifier of the visitor. */
  const newId = () => now().toString(36) + Math.random().toString(36).slice(2, 12)

  const callbacks = createCallbacks()
  const queue = createSharedQueue(storage, now, newId(), config, (entries, error) => {
    warn('gave up', entries.length, 'events:', error)
    callbacks._settle(entries.map((entry) => entry._id), { ok: false, error })
  })

  // The session fields go at the top level of every request: any of them may be the one
  // that starts the visitor's session on the server.
  const landingPath = trackedPath(location, config.hashRouting)
  const landingQuery = new URLSearchParams(location.search)
  const session: Record<string, unknown> = { screen_width: win.screen.width, screen_height: win.screen.height }
  for (const field of UTM_FIELDS) {
    const value = landingQuery.get('utm_' + field)
    if (value) session['utm_' + field] = value
  }
  session.path = landingPath

  const delivery = createDelivery({
    queue,
    transport: environment.transport || fetchTransport(),
    url: () => config.endpoint.replace(/\/+$/, '') + '/events',
    sessionFields: ',' + JSON.stringify(session).slice(1, -1),
    interval: () => config.flushInterval,
    now,
    random: environment.random || Math.random,
    settle: callbacks._settle,
    log,
    warn,
  })

  /** Opt-out discards what waits to be sent (what is already in flight cannot be recalled). */
  const discardIfOptedOut = () => {
    const reason = optedOut() && 'opt_out'
    if (reason && queue._entries.length) {
      callbacks._settle(queue._entries.map((entry) => entry._id), { ok: false, ignored: true, reason })
      queue._clear()
    }
    return reason
  }

  /** Checks, stamps and queues the events of one call; `callback` hears their outcome. */
  const track = (inputs: [unknown, unknown][], callback: unknown, batch: boolean) => {
    const details: Details = {}
    const checked = inputs.map(([name, options], index) =>
      checkEvent(name, options, details, batch ? 'events[' + index + '].' : ''),
    )
    if (!inputs.length) details.events = ['is required']
    for (const _ in details) {
      warn('invalid event:', JSON.stringify(details))
      return answerLater(callback, { ok: false, error: 'validation_error', details })
    }
    const reason = discardIfOptedOut() || ignoreReason(win, config.respectDnt, false)
    const page = trackedPath(location, config.hashRouting)
    const time = now()
    const timestamp = new Date(time).toISOString()
    const entries: Entry[] = []
    for (const { name, path = page, metadata } of checked as CheckedEvent[]) {
      if (reason || isExcluded(path)) continue
      const event: WireEvent = {
        name,
        path,
        hostname: location.hostname,
        query: location.search.slice(1) || undefined,
        timestamp,
        id: newId(),
      }
      // The metadata was serialised when it was checked: splice that snapshot in.
      const json = JSON.stringify(event)
      entries.push(entryOf(event, metadata ? json.slice(0, -1) + ',"metadata":' + metadata + '}' : json, time))
    }
    const names = checked.map((event) => event!.name)
    if (!entries.length) {
      log('not tracked (' + (reason || 'excluded') + '):', ...names)
      return answerLater(callback, { ok: false, ignored: true, reason: reason || 'excluded' })
    }
    callbacks._expect(entries.map((entry) => entry._id), callback, batch)
    queue._entries.push(...entries)
    queue._saveSoon()
    delivery._queued()
    log('queued', ...names)
  }

  let lastPageviewPath = landingPath
  const pageview = (options?: unknown, callback?: unknown) => {
    if (typeof options == 'function') callback = options
    lastPageviewPath = trackedPath(location, config.hashRouting)
    track([[PAGE_VIEW, options]], callback, false)
  }

  const lyt: Lyt = Object.assign(
    guard((name: unknown, options?: unknown, callback?: unknown) => {
      if (typeof options == 'function') callback = options
      track([[name, options]], callback, false)
    }),
    {
      batch: guard((events: unknown, callback?: unknown) => {
        let list: unknown[] = []
        try {
          // Array.from reads holes as undefined; a revoked Proxy throws even at isArray.
          if (Array.isArray(events)) list = Array.from(events)
        } catch {}
        track(list.map((event) => [undefined, event]), callback, true)
      }),
      pageview: guard(pageview),
      flush: guard((callback?: Callback) => delivery._flush((result) => answerLater(callback, result))),
      queueLength: guard(() => queue._entries.length),
      configure: guard(configure),
      optOut: guard(() => {
        optedOutInMemory = !storage.set(OPT_OUT_KEY, 'true')
        discardIfOptedOut()
        log('opted out')
      }),
      optIn: guard(() => {
        optedOutInMemory = false
        storage.remove(OPT_OUT_KEY)
        log('opted in')
      }),
      version: __VERSION__,
    },
  )

  // Events left by an earlier page load, or by a tab that closed or crashed, go out first.
  const adoptOrphans = () => {
    const adopted = !discardIfOptedOut() && queue._adopt()
    if (adopted) {
      log('took over', adopted, 'events left by another page')
      delivery._sendNow()
    }
  }
  adoptOrphans()
  setInterval(
    guard(() => {
      adoptOrphans()
      // The heartbeat: this tab is alive, its stored events are not anyone else's to send.
      if (queue._entries.length) queue._save()
    }),
    HEARTBEAT_MS,
  )

  document.addEventListener(
    'visibilitychange',
    guard(() => document.visibilityState == 'hidden' && delivery._sendAll()),
  )
  // `pagehide`, never `unload`: an unload handler would keep the page out of the bfcache.
  win.addEventListener(
    'pagehide',
    guard(() => {
      delivery._leave()
      queue._save(true)
    }),
  )
  win.addEventListener(
    'pageshow',
    guard((event: PageTransitionEvent) => {
      if (event.persisted) {
        queue._resume()
        delivery._resume()
      }
    }),
  )
  win.addEventListener('online', guard(() => delivery._sendNow()))
  win.addEventListener(
    'storage',
    guard((event: StorageEvent) => {
      queue._onStorage(event)
      discardIfOptedOut()
    }),
  )
  watchNavigation(
    win,
    guard(() => {
      if (config.spaMode && trackedPath(location, config.hashRouting) != lastPageviewPath) pageview()
    }),
  )

  if (config.autoPageview) pageview()
  return lyt
}

// Test doubles for the tracker's world: a fresh browser window, a server that answers as
// the test scripts it, and storage that counts its writes or fails on demand.

import { Window } from 'happy-dom'
import { vi } from 'vitest'
import { createLyt, SUCCESS_KEY_PREFIX, type Environment, type Settings } from '../../src/lyt'
import type { Reply } from '../../src/response'
import type { Transport } from '../../src/transport'
import type { Lyt, Result } from '../../src/types'

export const LANDING_URL = 'https://shop.example/landing?utm_source=news&utm_campaign=autumn&ref=x'

/** A fresh window that is not under automation (happy-dom says it is by default). */
export function browserWindow(url = LANDING_URL, navigatorProps: Record<string, unknown> = {}) {
  const win = new Window({ url })
  Object.defineProperty(win.screen, 'width', { value: 1280 })
  Object.defineProperty(win.screen, 'height', { value: 800 })
  for (const [name, value] of Object.entries({ webdriver: false, doNotTrack: null, ...navigatorProps })) {
    Object.defineProperty(win.navigator, name, { value, configurable: true })
  }
  return win
}

export interface SentRequest {
  url: string
  body: any
  raw: string
  keepalive: boolean
  /** The answer it got (undefined while it hangs). */
  reply?: Reply
}

type Scripted = Reply | 'hang' | ((request: SentRequest) => Reply | 'hang')

/** A server the test scripts: by default every request is answered 200 and delivered. */
export function fakeServer() {
  const requests: SentRequest[] = []
  const script: Scripted[] = []
  const hanging: ((reply: Reply) => void)[] = []
  const transport: Transport = (url, raw, keepalive) => {
    const request: SentRequest = { url, raw, body: JSON.parse(raw), keepalive }
    requests.push(request)
    // Like Lyt's server: an empty batch is refused (the tracker sends one to ask whether the server answers).
    const healthy: Reply = request.body.events.length
      ? { status: 200, body: { ok: true, queued: request.body.events.length } }
      : { status: 400, body: { ok: false, error: 'validation_error', details: { events: ['should have at least 1 item(s)'] } } }
    let next = script.length ? script.shift()! : healthy
    if (typeof next === 'function') next = next(request)
    if (next === 'hang') return new Promise((resolve) => hanging.push((reply) => resolve((request.reply = reply))))
    request.reply = next
    return Promise.resolve(next)
  }
  return {
    transport,
    requests,
    /** Queue up answers for the next requests, in order. */
    answer: (...replies: Scripted[]) => script.push(...replies),
    /** Let every hanging request answer now. */
    release: (reply: Reply = { status: 200, body: { ok: true } }) => hanging.splice(0).forEach((resolve) => resolve(reply)),
    /** Events of every request answered with a 2xx, in order. */
    delivered: () =>
      requests.filter((r) => r.reply && r.reply.status >= 200 && r.reply.status < 300).flatMap((r) => r.body.events),
    names: () => requests.flatMap((r) => r.body.events.map((e: any) => e.name)),
  }
}

/**
 * A Storage kept in a Map that counts writes and can be made to fail. Like a browser's, its
 * stored keys are its own enumerable properties (`Object.keys(localStorage)`).
 */
export function memoryStorage() {
  const items = new Map<string, string>()
  const state = { writes: 0, failWrites: false, failAll: false }
  const check = () => {
    if (state.failAll) throw new DOMException('storage is disabled', 'SecurityError')
  }
  const methods: Record<string, unknown> = {
    key: (index: number) => (check(), [...items.keys()][index] ?? null),
    getItem: (key: string) => (check(), items.get(key) ?? null),
    setItem(key: string, value: string) {
      check()
      if (state.failWrites) throw new DOMException('quota exceeded', 'QuotaExceededError')
      state.writes++
      items.set(key, String(value))
    },
    removeItem: (key: string) => (check(), void items.delete(key)),
    clear: () => (check(), items.clear()),
  }
  const storage = new Proxy({} as Storage, {
    get(_, name) {
      check()
      if (name === 'length') return items.size
      return typeof name === 'string' && name in methods ? methods[name] : items.get(name as string)
    },
    set(_, name, value) {
      ;(methods.setItem as (k: string, v: string) => void)(name as string, value)
      return true
    },
    ownKeys() {
      check()
      return [...items.keys()]
    },
    getOwnPropertyDescriptor(_, name) {
      return items.has(name as string) ? { value: items.get(name as string), enumerable: true, configurable: true } : undefined
    },
  })
  return { storage, items, state }
}

/** Callback results, recorded with how many times each callback was called. */
export function recorder() {
  const results: Result[] = []
  return { results, callback: (result: Result) => void results.push(result) }
}

/** Starts a tracker on a fresh window with a scripted server and counted storage. */
/**
 * A tracker, its start-up task run at once (the environment's `startUp`): the tests read as
 * if start-up were synchronous. The start-up task's own tests (start-up.test.ts) pass their own.
 */
export function startTracker(
  settings: Settings = {},
  options: {
    window?: Window
    url?: string
    navigator?: Record<string, unknown>
    environment?: Partial<Environment>
    storage?: ReturnType<typeof memoryStorage>
    server?: ReturnType<typeof fakeServer>
  } = {},
) {
  const win = options.window ?? browserWindow(options.url, options.navigator)
  const server = options.server ?? fakeServer()
  const store = options.storage ?? memoryStorage()
  const lyt: Lyt = createLyt(settings, {
    window: win as any,
    storage: store.storage,
    transport: server.transport,
    random: () => 0.5,
    startUp: (task) => task(),
    ...options.environment,
  })
  return { lyt, win, server, store }
}

/** Fake timers and clock; `advance` also runs the promises and microtasks between timers. */
export function useFakeTime() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  vi.setSystemTime(new Date('2026-11-25T12:00:00Z'))
}
export const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms)

export function setHidden(win: Window) {
  Object.defineProperty(win.document, 'visibilityState', { value: 'hidden', configurable: true })
  win.document.dispatchEvent(new win.Event('visibilitychange'))
}

export function pageEvent(win: Window, type: 'pagehide' | 'pageshow', persisted = false) {
  const event = new win.Event(type)
  Object.defineProperty(event, 'persisted', { value: persisted })
  win.dispatchEvent(event)
}

/**
 * Evidence that the server answers, as another page of the origin leaves it after a success
 * (`at`: when it heard it): a tracker that has heard nothing itself trusts a request in
 * flight at exit only with this (src/trust.ts).
 */
export function storeEvidence(store: ReturnType<typeof memoryStorage>, at = Date.now(), endpoint = '/api/analytics') {
  store.items.set(SUCCESS_KEY_PREFIX + endpoint, String(at))
}

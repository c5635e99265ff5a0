// A Lyt-compatible collector: the demo's server and the e2e tests' server.
//
// It answers `POST /api/analytics/events` and `POST /api/analytics/event` exactly like Lyt's
// REST API (CONTRACT.md §3), records every API request and every stored event so tests can
// look at them, and can be told to misbehave (faults). It also serves the built SDK from
// dist/, the demo site from demo/public/, and the live panel's stream on /live/*.
//
// Fault specs, for fault(spec) and failNext(n, spec). Faults apply to POSTs under /api/ only;
// the body is always read in full first and the request is recorded with its fault label.
//   'none' | null | undefined    normal behaviour
//   500 | '503' | any 5xx         that status, {"ok":false,"error":"internal_error"}
//   429 | 408                     that status (JSON body); add a Retry-After header with
//                                 { status: 429, retryAfter: 2 }
//   413                           413 with a plain-text body (a host app's body limit)
//   400                           400 {"ok":false,"error":"validation_error"} with NO details
//   'hang'                        never answer: the socket stays open until the client gives up,
//                                 close() is called (the connection ends), or fault() sets
//                                 another fault: then what still hangs is answered 504, as a
//                                 gateway in front of a stuck server answers when it gives up
//                                 (a connection ended without an answer would have Chromium
//                                 send the request again by itself, unseen by the page)
//   'reset' | 'drop'              destroy the socket without answering (nothing stored)
//   'lost'                        store the events as 'none' would, then destroy the socket
//                                 instead of answering: the answer is lost, so the SDK cannot
//                                 know they arrived and sends them again (Lyt's server stores
//                                 every copy: the live panel's "duplicates" counts them)
//   { mode: 'slow', delayMs }     store and answer normally, but only after delayMs
// Object form: { mode, status, retryAfter, delayMs }; `mode` may also be a status ('500').
// faultEach(choose) asks `choose()` for a spec for each API POST that failNext() has not taken,
// while the persistent fault is 'none' (a server that fails now and then: 0.5 % of requests);
// faultEach(null) stops it.
// Nothing is stored under any fault except 'slow' and 'lost'. An unknown spec throws a TypeError.
//
// refuse(true) is the server gone, or the network down, for a driver that cannot emulate
// offline: the collector stops listening (a new connection is refused) and cuts every open
// one, pages included; refuse(false) listens again on the same port.

import http from 'node:http'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

const API_PREFIX = '/api/analytics'
const MAX_BODY_BYTES = 1_000_000 // a typical host app's body limit (Plug.Parsers default is 8 MB, Lyt apps often set less)
const MAX_BATCH_SIZE = 100
const MAX_NAME_CHARS = 255
const MAX_PATH_CHARS = 2048
const MAX_METADATA_BYTES = 10_240
const SESSION_FIELDS = [
  'screen_width',
  'screen_height',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'path',
]
// Lyt's server keeps a timestamp only when it carries an offset; otherwise it uses its own clock.
const TIMESTAMP_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/

const DEMO_PAGES = new Set(['/', '/pricing', '/docs', '/about']) // all get the same HTML shell
const DEMO_CSP = "default-src 'self'"
const PUBLIC_DIR = new URL('./public/', import.meta.url)
const DEFAULT_DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url))
const SDK_FILES = {
  '/js/lyt.min.js': 'lyt.min.js',
  '/js/lyt.min.js.map': 'lyt.min.js.map',
  '/js/lyt.js': 'lyt.js',
  '/js/lyt.full.min.js': 'lyt.full.min.js',
  '/js/lyt.full.min.js.map': 'lyt.full.min.js.map',
  '/js/lyt.full.js': 'lyt.full.js',
}
const PUBLIC_TYPES = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml' }
const LIVE_REPLAY = 50 // requests replayed to a live panel that (re)connects

/**
 * @typedef {{ mode: 'none'|'status'|'hang'|'reset'|'lost'|'slow', label: string, status?: number, retryAfter?: number, delayMs?: number }} Fault
 * @typedef {string | number | { mode?: string|number, status?: number, retryAfter?: number, delayMs?: number } | null | undefined} FaultSpec
 * @typedef {{ id: number, method: string, path: string, status: number|null, fault: string,
 *   headers: import('node:http').IncomingHttpHeaders, rawBody: string|null, body: any, events: any[],
 *   session: Record<string, any>, receivedAt: number, answeredAt: number|null }} RequestRecord
 * @typedef {{ event: any, requestId: number, session: Record<string, any>, timestampReplaced: boolean }} StoredEvent
 * @typedef {StoredEvent & { reason: string }} DroppedEvent
 * @typedef {{
 *   url: string, port: number,
 *   requests: RequestRecord[], accepted: StoredEvent[], silentlyDropped: DroppedEvent[],
 *   pageRequests: { path: string, headers: import('node:http').IncomingHttpHeaders }[],
 *   fault(spec: FaultSpec): void,
 *   failNext(n: number, spec: FaultSpec): void,
 *   faultEach(choose: (() => FaultSpec) | null): void,
 *   rejectEvents(pred: ((event: any) => boolean) | null, field?: string, message?: string): void,
 *   page(path: string, html: string, headers?: Record<string, string>): void,
 *   upgrade(path: string, handler: ((req: import('node:http').IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => void) | null): void,
 *   waitFor(predicate: (collector: Collector) => unknown, timeoutMs?: number): Promise<void>,
 *   refuse(refusing: boolean): Promise<void>,
 *   lastRequestAt(): number,
 *   reset(): void,
 *   close(): Promise<void>
 * }} Collector
 */

/** @type {Fault} */
const NO_FAULT = { mode: 'none', label: 'none' }

/** Turns any accepted fault spec into a Fault, or throws a TypeError. */
export function normalizeFault(/** @type {FaultSpec} */ spec) {
  if (spec == null || spec === 'none') return NO_FAULT
  if (typeof spec === 'number' || typeof spec === 'string') spec = { mode: spec }
  if (typeof spec !== 'object') throw new TypeError(`unknown fault spec: ${String(spec)}`)
  const { mode, status, retryAfter, delayMs } = spec
  if (mode === 'hang' || mode === 'reset' || mode === 'drop') {
    return { mode: mode === 'drop' ? 'reset' : mode, label: mode }
  }
  if (mode === 'lost') return { mode: 'lost', label: 'lost' }
  if (mode === 'slow') {
    if (typeof delayMs !== 'number' || !(delayMs >= 0)) throw new TypeError('a slow fault needs { delayMs }')
    return { mode: 'slow', label: 'slow', delayMs }
  }
  if (mode === 'none' && status == null) return NO_FAULT
  const code = Number(status ?? mode)
  const known = code === 400 || code === 408 || code === 413 || code === 429 || (code >= 500 && code <= 599)
  if (!Number.isInteger(code) || !known) throw new TypeError(`unknown fault spec: ${JSON.stringify(spec)}`)
  return { mode: 'status', label: String(code), status: code, retryAfter }
}

const isPlainObject = (/** @type {unknown} */ v) => v !== null && typeof v === 'object' && !Array.isArray(v)
const codePoints = (/** @type {string} */ s) => [...s].length

/**
 * Validates one event like Lyt's changeset does, adding messages to `details` under
 * `${prefix}${field}` (prefix is 'events[i].' in a batch, '' for the single-event endpoint).
 */
function validateEvent(/** @type {any} */ event, /** @type {string} */ prefix, /** @type {Record<string, string[]>} */ details) {
  const add = (/** @type {string} */ field, /** @type {string} */ message) => {
    const key = field ? prefix + field : prefix.replace(/\.$/, '') || 'body'
    ;(details[key] ??= []).push(message)
  }
  if (!isPlainObject(event)) return add('', 'must be an object')
  const { name, path, metadata, timestamp } = event
  if (name === undefined || name === null) add('name', 'is required')
  else if (typeof name !== 'string') add('name', 'must be a string')
  else if (codePoints(name) > MAX_NAME_CHARS) add('name', `should be at most ${MAX_NAME_CHARS} character(s)`)
  if (path !== undefined && path !== null) {
    if (typeof path !== 'string') add('path', 'must be a string')
    else if (codePoints(path) > MAX_PATH_CHARS) add('path', `should be at most ${MAX_PATH_CHARS} character(s)`)
  }
  if (metadata !== undefined) {
    if (!isPlainObject(metadata)) add('metadata', 'must be an object')
    else if (Buffer.byteLength(JSON.stringify(metadata), 'utf8') > MAX_METADATA_BYTES) {
      add('metadata', `should be at most ${MAX_METADATA_BYTES} byte(s)`)
    }
  }
  if (timestamp !== undefined && timestamp !== null && typeof timestamp !== 'string') add('timestamp', 'must be a string')
}

/**
 * Why the real server's database layer would silently drop a valid event, or null.
 * Stricter than "non-string" alone on purpose: a `null` query/hostname counts too, so tests
 * catch an SDK that sends one.
 */
function silentDropReason(/** @type {any} */ event) {
  if (event.name.trim() === '') return 'blank name'
  if ('query' in event && typeof event.query !== 'string') return 'non-string query'
  if ('hostname' in event && typeof event.hostname !== 'string') return 'non-string hostname'
  return null
}

function pickSession(/** @type {any} */ body) {
  /** @type {Record<string, any>} */
  const session = {}
  if (isPlainObject(body)) for (const field of SESSION_FIELDS) if (field in body) session[field] = body[field]
  return session
}

/** Reads the whole body, keeping at most MAX_BODY_BYTES + 1 bytes; resolves null if the client went away. */
function readBody(/** @type {import('node:http').IncomingMessage} */ req) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = []
    let size = 0
    req.on('data', (chunk) => {
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
      size += chunk.length
    })
    req.on('end', () => resolve({ size, text: Buffer.concat(chunks).toString('utf8') }))
    req.on('close', () => {
      if (!req.complete) resolve(null)
    })
    req.on('error', () => resolve(null))
  })
}

const delay = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * @param {{ port?: number, host?: string, log?: boolean, distDir?: string }} [options]
 *   distDir: where the built SDK is read from (default: the repo's dist/); tests override it.
 * @returns {Promise<Collector>}
 */
export async function startCollector({ port = 0, host = '127.0.0.1', log = false, distDir = DEFAULT_DIST_DIR } = {}) {
  /** @type {RequestRecord[]} */ const requests = []
  /** The GETs of pages registered with page(), with their headers (a prerender says so in `sec-purpose`). @type {{ path: string, headers: import('node:http').IncomingHttpHeaders }[]} */ const pageRequests =
    []
  /** @type {StoredEvent[]} */ const accepted = []
  /** @type {DroppedEvent[]} */ const silentlyDropped = []
  /** @type {Map<string, { body: string, headers: Record<string, string> }>} */ const pages = new Map()
  /** HTTP upgrades (WebSockets) by path: the LiveView test bed's socket. @type {Map<string, (req: import('node:http').IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => void>} */ const upgrades =
    new Map()
  /** @type {Set<import('node:http').ServerResponse>} */ const liveClients = new Set()
  /** @type {Set<import('node:net').Socket>} */ const sockets = new Set()
  /** Requests that hang, until the hang is over. @type {Set<{ res: import('node:http').ServerResponse, record: RequestRecord }>} */ const hung =
    new Set()
  let persistentFault = NO_FAULT
  /** @type {Fault[]} */ let nextFaults = [] // failNext(): consumed one per API POST, before the persistent fault
  /** @type {(() => FaultSpec) | null} */ let chooseFault = null // faultEach(): asked while the persistent fault is none
  /** @type {{ pred: (event: any) => boolean, field: string, message: string } | null} */ let rejectRule = null
  let eventsReceived = 0
  /** The ids of the events stored, and the stored events whose id was already there. */
  const storedIds = new Set()
  /** @type {WeakSet<object>} */ let duplicateEvents = new WeakSet()
  let duplicates = 0
  let lastRequestId = 0
  let closed = false
  let refusing = false
  /** When the last API request began to arrive (0: none since the last reset). */
  let lastRequestAt = 0

  const totals = () => ({
    requests: requests.length,
    eventsReceived,
    accepted: accepted.length,
    silentlyDropped: silentlyDropped.length,
    duplicates,
  })
  const liveState = () => ({ fault: persistentFault.label, pendingFaults: nextFaults.length, totals: totals() })

  // ---- live panel (server-sent events) ----
  function liveSend(
    /** @type {import('node:http').ServerResponse} */ res,
    /** @type {string} */ type,
    /** @type {unknown} */ data,
  ) {
    res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`)
  }
  const liveBroadcast = (/** @type {string} */ type, /** @type {unknown} */ data) => {
    for (const res of liveClients) liveSend(res, type, data)
  }
  // What the panel shows of a request: never the raw body, only the fields a person looks at.
  function liveSummary(/** @type {RequestRecord} */ r) {
    const events = r.events.map((e) =>
      isPlainObject(e)
        ? {
            name: e.name,
            path: e.path,
            metadata: e.metadata,
            id: e.id,
            timestamp: e.timestamp,
            duplicate: duplicateEvents.has(e),
          }
        : { name: String(e) },
    )
    return {
      id: r.id,
      method: r.method,
      path: r.path,
      status: r.status,
      fault: r.fault,
      events,
      session: r.session,
      receivedAt: r.receivedAt,
    }
  }
  const liveHello = () => ({ ...liveState(), recent: requests.slice(-LIVE_REPLAY).map(liveSummary) })

  // ---- API ----
  /** Answers an API request and records the outcome. */
  function answer(
    /** @type {import('node:http').ServerResponse} */ res,
    /** @type {RequestRecord} */ record,
    /** @type {number} */ status,
    /** @type {unknown} */ payload,
    /** @type {Record<string, string>} */ headers = {},
  ) {
    if (record.fault === 'lost') {
      // stored (or refused) as usual; the answer never leaves
      res.socket?.destroy()
      return settled(record)
    }
    record.status = status
    record.answeredAt = Date.now()
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload)
    const type = typeof payload === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8'
    if (!res.destroyed) res.writeHead(status, { 'Content-Type': type, ...headers }).end(text)
    settled(record)
  }

  /** The request's outcome is known (answered, hung or reset): log it and tell the live panel. */
  function settled(/** @type {RequestRecord} */ record) {
    if (log) {
      const count = record.events.length
      const fault = record.fault === 'none' ? '' : `  [fault: ${record.fault}]`
      console.log(
        `${new Date().toISOString().slice(11, 23)}  ${record.method} ${record.path} → ${record.status ?? '—'}  ${count} event${count === 1 ? '' : 's'}${fault}`,
      )
    }
    liveBroadcast('request', { request: liveSummary(record), totals: totals() })
  }

  async function handleApi(
    /** @type {import('node:http').IncomingMessage} */ req,
    /** @type {import('node:http').ServerResponse} */ res,
    /** @type {string} */ path,
  ) {
    const receivedAt = (lastRequestAt = Date.now())
    const read = await readBody(req)
    if (!read || closed) return // the client went away mid-body, or we are shutting down
    const method = req.method ?? 'GET'
    const fault =
      method !== 'POST'
        ? NO_FAULT
        : (nextFaults.shift() ?? (chooseFault && persistentFault === NO_FAULT ? normalizeFault(chooseFault()) : persistentFault))
    /** @type {RequestRecord} */
    const record = {
      id: ++lastRequestId,
      method,
      path,
      status: null,
      fault: fault.label,
      headers: req.headers,
      rawBody: read.size > MAX_BODY_BYTES ? null : read.text,
      body: null,
      events: [],
      session: {},
      receivedAt,
      answeredAt: null,
      // Which connection it came on, and whether the whole answer went out on it: a
      // browser may send a POST again by itself when a kept-alive connection breaks.
      remotePort: req.socket.remotePort,
      answerSent: false,
    }
    res.on('finish', () => (record.answerSent = true))
    requests.push(record)

    const isEndpoint = method === 'POST' && (path === `${API_PREFIX}/events` || path === `${API_PREFIX}/event`)
    const isJson = /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')
    if (isEndpoint && isJson && read.size <= MAX_BODY_BYTES) {
      try {
        record.body = JSON.parse(read.text)
      } catch {
        /* stays null: answered 400 below */
      }
      const single = path.endsWith('/event')
      record.events = single
        ? isPlainObject(record.body)
          ? [record.body]
          : []
        : Array.isArray(record.body?.events)
          ? record.body.events
          : []
      record.session = pickSession(record.body)
    }
    eventsReceived += record.events.length

    if (fault.mode === 'hang') {
      hung.add({ res, record })
      return settled(record)
    } // keep the socket open, never answer
    if (fault.mode === 'reset') {
      req.socket.destroy()
      return settled(record)
    }
    if (fault.mode === 'status') return answerFault(res, record, fault)
    if (fault.mode === 'slow') {
      await delay(fault.delayMs ?? 0)
      if (closed) return
    }

    if (!isEndpoint) return answer(res, record, 404, { ok: false, error: 'not_found' })
    if (read.size > MAX_BODY_BYTES) return answer(res, record, 413, 'Request Entity Too Large')
    if (!isJson) return answer(res, record, 400, { ok: false, error: 'validation_error', details: { body: ['must be JSON'] } })
    if (record.body === null)
      return answer(res, record, 400, { ok: false, error: 'validation_error', details: { body: ['must be valid JSON'] } })
    if (path.endsWith('/event')) return ingest(res, record, [record.body], '', { ok: true })

    const events = isPlainObject(record.body) ? record.body.events : undefined
    /** @type {string | null} */
    let batchError = null
    if (events === undefined || events === null) batchError = 'is required'
    else if (!Array.isArray(events)) batchError = 'must be a list'
    else if (events.length === 0) batchError = 'should have at least 1 item(s)'
    else if (events.length > MAX_BATCH_SIZE) batchError = `should have at most ${MAX_BATCH_SIZE} item(s)`
    if (batchError) return answer(res, record, 400, { ok: false, error: 'validation_error', details: { events: [batchError] } })
    return ingest(res, record, events, 'events[$i].', { ok: true, queued: events.length })
  }

  /** Validates all events; stores all of them (200) or none (400). */
  function ingest(
    /** @type {import('node:http').ServerResponse} */ res,
    /** @type {RequestRecord} */ record,
    /** @type {any[]} */ events,
    /** @type {string} */ prefixTemplate,
    /** @type {object} */ okPayload,
  ) {
    /** @type {Record<string, string[]>} */
    const details = {}
    events.forEach((event, i) => {
      const prefix = prefixTemplate.replace('$i', String(i))
      validateEvent(event, prefix, details)
      if (rejectRule && isPlainObject(event) && safely(rejectRule.pred, event)) {
        ;(details[prefix + rejectRule.field] ??= []).push(rejectRule.message)
      }
    })
    if (Object.keys(details).length > 0) return answer(res, record, 400, { ok: false, error: 'validation_error', details })
    for (const event of events) {
      const stored = {
        event,
        requestId: record.id,
        session: record.session,
        timestampReplaced: !TIMESTAMP_WITH_OFFSET.test(event.timestamp ?? ''),
      }
      const reason = silentDropReason(event)
      if (reason) silentlyDropped.push({ ...stored, reason })
      else {
        accepted.push(stored)
        if (typeof event.id === 'string' && storedIds.has(event.id)) {
          duplicates++
          duplicateEvents.add(event)
        }
        storedIds.add(event.id)
      }
    }
    return answer(res, record, 200, okPayload)
  }

  const safely = (/** @type {(event: any) => boolean} */ pred, /** @type {any} */ event) => {
    try {
      return Boolean(pred(event))
    } catch {
      return false
    }
  }

  function answerFault(
    /** @type {import('node:http').ServerResponse} */ res,
    /** @type {RequestRecord} */ record,
    /** @type {Fault} */ fault,
  ) {
    const status = fault.status ?? 500
    /** @type {Record<string, string>} */
    const headers = fault.retryAfter != null ? { 'Retry-After': String(fault.retryAfter) } : {}
    if (status === 413) return answer(res, record, 413, 'Request Entity Too Large', headers)
    const error =
      status === 400
        ? 'validation_error'
        : status === 408
          ? 'request_timeout'
          : status === 429
            ? 'too_many_requests'
            : 'internal_error'
    return answer(res, record, status, { ok: false, error }, headers)
  }

  // ---- static files, demo pages and the live panel's endpoints ----
  async function handleOther(
    /** @type {import('node:http').IncomingMessage} */ req,
    /** @type {import('node:http').ServerResponse} */ res,
    /** @type {string} */ path,
  ) {
    const method = req.method ?? 'GET'
    const send = (
      /** @type {number} */ status,
      /** @type {string|Buffer} */ body,
      /** @type {Record<string, string>} */ headers,
    ) => res.writeHead(status, { 'Cache-Control': 'no-store', ...headers }).end(method === 'HEAD' ? undefined : body)
    const notFound = () => send(404, 'Not found\n', { 'Content-Type': 'text/plain; charset=utf-8' })

    if (path === '/live/fault' && method === 'POST') {
      const read = await readBody(req)
      try {
        const { mode, ...rest } = JSON.parse(read?.text ?? '')
        collector.fault({ mode, ...rest })
        liveBroadcast('state', liveState())
        return send(200, JSON.stringify({ ok: true, ...liveState() }), { 'Content-Type': 'application/json; charset=utf-8' })
      } catch (error) {
        return send(400, JSON.stringify({ ok: false, error: String(error) }), {
          'Content-Type': 'application/json; charset=utf-8',
        })
      }
    }
    if (method !== 'GET' && method !== 'HEAD') return notFound()

    const registered = pages.get(path)
    if (registered) {
      pageRequests.push({ path, headers: req.headers })
      const hasType = Object.keys(registered.headers).some((h) => h.toLowerCase() === 'content-type')
      return send(200, registered.body, {
        ...(hasType ? {} : { 'Content-Type': 'text/html; charset=utf-8' }),
        ...registered.headers,
      })
    }
    if (path === '/live/stream') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
      res.write('retry: 1000\n\n') // reconnect quickly when the collector restarts
      liveClients.add(res)
      res.on('close', () => liveClients.delete(res))
      return liveSend(res, 'hello', liveHello())
    }
    if (path === '/live/state')
      return send(200, JSON.stringify(liveState()), { 'Content-Type': 'application/json; charset=utf-8' })

    /** @type {{ file: string | URL, type: string, csp?: boolean } | null} */
    let target = null
    const sdkFile = Object.hasOwn(SDK_FILES, path) ? SDK_FILES[/** @type {keyof typeof SDK_FILES} */ (path)] : undefined
    if (sdkFile) {
      target = {
        file: `${distDir.replace(/\/?$/, '/')}${sdkFile}`,
        type: sdkFile.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8',
      }
    } else if (DEMO_PAGES.has(path)) {
      target = { file: new URL('index.html', PUBLIC_DIR), type: 'text/html; charset=utf-8', csp: true }
    } else {
      const asset = /^\/([\w-]+)\.(js|css|svg)$/.exec(path) // only plain names: no way out of public/
      if (asset)
        target = {
          file: new URL(`${asset[1]}.${asset[2]}`, PUBLIC_DIR),
          type: PUBLIC_TYPES[/** @type {'js'|'css'|'svg'} */ (asset[2])],
        }
    }
    if (!target) return notFound()
    let body
    try {
      body = await readFile(target.file)
    } catch {
      return notFound()
    } // read on every request: a rebuild shows up at once
    return send(200, body, { 'Content-Type': target.type, ...(target.csp ? { 'Content-Security-Policy': DEMO_CSP } : {}) })
  }

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://collector').pathname
    const handler = path.startsWith('/api/') ? handleApi : handleOther
    handler(req, res, path).catch((error) => {
      console.error('[collector] unexpected error:', error)
      if (!res.headersSent && !res.destroyed) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('collector error\n')
    })
  })
  // A request to upgrade the connection (a WebSocket) goes to the handler of its path; none: refused.
  server.on('upgrade', (req, socket, head) => {
    const handler = upgrades.get(new URL(req.url ?? '/', 'http://collector').pathname)
    if (handler && !closed) handler(req, socket, head)
    else socket.destroy()
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve(undefined)
    })
  })
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())

  /** @type {Collector} */
  const collector = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    requests,
    pageRequests,
    accepted,
    silentlyDropped,
    fault(spec) {
      persistentFault = normalizeFault(spec)
      // The hang is over: what still hangs gets the gateway's 504 (nothing stored).
      if (persistentFault.mode !== 'hang') {
        for (const { res, record } of hung) {
          if (res.destroyed) continue
          answer(res, record, 504, { ok: false, error: 'gateway_timeout' })
        }
        hung.clear()
      }
      liveBroadcast('state', liveState())
    },
    failNext(n, spec) {
      const fault = normalizeFault(spec)
      for (let i = 0; i < n; i++) nextFaults.push(fault)
      liveBroadcast('state', liveState())
    },
    faultEach(choose) {
      chooseFault = choose
    },
    rejectEvents(pred, field = 'name', message = 'is invalid') {
      rejectRule = pred ? { pred, field, message } : null
    },
    async refuse(on) {
      if (on === refusing || closed) return
      refusing = on
      if (on) {
        server.close()
        for (const socket of sockets) socket.destroy()
        return
      }
      await new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(address.port, host, () => {
          server.off('error', reject)
          resolve(undefined)
        })
      })
    },
    lastRequestAt: () => lastRequestAt,
    page(path, html, headers = {}) {
      pages.set(path, { body: html, headers })
    },
    upgrade(path, handler) {
      if (handler) upgrades.set(path, handler)
      else upgrades.delete(path)
    },
    waitFor(predicate, timeoutMs = 10_000) {
      const started = Date.now()
      return new Promise((resolve, reject) => {
        const check = () => {
          let result
          try {
            result = predicate(collector)
          } catch (error) {
            return reject(error)
          }
          if (result) return resolve()
          if (Date.now() - started >= timeoutMs) {
            return reject(
              new Error(
                `collector.waitFor timed out after ${timeoutMs} ms waiting for: ${predicate.toString()}\n` +
                  `  so far: ${requests.length} request(s) [${requests.map((r) => `${r.method} ${r.path} ${r.status ?? r.fault}`).join(', ')}], ` +
                  `accepted: [${accepted.map((a) => JSON.stringify(a.event.name)).join(', ')}]`,
              ),
            )
          }
          setTimeout(check, 25)
        }
        check()
      })
    },
    reset() {
      // Emptied in place, so arrays a test already holds stay live.
      requests.length = 0
      pageRequests.length = 0
      accepted.length = 0
      silentlyDropped.length = 0
      persistentFault = NO_FAULT
      nextFaults = []
      chooseFault = null
      rejectRule = null
      eventsReceived = 0
      lastRequestAt = 0
      storedIds.clear()
      duplicateEvents = new WeakSet()
      duplicates = 0
      liveBroadcast('hello', liveHello())
    },
    close() {
      if (closed) return Promise.resolve()
      closed = true
      return new Promise((resolve) => {
        if (refusing)
          resolve() // not listening: nothing to close but the sockets
        else server.close(() => resolve())
        // Hung API requests and live streams would keep close() waiting forever: cut them.
        server.closeAllConnections()
        for (const socket of sockets) socket.destroy()
      })
    },
  }
  return collector
}

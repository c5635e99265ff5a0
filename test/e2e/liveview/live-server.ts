// A small server of the LiveView protocol, written for the tests: just enough of Phoenix for the
// real `phoenix` and `phoenix_live_view` JavaScript clients (pinned in package.json) to run a
// page as they do in a Phoenix app. It is not a Phoenix: no signed sessions, no CSRF check, no
// components, streams, uploads or long-poll transport — it exists to run the real client.
//
// What it speaks (Phoenix channels, serializer 2.0.0: each message a JSON array
// `[join_ref, ref, topic, event, payload]`, answered by `phx_reply` `{status, response}`):
//   heartbeat (topic "phoenix")  → ok
//   phx_join  {url | redirect}   → ok {rendered, liveview_version}: the view of that path, mounted;
//                                  a path with no view → error {reason: "stale"} (the client
//                                  then loads the page over HTTP, as with a real server)
//   event     {type, event, value} → ok {diff}: the view's handleEvent, then what changed; a
//                                  `push_event` goes in the diff (`e`), a `push_patch` in
//                                  `live_patch` {to, kind}, a `push_navigate` in `live_redirect`
//   live_patch {url}             → ok {diff}: a `<.link patch>` (or back to a patched URL)
//   phx_leave                    → ok
// The WebSocket itself (RFC 6455: the handshake, masked client frames, ping, close) is written
// here on Node's own `http` upgrade (demo/collector.mjs `upgrade()`): Node 20 has a WebSocket
// client but no server, and the few frames the client sends need no library.

import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'

/** The LiveView client's version, so that it does not warn of a mismatch (its package.json is not in its "exports"). */
const LIVEVIEW_VERSION: string = JSON.parse(
  readFileSync(new URL('../../../node_modules/phoenix_live_view/package.json', import.meta.url), 'utf8'),
).version

// ---- WebSocket (RFC 6455), text frames only ----------------------------------------------------

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

interface Connection {
  send(text: string): void
}

/** Completes the handshake on an upgraded socket and calls `onText` with each text message. */
function acceptWebSocket(req: IncomingMessage, socket: Duplex, onText: (text: string, connection: Connection) => void) {
  const key = req.headers['sec-websocket-key']
  if (typeof key !== 'string') return socket.destroy()
  const accept = createHash('sha1')
    .update(key + HANDSHAKE_GUID)
    .digest('base64')
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
  )

  /** A server frame: unmasked, never fragmented. */
  const frame = (opcode: number, payload: Buffer) => {
    const length = payload.length
    let header: Buffer
    if (length < 126) header = Buffer.from([0x80 | opcode, length])
    else if (length < 65536) header = Buffer.from([0x80 | opcode, 126, length >> 8, length & 255])
    else {
      header = Buffer.alloc(10)
      header[0] = 0x80 | opcode
      header[1] = 127
      header.writeBigUInt64BE(BigInt(length), 2)
    }
    if (!socket.destroyed) socket.write(Buffer.concat([header, payload]))
  }
  const connection: Connection = { send: (text) => frame(1, Buffer.from(text, 'utf8')) }

  let pending = Buffer.alloc(0)
  let fragments: Buffer[] = []
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk])
    for (;;) {
      if (pending.length < 2) return
      const final = (pending[0] & 0x80) !== 0
      const opcode = pending[0] & 0x0f
      const masked = (pending[1] & 0x80) !== 0
      let length = pending[1] & 0x7f
      let offset = 2
      if (length === 126) {
        if (pending.length < 4) return
        length = pending.readUInt16BE(2)
        offset = 4
      } else if (length === 127) {
        if (pending.length < 10) return
        length = Number(pending.readBigUInt64BE(2))
        offset = 10
      }
      const maskAt = offset
      if (masked) offset += 4
      if (pending.length < offset + length) return
      const payload = Buffer.from(pending.subarray(offset, offset + length))
      if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= pending[maskAt + (i & 3)]
      pending = pending.subarray(offset + length)
      if (opcode === 0x8) {
        frame(0x8, Buffer.alloc(0)) // close: answered, then the connection ends
        socket.end()
        return
      }
      if (opcode === 0x9) frame(0xa, payload) // ping → pong
      if (opcode !== 0x0 && opcode !== 0x1) continue // pong, binary (uploads): not used here
      fragments.push(payload)
      if (final) {
        const text = Buffer.concat(fragments).toString('utf8')
        fragments = []
        onText(text, connection)
      }
    }
  })
  socket.on('error', () => {}) // a page that goes away mid-frame is no failure of the server
}

// ---- LiveView ------------------------------------------------------------------------------------

/** A rendered template as LiveView sends it: its statics (`s`) and, by index, its dynamic parts. */
export type Rendered = { s: string[]; [dynamic: number]: string }

/** html`<p>${count}</p>` → `{s: ['<p>', '</p>'], 0: '1'}` (values are put in as they are: HTML). */
export const html = (statics: TemplateStringsArray, ...dynamics: unknown[]): Rendered => {
  const rendered: Rendered = { s: [...statics] }
  dynamics.forEach((value, index) => (rendered[index] = String(value)))
  return rendered
}

/** The HTML of a rendered template. */
export const toHtml = (rendered: Rendered) => rendered.s.map((text, index) => text + (rendered[index] ?? '')).join('')

/** What a `handleEvent` may do besides changing its state (the server functions of the same name). */
export interface EventResult {
  /** `push_event(socket, name, payload)`, each `[name, payload]` */
  pushEvents?: [string, unknown][]
  /** `push_patch(socket, to: …, replace: …)` */
  pushPatch?: { to: string; replace?: boolean }
  /** `push_navigate(socket, to: …, replace: …)` */
  pushNavigate?: { to: string; replace?: boolean }
}

/** A LiveView of the test bed: its state is a plain object the callbacks change. */
export interface LiveView<State extends object = any> {
  /** `mount/3`, then `handle_params/3` with the URL it was mounted at. */
  mount(url: URL): State
  /** `handle_params/3` on a patch (a `<.link patch>`, `push_patch`, back to a patched URL). */
  handleParams?(url: URL, state: State): void
  /** `handle_event/3`: `value` is the `phx-value-*` map, or a form's fields. */
  handleEvent?(event: string, value: Record<string, string>, state: State): EventResult | void
  render(state: State): Rendered
}

/** What changed between two renders: everything when the statics changed, else the dynamics that did. */
function diff(before: Rendered, after: Rendered): Partial<Rendered> {
  if (before.s.join('\u0000') !== after.s.join('\u0000')) return after
  const changed: Partial<Rendered> = {}
  for (let index = 0; index < after.s.length - 1; index++) if (before[index] !== after[index]) changed[index] = after[index]
  return changed
}

interface Joined {
  view: LiveView
  state: object
  rendered: Rendered
  url: URL
}

export interface LiveServer {
  /** The HTML of the view at `path` as its first (disconnected) render would make it. */
  deadRender(path: string): string
  /** Every message a client sent, as `[event, payload]` (what the page asked the server). */
  received: [string, any][]
  /** Routes a WebSocket upgrade here: pass to the collector's `upgrade('/live/websocket', …)`. */
  upgrade(req: IncomingMessage, socket: Duplex): void
}

/** A LiveView server for `routes` (path → view; several paths may share a view, as `live` routes do). */
export function createLiveServer(routes: Record<string, LiveView>): LiveServer {
  const received: [string, any][] = []
  const viewAt = (url: URL) => (Object.prototype.hasOwnProperty.call(routes, url.pathname) ? routes[url.pathname] : undefined)

  function mount(view: LiveView, url: URL) {
    const state = view.mount(url)
    view.handleParams?.(url, state)
    return state
  }

  function onConnection(text: string, connection: Connection, channels: Map<string, Joined>) {
    const [joinRef, ref, topic, event, payload] = JSON.parse(text) as [string | null, string | null, string, string, any]
    const reply = (status: 'ok' | 'error', response: object) =>
      connection.send(JSON.stringify([joinRef, ref, topic, 'phx_reply', { status, response }]))
    if (topic === 'phoenix') return reply('ok', {}) // heartbeat
    received.push([event, payload])

    if (event === 'phx_join') {
      const url = new URL(payload.redirect ?? payload.url)
      const view = viewAt(url)
      if (!view) return reply('error', { reason: 'stale' })
      const state = mount(view, url)
      const rendered = view.render(state)
      channels.set(topic, { view, state, rendered, url })
      return reply('ok', { rendered, liveview_version: LIVEVIEW_VERSION })
    }
    if (event === 'phx_leave') {
      channels.delete(topic)
      return reply('ok', {})
    }
    const joined = channels.get(topic)
    if (!joined) return reply('error', { reason: 'unmatched topic' })
    /** Renders again and answers what changed (and what else the handler asked for). */
    const rerender = (response: Record<string, unknown> = {}, pushEvents?: [string, unknown][]) => {
      const rendered = joined.view.render(joined.state)
      const changes: Record<string, unknown> = diff(joined.rendered, rendered)
      joined.rendered = rendered
      if (pushEvents?.length) changes.e = pushEvents
      return reply('ok', { ...response, diff: changes })
    }

    if (event === 'live_patch') {
      joined.url = new URL(payload.url)
      joined.view.handleParams?.(joined.url, joined.state)
      return rerender()
    }
    if (event === 'event') {
      const value = payload.type === 'form' ? Object.fromEntries(new URLSearchParams(payload.value)) : (payload.value ?? {})
      const result = joined.view.handleEvent?.(payload.event, value, joined.state) || {}
      if (result.pushNavigate) {
        const { to, replace } = result.pushNavigate
        return reply('ok', { live_redirect: { to, kind: replace ? 'replace' : 'push' } })
      }
      const response: Record<string, unknown> = {}
      if (result.pushPatch) {
        const { to, replace } = result.pushPatch
        joined.url = new URL(to, joined.url)
        joined.view.handleParams?.(joined.url, joined.state)
        response.live_patch = { to, kind: replace ? 'replace' : 'push' }
      }
      return rerender(response, result.pushEvents)
    }
    return reply('error', { reason: `the test server does not know "${event}"` })
  }

  return {
    received,
    deadRender(path) {
      const url = new URL(path, 'http://dead.render')
      const view = viewAt(url)
      if (!view) throw new Error(`no LiveView at ${path}`)
      return toHtml(view.render(mount(view, url)))
    },
    upgrade(req, socket) {
      const channels = new Map<string, Joined>() // one socket's joined views, by topic
      acceptWebSocket(req, socket, (text, connection) => {
        try {
          onConnection(text, connection, channels)
        } catch (error) {
          console.error('[live-server]', error)
        }
      })
    },
  }
}

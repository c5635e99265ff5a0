// The bench's only server: 127.0.0.1, random port. It serves the pages, the trackers' scripts
// (from memory: files) and what they load (from disk: mounts). Every other request, whatever
// its method and path, gets 200 {"ok":true} (Lyt's batch endpoint: {"ok":true,"queued":N}, as
// the real API answers), so every tracker believes its data was delivered and nothing needs to
// leave the machine. Every request is logged, with its body, in arrival order.
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html' }

// Same-origin isolation (COOP + COEP) gives the pages a 5 µs performance.now() instead of the
// 100 µs one Chromium gives ordinary pages; `no-store` keeps every load cold, as for a first visit.
const HEADERS = {
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
}

/**
 * @param {object} site
 * @param {(name: string, query: URLSearchParams) => string | undefined} site.pages
 *   the HTML for GET /page/<name>
 * @param {Record<string, Buffer>} site.files  path -> script served from memory
 * @param {Record<string, string>} site.mounts  URL prefix -> folder on disk, for other files
 * @param {Record<string, unknown>} [site.answers]  path -> JSON answered instead of {"ok":true}
 */
export async function startServer({ pages, files, mounts, answers = {} }) {
  const log = [] // { method, path, bytes, body }
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () =>
      handle(req, res, Buffer.concat(chunks)).catch((error) => {
        res.writeHead(500).end(String(error))
      }),
    )
  })

  async function handle(req, res, body) {
    const url = new URL(req.url, 'http://x')
    const path = url.pathname
    const send = (status, type, data) => {
      res.writeHead(status, { ...HEADERS, 'content-type': type })
      res.end(data)
    }
    if (req.method === 'GET' && path.startsWith('/page/')) {
      const html = pages(path.slice('/page/'.length), url.searchParams)
      log.push({ method: 'GET', path, bytes: 0 })
      return html ? send(200, TYPES['.html'], html) : send(404, 'text/plain', 'no such page')
    }
    if (req.method === 'GET' && Object.hasOwn(files, path)) {
      log.push({ method: 'GET', path, bytes: 0 })
      return send(200, TYPES['.js'], files[path])
    }
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (req.method !== 'GET' || !path.startsWith(prefix)) continue
      const file = normalize(join(dir, decodeURIComponent(path.slice(prefix.length))))
      if (!file.startsWith(dir)) continue // no escaping the mount with ../
      const data = await readFile(file).catch(() => null)
      if (!data) continue // not a file here: another mount's, or the API's
      log.push({ method: 'GET', path, bytes: 0 })
      return send(200, TYPES[extname(file)] || 'application/octet-stream', data)
    }
    log.push({ method: req.method, path, bytes: body.length, body })
    let answer = answers[path] ?? { ok: true }
    if (path === '/api/analytics/events') {
      try {
        answer = { ok: true, queued: JSON.parse(body.toString()).events.length }
      } catch {
        answer = { ok: true, queued: 0 }
      }
    }
    send(200, 'application/json', JSON.stringify(answer))
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${server.address().port}`
  return {
    origin,
    log,
    close() {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}

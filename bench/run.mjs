// `npm run bench`: Lyt's dist/lyt.min.js against the trackers a site would load instead, in one
// run, one browser, one local server. Prints a table and writes bench/results.json.
// What each figure means and how it is taken: bench/README.md. In short:
//   size   raw, gzip -9, brotli q11 of the file a visitor downloads
//   load   JavaScript time of the tracker (V8 CPU profiler) from navigation until it takes
//          calls, on a cold page; median of LOADS loads
//   call   wall µs per call over CALLS calls in one task, the microtasks they queued included;
//          median of RUNS runs. "all-in": main-thread CPU µs per call over those runs,
//          including what the calls cause later (timers, requests, GC)
//   wire   requests and request-body bytes the server receives for 100 events
// Timings are medians or totals over many runs, each shown with its ratio to our build: this
// machine is shared and noisy, and a single run means nothing.
import { chromium } from 'playwright-core'
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { gunzipSync, gzipSync, brotliCompressSync, constants } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { createHash } from 'node:crypto'
import { startServer } from './server.mjs'
import { trackers } from './trackers.mjs'
import { CHROMIUM_ARGS as BASE_CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium.mjs'

const LOADS = 30
const CALLS = 2000
const RUNS = 15
// A tracker that needs milliseconds per call (Segment reads document.cookie and writes
// localStorage several times in each call) would take minutes at 2,000 calls x 16 runs: it gets
// as many calls per run as fit in this budget, at least MIN_CALLS, and the table says so.
const RUN_BUDGET_MS = 250
const MIN_CALLS = 50
const SETTLE_MS = 2000
const WIRE_EVENTS = 100

// Lyt's previous lyt.min.js, before the rewrite; it was never published, so only its sizes are known.
const PREVIOUS = { name: 'Lyt (previous lyt.min.js)', raw: 7389, gzip: 2281, brotli: 1960 }

const CHROMIUM_ARGS = [
  ...BASE_CHROMIUM_ARGS,
  // Nothing may leave the machine: every host name but 127.0.0.1 fails to resolve. Attempts are
  // still seen (page 'request' events) and reported.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
]

const list = trackers()
const blank = { id: 'blank', html: () => '<script>window.__benchCall = function () {}</script>', ready: 'true' }
const pageOf = Object.fromEntries([...list, blank].map((t) => [t.id, t]))
const results = Object.fromEntries(list.map((t) => [t.id, { errors: [] }]))
const external = new Set() // URLs a page tried to reach outside 127.0.0.1

// ---------------------------------------------------------------------------------------------
// The site: GET /page/<tracker>[?n=<i>] is a blank page with that tracker installed in <head>.

function site(getOrigin) {
  return {
    pages: (id, query) => {
      const t = pageOf[id]
      const src = `${t?.url}${query.has('n') ? `?n=${query.get('n')}` : ''}`
      return (
        t &&
        `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">${t.html(src, getOrigin())}</head><body></body></html>`
      )
    },
    files: Object.fromEntries(list.filter((t) => t.code).map((t) => [t.url, t.code])),
    mounts: Object.assign({}, ...list.map((t) => t.mounts)),
    answers: Object.assign({}, ...list.map((t) => t.answers)),
  }
}

async function start() {
  let origin
  const server = await startServer(site(() => origin))
  origin = server.origin
  return server
}

// HeadlessChrome in the user agent makes PostHog drop every event as a bot; a visitor's browser
// says Chrome. Every tracker gets the same user agent.
let userAgent
async function newContext(browser) {
  const context = await browser.newContext({ userAgent })
  context.on('request', (r) => {
    const url = new URL(r.url())
    if (/^(http|ws)s?:$/.test(url.protocol) && url.hostname !== '127.0.0.1') external.add(r.url())
  })
  return context
}

const ready = (page, t) => page.waitForFunction(t.ready, null, { timeout: 10_000, polling: 10 })
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN
}
const round = (x, digits) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null)

// ---------------------------------------------------------------------------------------------
// Size: the bytes a visitor downloads, before and after the compressions servers use. They are
// read once, here, and the browser is served the same bytes: `npm run build` may rewrite dist/
// while the bench runs.

function measureSize(t) {
  if (!existsSync(t.path))
    throw new Error(`${t.path.includes('node_modules') ? 'npm install' : 'npm run build'} first: ${t.file} is missing`)
  const code = (t.code = readFileSync(t.path))
  return {
    sha256: createHash('sha256').update(code).digest('hex').slice(0, 16),
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }
}

// ---------------------------------------------------------------------------------------------
// JavaScript time, from V8's sampling CPU profiler (CDP Profiler, a sample every 100 µs): the
// samples whose stack passes through a script served by the local server, i.e. the tracker or
// the page's snippets for it, whatever called it: a timer, an event, a promise settled by a
// fetch. Left out: Playwright's own scripts, the browser's native work outside JavaScript
// ("(program)": HTML parsing, style, and probably the top-level parse of a script), and GC.
// Tried first and dropped: CDP's Performance metric ScriptDuration misses promise reactions the
// browser starts (Segment's init after its settings fetch: Segment looked 2x cheaper), and the
// main thread's CPU time (ThreadTime) of a page load is ~45 ms with a blank page, noise that
// swamps a 10 ms tracker.

const SAMPLE_US = 100

async function startProfiler(cdp) {
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLE_US })
  await cdp.send('Profiler.start')
}

async function pageJsMs(cdp, origin) {
  const { profile } = await cdp.send('Profiler.stop')
  const node = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map()
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id)
  /** The outermost frame of a script from `origin` on the sample's stack (or none). */
  const outermost = new Map()
  const outermostOurs = (id) => {
    if (!outermost.has(id)) {
      const up = parent.has(id) ? outermostOurs(parent.get(id)) : undefined
      outermost.set(id, up ?? (node.get(id).callFrame.url.startsWith(origin) ? node.get(id) : undefined))
    }
    return outermost.get(id)
  }
  // A script's top level is the function that starts where the script starts: the first
  // position of any function of that script in the profile. (Anonymous functions have no
  // name either: a minified script's timers and listeners are mostly anonymous.)
  const start = new Map()
  const position = (frame) => frame.lineNumber * 1e7 + frame.columnNumber
  for (const n of profile.nodes) {
    const { scriptId } = n.callFrame
    if (!start.has(scriptId) || position(n.callFrame) < start.get(scriptId)) start.set(scriptId, position(n.callFrame))
  }
  let us = 0
  let evaluationUs = 0
  profile.samples.forEach((id, i) => {
    const frame = outermostOurs(id)
    if (!frame) return
    us += profile.timeDeltas[i]
    // The script's own evaluation: its top level at the root of the stack, i.e. inside the
    // task that runs the script, not a timer, event or promise it left for later.
    const { callFrame } = frame
    if (!callFrame.functionName && position(callFrame) === start.get(callFrame.scriptId)) evaluationUs += profile.timeDeltas[i]
  })
  return { ms: us / 1000, evaluationMs: evaluationUs / 1000 }
}

// ---------------------------------------------------------------------------------------------
// Load: the page's JavaScript time (above) from navigation until the tracker takes calls:
// running the tracker, its init, and whatever of it ran before it was ready (Segment's init is
// asynchronous: it fetches its settings first). It covers module scripts and asynchronous inits,
// which a performance.now() pair around a script tag would not, and excludes the network. Each
// load is cold: storage cleared, a fresh URL for the script (no V8 compilation cache),
// `no-store` (no code cache), and about:blank in between so the previous page's unload work is
// not counted. Trackers take turns, round by round, so a burst of load on this shared machine
// hits them all alike. Also kept: the JS heap in use at that point, less a blank page's.

async function measureLoads(browser, server) {
  const context = await newContext(browser)
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Performance.enable')
  const samples = {}
  const failed = new Set()
  for (let n = 0; n < LOADS; n++) {
    for (const t of [...list, blank]) {
      if (failed.has(t.id)) continue
      try {
        await cdp.send('Storage.clearDataForOrigin', { origin: server.origin, storageTypes: 'all' })
        await page.goto('about:blank')
        await startProfiler(cdp)
        await page.goto(`${server.origin}/page/${t.id}?n=${n}`)
        await ready(page, t)
        const { metrics } = await cdp.send('Performance.getMetrics')
        const heap = metrics.find((m) => m.name === 'JSHeapUsedSize').value
        ;(samples[t.id] ??= []).push({ ...(await pageJsMs(cdp, server.origin)), heap })
      } catch (error) {
        await cdp.send('Profiler.stop').catch(() => {})
        failed.add(t.id)
        if (t !== blank) results[t.id].errors.push(`load: ${firstLine(error)}`)
      }
    }
  }
  await context.close()
  const floorHeap = median((samples.blank ?? []).map((s) => s.heap))
  for (const t of list) {
    const s = samples[t.id]
    if (!s || failed.has(t.id)) continue
    results[t.id].load = {
      jsMs: round(median(s.map((x) => x.ms)), 2),
      evaluationMs: round(median(s.map((x) => x.evaluationMs)), 2),
      heapKB: round((median(s.map((x) => x.heap)) - floorHeap) / 1024, 0),
      samples: s.length,
    }
  }
  return { blankPageJsMs: round(median((samples.blank ?? []).map((s) => s.ms)), 2) }
}

// ---------------------------------------------------------------------------------------------
// Per call: in the page, `calls` calls in one task, timed from before the first call to a task
// boundary after the last (a MessageChannel message: the microtasks the calls queued run
// first, so Lyt's one localStorage save per task is inside the figure). RUNS runs after one
// warm-up, median µs per call. Storage.prototype.setItem is wrapped to count writes in each
// run. performance.now() is wall time: it grows when this busy machine takes the CPU away.
// Work a tracker defers to later tasks (Segment's event pipeline, every tracker's sending) is
// not in that figure: "all-in" is the CPU time of the page's main thread (CDP Performance
// metric ThreadTime: JavaScript, the browser's native work for it such as starting requests,
// GC) over all the runs and the SETTLE_MS after them, less the idle page's, per call. CPU time
// does not grow when the machine is busy.

function perCallInPage({ calls, runs }) {
  const boundary = () =>
    new Promise((resolve) => {
      const channel = new MessageChannel()
      channel.port1.onmessage = resolve
      channel.port2.postMessage(0)
    })
  const setItem = Storage.prototype.setItem
  let writes = 0
  Storage.prototype.setItem = function (...args) {
    writes++
    return setItem.apply(this, args)
  }
  return (async () => {
    const out = []
    for (let r = 0; r <= runs; r++) {
      await boundary()
      writes = 0
      const t0 = performance.now()
      for (let i = 0; i < calls; i++) window.__benchCall(i)
      await boundary()
      const t1 = performance.now()
      if (r > 0) out.push({ us: ((t1 - t0) * 1000) / calls, writes })
    }
    Storage.prototype.setItem = setItem
    return out
  })()
}

async function measureCalls(browser, server, t) {
  const context = await newContext(browser)
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await page.goto(`${server.origin}/page/${t.id}`)
    await ready(page, t)
    await page.waitForTimeout(300) // let the init finish its own work first
    // Two short runs (also a warm-up) size the runs to the budget.
    const probe = () =>
      page.evaluate((n) => {
        const t0 = performance.now()
        for (let i = 0; i < n; i++) window.__benchCall(i)
        return performance.now() - t0
      }, MIN_CALLS)
    const probeMs = Math.min(await probe(), await probe())
    const calls = Math.min(CALLS, Math.max(MIN_CALLS, Math.floor((RUN_BUDGET_MS / probeMs) * MIN_CALLS)))
    // All-in: the main thread's CPU time over the runs and the SETTLE_MS after them, less what
    // the page burns idle in as long (measured just before, once the probes' work is done).
    await page.waitForTimeout(1000)
    await cdp.send('Performance.enable')
    const cpuMs = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value * 1000
    const idleStart = await cpuMs()
    await page.waitForTimeout(SETTLE_MS)
    const idleMsPerMs = ((await cpuMs()) - idleStart) / SETTLE_MS
    const [cpuStart, wallStart] = [await cpuMs(), Date.now()]
    const runs = await page.evaluate(perCallInPage, { calls, runs: RUNS })
    await page.waitForTimeout(SETTLE_MS)
    const cpu = (await cpuMs()) - cpuStart - idleMsPerMs * (Date.now() - wallStart)
    const allIn = (cpu * 1000) / (calls * (RUNS + 1))
    results[t.id].call = {
      usPerCall: round(median(runs.map((r) => r.us)), 2),
      allInUsPerCall: round(allIn, 2),
      storageWritesPerTask: median(runs.map((r) => r.writes)),
      calls,
      runs: RUNS,
    }
  } catch (error) {
    results[t.id].errors.push(`per call: ${firstLine(error)}`)
  } finally {
    await context.close()
  }
}

// ---------------------------------------------------------------------------------------------
// Wire: a server of its own for each tracker, so nothing else is counted. After the tracker is
// ready (and its init's own requests are done), fire WIRE_EVENTS events in one task, without any
// flush call: each tracker sends on its own schedule. Wait until the server has all of them (the
// event names are counted in the bodies, gzip-decoded when needed) and one more quiet second,
// at most 20 s. Every request in that window counts, whatever its path.

const EVENT_NAME = /"(?:name|n|event)":"Event"/g

function eventsIn(body) {
  let text = body
  if (body[0] === 0x1f && body[1] === 0x8b) {
    try {
      text = gunzipSync(body)
    } catch {}
  }
  return (text.toString().match(EVENT_NAME) ?? []).length
}

async function measureWire(browser, t) {
  const server = await start()
  const context = await newContext(browser)
  try {
    const page = await context.newPage()
    await page.goto(`${server.origin}/page/${t.id}`)
    await ready(page, t)
    await page.waitForTimeout(1000)
    const mark = server.log.length
    const sent = () => server.log.slice(mark)
    await page.evaluate((n) => {
      for (let i = 0; i < n; i++) window.__benchCall(i)
    }, WIRE_EVENTS)
    const deadline = Date.now() + 20_000
    const delivered = () => sent().reduce((sum, r) => sum + (r.body ? eventsIn(r.body) : 0), 0)
    while (delivered() < WIRE_EVENTS && Date.now() < deadline) await page.waitForTimeout(100)
    let count = -1
    while (count !== sent().length && Date.now() < deadline) {
      count = sent().length
      await page.waitForTimeout(1000)
    }
    const requests = sent()
    results[t.id].wire = {
      events: WIRE_EVENTS,
      requests: requests.length,
      bodyBytes: requests.reduce((sum, r) => sum + r.bytes, 0),
      delivered: delivered(),
      endpoints: [...new Set(requests.map((r) => `${r.method} ${r.path}`))],
    }
  } catch (error) {
    results[t.id].errors.push(`wire: ${firstLine(error)}`)
  } finally {
    await context.close()
    await server.close()
  }
}

const firstLine = (error) => String(error?.message ?? error).split('\n')[0]

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now()
  for (const t of list) {
    try {
      results[t.id].size = measureSize(t)
    } catch (error) {
      results[t.id].errors.push(`size: ${firstLine(error)}`)
    }
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  const uaPage = await browser.newPage()
  userAgent = (await uaPage.evaluate(() => navigator.userAgent)).replace('HeadlessChrome', 'Chrome')
  await uaPage.close()
  const server = await start()
  let floor
  try {
    const say = (what) => process.stderr.write(`${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  ${what}\n`)
    say(`load: ${LOADS} cold loads each…`)
    floor = await measureLoads(browser, server)
    for (const t of list) {
      say(`${t.name}: per call…`)
      await measureCalls(browser, server, t)
      say(`${t.name}: wire…`)
      await measureWire(browser, t)
    }
  } finally {
    await server.close()
  }
  const chromium_ = browser.version()
  await browser.close()

  const report = {
    date: new Date().toISOString(),
    node: process.version,
    chromium: chromium_,
    settings: { loads: LOADS, calls: CALLS, runs: RUNS, wireEvents: WIRE_EVENTS, blankPageJsMs: floor?.blankPageJsMs ?? null },
    trackers: list.map((t) => {
      const r = results[t.id]
      return {
        id: t.id,
        name: t.name,
        package: t.package,
        version: t.version,
        file: t.file,
        size: r.size ?? null,
        load: r.load ?? null,
        call: r.call ?? null,
        wire: r.wire ?? null,
        errors: r.errors,
      }
    }),
    previous: { name: PREVIOUS.name, size: { raw: PREVIOUS.raw, gzip: PREVIOUS.gzip, brotli: PREVIOUS.brotli } },
    externalRequestsBlocked: [...external].sort(),
  }
  writeFileSync(fileURLToPath(new URL('results.json', import.meta.url)), JSON.stringify(report, null, 2) + '\n')
  console.log(table(report))
  console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s; figures in bench/results.json`)
}

// ---------------------------------------------------------------------------------------------
// The table: one row per tracker, each figure followed by its ratio to our build.

function table(report) {
  const ours = report.trackers.find((t) => t.id === 'lyt')
  const int = (x) => (x == null ? 'n/a' : x.toLocaleString('en-US'))
  const dec = (digits) => (x) => (x == null ? 'n/a' : x.toFixed(digits))
  const ratio = (x, base) => {
    if (x == null || !base) return ''
    const r = x / base
    return ` ×${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toPrecision(2)}`
  }
  const columns = [
    ['raw B', (t) => t.size?.raw, int],
    ['gzip B', (t) => t.size?.gzip, int],
    ['brotli B', (t) => t.size?.brotli, int],
    ['load ms', (t) => t.load?.jsMs, dec(2)],
    ['eval ms', (t) => t.load?.evaluationMs, dec(2)],
    ['µs/call', (t) => t.call?.usPerCall, dec(2)],
    ['all-in CPU µs/call', (t) => t.call?.allInUsPerCall, dec(2)],
    [
      'setItem/task',
      (t) => t.call && `${int(t.call.storageWritesPerTask)} per ${int(t.call.calls)} calls`,
      (x) => x ?? 'n/a',
      false,
    ],
    ['req/100 ev', (t) => t.wire?.requests, int],
    ['body B/100 ev', (t) => t.wire?.bodyBytes, int],
    ['delivered', (t) => t.wire && `${t.wire.delivered}/${t.wire.events}`, (x) => x ?? 'n/a', false],
  ]
  const label = (t) => `${t.name} ${t.version}`
  const rows = report.trackers.map((t) => [
    label(t),
    ...columns.map(([, get, fmt, withRatio = true]) => {
      const v = get(t)
      const base = get(ours)
      return fmt(v) + (withRatio && t !== ours && typeof v === 'number' ? ratio(v, base) : '')
    }),
    t.errors.length ? `FAILED ${t.errors.join('; ')}` : '',
  ])
  const prev = report.previous
  rows.splice(1, 0, [
    prev.name,
    int(prev.size.raw),
    int(prev.size.gzip),
    int(prev.size.brotli),
    ...columns.slice(3).map(() => 'n/a'),
    'fixed reference, not on npm',
  ])
  const head = ['', ...columns.map(([h]) => h), '']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd()
  const out = [
    line(head),
    widths
      .slice(0, -1)
      .map((w) => '─'.repeat(w))
      .join('  '),
    ...rows.map(line),
  ]

  out.push('', 'Files measured (what a visitor downloads for a script-tag install):')
  for (const t of report.trackers) out.push(`  ${t.name}: ${t.package}@${t.version} ${t.file}`)
  out.push(
    '',
    `load ms: the tracker's JavaScript time (CPU profiler) from navigation to ready, median of ${report.settings.loads} cold loads (a blank page: ${dec(2)(report.settings.blankPageJsMs)} ms).`,
    `eval ms: of load ms, the script's own evaluation (its top level, in the task that runs it: what the page's next script waits for); a module or async script's evaluation is its own task.`,
    `µs/call: wall time of ${int(report.settings.calls)} calls in one task (fewer if a tracker is too slow: see setItem/task), median of ${report.settings.runs} runs.`,
    `all-in CPU µs/call: main-thread CPU time of those runs and of what they cause later (timers, requests, GC), less the idle page's.`,
    `setItem/task: Storage.prototype.setItem calls during one such task (median). Wire: ${report.settings.wireEvents} events, requests and body bytes received.`,
    `Chromium ${report.chromium}, Node ${report.node}.`,
  )
  if (report.externalRequestsBlocked.length)
    out.push(`Blocked requests off this machine: ${report.externalRequestsBlocked.join(', ')}`)
  return out.join('\n')
}

await main()

// `npm run bench:startup`: where our tracker's start-up time goes. Each build is loaded cold
// (storage cleared, about:blank in between) LOADS times, inline in the page's <head> the way
// the issue measured it, with the automatic page view on and off:
//   task ms   the loading task: wall time from a mark just before the tracker's <script> to
//             one just after it (parse, compile, evaluation: what the page waits for before its
//             own next script runs)
//   js ms     all JavaScript of the tracker over the first SETTLE_MS after navigation (V8 CPU
//             profiler, 100 µs samples): the loading task plus what it left for later tasks
//             (timers, the first request, the microtask that stores the queue)
// and, for the readable build (dist/lyt.js, names kept), the self time of each function and
// of the browser's native functions it calls (localStorage, fetch, addEventListener…), summed
// over every load: what a change should go after.
import { chromium } from 'playwright-core'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startServer } from './server.mjs'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium.mjs'

const LOADS = Number(process.env.LOADS || 30)
const SETTLE_MS = 500
const dist = fileURLToPath(new URL('../dist/', import.meta.url))
const code = (file) => readFileSync(file.includes('/') ? file : dist + file, 'utf8').replace(/<\/script/gi, '<\\/script')

const builds = [
  { id: 'core', file: 'lyt.min.js' },
  { id: 'full', file: 'lyt.full.min.js' },
  // The readable build whose functions are profiled (PROFILE=lyt.full.js for the full build's).
  { id: 'readable', file: process.env.PROFILE || 'lyt.js' },
  // COMPARE=path/to/other/lyt.min.js,…: another build (an older one) measured alongside.
  ...(process.env.COMPARE ? process.env.COMPARE.split(',') : []).map((file, index) => ({ id: 'compare' + index, file })),
]
const variants = [
  ...builds.flatMap((build) => [
    { ...build, auto: true, name: `${build.file} (page view on load)` },
    { ...build, auto: false, name: `${build.file} data-auto="false"` },
  ]),
  // The floor: the same bytes parsed but never run (a function nobody calls), and nothing.
  { id: 'parsed', file: 'lyt.min.js', auto: false, parseOnly: true, name: 'lyt.min.js parsed, not run' },
  { id: 'empty', file: null, auto: false, name: 'an empty script' },
]
const pageHtml = (variant) => `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script>performance.mark('before')</script>
<script data-api="/api/analytics" data-auto="${variant.auto}">${
  !variant.file ? '' : variant.parseOnly ? `function notRun() {${code(variant.file)}}` : code(variant.file)
}</script>
<script>performance.mark('after')</script></head><body></body></html>`

const server = await startServer({
  pages: (id) => {
    const variant = variants[Number(id.split('-')[0])]
    return variant && pageHtml(variant)
  },
  files: {},
  mounts: {},
})
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
const context = await browser.newContext({
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
})
const page = await context.newPage()
const cdp = await context.newCDPSession(page)
await cdp.send('Profiler.enable')
await cdp.send('Profiler.setSamplingInterval', { interval: 100 })

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const samples = variants.map(() => ({ task: [], js: [] }))
/** Self time (µs) by function, over every load of the readable build with its page view. */
const selfTime = new Map()
/** Inside the loading task (the page's inline script at the root of the stack): inclusive time by function. */
const taskTime = new Map()
for (let n = 0; n < LOADS; n++) {
  // Variants take turns, load by load: a burst of load on the machine hits them all alike.
  for (const [index, variant] of variants.entries()) {
    await cdp.send('Storage.clearDataForOrigin', { origin: server.origin, storageTypes: 'all' })
    await page.goto('about:blank')
    await cdp.send('Profiler.start')
    await page.goto(`${server.origin}/page/${index}-${n}`)
    await page.waitForTimeout(SETTLE_MS)
    const { profile } = await cdp.send('Profiler.stop')
    samples[index].task.push(await page.evaluate(() => performance.measure('t', 'before', 'after').duration))
    const byId = new Map(profile.nodes.map((node) => [node.id, node]))
    const parent = new Map()
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
    // The tracker's: a sample whose stack passes through the page's inline script.
    const ours = new Map()
    const isOurs = (id) => {
      if (!ours.has(id)) {
        const node = byId.get(id)
        ours.set(id, node.callFrame.url.startsWith(server.origin) || (parent.has(id) && isOurs(parent.get(id))))
      }
      return ours.get(id)
    }
    let us = 0
    profile.samples.forEach((id, i) => {
      if (!isOurs(id)) return
      us += profile.timeDeltas[i]
      if (variant.id === 'readable' && variant.auto) {
        const frame = byId.get(id).callFrame
        const name = (frame.functionName || '(top level)') + (frame.url ? '' : ' [native]')
        selfTime.set(name, (selfTime.get(name) || 0) + profile.timeDeltas[i])
        // The stack, root first: in the loading task when its first frame of the page is the top level.
        const stack = []
        for (let at = id; at !== undefined; at = parent.get(at)) stack.unshift(byId.get(at).callFrame)
        const first = stack.find((f) => f.url.startsWith(server.origin))
        // The loading task: the stack starts at the inline script's top level, the function
        // of that script that starts first (its timers' and listeners' functions are
        // anonymous too, but start later).
        const top = profile.nodes
          .map((node) => node.callFrame)
          .filter((f) => first && f.scriptId === first.scriptId)
          .reduce(
            (a, b) =>
              a && (a.lineNumber < b.lineNumber || (a.lineNumber === b.lineNumber && a.columnNumber <= b.columnNumber)) ? a : b,
            undefined,
          )
        if (
          first &&
          !first.functionName &&
          top &&
          first.lineNumber === top.lineNumber &&
          first.columnNumber === top.columnNumber
        ) {
          const names = new Set(
            stack.slice(stack.indexOf(first)).map((f) => (f.functionName || '(top level)') + (f.url ? '' : ' [native]')),
          )
          for (const name of names) taskTime.set(name, (taskTime.get(name) || 0) + profile.timeDeltas[i])
        }
      }
    })
    samples[index].js.push(us / 1000)
  }
}
await browser.close()
await server.close?.()

const ms = (x) => x.toFixed(2).padStart(8)
console.log(`Start-up, median of ${LOADS} cold loads (inline in <head>):\n`)
console.log('build'.padEnd(44) + 'task ms'.padStart(8) + '  js ms'.padStart(8))
variants.forEach((variant, index) =>
  console.log(variant.name.padEnd(44) + ms(median(samples[index].task)) + ms(median(samples[index].js))),
)
console.log(`\nSelf time by function, ${process.env.PROFILE || 'lyt.js'} with its page view, ms per load (≥ 0.1):`)
for (const [name, us] of [...selfTime].sort((a, b) => b[1] - a[1])) {
  if (us / LOADS / 1000 >= 0.1) console.log('  ' + ms(us / LOADS / 1000) + '  ' + name)
}
console.log(`\nInside the loading task, ${process.env.PROFILE || 'lyt.js'} with its page view: inclusive ms per load (≥ 0.1):`)
for (const [name, us] of [...taskTime].sort((a, b) => b[1] - a[1])) {
  if (us / LOADS / 1000 >= 0.1) console.log('  ' + ms(us / LOADS / 1000) + '  ' + name)
}
process.exit(0)

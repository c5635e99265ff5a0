// `npm start`: the demo site and a Lyt-compatible collector on one port.
//   PORT=9000 npm start    to use another port
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startCollector } from './collector.mjs'

const port = Number(process.env.PORT) || 8080

if (!existsSync(fileURLToPath(new URL('../dist/lyt.full.min.js', import.meta.url)))) {
  console.warn('dist/lyt.full.min.js is missing: run `npm run build` first (the page will say the SDK did not load).')
}

let collector
try {
  collector = await startCollector({ port, host: '127.0.0.1', log: true })
} catch (error) {
  const inUse = /** @type {NodeJS.ErrnoException} */ (error).code === 'EADDRINUSE'
  console.error(inUse ? `Port ${port} is already in use: try PORT=${port + 1} npm start` : error)
  process.exit(1)
}
console.log(`Lyt demo and collector: ${collector.url}/  (Ctrl-C to stop)`)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  // close() cuts hung requests and live streams, so this is quick; the timer is a last resort.
  setTimeout(() => process.exit(0), 2000).unref()
  await collector.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

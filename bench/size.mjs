// `npm run size`: the size budget CI enforces. dist/lyt.min.js compressed with brotli at
// quality 11 (what a CDN or a precompressing server sends) must not exceed
// package.json's "sizeBudget": { "brotli": N }. Exits 1 when it does, or when the build is missing.
// Fast and browser-free on purpose: `npm run bench` is the full comparison.
import { readFileSync, existsSync } from 'node:fs'
import { brotliCompressSync, constants } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const at = (path) => fileURLToPath(new URL(path, import.meta.url))
const file = 'dist/lyt.min.js'

const budget = JSON.parse(readFileSync(at('../package.json'), 'utf8')).sizeBudget?.brotli
if (!Number.isInteger(budget) || budget <= 0) {
  console.error('package.json has no "sizeBudget": { "brotli": <bytes> }')
  process.exit(1)
}
if (!existsSync(at(`../${file}`))) {
  console.error(`${file} is missing: run \`npm run build\` first`)
  process.exit(1)
}

const code = readFileSync(at(`../${file}`))
const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
console.log(`${file}: ${brotli} B brotli (budget ${budget} B)`)
if (brotli > budget) {
  console.error(`${file} is ${brotli - budget} B over its size budget (${brotli} B > ${budget} B brotli)`)
  process.exit(1)
}

// `npm run size`: the size budgets CI enforces. Each script build compressed with brotli at
// quality 11 (what a CDN or a precompressing server sends) must not exceed its budget in
// package.json's "sizeBudget": { "<file>": <bytes> } — the core build (dist/lyt.min.js) and
// the full build (dist/lyt.full.min.js). Exits 1 when one does, or when a build is missing.
// Fast and browser-free on purpose: `npm run bench` is the full comparison.
import { readFileSync, existsSync } from 'node:fs'
import { brotliCompressSync, constants } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const at = (path) => fileURLToPath(new URL(path, import.meta.url))
const FILES = ['dist/lyt.min.js', 'dist/lyt.full.min.js']

const budgets = JSON.parse(readFileSync(at('../package.json'), 'utf8')).sizeBudget || {}
let failed = false
for (const file of FILES) {
  const budget = budgets[file]
  if (!Number.isInteger(budget) || budget <= 0) {
    console.error(`package.json has no "sizeBudget": { "${file}": <bytes> }`)
    failed = true
    continue
  }
  if (!existsSync(at(`../${file}`))) {
    console.error(`${file} is missing: run \`npm run build\` first`)
    failed = true
    continue
  }
  const brotli = brotliCompressSync(readFileSync(at(`../${file}`)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
  console.log(`${file}: ${brotli} B brotli (budget ${budget} B)`)
  if (brotli > budget) {
    console.error(`${file} is ${brotli - budget} B over its size budget (${brotli} B > ${budget} B brotli)`)
    failed = true
  }
}
if (failed) process.exit(1)

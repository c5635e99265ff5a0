// `npm run size`: the size budgets CI enforces, and the README's size tables.
//
// Each script build compressed with brotli at quality 11 (what a CDN or a precompressing server
// sends) must not exceed its budget in package.json's "sizeBudget": { "<file>": <bytes> } — the
// core build (dist/lyt.min.js) and the full build (dist/lyt.full.min.js). The README's two size
// tables (the builds, under "Size and cost"; what each npm import adds to a bundle, under
// "Bundlers") are written by this script between their `<!-- size:… -->` markers:
//
//   npm run size              checks the budgets, and that the README's tables are what it measures
//   npm run size -- --write   the same, after rewriting the README's tables
//
// Exits 1 when a build is over its budget or missing, or when the README's tables are stale.
// Fast and browser-free on purpose: `npm run bench` is the full comparison.
import { readFileSync, existsSync, writeFileSync } from 'node:fs'
import { brotliCompressSync, gzipSync, constants } from 'node:zlib'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const at = (path) => fileURLToPath(new URL(path, import.meta.url))
export const SCRIPT_BUILDS = [
  ['dist/lyt.min.js', 'core'],
  ['dist/lyt.full.min.js', 'every feature'],
]
/** The npm module's features, as the README's table lists them, with what turns each on. */
const FEATURES = [
  ['exceptions', '`captureException()`; `captureExceptions: true`'],
  ['deliveryHooks', '`lyt.on()`'],
  ['context', '`lyt.context()`'],
  ['beforeSend', '`beforeSend: fn`'],
  ['testMode', '`testMode: true`'],
  ['declarativeEvents', "`data-lyt-event` on the page's elements"],
  ['outboundLinks', '`outboundLinks: true`'],
  ['fileDownloads', "`fileDownloads: true` (`downloadExtensions: 'pdf,zip'`)"],
  ['engagement', '`engagement: true`'],
  ['vitals', '`vitals: true`'],
  ['mask', "`mask: '/users/*'`"],
  ['consent', "`consent: 'ask'`, then `lyt.consent(true)`"],
]

const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
// The same gzip as `npm run build` prints (zlib, level 9, no file name in the header).
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length
const bytes = (n) => `${n.toLocaleString('en-US')} B`

/** A user's bundle of the npm module (dist/index.js) with these features: esbuild --bundle --minify, brotli. */
async function bundleSize(features) {
  const contents =
    `import { createLyt${features.map((f) => `, ${f}`).join('')} } from './dist/index.js'\n` +
    `createLyt(${features.length ? `{ features: [${features.join(', ')}] }` : ''})\n`
  const result = await build({
    stdin: { contents, resolveDir: at('..'), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  })
  return brotli(result.outputFiles[0].contents)
}

/** The README's two tables, as the builds in dist/ make them. */
export async function sizeTables() {
  const budgets = JSON.parse(readFileSync(at('../package.json'), 'utf8')).sizeBudget || {}
  const scripts = ['| build | raw | gzip | brotli | budget (brotli) |', '|---|---|---|---|---|']
  for (const [file, what] of SCRIPT_BUILDS) {
    const code = readFileSync(at(`../${file}`))
    scripts.push(
      `| \`${file}\` (${what}) | ${bytes(code.length)} | ${bytes(gzip(code))} | **${bytes(brotli(code))}** | ${budgets[file] ? bytes(budgets[file]) : '–'} |`,
    )
  }
  const alone = await bundleSize([])
  const npm = [
    '| import | adds | turned on by |',
    '|---|---|---|',
    `| \`createLyt\` alone | ${bytes(alone)} (the whole bundle) | |`,
  ]
  for (const [feature, by] of FEATURES) npm.push(`| \`${feature}\` | ${bytes((await bundleSize([feature])) - alone)} | ${by} |`)
  return { scripts: scripts.join('\n'), npm: npm.join('\n') }
}

const README = at('../README.md')
const block = (name) => new RegExp(`(<!-- size:${name} [^>]*-->\\n)[\\s\\S]*?(<!-- /size:${name} -->)`)

/** The README with its tables replaced by `tables`; throws if a marker is missing. */
export function withTables(readme, tables) {
  for (const [name, table] of Object.entries(tables)) {
    if (!block(name).test(readme)) throw new Error(`README.md has no <!-- size:${name} … --> … <!-- /size:${name} --> block`)
    readme = readme.replace(block(name), (_, open, close) => open + table + '\n' + close)
  }
  return readme
}

async function main() {
  const write = process.argv.includes('--write')
  const budgets = JSON.parse(readFileSync(at('../package.json'), 'utf8')).sizeBudget || {}
  let failed = false
  for (const [file] of SCRIPT_BUILDS) {
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
    const size = brotli(readFileSync(at(`../${file}`)))
    console.log(`${file}: ${size} B brotli (budget ${budget} B)`)
    if (size > budget) {
      console.error(`${file} is ${size - budget} B over its size budget (${size} B > ${budget} B brotli)`)
      failed = true
    }
  }
  if (failed) process.exit(1)

  const readme = readFileSync(README, 'utf8')
  const updated = withTables(readme, await sizeTables())
  if (write && updated !== readme) {
    writeFileSync(README, updated)
    console.log('README.md: size tables rewritten')
  } else if (updated !== readme) {
    console.error(
      'README.md: its size tables are not what the build measures: run `npm run size -- --write` (and commit README.md)',
    )
    process.exit(1)
  } else console.log('README.md: size tables up to date')
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main()

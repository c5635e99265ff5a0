// The build: `npm run build`. Deterministic: the same src/ always makes the same dist/.
//   dist/lyt.js          readable script-tag build (IIFE)
//   dist/lyt.min.js(.map) production script-tag build, internal property names mangled;
//                        the map is not named in the script (add it in devtools)
//   dist/index.js        the npm module (ESM), dist/index.d.ts + dist/types/ its types
import { build } from 'esbuild'
import { minify } from 'terser'
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs'
import { brotliCompressSync, gzipSync, constants } from 'node:zlib'

const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
const define = { __VERSION__: JSON.stringify(pkg.version) }
const target = 'es2020'

rmSync('dist', { recursive: true, force: true })
mkdirSync('dist')

// The script-tag build, from src/script.ts: a classic script (an IIFE).
const script = {
  entryPoints: ['src/script.ts'],
  bundle: true,
  format: 'iife',
  target,
  define,
  legalComments: 'none',
  // A classic script needs no "use strict" (TypeScript's strict is for checking, not this).
  tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
}

// Readable: what the README tells users to read and copy.
await build({ ...script, outfile: 'dist/lyt.js' })

// The production build: esbuild's minifier first (it folds the bundle's module scaffolding
// well), then terser, which mangles every `_internal` property name. Public API names and the
// wire's field names never start with "_", so they are kept as they are.
const preminified = await build({ ...script, minify: true, sourcemap: 'external', write: false, outfile: 'lyt.js' })
const minified = await minify(
  { 'lyt.js': preminified.outputFiles.find((file) => file.path.endsWith('.js')).text },
  {
    ecma: 2020,
    toplevel: true,
    compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
    mangle: { properties: { regex: /^_/, reserved: ['_phantom', '__nightmare'] } },
    format: { comments: false },
    sourceMap: {
      content: preminified.outputFiles.find((file) => file.path.endsWith('.map')).text,
      filename: 'lyt.min.js',
      // No `//# sourceMappingURL` line: every visitor would download it (~25 B brotli).
      // Devtools take the map when it is added by hand (README, "Size and cost").
    },
  },
)
writeFileSync('dist/lyt.min.js', minified.code)
writeFileSync('dist/lyt.min.js.map', minified.map)

// The npm module: ESM, readable; the user's bundler minifies it with the rest of their app.
await build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  format: 'esm',
  target,
  define,
  outfile: 'dist/index.js',
  legalComments: 'none',
})
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
writeFileSync('dist/index.d.ts', "export * from './types/index.js'\n")

const code = readFileSync('dist/lyt.min.js')
const gzip = gzipSync(code, { level: 9 }).length
const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
const sri = 'sha384-' + createHash('sha384').update(code).digest('base64')
console.log(`dist/lyt.min.js: ${code.length} B raw, ${gzip} B gzip, ${brotli} B brotli`)
console.log(`integrity="${sri}"`)

// The build: `npm run build`. Deterministic: the same src/ always makes the same dist/.
//   dist/lyt.js          readable core script-tag build (IIFE): the contract's §1–§6
//   dist/lyt.min.js(.map) production core build, internal property names mangled;
//                        the map is not named in the script (add it in devtools)
//   dist/lyt.full.js, dist/lyt.full.min.js(.map)  the same with every optional feature
//                        (src/features/), each off until its attribute turns it on
//   dist/index.js        the npm module (ESM), dist/index.d.ts + dist/types/ its types
//   dist/global.d.ts     the script tag's global `lyt` for TypeScript (`lyt/global`)
// __FEATURES__ is false only in the core build: the features' hook slots compile out of it.
import { build } from 'esbuild'
import { minify } from 'terser'
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync, rmSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { brotliCompressSync, gzipSync, constants } from 'node:zlib'

const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
const define = { __VERSION__: JSON.stringify(pkg.version), __FEATURES__: 'true' }
const coreDefine = { ...define, __FEATURES__: 'false' }
const target = 'es2020'

rmSync('dist', { recursive: true, force: true })
mkdirSync('dist')

// The script-tag builds, from src/script.ts: classic scripts (IIFEs).
const script = {
  entryPoints: ['src/script.ts'],
  bundle: true,
  format: 'iife',
  target,
  legalComments: 'none',
  // A classic script needs no "use strict" (TypeScript's strict is for checking, not this).
  tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
}

/** Builds one script: readable (`name`.js) and production (`name`.min.js and its map). */
async function buildScript(name, defines) {
  // Readable: what the README tells users to read and copy.
  await build({ ...script, define: defines, outfile: `dist/${name}.js` })

  // The production build: esbuild's minifier first (it folds the bundle's module scaffolding
  // well), then terser, which renames every `_internal` property name: the core's parts talk
  // through `_` members (src/tab-queue.ts, src/delivery.ts). Public API names and the wire's
  // field names never start with "_"; names the page sets (`window._phantom`) are looked up
  // by strings, which are never renamed. test/unit/builds.test.ts runs the built files. `keep_fargs: false`
  // drops parameters no code reads (a slot only the full build uses costs the core nothing).
  const preminified = await build({
    ...script,
    define: defines,
    minify: true,
    sourcemap: 'external',
    write: false,
    outfile: `${name}.js`,
  })
  const minified = await minify(
    { [`${name}.js`]: preminified.outputFiles.find((file) => file.path.endsWith('.js')).text },
    {
      ecma: 2020,
      toplevel: true,
      compress: { passes: 3, unsafe_arrows: true, pure_getters: true, keep_fargs: false },
      mangle: { properties: { regex: /^_/ } },
      format: { comments: false },
      sourceMap: {
        content: preminified.outputFiles.find((file) => file.path.endsWith('.map')).text,
        filename: `${name}.min.js`,
        // No `//# sourceMappingURL` line: every visitor would download it (~25 B brotli).
        // Devtools take the map when it is added by hand (README, "Size and cost").
      },
    },
  )
  writeFileSync(`dist/${name}.min.js`, minified.code)
  writeFileSync(`dist/${name}.min.js.map`, minified.map)
}
await buildScript('lyt', coreDefine)
await buildScript('lyt.full', define)

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
withExtensions('dist/types')
writeFileSync('dist/index.d.ts', "export * from './types/index.js'\n")
// `lyt/global` (package.json "exports"): the script tag's global `lyt`, for TypeScript. The
// empty module lets `import 'lyt/global'` pass through a bundler, which keeps the import.
copyFileSync('types/global.d.ts', 'dist/global.d.ts')
writeFileSync('dist/global.js', '// Types only: see global.d.ts.\nexport {}\n')

/**
 * src/ imports its modules without extensions (bundler resolution), and so do the declarations
 * tsc writes from it; under `moduleResolution` node16/nodenext a relative import in an ES module
 * needs the file's extension (TS2834), or the types silently turn to `any` with skipLibCheck.
 * Each relative specifier in the declarations gets the `.js` of the file it names (or of its
 * folder's index). The scripts and the npm module are bundles: this changes nothing of them.
 */
function withExtensions(folder) {
  for (const entry of readdirSync(folder, { recursive: true })) {
    const file = join(folder, entry)
    if (!file.endsWith('.d.ts')) continue
    const specifier = /(\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.\.?\/[^'"]*)\2/gm
    const text = readFileSync(file, 'utf8').replace(specifier, (all, before, quote, path) => {
      if (/\.[cm]?js$/.test(path)) return all
      const target = join(dirname(file), path)
      const resolved = existsSync(`${target}.d.ts`)
        ? `${path}.js`
        : existsSync(join(target, 'index.d.ts'))
          ? `${path}/index.js`
          : null
      if (!resolved) throw new Error(`${file}: no declaration for ${path}`)
      return before + quote + resolved + quote
    })
    writeFileSync(file, text)
  }
}

for (const file of ['dist/lyt.min.js', 'dist/lyt.full.min.js']) {
  const code = readFileSync(file)
  const gzip = gzipSync(code, { level: 9 }).length
  const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
  const sri = 'sha384-' + createHash('sha384').update(code).digest('base64')
  console.log(`${file}: ${code.length} B raw, ${gzip} B gzip, ${brotli} B brotli, integrity="${sri}"`)
}

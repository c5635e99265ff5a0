// The published types, as a user's TypeScript project sees them: the package as `npm pack`
// makes it, installed into a temporary node_modules, compiled by small consumer projects under
// `moduleResolution` bundler, node16 and nodenext, each with and without skipLibCheck. A
// correct consumer has no error (not even in the package's own declarations), and wrong ones
// must fail: if the types silently became `any` (as relative imports without extensions did
// under node16 with skipLibCheck), a misspelt setting would compile.
// Needs the built package (`npm run build`), like the e2e tests.

import { execFile } from 'node:child_process'
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { phoenixSnippets, readmeBlocks } from '../e2e/liveview/readme'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
// The repository's own compiler, found from here (never a path of one machine).
const TSC = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc')

const PHOENIX = phoenixSnippets()
/** The README's TypeScript examples, each a file as a reader would paste it (a module). */
const README_TS = Object.fromEntries(
  readmeBlocks(['TypeScript'])
    .filter((block) => block.lang === 'ts')
    .map((block, i) => [`readme-typescript-${i + 1}.ts`, { code: block.code + '\nexport {}\n', errors: [] as string[] }]),
)

/** Each consumer file, and what must be wrong in it: nothing, or errors naming these words. */
const FILES: Record<string, { code: string; errors: string[] }> = {
  ...README_TS,
  // The README's Phoenix snippets in an app.ts: the stub (lyt.q) and the push_event recipe (phx:lyt's detail).
  'readme-phoenix.ts': {
    code: `import 'lyt/global'\n${PHOENIX.stub}\n${PHOENIX.pushEvent}\n`,
    errors: [],
  },
  'push-event-typed.ts': {
    code: `import type { LytPushEvent } from 'lyt/global'
window.addEventListener('phx:lyt', (e) => {
  const detail: LytPushEvent = e.detail
  const plan: unknown = e.detail.metadata?.plan
  lyt(detail.name, { metadata: { plan } })
})
`,
    errors: [],
  },
  'wrong-push-event.ts': {
    code: `import 'lyt/global'
window.addEventListener('phx:lyt', (e) => lyt(e.detail.nme))
`,
    errors: ['nme'],
  },
  'module.ts': {
    code: `import { createLyt, consent, context, exceptions, mask, vitals, type Lyt, type Result, type Settings } from 'lyt'
const settings: Settings = { endpoint: '/api/analytics', flushInterval: 500, captureExceptions: true }
const lyt: Lyt = createLyt({ ...settings, features: [context, exceptions, vitals, mask, consent], vitals: true, mask: ['/users/*'], consent: 'ask' })
const chosen: boolean | undefined = lyt.consent?.(true)
createLyt({ mask: '/users/*, /docs/**' })
lyt('Signup', { metadata: { plan: 'pro' } }, (result: Result) => console.log(result.ok, result.error))
lyt.batch([{ name: 'A' }, { name: 'B', path: '/b' }])
lyt.configure({ debug: true })
const left: number = lyt.queueLength()
lyt.context?.({ plan: 'pro' })
export { left, chosen }
`,
    errors: [],
  },
  'wrong-setting.ts': {
    code: `import { createLyt } from 'lyt'
createLyt({ endpont: '/x' })
`,
    errors: ['endpont'],
  },
  'global-import.ts': {
    code: `import 'lyt/global'
lyt('Signup', { metadata: { plan: 'pro' } })
window.lyt.flush((result) => console.log(result.ok))
const version: string = globalThis.lyt.version
export { version }
`,
    errors: [],
  },
  'global-reference.ts': {
    code: `/// <reference types="lyt/global" />
lyt.pageview({ path: '/welcome' })
export {}
`,
    errors: [],
  },
  'wrong-global.ts': {
    code: `import 'lyt/global'
lyt('Signup', { metadta: { plan: 'pro' } })
lyt.pagevew()
`,
    errors: ['metadta', 'pagevew'],
  },
}

const SETTINGS = ['bundler', 'node16', 'nodenext'].flatMap((resolution) =>
  [true, false].map((skipLibCheck) => ({ resolution, skipLibCheck, name: `${resolution}, skipLibCheck ${skipLibCheck}` })),
)

let temp: string
let active = 0
const waiting: (() => void)[] = []
/** Two compilers at a time (the machines that run this have two cores). */
async function twoAtATime<T>(task: () => Promise<T>): Promise<T> {
  while (active >= 2) await new Promise<void>((resolve) => waiting.push(resolve))
  active++
  try {
    return await task()
  } finally {
    active--
    waiting.shift()?.()
  }
}
/** tsc's output per setting, started in beforeAll and awaited by each test. */
const compiled = new Map<string, Promise<string>>()

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'lyt-types-'))
  // The package as it would be published, unpacked where the consumers' imports find it.
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', temp], { cwd: ROOT })
  const [{ filename }] = JSON.parse(stdout)
  const installed = join(temp, 'node_modules', 'lyt')
  await mkdir(installed, { recursive: true })
  await run('tar', ['-xzf', join(temp, filename), '-C', installed, '--strip-components=1'])

  for (const { resolution, skipLibCheck, name } of SETTINGS) {
    const project = join(temp, `${resolution}-${skipLibCheck}`)
    await mkdir(project)
    await writeFile(join(project, 'package.json'), JSON.stringify({ type: 'module', private: true }))
    const compilerOptions = {
      target: 'ES2020',
      module: resolution === 'bundler' ? 'esnext' : resolution,
      moduleResolution: resolution,
      lib: ['ES2020', 'DOM'],
      types: [],
      strict: true,
      noEmit: true,
      skipLibCheck,
    }
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }, null, 2))
    for (const [file, { code }] of Object.entries(FILES)) await writeFile(join(project, file), code)
    // tsc exits 2 when it reports errors: its output is what counts.
    const output = twoAtATime(() =>
      run(process.execPath, [TSC, '-p', project, '--pretty', 'false'], { cwd: project }).then(
        ({ stdout }) => stdout,
        (error) => String(error.stdout ?? '') + String(error.stderr ?? '') || String(error),
      ),
    )
    compiled.set(name, output)
  }
}, 120_000)

afterAll(async () => {
  if (temp) await rm(temp, { recursive: true, force: true })
})

describe('the published types, compiled by consumer projects', () => {
  it('the package ships its declarations, lyt/global and a LICENSE', async () => {
    const files = await readdir(join(temp, 'node_modules', 'lyt'), { recursive: true })
    for (const file of [
      'LICENSE',
      'package.json',
      'dist/index.d.ts',
      'dist/global.d.ts',
      'dist/global.js',
      'dist/types/index.d.ts',
    ]) {
      expect(files).toContain(file)
    }
  })

  it("the README's TypeScript examples are among the consumers (the TypeScript section has them)", () => {
    expect(Object.keys(README_TS).length).toBeGreaterThanOrEqual(3)
    expect(Object.values(README_TS).some(({ code }) => code.includes('phx:lyt'))).toBe(true)
  })

  it("require('lyt') works on a Node that can require ES modules, and elsewhere fails naming ES modules", async () => {
    const requireLyt = ['-e', "const { createLyt } = require('lyt'); console.log(typeof createLyt, typeof createLyt().pageview)"]
    if ((process as any).features.require_module) {
      const { stdout } = await run(process.execPath, requireLyt, { cwd: temp })
      expect(stdout.trim()).toBe('function function')
    }
    // As a Node that cannot (before 20.19 and 22.12) does: a clear error, not ERR_PACKAGE_PATH_NOT_EXPORTED.
    const error = await run(process.execPath, ['--no-experimental-require-module', ...requireLyt], { cwd: temp }).then(
      () => null,
      (error) => String(error.stderr),
    )
    expect(error).toMatch(/ERR_REQUIRE_ESM/)
    expect(error).toMatch(/require\(\) of ES Module .*lyt.dist.index\.js/)
    expect(error).not.toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED/)
  })

  for (const { name } of SETTINGS) {
    it(`moduleResolution ${name}: correct code compiles, wrong settings and calls do not`, async () => {
      const output = await compiled.get(name)!
      const errors = output.split('\n').filter((line) => /error TS\d+/.test(line))
      // Every error is in a file meant to have it (none in the package's own declarations).
      const expected = Object.entries(FILES)
        .filter(([, { errors }]) => errors.length)
        .map(([file]) => file)
      expect(
        errors.filter((line) => !expected.some((file) => line.startsWith(file + '('))),
        output,
      ).toEqual([])
      for (const [file, { errors: words }] of Object.entries(FILES)) {
        const inFile = errors.filter((line) => line.startsWith(file + '('))
        for (const word of words)
          expect(
            inFile.some((line) => line.includes(`'${word}'`)),
            `${file}: ${word}\n${output}`,
          ).toBe(true)
        expect(inFile, output).toHaveLength(words.length)
      }
    })
  }
})

// The npm module, as a bundler or a server-side renderer imports it: in Node, no window.

import { describe, expect, it } from 'vitest'

describe('the npm module (dist/index.js)', () => {
  it('importing it touches no global and starts nothing', async () => {
    const before = new Set(Object.getOwnPropertyNames(globalThis))
    const module = await import('../../dist/index.js')
    const added = Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name))
    expect(added).toEqual([])
    expect(typeof module.createLyt).toBe('function')
    expect((globalThis as any).lyt).toBeUndefined()
  })

  it('on the server, createLyt() gives the same API and every callback hears "no_browser"', async () => {
    const { createLyt } = await import('../../dist/index.js')
    const lyt = createLyt({ endpoint: '/api/analytics' })
    const heard: unknown[] = []
    lyt('Server render', {}, (result: unknown) => heard.push(result))
    lyt.batch([{ name: 'A' }], (result: unknown) => heard.push(result))
    lyt.pageview((result: unknown) => heard.push(result))
    lyt.flush((result: unknown) => heard.push(result))
    expect(heard).toEqual([]) // never inside the call
    await Promise.resolve()
    expect(heard).toEqual(Array(4).fill({ ok: false, ignored: true, reason: 'no_browser' }))
    expect(lyt.queueLength()).toBe(0)
    expect(lyt.version).toMatch(/^\d+\.\d+\.\d+/)
    for (const method of ['configure', 'optOut', 'optIn'] as const) expect(() => (lyt as any)[method]({})).not.toThrow()
  })

  it('ships its types: index.d.ts names the factory and the public types', async () => {
    const { readFile } = await import('node:fs/promises')
    const types = await readFile(new URL('../../dist/types/index.d.ts', import.meta.url), 'utf8')
    expect(types).toMatch(/export declare function createLyt\(/)
    for (const name of ['Lyt', 'Config', 'Result', 'Callback', 'Environment']) expect(types).toContain(name)
  })

  it('a bundle carries only the features it imports: none with createLyt alone, one with one', async () => {
    const { build } = await import('esbuild')
    const { fileURLToPath } = await import('node:url')
    const moduleFile = fileURLToPath(new URL('../../dist/index.js', import.meta.url))
    const bundle = async (imports: string) =>
      (
        await build({
          stdin: {
            contents: `import { ${imports} } from ${JSON.stringify(moduleFile)}; console.log(${imports})`,
            resolveDir: '.',
          },
          bundle: true,
          minify: true,
          write: false,
          format: 'esm',
        })
      ).outputFiles[0].text
    // A string only each feature has.
    const marks = {
      testMode: '[Lyt] test:',
      beforeSend: 'before_send',
      context: 'context:',
      deliveryHooks: 'listener threw',
      vitals: 'largest-contentful-paint',
      mask: '[^/]+',
      consent: 'lyt_consent',
    }
    const core = await bundle('createLyt')
    expect(Object.values(marks).filter((mark) => core.includes(mark))).toEqual([])
    // Each alone carries its own strings and none of the others'.
    for (const feature of ['context', 'vitals', 'mask', 'consent']) {
      const alone = await bundle(`createLyt, ${feature}`)
      expect(
        Object.entries(marks)
          .filter(([, mark]) => alone.includes(mark))
          .map(([name]) => name),
        `a bundle of createLyt and ${feature}`,
      ).toEqual([feature])
      expect(alone.length - core.length).toBeLessThan(2500)
    }
    // And the three of §9 together.
    const all = await bundle('createLyt, vitals, mask, consent')
    expect(['vitals', 'mask', 'consent'].every((name) => all.includes(marks[name as keyof typeof marks]))).toBe(true)
  })
})

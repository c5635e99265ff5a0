// The built script files, as a page runs them. The production build renames every `_name`
// property (esbuild.config.mjs): the core's parts talk through such names. The unit tests
// run src/, where nothing is renamed, so a name the page sets (`window._phantom`) that the
// build renamed would pass every one of them. These tests run dist/ itself.

import { readFileSync } from 'node:fs'
import { Window } from 'happy-dom'
import { describe, expect, it } from 'vitest'
import type { Result } from '../../src/types'

const BUILDS = ['lyt.min.js', 'lyt.full.min.js', 'lyt.js', 'lyt.full.js']

/** A page that loads `build` from an inline script, with `globals` set on its window first. */
function pageWith(build: string, globals: Record<string, unknown> = {}) {
  const win = new Window({ url: 'https://shop.example/', settings: { enableJavaScriptEvaluation: true } })
  Object.defineProperty(win.navigator, 'webdriver', { value: false, configurable: true })
  const bodies: string[] = []
  // The page's fetch: nothing leaves the test; every request is answered 200.
  ;(win as any).fetch = async (_url: string, init: { body: string }) => {
    bodies.push(init.body)
    return new win.Response('{"ok":true}', { status: 200, headers: { 'Content-Type': 'application/json' } })
  }
  Object.assign(win, globals)
  const script = win.document.createElement('script')
  script.setAttribute('data-auto', 'false')
  script.textContent = readFileSync(`dist/${build}`, 'utf8') // (tests run from the repository's root)
  win.document.head.appendChild(script)
  const lyt = (win as any).lyt
  const call = (name: string) => new Promise<Result>((resolve) => lyt(name, resolve))
  return { win, lyt, call, bodies }
}

describe.each(BUILDS)('dist/%s', (build) => {
  it('installs the global and delivers a call', async () => {
    const { lyt, call, bodies } = pageWith(build)
    expect(lyt.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(await call('Signup')).toEqual({ ok: true })
    expect(JSON.parse(bodies[0]).events.map((event: any) => event.name)).toEqual(['Signup'])
  })

  it.each(['_phantom', '__nightmare', 'Cypress'])('a page with window.%s is automation: nothing is tracked', async (name) => {
    const { call, bodies } = pageWith(build, { [name]: true })
    expect(await call('Signup')).toEqual({ ok: false, ignored: true, reason: 'automation' })
    expect(bodies).toEqual([])
  })
})

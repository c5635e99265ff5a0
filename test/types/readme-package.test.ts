// What the README says of the package itself, checked against the package: its size tables
// (written by `npm run size -- --write` from the builds in dist/), its install lines (from
// package.json). Needs the built package (`npm run build`), like the other tests here.

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sizeTables, withTables } from '../../bench/size.mjs'

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))

describe('the README and the package', () => {
  it('the size tables are what the builds measure (else: npm run size -- --write)', async () => {
    const current = withTables(README, await sizeTables())
    const stale = (text: string) => text.split('\n').filter((line) => line.startsWith('| `'))
    expect(stale(README), 'README.md size tables are stale: run `npm run size -- --write`').toEqual(stale(current))
    expect(README === current, 'README.md size tables are stale: run `npm run size -- --write`').toBe(true)
  })

  it("the git install line is package.json's repository, and the tarball is named as npm pack names it", () => {
    expect(PACKAGE.repository?.url).toMatch(/^git\+https:\/\//)
    expect(README).toContain(`npm install ${PACKAGE.repository.url}\n`)
    const tarball = `${PACKAGE.name}-${PACKAGE.version}.tgz`
    const named = [...README.matchAll(/\b[\w-]+-\d+\.\d+\.\d+\.tgz\b/g)].map((m) => m[0])
    expect(named.length).toBeGreaterThan(0)
    expect(new Set(named)).toEqual(new Set([tarball]))
  })
})

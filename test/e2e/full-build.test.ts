// The full script build (dist/lyt.full.min.js) on real pages in Chromium: each optional
// feature of CONTRACT.md §7 turned on by its attribute or method, against the collector,
// counting copies per event id. (The contract's own suites run on this build too: the
// 'e2e-full' project in vitest.config.ts.)

import { describe, expect, it } from 'vitest'
import { script, sleep, trackedPage, useBrowserAndCollector, waitForNames, type Collector, type Page } from './browser'

const FULL = 'lyt.full.min.js'
let collector: Collector
let page: Page
useBrowserAndCollector((world) => ({ collector, page } = world))

/** Copies stored per event id: every one must be 1. */
const copiesPerId = () => {
  const copies = new Map<string, number>()
  for (const { event } of collector.accepted) copies.set(event.id, (copies.get(event.id) ?? 0) + 1)
  return [...copies.values()]
}
const stored = (name: string) => collector.accepted.filter((s) => s.event.name == name).map((s) => s.event)

describe('the full build', () => {
  it('data-before-send names a page function: it drops and rewrites events, the automatic page view too', async () => {
    const filter = script(
      collector,
      `window.lytFilter = function (event) {
        if (event.name == 'Secret') return null
        if (event.name == 'Page View') return Object.assign({}, event, { path: '/redacted' })
        return Object.assign({}, event, { metadata: Object.assign({}, event.metadata, { filtered: true }) })
      }`,
    )
    await page.goto(trackedPage(collector, { 'data-before-send': 'lytFilter', 'data-interval': '50' }, { before: filter, script: FULL }))
    const dropped = await page.evaluate(() => new Promise((resolve) => (window as any).lyt('Secret', resolve)))
    await page.evaluate(() => (window as any).lyt('Kept', { metadata: { a: 1 } }))
    await waitForNames(collector, ['Page View', 'Kept'])
    await sleep(500)
    expect(dropped).toEqual({ ok: false, ignored: true, reason: 'before_send' })
    expect(stored('Page View').map((e) => e.path)).toEqual(['/redacted'])
    expect(stored('Kept').map((e) => e.metadata)).toEqual([{ a: 1, filtered: true }])
    expect(stored('Secret')).toEqual([])
    expect(copiesPerId().every((n) => n == 1)).toBe(true)
  })

  it('context: its keys on later events, scoped ones only on their event, cleared by null', async () => {
    await page.goto(trackedPage(collector, { 'data-auto': 'false', 'data-interval': '50' }, { script: FULL }))
    await page.evaluate(() => {
      const lyt = (window as any).lyt
      lyt('Before')
      lyt.context({ plan: 'pro' })
      lyt.context({ step: 1 }, 'Checkout')
      lyt('After')
      lyt('Checkout')
      lyt.context(null)
      lyt('Cleared')
    })
    await waitForNames(collector, ['Before', 'After', 'Checkout', 'Cleared'])
    expect(['Before', 'After', 'Checkout', 'Cleared'].map((name) => stored(name).map((e) => e.metadata ?? null))).toEqual([
      [null],
      [{ plan: 'pro' }],
      [{ plan: 'pro', step: 1 }],
      [null],
    ])
  })

  it('data-test: nothing is sent or stored, callbacks answer {ok: true, test: true}, a console line per event', async () => {
    const lines: string[] = []
    page.on('console', (message) => lines.push(message.text()))
    await page.goto(trackedPage(collector, { 'data-test': true, 'data-interval': '50' }, { script: FULL }))
    const result = await page.evaluate(() => new Promise((resolve) => (window as any).lyt('Signup', resolve)))
    await page.evaluate(() => (window as any).lyt.flush())
    await sleep(800)
    expect(result).toEqual({ ok: true, test: true })
    expect(collector.requests).toEqual([])
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('lyt_q_')))).toEqual([])
    expect(lines.filter((line) => line.startsWith('[Lyt] test:'))).toHaveLength(2) // the page view and Signup
  })

  it('delivery hooks see a 500 then a 200 for one event, which is stored once', async () => {
    await page.goto(trackedPage(collector, { 'data-auto': 'false', 'data-interval': '50' }, { script: FULL }))
    collector.failNext(1, 500)
    const seen = await page.evaluate(
      () =>
        new Promise<unknown[]>((resolve) => {
          const lyt = (window as any).lyt
          const log: unknown[] = []
          lyt.on('send', (d: any) => log.push(['send', d.events.map((e: any) => e.name), d.keepalive]))
          lyt.on('reply', (d: any) => {
            log.push(['reply', d.status, typeof d.ms])
            if (d.status == 200) resolve(log)
          })
          lyt('Retried')
        }),
    )
    expect(seen).toEqual([
      ['send', ['Retried'], true],
      ['reply', 500, 'number'],
      ['send', ['Retried'], true],
      ['reply', 200, 'number'],
    ])
    await sleep(300)
    expect(stored('Retried')).toHaveLength(1)
  })

  it('data-exceptions: an uncaught error and an unhandled rejection arrive once each; a broken image sends nothing', async () => {
    const thrower = script(
      collector,
      `setTimeout(function () { throw new Error('boom') }, 50)
       setTimeout(function () { Promise.reject('no network') }, 100)`,
    )
    await page.goto(
      trackedPage(collector, { 'data-auto': 'false', 'data-interval': '50', 'data-exceptions': true }, { script: FULL, body: `<img src="/t/missing.png">${thrower}` }),
    )
    await collector.waitFor((c) => c.accepted.filter((s) => s.event.name == 'Exception').length >= 2, 10_000)
    await sleep(800)
    const sent = stored('Exception').map((e) => [e.metadata.type, e.metadata.message, e.metadata.handled])
    expect(sent).toEqual([
      ['Error', 'boom', false],
      ['String', 'no network', false],
    ])
    expect(copiesPerId().every((n) => n == 1)).toBe(true)
  })
})

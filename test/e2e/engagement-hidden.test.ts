// Engagement (docs/contract.md §8) on a page that really becomes hidden (another tab comes to the
// front), with the full build: Playwright's own launch keeps every page visible, so this file
// starts Chromium itself and connects over CDP (as test/e2e/hidden.test.ts does). A tab sent
// to the back here also loses focus (`document.hasFocus()` turns false): the visibility check
// alone is proven in interactions.test.ts, with the page's visibility simulated.

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { CHROMIUM_ARGS, CHROMIUM_PATH, plainPage, sleep, startCollector, trackedPage, waitForNames, type Browser, type Collector } from './browser'

let chrome: ChildProcess
let browser: Browser
let collector: Collector
let profile: string

beforeAll(async () => {
  collector = await startCollector()
  profile = mkdtempSync(join(tmpdir(), 'lyt-engagement-hidden-'))
  chrome = spawn(CHROMIUM_PATH, [...CHROMIUM_ARGS, '--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true, // its own process group: Chromium's helpers go with it at the end
  })
  // Chromium says where its DevTools endpoint is on stderr.
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = ''
    const timeout = setTimeout(() => reject(new Error('Chromium did not start: ' + output)), 20_000)
    chrome.stderr!.on('data', (chunk) => {
      output += chunk
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(output)
      if (found) {
        clearTimeout(timeout)
        resolve(found[1])
      }
    })
  })
  browser = await chromium.connectOverCDP(endpoint, { noDefaults: true } as any)
})

afterAll(async () => {
  await browser?.close().catch(() => {})
  if (chrome?.pid && chrome.exitCode == null) {
    const exited = new Promise((resolve) => chrome.once('exit', resolve))
    process.kill(-chrome.pid)
    await exited
  }
  await collector?.close()
  // A helper process may still be finishing a write: a leftover temporary profile is harmless.
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
  } catch {}
})

it('a really hidden tab’s time is not counted: read 2 s, another tab in front 3 s (an Engagement as it hides), back 1 s, left', async () => {
  const context = browser.contexts()[0]
  const page = await context.newPage()
  await page.bringToFront()
  await page.goto(trackedPage(collector, { 'data-engagement': true, 'data-interval': '50' }, { script: 'lyt.full.min.js' }))
  await waitForNames(collector, ['Page View'])
  expect(await page.evaluate(() => document.visibilityState == 'visible' && document.hasFocus())).toBe(true)
  await sleep(2000)
  const other = await context.newPage()
  await other.bringToFront()
  await collector.waitFor(() => engagements().length == 1, 5000)
  expect(await page.evaluate(() => document.visibilityState)).toBe('hidden')
  await sleep(3000)
  await page.bringToFront()
  await sleep(1200)
  await page.goto(plainPage(collector))
  await collector.waitFor(() => engagements().length == 2, 5000)
  await sleep(800)
  const seconds = engagements().map((event) => event.metadata.seconds)
  expect(seconds).toHaveLength(2)
  expect(Math.abs(seconds[0] - 2), `hidden at ${seconds[0]} s, expected 2 ± 1`).toBeLessThanOrEqual(1)
  expect(Math.abs(seconds[1] - 1), `left at ${seconds[1]} s, expected 1 ± 1 (the 3 s hidden not counted)`).toBeLessThanOrEqual(1)
  const ids = collector.accepted.map((stored) => stored.event.id)
  expect(new Set(ids).size).toBe(ids.length)
  await other.close()
  await page.close()
})

const engagements = () => collector.accepted.filter((stored) => stored.event.name == 'Engagement').map((stored) => stored.event)

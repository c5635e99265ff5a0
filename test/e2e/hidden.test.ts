// A page that really becomes hidden (another tab comes to the front): Playwright's own
// launch keeps every page visible, so this file starts Chromium itself and connects over CDP.

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { CHROMIUM_ARGS, CHROMIUM_PATH, startCollector, trackedPage, waitForNames, type Browser, type Collector } from './browser'

let chrome: ChildProcess
let browser: Browser
let collector: Collector
let profile: string

beforeAll(async () => {
  collector = await startCollector()
  profile = mkdtempSync(join(tmpdir(), 'lyt-hidden-'))
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

it('when another tab comes to the front, the hidden page sends what waits at once', async () => {
  const context = browser.contexts()[0]
  const page = await context.newPage()
  await page.goto(trackedPage(collector, { 'data-auto': 'false', 'data-interval': '60000' }))
  await page.evaluate(() => (window as any).lyt('First')) // goes at once; the next waits a minute
  await waitForNames(collector, ['First'])
  await page.evaluate(() => (window as any).lyt('Before switching tabs'))
  expect(await page.evaluate(() => document.visibilityState)).toBe('visible')
  const other = await context.newPage()
  await other.bringToFront()
  await waitForNames(collector, ['Before switching tabs'], 5000)
  expect(await page.evaluate(() => document.visibilityState)).toBe('hidden')
  // It went with keepalive, and its answer still came back to the (living) hidden page.
  await expect.poll(() => page.evaluate(() => (window as any).lyt.queueLength())).toBe(0)
  await other.close()
  await page.close()
})

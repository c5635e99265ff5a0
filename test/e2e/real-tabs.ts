// Pages that really become hidden (another tab comes to the front): Playwright's own launch
// keeps every page visible, so these tests start Chromium themselves and connect over CDP.
// Used by hidden.test.ts and engagement-hidden.test.ts.

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { CHROMIUM_ARGS, CHROMIUM_PATH, startCollector, type Browser, type Collector } from './browser'

/** Starts a collector and Chromium over CDP for this file's tests; `world` is filled in beforeAll. */
export function useRealTabs() {
  const world = {} as { browser: Browser; collector: Collector }
  let chrome: ChildProcess
  let profile: string

  beforeAll(async () => {
    world.collector = await startCollector()
    profile = mkdtempSync(join(tmpdir(), 'lyt-tabs-'))
    chrome = spawn(
      CHROMIUM_PATH,
      [...CHROMIUM_ARGS, '--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: true, // its own process group: Chromium's helpers go with it at the end
      },
    )
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
    world.browser = await chromium.connectOverCDP(endpoint, { noDefaults: true } as any)
  })

  afterAll(async () => {
    await world.browser?.close().catch(() => {})
    if (chrome?.pid && chrome.exitCode == null) {
      const exited = new Promise((resolve) => chrome.once('exit', resolve))
      process.kill(-chrome.pid)
      await exited
    }
    await world.collector?.close()
    // A helper process may still be finishing a write: a leftover temporary profile is harmless.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
    } catch {}
  })

  return world
}

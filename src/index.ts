// The npm module. Importing it touches no global and starts nothing (safe under SSR):
// `createLyt()` makes a tracker with the same API as the script tag's global `lyt`.

import { answerLater } from './callbacks'
import type { Feature } from './hooks'
import { createLyt as createBrowserLyt, DEFAULT_CONFIG, type Environment } from './lyt'
import type { BatchEvent, Config, Lyt } from './types'

export type { BatchEvent, Callback, Config, EventOptions, Lyt, Result } from './types'
export type { Environment } from './lyt'
export type { Feature, FeatureContext, Hooks } from './hooks'
// The optional features (docs/contract.md §7, §8, §9): pass the ones you want in `features`. A bundle
// carries only those it imports (the package has no side effects: the rest are shaken out).
export { beforeSend } from './features/before-send'
export { consent } from './features/consent'
export { context } from './features/context'
export { declarativeEvents } from './features/declarative-events'
export { deliveryHooks } from './features/delivery-hooks'
export { engagement } from './features/engagement'
export { exceptions } from './features/exceptions'
export { fileDownloads } from './features/file-downloads'
export { mask } from './features/mask'
export { outboundLinks } from './features/outbound-links'
export { testMode } from './features/test-mode'
export { vitals } from './features/vitals'
export type { Transport } from './transport'
export type { Reply } from './response'
export { DEFAULT_CONFIG }

declare const __VERSION__: string

/**
 * What `createLyt()` takes: any of the settings (`Config`), the optional features to turn on,
 * and those features' settings. A closed list, so a misspelt name is a compile error.
 */
export type Settings = Partial<Config> & {
  /** The optional features to turn on: `[context, exceptions]` (each is its own export). */
  features?: Feature[]
  /**
   * With `beforeSend`: sees a copy of each event about to be queued; returns it (changed or
   * not) to send it, or null/false to drop it. Or the name of a global function.
   */
  beforeSend?:
    | ((
        event: BatchEvent & { path: string; hostname: string; query?: string; timestamp: string; id: string },
      ) => object | null | false)
    | string
  /** With `exceptions`: report uncaught errors and unhandled rejections. */
  captureExceptions?: boolean
  /** With `testMode`: check and log every event, send none. */
  testMode?: boolean
  /** With `outboundLinks`: a click on a link to another host sends "Outbound Link". */
  outboundLinks?: boolean
  /** With `fileDownloads`: a click on a link to a file sends "File Download". */
  fileDownloads?: boolean
  /** With `fileDownloads`: the extensions that count, comma-separated, replacing the default list. */
  downloadExtensions?: string
  /** With `engagement`: an "Engagement" event {seconds, scroll} per page view as it is hidden or left. */
  engagement?: boolean
  /** With `vitals`: one "Web Vitals" event {lcp, inp, cls, fcp, ttfb} per page load as it is first hidden or left. */
  vitals?: boolean
  /** With `mask`: paths sent as the first pattern they match (`/users/*`: `*` one segment, `**` the rest). */
  mask?: string | string[]
  /** With `consent`: `'ask'` sends and stores nothing until `lyt.consent(true)`. */
  consent?: 'ask' | ''
}

/**
 * Makes a tracker. In a browser it starts at once (a page view unless `autoPageview` is
 * false); without one (server-side rendering) it tracks nothing and every callback hears
 * `{ok: false, ignored: true, reason: 'no_browser'}`.
 */
export function createLyt(settings?: Settings, environment?: Partial<Environment>): Lyt {
  if (typeof window !== 'undefined' || environment?.window) return createBrowserLyt(settings, environment)
  const ignored = (...args: unknown[]) => {
    answerLater(
      args.find((arg) => typeof arg === 'function'),
      { ok: false, ignored: true, reason: 'no_browser' },
    )
  }
  return Object.assign(ignored, {
    batch: ignored,
    pageview: ignored,
    flush: ignored,
    queueLength: () => 0,
    configure: () => {},
    optOut: () => {},
    optIn: () => {},
    version: __VERSION__,
  })
}

// The npm module. Importing it touches no global and starts nothing (safe under SSR):
// `createLyt()` makes a tracker with the same API as the script tag's global `lyt`.

import { answerLater } from './callbacks'
import { createLyt as createBrowserLyt, DEFAULT_CONFIG, type Environment, type Settings } from './lyt'
import type { Lyt } from './types'

export type { BatchEvent, Callback, Config, EventOptions, Lyt, Result } from './types'
export type { Environment, Settings } from './lyt'
export type { Feature, FeatureContext, Hooks } from './hooks'
// The optional features (CONTRACT.md §7, §8): pass the ones you want in `features`. A bundle
// carries only those it imports (the package has no side effects: the rest are shaken out).
export { beforeSend } from './features/before-send'
export { context } from './features/context'
export { declarativeEvents } from './features/declarative-events'
export { deliveryHooks } from './features/delivery-hooks'
export { engagement } from './features/engagement'
export { exceptions } from './features/exceptions'
export { fileDownloads } from './features/file-downloads'
export { outboundLinks } from './features/outbound-links'
export { testMode } from './features/test-mode'
export type { Transport } from './transport'
export type { Reply } from './response'
export { DEFAULT_CONFIG }

declare const __VERSION__: string

/**
 * Makes a tracker. In a browser it starts at once (a page view unless `autoPageview` is
 * false); without one (server-side rendering) it tracks nothing and every callback hears
 * `{ok: false, ignored: true, reason: 'no_browser'}`.
 */
export function createLyt(settings?: Settings, environment?: Partial<Environment>): Lyt {
  if (typeof window != 'undefined' || (environment && environment.window)) return createBrowserLyt(settings, environment)
  const ignored = (...args: unknown[]) => {
    answerLater(args.find((arg) => typeof arg == 'function'), { ok: false, ignored: true, reason: 'no_browser' })
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

// Test mode (`data-test` / `testMode: true`; Segmentry's `send_to_http: false`, PostHog's
// `test_mode`): every event is checked, stamped and logged, and nothing is sent or stored.
// Callbacks answer as if delivered, with `test: true`. Its hook runs last (features/all.ts),
// so what it logs is what would have been sent, after context and before-send.

import type { Feature } from '../hooks'

export const testMode: Feature = {
  defaults: { testMode: false },
  attributes: { testMode: 'test' },
  install(_tracker, hooks, { config }) {
    hooks.queue.push((event) => {
      if (!config.testMode) return
      // Said with or without `debug`: seeing the events is what test mode is for.
      console.log('[Lyt] test:', event)
      return { ok: true, test: true }
    })
  },
}

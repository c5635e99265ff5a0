// Consent gate (`data-consent="ask"` / `consent: 'ask'`; PostHog, Matomo's requireConsent):
// until the page calls `lyt.consent(true)` nothing is sent and nothing is written to storage.
// Events made meanwhile (the automatic page view too, with its own timestamp) are queued as
// ever, but wait in memory, in order: the core's `hold` gate (hooks.ts). `lyt.consent(true)`
// stores the choice (`lyt_consent` = "true") and delivers what waited, once, by the core's
// ordinary delivery; `lyt.consent(false)` discards what waited (callbacks: `{ok: false,
// ignored: true, reason: 'consent'}`), stores "false", and every later event is refused the
// same way. Later page loads follow the stored choice; a choice made in another tab applies at
// once (the `storage` event). `lyt.consent()` answers the choice: true, false or undefined.
// Without `consent: 'ask'` nothing is held or refused: `lyt.consent(choice)` only stores the
// choice (a later page with the gate follows it).

import type { Feature } from '../hooks'
import type { Result } from '../types'

/** The localStorage key of the visitor's choice: "true" or "false". */
export const CONSENT_KEY = 'lyt_consent'

const REFUSED: Result = { ok: false, ignored: true, reason: 'consent' }

export const consent: Feature = {
  defaults: { consent: '' },
  install(tracker, hooks, { window: win, config, guard, storage, resume, discard }) {
    /** The choice made in this page or told by another tab ("true", "false"; null: taken back), else the stored one. */
    let choice: string | null | undefined
    const current = () => choice ?? storage('getItem', CONSENT_KEY)
    const asking = () => config.consent === 'ask'
    /** The gate is on and the visitor has not said yes. */
    const held = () => asking() && current() !== 'true'
    /** What the choice means for what waits: delivered, or discarded. */
    const apply = () => {
      if (asking()) current() === 'true' ? resume() : current() === 'false' && discard(REFUSED)
    }

    hooks.hold.push(held)
    hooks.queue.push(() => {
      if (asking() && current() === 'false') return REFUSED
    })

    tracker.consent = guard((given?: unknown) => {
      if (typeof given === 'boolean') {
        choice = String(given)
        storage('setItem', CONSENT_KEY, choice)
        apply()
      }
      const answer = current()
      return answer === 'true' ? true : answer === 'false' ? false : undefined
    })

    // Another tab's choice (its `storage` event), listened to once the gate is on.
    let listening = false
    const listen = () => {
      if (listening || !asking()) return
      listening = true
      win.addEventListener(
        'storage',
        guard((event: StorageEvent) => {
          if (event.key === CONSENT_KEY) {
            choice = event.newValue
            apply()
          }
        }),
      )
    }
    listen()
    // The gate turned on or off by a later configure(): off, what waited goes.
    let asked = asking()
    hooks.configure.push(() => {
      listen()
      if (asked && !asking()) resume()
      asked = asking()
    })
  },
}

// Before send (Lyt's server-side `before_save`, PostHog's `before_send`): `beforeSend(event)`
// in the settings, or `data-before-send="globalFunctionName"` on the script tag. It sees a
// copy of every event about to be queued (calls, page views, exceptions, autocaptured
// events) and returns the event, changed or not, to send it, or null/false to drop it. What
// it returns is checked like any call. A hook that throws drops the event: a filter that
// fails must not leak what it was meant to remove.

import type { Feature } from '../hooks'
import type { WireEvent } from '../queue'
import type { Result } from '../types'
import { checkEvent, type Details } from '../validate'

const DROPPED: Result = { ok: false, ignored: true, reason: 'before_send' }

export const beforeSend: Feature = {
  // A function setting: `configure()` takes a function, and the attribute a global's name.
  defaults: { beforeSend: (event: WireEvent) => event },
  install(_tracker, hooks, { config, warn }) {
    hooks.queue.push((event) => {
      let returned: any
      try {
        returned = config.beforeSend(JSON.parse(JSON.stringify(event)))
      } catch (error) {
        warn('beforeSend threw, the event is dropped:', error)
        return DROPPED
      }
      if (returned === null || returned === false) return DROPPED
      const details: Details = {}
      const checked = checkEvent(returned?.name, returned, details, '')
      if (Object.keys(details).length) {
        warn('beforeSend returned an invalid event:', JSON.stringify(details))
        return { ok: false, error: 'validation_error', details }
      }
      event.name = checked.name
      event.path = checked.path ?? event.path
      event.metadata = checked.metadata
    })
  },
}

// Context (PostHog's context, Segmentry's): `lyt.context(metadata)` merges those keys into the
// metadata of every later event of this tracker; `lyt.context(metadata, 'Event Name')` only
// into events of that name; `lyt.context(null)` clears all of it, `lyt.context(null, name)`
// only that name's. The event's own keys win. It lives in memory for the page's life only: nothing about the visitor is
// stored. An event whose merged metadata breaks the server's limits is refused like a call.

import type { Feature } from '../hooks'
import { checkEvent, type Details } from '../validate'

type Metadata = Record<string, unknown>

export const context: Feature = {
  install(tracker, hooks, { guard, warn }) {
    /** The keys for every event (under '') and for the events of one name (under it). */
    const contexts = new Map<string, Metadata>()
    tracker.context = guard((metadata: unknown, name?: unknown) => {
      const scope = typeof name === 'string' ? name : ''
      if (metadata === null) {
        if (scope) contexts.delete(scope)
        else contexts.clear()
        return
      }
      // A snapshot, checked like an event's metadata: a JSON object, now.
      const details: Details = {}
      const checked = checkEvent('context', { metadata }, details, '')
      if (details.metadata || !checked.metadata) return warn('context: the metadata', details.metadata || 'is required')
      contexts.set(scope, { ...contexts.get(scope), ...checked.metadata })
    })
    hooks.queue.push((event) => {
      const extra = { ...contexts.get(''), ...contexts.get(event.name) }
      if (!Object.keys(extra).length) return
      event.metadata = { ...extra, ...event.metadata }
      // The merged metadata must still fit the server's limits.
      const details: Details = {}
      checkEvent(event.name, event, details, '')
      if (Object.keys(details).length) return { ok: false, error: 'validation_error', details }
    })
  },
}

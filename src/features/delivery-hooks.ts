// Delivery hooks (Segmentry's telemetry start / stop / exception): `lyt.on(type, listener)`
// returns a function that removes the listener. 'send' ({events, bytes, keepalive}) when a
// request starts; 'reply' ({events, status, ms}; status 0 for a network error or time-out)
// when it ends; 'drop' ({events, result}) when events leave the queue undelivered. Listeners
// get copies; a listener that throws changes nothing.

import type { Feature } from '../hooks'
import type { WireEvent } from '../queue'

type Listener = (detail: unknown) => void

export const deliveryHooks: Feature = {
  install(tracker, hooks, { now, warn }) {
    const listeners = new Map<unknown, Listener[]>([
      ['send', []],
      ['reply', []],
      ['drop', []],
    ])
    // (Nothing here can throw: `type` is only compared, never converted.)
    tracker.on = (type: unknown, listener: unknown) => {
      const list = listeners.get(type)
      if (!list || typeof listener !== 'function') {
        warn('on: no such event type, or no listener:', type)
        return () => {}
      }
      list.push(listener as Listener)
      return () => {
        const index = list.indexOf(listener as Listener)
        if (index >= 0) list.splice(index, 1)
      }
    }
    const emit = (type: string, detail: object) => {
      for (const listener of listeners.get(type)!.slice()) {
        try {
          listener(JSON.parse(JSON.stringify(detail)))
        } catch (error) {
          warn('a', type, 'listener threw:', error)
        }
      }
    }
    /** When each request (by its events' array, the same object at send and reply) started. */
    const startedAt = new WeakMap<WireEvent[], number>()
    hooks.send.push((events, bytes, keepalive) => {
      startedAt.set(events, now())
      emit('send', { events, bytes, keepalive })
    })
    hooks.reply.push((events, status) => emit('reply', { events, status, ms: now() - startedAt.get(events)! }))
    hooks.drop.push((events, result) => emit('drop', { events, result }))
  },
}

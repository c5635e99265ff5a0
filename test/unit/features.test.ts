// The optional features of docs/contract.md §7 that join the core through its hook slots
// (src/hooks.ts): context, before-send, test mode and delivery hooks, each given to
// createLyt() in `features` as the npm module and the full script build do. (Exceptions have
// their own file.)

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { beforeSend } from '../../src/features/before-send'
import { context } from '../../src/features/context'
import { deliveryHooks } from '../../src/features/delivery-hooks'
import { testMode } from '../../src/features/test-mode'
import { advance, memoryStorage, pageEvent, recorder, startTracker, useFakeTime } from './harness'

beforeEach(useFakeTime)
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const noAuto = { autoPageview: false }
const sent = (server: ReturnType<typeof startTracker>['server']) =>
  server.requests.flatMap((r) => r.body.events.map((e: any) => ({ name: e.name, path: e.path, metadata: e.metadata })))

describe('no features given', () => {
  it('the tracker has none of their methods, and a feature setting is not a setting', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { lyt } = startTracker({ ...noAuto, debug: true, testMode: true } as any)
    expect([lyt.context, lyt.on, lyt.captureException]).toEqual([undefined, undefined, undefined])
    lyt('Sent')
    await advance(0)
    expect(warn).not.toHaveBeenCalledWith('[Lyt]', 'bad setting', 'testMode')
  })
})

describe('context', () => {
  it('merges its keys into later events; the event’s own keys win; scoped keys only into events of that name', async () => {
    const { lyt, server } = startTracker({ ...noAuto, features: [context] })
    lyt('Before')
    lyt.context!({ plan: 'pro', source: 'context' })
    lyt.context!({ step: 2 }, 'Checkout')
    lyt('After', { metadata: { source: 'event' } })
    lyt('Checkout')
    await advance(0)
    expect(sent(server)).toEqual([
      { name: 'Before', path: '/landing', metadata: undefined },
      { name: 'After', path: '/landing', metadata: { plan: 'pro', source: 'event' } },
      { name: 'Checkout', path: '/landing', metadata: { plan: 'pro', source: 'context', step: 2 } },
    ])
  })

  it('is a snapshot: changing the object later changes nothing; (null, name) clears one name’s', async () => {
    const { lyt, server } = startTracker({ ...noAuto, features: [context] })
    const keys: Record<string, unknown> = { plan: 'pro' }
    lyt.context!(keys)
    lyt.context!({ step: 1 }, 'Checkout')
    keys.plan = 'changed'
    lyt('One')
    lyt('Checkout')
    lyt.context!(null, 'Checkout')
    lyt('Checkout')
    await advance(0)
    expect(sent(server).map((e) => e.metadata)).toEqual([{ plan: 'pro' }, { plan: 'pro', step: 1 }, { plan: 'pro' }])
  })

  it('null clears all of it: the keys for every event and those of each name', async () => {
    const { lyt, server } = startTracker({ ...noAuto, features: [context] })
    lyt.context!({ plan: 'pro' })
    lyt.context!({ step: 1 }, 'Checkout')
    lyt.context!(null)
    lyt('One')
    lyt('Checkout')
    await advance(0)
    expect(sent(server).map((e) => e.metadata)).toEqual([undefined, undefined])
  })

  it('bad context is refused with a debug line, never thrown; merged metadata over the limit refuses the event', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { lyt, server } = startTracker({ ...noAuto, debug: true, features: [context] })
    const cyclic: any = {}
    cyclic.self = cyclic
    for (const bad of [cyclic, 'text', [1], 42, undefined]) expect(() => lyt.context!(bad)).not.toThrow()
    expect(warn.mock.calls.filter((call) => String(call[1]).startsWith('context'))).toHaveLength(5)
    lyt.context!({ big: 'x'.repeat(6000) })
    const result = recorder()
    lyt('Too big', { metadata: { more: 'y'.repeat(6000) } }, result.callback)
    lyt('Fits')
    await advance(0)
    expect(result.results).toEqual([
      { ok: false, error: 'validation_error', details: { metadata: ['should be at most 10240 byte(s)'] } },
    ])
    expect(sent(server).map((e) => e.name)).toEqual(['Fits'])
  })
})

describe('before send', () => {
  it('sees a copy of each event (the page view too) and may change it; null or false drops it', async () => {
    const seen: any[] = []
    const filter = (event: any) => {
      seen.push(event)
      if (event.name === 'Secret') return null
      if (event.name === 'Also secret') return false
      if (event.name === 'Page View') return { ...event, path: '/redacted' }
      return { ...event, metadata: { ...event.metadata, checked: true } }
    }
    const { lyt, server } = startTracker({ features: [beforeSend], beforeSend: filter })
    const dropped = recorder()
    lyt('Secret', dropped.callback)
    lyt('Also secret')
    lyt('Kept', { metadata: { a: 1 } })
    await advance(0)
    expect(sent(server)).toEqual([
      { name: 'Page View', path: '/redacted', metadata: undefined },
      { name: 'Kept', path: '/landing', metadata: { a: 1, checked: true } },
    ])
    expect(dropped.results).toEqual([{ ok: false, ignored: true, reason: 'before_send' }])
    expect(seen.map((e) => e.name)).toEqual(['Page View', 'Secret', 'Also secret', 'Kept'])
    expect(Object.keys(seen[0]).sort()).toEqual(['hostname', 'id', 'name', 'path', 'query', 'timestamp'])
    // A copy: changing what it was given changes nothing queued.
    seen[3].name = 'Changed after'
    await advance(1000)
    expect(sent(server).map((e) => e.name)).not.toContain('Changed after')
  })

  it('what it returns is checked like any call; a hook that throws drops the event', async () => {
    const { lyt, server } = startTracker({
      ...noAuto,
      features: [beforeSend],
      beforeSend: (event: any) => {
        if (event.name === 'Throws') throw new Error('filter failed')
        if (event.name === 'Nameless') return { ...event, name: '' }
        if (event.name === 'Not an object') return 'nope'
        return event
      },
    })
    const results = ['Throws', 'Nameless', 'Not an object', 'Fine'].map((name) => {
      const r = recorder()
      lyt(name, r.callback)
      return r
    })
    await advance(0)
    expect(results.map((r) => r.results[0])).toEqual([
      { ok: false, ignored: true, reason: 'before_send' },
      { ok: false, error: 'validation_error', details: { name: ["can't be blank"] } },
      { ok: false, error: 'validation_error', details: { name: ['is required'] } },
      { ok: true },
    ])
    expect(sent(server).map((e) => e.name)).toEqual(['Fine'])
  })

  it('set through configure(), or by a global function’s name (the script tag’s data-before-send), looked up when called', async () => {
    const { lyt, win, server } = startTracker({ ...noAuto, features: [beforeSend], beforeSend: 'myFilter' })
    ;(win as any).myFilter = (event: any) => (event.name === 'Drop me' ? null : event)
    lyt('Drop me')
    lyt('Keep me')
    await advance(0)
    lyt.configure({ beforeSend: () => false } as any)
    lyt('Dropped by the new one')
    await advance(2000)
    expect(sent(server).map((e) => e.name)).toEqual(['Keep me'])
  })

  it('a batch: the dropped events count as outcomes, the rest are sent', async () => {
    const { lyt, server } = startTracker({
      ...noAuto,
      features: [beforeSend],
      beforeSend: (e: any) => (e.name === 'B' ? null : e),
    })
    const result = recorder()
    lyt.batch([{ name: 'A' }, { name: 'B' }, { name: 'C' }], result.callback)
    await advance(0)
    expect(sent(server).map((e) => e.name)).toEqual(['A', 'C'])
    expect(result.results).toEqual([{ ok: false, ignored: true, reason: 'before_send', queued: 2 }])
  })
})

describe('test mode', () => {
  it('checks, stamps and logs every event, sends and stores nothing; callbacks answer as delivered, with test: true', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const store = memoryStorage()
    const { lyt, win, server } = startTracker({ features: [testMode], testMode: true }, { storage: store })
    const one = recorder()
    const batch = recorder()
    const invalid = recorder()
    lyt('Signup', { metadata: { plan: 'pro' } }, one.callback)
    lyt.batch([{ name: 'A' }, { name: 'B' }], batch.callback)
    lyt('', invalid.callback)
    await advance(0)
    pageEvent(win, 'pagehide')
    await advance(10_000)
    expect(server.requests).toEqual([])
    expect([...store.items.keys()].filter((key) => key.startsWith('lyt_q_'))).toEqual([])
    expect(one.results).toEqual([{ ok: true, test: true }])
    expect(batch.results).toEqual([{ ok: true, test: true, queued: 2 }])
    expect(invalid.results[0]).toMatchObject({ ok: false, error: 'validation_error' })
    const logged = log.mock.calls.filter((call) => call[0] === '[Lyt] test:').map((call) => call[1])
    expect(logged.map((event: any) => event.name)).toEqual(['Page View', 'Signup', 'A', 'B'])
    expect(logged[1]).toMatchObject({
      metadata: { plan: 'pro' },
      hostname: 'shop.example',
      id: expect.any(String),
      timestamp: expect.any(String),
    })
  })

  it('off by default; data-test="false" keeps it off; turned on by configure()', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const { lyt, server } = startTracker({ ...noAuto, features: [testMode], testMode: 'false' as any })
    lyt('Real')
    await advance(0)
    lyt.configure({ testMode: true } as any)
    lyt('Test')
    await advance(2000)
    expect(sent(server).map((e) => e.name)).toEqual(['Real'])
  })
})

describe('delivery hooks', () => {
  it('send, then reply with status and ms: a 500 then a 200', async () => {
    const { lyt, server } = startTracker({ ...noAuto, features: [deliveryHooks] }, { environment: { random: () => 0 } })
    const seen: any[] = []
    lyt.on!('send', (detail) => seen.push(['send', detail.events.map((e: any) => e.name), detail.keepalive, detail.bytes > 0]))
    lyt.on!('reply', (detail) => seen.push(['reply', detail.events.map((e: any) => e.name), detail.status, detail.ms]))
    // A listener gets a copy: what it changes is not what is sent again.
    lyt.on!('send', (detail) => (detail.events[0].name = 'changed by a listener'))
    server.answer({ status: 500 })
    lyt('A')
    await advance(0)
    await advance(10)
    expect(server.names()).toEqual(['A', 'A'])
    expect(seen).toEqual([
      ['send', ['A'], true, true],
      ['reply', ['A'], 500, 0],
      ['send', ['A'], true, true],
      ['reply', ['A'], 200, 0],
    ])
  })

  it('drop tells what left the queue undelivered and why; listeners get copies; one that throws changes nothing; off() stops it', async () => {
    const { lyt, server } = startTracker({ ...noAuto, features: [deliveryHooks] })
    const drops: any[] = []
    lyt.on!('drop', () => {
      throw new Error('listener bug')
    })
    const off = lyt.on!('drop', (detail) => {
      drops.push([detail.events.map((e: any) => e.name), detail.result])
      detail.events[0].name = 'changed by a listener'
    })
    server.answer({ status: 400, body: { details: { 'events[0].name': ['is reserved'] } } })
    lyt.batch([{ name: 'Bad' }, { name: 'Good' }])
    await advance(0)
    await advance(0)
    expect(drops).toEqual([[['Bad'], { ok: false, error: 'validation_error', details: { name: ['is reserved'] } }]])
    expect(server.delivered().map((e: any) => e.name)).toEqual(['Good'])
    off()
    lyt.optOut()
    expect(drops).toHaveLength(1)
  })

  it('an unknown type or a missing listener answers a function that does nothing, never throws', () => {
    const { lyt } = startTracker({ ...noAuto, features: [deliveryHooks] })
    for (const [type, listener] of [
      ['nope', () => {}],
      ['send', undefined],
      [
        {
          toString: () => {
            throw 1
          },
        },
        () => {},
      ],
    ] as const) {
      expect(() => (lyt.on as any)(type, listener)()).not.toThrow()
    }
  })
})

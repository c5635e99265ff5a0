// Masked paths (docs/contract.md §9): the pure matcher, then the feature on a tracker — every
// field that carries a path leaves the page masked, and `exclude` still sees the real path.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { engagement } from '../../src/features/engagement'
import { mask, pathMasker } from '../../src/features/mask'
import { advance, browserWindow, pageEvent, recorder, startTracker, useFakeTime } from './harness'

beforeEach(useFakeTime)
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('pathMasker', () => {
  it('`*` is one segment: /users/8123 is /users/*, but neither /users nor /users/8123/invoices', () => {
    const masked = pathMasker('/users/*')
    expect(masked('/users/8123')).toBe('/users/*')
    expect(masked('/users/abc-def.x')).toBe('/users/*')
    expect(masked('/users')).toBe('/users')
    expect(masked('/users/')).toBe('/users/') // an empty segment is no segment
    expect(masked('/users/8123/invoices')).toBe('/users/8123/invoices')
    expect(masked('/admin/users/8123')).toBe('/admin/users/8123') // the whole path, not a part of it
  })

  it('`*` in the middle; `**` is the rest of the path, slashes included (or nothing)', () => {
    const masked = pathMasker('/orders/*/items/*, /docs/**')
    expect(masked('/orders/77/items/3')).toBe('/orders/*/items/*')
    expect(masked('/orders/77/items')).toBe('/orders/77/items')
    expect(masked('/docs/a/b/c.html')).toBe('/docs/**')
    expect(masked('/docs/')).toBe('/docs/**')
    expect(masked('/docs')).toBe('/docs')
    expect(masked('/documents/x')).toBe('/documents/x')
  })

  it('the first pattern that matches wins', () => {
    expect(pathMasker('/users/*/invoices/*, /users/**')('/users/8/invoices/77')).toBe('/users/*/invoices/*')
    expect(pathMasker('/users/**, /users/*/invoices/*')('/users/8/invoices/77')).toBe('/users/**')
  })

  it('a trailing slash the pattern does not have is kept (the id still goes)', () => {
    expect(pathMasker('/users/*')('/users/8123/')).toBe('/users/*/')
    expect(pathMasker('/users/*/')('/users/8123/')).toBe('/users/*/')
  })

  it('everything else is literal: dots, pluses, brackets, a hash route', () => {
    const masked = pathMasker('/a.b/*, /c+(d)/*, /app#/users/*')
    expect(masked('/a.b/1')).toBe('/a.b/*')
    expect(masked('/aXb/1')).toBe('/aXb/1')
    expect(masked('/c+(d)/1')).toBe('/c+(d)/*')
    expect(masked('/app#/users/42')).toBe('/app#/users/*')
  })

  it('no patterns (blank, spaces, stray commas): every path as it is', () => {
    for (const patterns of ['', ' ', ', ,']) expect(pathMasker(patterns)('/users/1')).toBe('/users/1')
  })
})

describe('the mask feature', () => {
  const url = 'https://shop.example/users/8123?utm_source=news'

  it('the page view, a call, a call’s own path and a batch: each event’s path is masked; the landing path at the top level of every request too', async () => {
    const { lyt, server } = startTracker({ features: [mask], mask: '/users/*, /orders/*/items/*' }, { url })
    lyt('Clicked')
    lyt('Virtual', { path: '/orders/77/items/3' })
    lyt.batch([{ name: 'A' }, { name: 'B', path: '/orders/78/items/4' }])
    await advance(0)
    await advance(2000)
    const events = server.requests.flatMap((r) => r.body.events)
    expect(events.map((e: any) => [e.name, e.path])).toEqual([
      ['Page View', '/users/*'],
      ['Clicked', '/users/*'],
      ['Virtual', '/orders/*/items/*'],
      ['A', '/users/*'],
      ['B', '/orders/*/items/*'],
    ])
    expect(server.requests.length).toBeGreaterThan(0)
    for (const request of server.requests) {
      expect(request.body.path).toBe('/users/*')
      expect(request.raw).not.toMatch(/8123|77|78/)
    }
  })

  it('an SPA navigation’s page view and the engagement of the page view before it', async () => {
    const { lyt, win, server } = startTracker({ features: [engagement, mask], mask: '/users/*', engagement: true }, { url })
    lyt.configure({}) // (nothing: the mask stays)
    win.history.pushState({}, '', '/users/9')
    await advance(1500)
    pageEvent(win, 'pagehide')
    await advance(0)
    const raw = server.requests.map((r) => r.raw).join('\n')
    expect(server.names()).toContain('Page View')
    expect(raw).not.toMatch(/8123|\/users\/9/)
    expect(server.requests.flatMap((r) => r.body.events).every((e: any) => e.path === '/users/*')).toBe(true)
  })

  it('data-exclude is checked against the real path: /users/1 excluded, /users/2 masked', async () => {
    const excluded = recorder()
    const { lyt, server } = startTracker(
      { autoPageview: false, features: [mask], mask: '/users/*', exclude: '/users/1' },
      { url },
    )
    lyt('On one', { path: '/users/1' }, excluded.callback)
    lyt('On two', { path: '/users/2' })
    await advance(0)
    expect(excluded.results).toEqual([{ ok: false, ignored: true, reason: 'excluded' }])
    expect(server.requests.flatMap((r) => r.body.events).map((e: any) => [e.name, e.path])).toEqual([['On two', '/users/*']])
  })

  it('a list of patterns; configure() changes them later, the landing path too', async () => {
    const { lyt, server } = startTracker(
      { autoPageview: false, features: [mask], mask: ['/teams/*', '/users/*'] as any },
      { url },
    )
    lyt('Listed')
    await advance(0)
    lyt.configure({ mask: '' } as any)
    lyt('Unmasked')
    await advance(2000)
    expect(server.requests.map((r) => [r.body.events.map((e: any) => e.path), r.body.path])).toEqual([
      [['/users/*'], '/users/*'],
      [['/users/8123'], '/users/8123'],
    ])
  })

  it('off by default, and without the feature: paths go as they are', async () => {
    for (const features of [[mask], []]) {
      const { lyt, server } = startTracker({ autoPageview: false, features, mask: features.length ? '' : undefined } as any, {
        url,
      })
      lyt('Plain')
      await advance(0)
      expect(server.requests[0].body.path).toBe('/users/8123')
      expect(server.requests[0].body.events[0].path).toBe('/users/8123')
    }
  })

  it('a page that is not matched: nothing changes', async () => {
    const { lyt, server } = startTracker(
      { autoPageview: false, features: [mask], mask: '/users/*' },
      { window: browserWindow('https://shop.example/pricing') },
    )
    lyt('Plain')
    await advance(0)
    expect([server.requests[0].body.path, server.requests[0].body.events[0].path]).toEqual(['/pricing', '/pricing'])
  })
})

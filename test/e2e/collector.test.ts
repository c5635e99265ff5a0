// The collector is the yardstick the SDK's e2e tests are measured with, so it must answer
// exactly like Lyt's REST API (docs/contract.md §3) and misbehave exactly when told to.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCollector } from '../../demo/collector.mjs'

type Collector = Awaited<ReturnType<typeof startCollector>>

let collector: Collector

beforeAll(async () => {
  collector = await startCollector()
})
afterAll(async () => {
  await collector?.close()
})
beforeEach(() => collector.reset())

interface Answer {
  status: number
  headers: Headers
  text: string
  json: any
}

async function post(
  path: string,
  body: unknown,
  { contentType = 'application/json', signal }: { contentType?: string; signal?: AbortSignal } = {},
): Promise<Answer> {
  const response = await fetch(collector.url + path, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  })
  const text = await response.text()
  let json: any = null
  try {
    json = JSON.parse(text)
  } catch {
    /* not JSON: tests look at text */
  }
  return { status: response.status, headers: response.headers, text, json }
}
const postEvents = (events: unknown, extra: object = {}) => post('/api/analytics/events', { events, ...extra })

/** A metadata object whose JSON is exactly `bytes` bytes of UTF-8, mostly 2-byte 'é'. */
function metadataOfBytes(bytes: number): { text: string } {
  const overhead = Buffer.byteLength(JSON.stringify({ text: '' }))
  const rest = bytes - overhead
  const metadata = { text: 'é'.repeat(Math.floor(rest / 2)) + 'a'.repeat(rest % 2) }
  expect(Buffer.byteLength(JSON.stringify(metadata))).toBe(bytes)
  return metadata
}

describe('a valid batch', () => {
  it('is answered 200 with the number of events queued, and every event is stored in order', async () => {
    const answer = await postEvents([
      { name: 'Page View', path: '/' },
      { name: 'Button Click', metadata: { button: 'signup' } },
    ])
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/)
    expect(answer.json).toEqual({ ok: true, queued: 2 })
    expect(collector.accepted.map((a) => a.event.name)).toEqual(['Page View', 'Button Click'])
    expect(collector.accepted[0].requestId).toBe(collector.requests[0].id)
    expect(collector.requests[0]).toMatchObject({ method: 'POST', path: '/api/analytics/events', status: 200, fault: 'none' })
    expect(collector.requests[0].answeredAt).toBeGreaterThanOrEqual(collector.requests[0].receivedAt)
  })

  it('is accepted with a charset parameter in its Content-Type', async () => {
    const answer = await post(
      '/api/analytics/events',
      { events: [{ name: 'A' }] },
      { contentType: 'application/json; charset=utf-8' },
    )
    expect(answer.status).toBe(200)
    expect(collector.accepted).toHaveLength(1)
  })

  it('has its unknown fields ignored', async () => {
    const answer = await postEvents([{ name: 'A', id: 'e1', colour: 'blue' }], { something: 'else' })
    expect(answer.json).toEqual({ ok: true, queued: 1 })
    expect(collector.accepted[0].event).toMatchObject({ name: 'A', id: 'e1' })
  })

  it('has its session fields read from the top level of the body only, never from inside an event', async () => {
    await postEvents([{ name: 'A', path: '/pricing', screen_width: 1, utm_source: 'inside' }], {
      screen_width: 1280,
      screen_height: 720,
      utm_source: 'newsletter',
      utm_campaign: 'spring',
      path: '/landing',
    })
    const session = { screen_width: 1280, screen_height: 720, utm_source: 'newsletter', utm_campaign: 'spring', path: '/landing' }
    expect(collector.requests[0].session).toEqual(session)
    expect(collector.accepted[0].session).toEqual(session)

    await postEvents([{ name: 'B', screen_width: 1, utm_source: 'inside' }])
    expect(collector.accepted[1].session).toEqual({})
  })

  it('has a timestamp without a UTC offset flagged as replaced by the server clock', async () => {
    await postEvents([
      { name: 'utc', timestamp: '2026-11-25T10:00:00.123Z' },
      { name: 'offset', timestamp: '2026-11-25T11:00:00+01:00' },
      { name: 'local', timestamp: '2026-11-25T10:00:00' },
      { name: 'missing' },
    ])
    expect(Object.fromEntries(collector.accepted.map((a) => [a.event.name, a.timestampReplaced]))).toEqual({
      utc: false,
      offset: false,
      local: true,
      missing: true,
    })
  })

  it('may be sent as one event to /event, answered {ok:true}', async () => {
    const answer = await post('/api/analytics/event', { name: 'Signup', path: '/join', screen_width: 390, utm_medium: 'email' })
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({ ok: true })
    expect(collector.accepted.map((a) => a.event.name)).toEqual(['Signup'])
    expect(collector.accepted[0].session).toEqual({ screen_width: 390, utm_medium: 'email', path: '/join' })
    expect(collector.requests[0].events).toHaveLength(1)
  })
})

describe('validation, like the server: a 400 validation_error naming the field, and nothing stored', () => {
  const tooLongName = '😀'.repeat(256) // 256 code points, 512 UTF-16 units
  const cases: Array<[string, unknown, string, string]> = [
    ['a missing name', { path: '/' }, 'events[0].name', 'is required'],
    ['a null name', { name: null }, 'events[0].name', 'is required'],
    ['a name that is not a string', { name: 42 }, 'events[0].name', 'must be a string'],
    ['a name of 256 code points', { name: tooLongName }, 'events[0].name', 'should be at most 255 character(s)'],
    [
      'a path of 2049 characters',
      { name: 'A', path: '/' + 'p'.repeat(2048) },
      'events[0].path',
      'should be at most 2048 character(s)',
    ],
    ['a path that is not a string', { name: 'A', path: 7 }, 'events[0].path', 'must be a string'],
    ['metadata that is an array', { name: 'A', metadata: [1, 2] }, 'events[0].metadata', 'must be an object'],
    ['metadata that is null', { name: 'A', metadata: null }, 'events[0].metadata', 'must be an object'],
    [
      'metadata of 10,241 bytes',
      { name: 'A', metadata: metadataOfBytes(10_241) },
      'events[0].metadata',
      'should be at most 10240 byte(s)',
    ],
    ['a timestamp that is not a string', { name: 'A', timestamp: 1764064800000 }, 'events[0].timestamp', 'must be a string'],
    ['an event that is not an object', 'Page View', 'events[0]', 'must be an object'],
  ]
  it.each(cases)('%s is rejected', async (_, event, key, message) => {
    const answer = await postEvents([event])
    expect(answer.status).toBe(400)
    expect(answer.json).toEqual({ ok: false, error: 'validation_error', details: { [key]: [message] } })
    expect(collector.accepted).toEqual([])
    expect(collector.silentlyDropped).toEqual([])
  })

  it('accepts the limits themselves: 255 code points of name, 2048 of path, 10,240 bytes of multibyte metadata', async () => {
    const answer = await postEvents([{ name: '😀'.repeat(255), path: '/' + 'p'.repeat(2047), metadata: metadataOfBytes(10_240) }])
    expect(answer.json).toEqual({ ok: true, queued: 1 })
    expect(collector.accepted).toHaveLength(1)
  })

  const batchCases: Array<[string, unknown, string]> = [
    ['an empty events array', { events: [] }, 'should have at least 1 item(s)'],
    ['101 events', { events: Array.from({ length: 101 }, (_, i) => ({ name: `E${i}` })) }, 'should have at most 100 item(s)'],
    ['no events field', { name: 'A' }, 'is required'],
    ['events that are not an array', { events: { name: 'A' } }, 'must be a list'],
  ]
  it.each(batchCases)('a body with %s is rejected with details key "events"', async (_, body, message) => {
    const answer = await post('/api/analytics/events', body)
    expect(answer.status).toBe(400)
    expect(answer.json).toEqual({ ok: false, error: 'validation_error', details: { events: [message] } })
    expect(collector.accepted).toEqual([])
  })

  it('takes 100 events in one batch', async () => {
    const answer = await postEvents(Array.from({ length: 100 }, (_, i) => ({ name: `E${i}` })))
    expect(answer.json).toEqual({ ok: true, queued: 100 })
    expect(collector.accepted).toHaveLength(100)
  })

  it('rejects a batch with one invalid event whole, naming its index, and stores nothing', async () => {
    const answer = await postEvents([{ name: 'fine' }, { name: 'also fine' }, { path: '/no-name' }, { name: 'fine too' }])
    expect(answer.status).toBe(400)
    expect(answer.json).toEqual({ ok: false, error: 'validation_error', details: { 'events[2].name': ['is required'] } })
    expect(collector.accepted).toEqual([])
    expect(collector.requests[0].status).toBe(400)
  })

  it('reports errors of the single-event endpoint without the events[i] prefix', async () => {
    const answer = await post('/api/analytics/event', { name: 'A', metadata: 'not an object' })
    expect(answer.status).toBe(400)
    expect(answer.json).toEqual({ ok: false, error: 'validation_error', details: { metadata: ['must be an object'] } })
    expect(collector.accepted).toEqual([])
  })

  it('refuses a body sent with another content type than application/json, even if it is JSON', async () => {
    for (const contentType of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'application/jsonp']) {
      const answer = await post('/api/analytics/events', { events: [{ name: 'A' }] }, { contentType })
      expect(answer.status).toBe(400)
      expect(answer.json).toEqual({ ok: false, error: 'validation_error', details: { body: ['must be JSON'] } })
    }
    expect(collector.accepted).toEqual([])
  })

  it('refuses a body that does not parse as JSON', async () => {
    const answer = await post('/api/analytics/events', '{"events": [')
    expect(answer.status).toBe(400)
    expect(answer.json.error).toBe('validation_error')
    expect(collector.requests[0].body).toBeNull()
    expect(collector.accepted).toEqual([])
  })

  it('answers a body over 1,000,000 bytes with a plain-text 413', async () => {
    const answer = await postEvents([{ name: 'big', metadata: { text: 'x'.repeat(1_000_000) } }])
    expect(answer.status).toBe(413)
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(answer.json).toBeNull()
    expect(collector.accepted).toEqual([])
  })
})

describe('events the server accepts but silently drops', () => {
  it('go to silentlyDropped, not accepted, while the answer still counts them', async () => {
    const answer = await postEvents([
      { name: 'kept' },
      { name: '   ' },
      { name: 'number query', query: 5 },
      { name: 'null hostname', hostname: null },
      { name: 'kept too', query: 'a=1', hostname: 'example.com' },
    ])
    expect(answer.json).toEqual({ ok: true, queued: 5 })
    expect(collector.accepted.map((a) => a.event.name)).toEqual(['kept', 'kept too'])
    expect(collector.silentlyDropped.map((d) => [d.event.name, d.reason])).toEqual([
      ['   ', 'blank name'],
      ['number query', 'non-string query'],
      ['null hostname', 'non-string hostname'],
    ])
  })
})

describe('anything else under /api/', () => {
  it('is 404 not_found, including a CORS preflight, which gets no CORS headers', async () => {
    const attempts: Array<[string, string]> = [
      ['GET', '/api/analytics/events'],
      ['OPTIONS', '/api/analytics/events'],
      ['POST', '/api/analytics/other'],
      ['PUT', '/api/analytics/event'],
      ['POST', '/api/events'],
    ]
    for (const [method, path] of attempts) {
      const response = await fetch(collector.url + path, {
        method,
        headers: {
          'Content-Type': 'application/json',
          Origin: 'https://elsewhere.example',
          'Access-Control-Request-Method': 'POST',
        },
        body: method === 'GET' || method === 'OPTIONS' ? undefined : '{"events":[{"name":"A"}]}',
      })
      expect(response.status, `${method} ${path}`).toBe(404)
      expect(await response.json()).toEqual({ ok: false, error: 'not_found' })
      expect(response.headers.get('access-control-allow-origin')).toBeNull()
    }
    expect(collector.requests.map((r) => r.method)).toEqual(['GET', 'OPTIONS', 'POST', 'PUT', 'POST'])
    expect(collector.accepted).toEqual([])
  })
})

describe('faults', () => {
  const oneEvent = [{ name: 'A' }]

  it('500 answers internal_error and stores nothing; any 5xx works, as a number or a string', async () => {
    collector.fault('500')
    const first = await postEvents(oneEvent)
    expect(first.status).toBe(500)
    expect(first.json).toEqual({ ok: false, error: 'internal_error' })
    collector.fault(503)
    expect((await postEvents(oneEvent)).status).toBe(503)
    expect(collector.requests.map((r) => r.fault)).toEqual(['500', '503'])
    expect(collector.accepted).toEqual([])
  })

  it('hang never answers: the client has to give up, and nothing is stored', async () => {
    collector.fault('hang')
    const started = Date.now()
    const attempt = post('/api/analytics/events', { events: oneEvent }, { signal: AbortSignal.timeout(300) })
    await expect(attempt).rejects.toThrow(/abort|timeout/i)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(collector.requests).toHaveLength(1)
    expect(collector.requests[0]).toMatchObject({ fault: 'hang', status: null, answeredAt: null })
    expect(collector.requests[0].events).toEqual(oneEvent) // the body was read in full
    expect(collector.accepted).toEqual([])
  })

  it('reset destroys the connection, so fetch rejects; "drop" is the same', async () => {
    for (const mode of ['reset', 'drop']) {
      collector.fault(mode)
      await expect(postEvents(oneEvent)).rejects.toThrow(/fetch failed/)
    }
    expect(collector.requests.map((r) => [r.fault, r.status])).toEqual([
      ['reset', null],
      ['drop', null],
    ])
    expect(collector.accepted).toEqual([])
  })

  it('lost stores the events, then destroys the connection; a copy stored again counts as a duplicate', async () => {
    const event = { name: 'Twice', path: '/', id: 'abc123', timestamp: '2026-01-01T00:00:00.000Z' }
    collector.fault('lost')
    await expect(postEvents([event])).rejects.toThrow(/fetch failed/)
    expect(collector.requests.map((r) => [r.fault, r.status])).toEqual([['lost', null]])
    expect(collector.accepted.map((a) => a.event.id)).toEqual(['abc123'])
    collector.fault('none')
    expect((await postEvents([event, { ...event, id: 'other' }])).status).toBe(200)
    expect(collector.accepted.map((a) => a.event.id)).toEqual(['abc123', 'abc123', 'other'])
    const state = await (await fetch(collector.url + '/live/state')).json()
    expect(state.totals).toMatchObject({ accepted: 3, duplicates: 1 })
    collector.reset()
    expect((await (await fetch(collector.url + '/live/state')).json()).totals.duplicates).toBe(0)
  })

  it('429 carries a Retry-After header when given one; 408 works too', async () => {
    collector.fault({ status: 429, retryAfter: 2 })
    const limited = await postEvents(oneEvent)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('2')
    collector.fault('408')
    const timedOut = await postEvents(oneEvent)
    expect(timedOut.status).toBe(408)
    expect(timedOut.headers.get('retry-after')).toBeNull()
    expect(collector.accepted).toEqual([])
  })

  it('413 answers plain text, whatever the body', async () => {
    collector.fault(413)
    const answer = await postEvents(oneEvent)
    expect(answer.status).toBe(413)
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(collector.accepted).toEqual([])
  })

  it('400 is a validation_error without details, for a perfectly valid batch', async () => {
    collector.fault('400')
    const answer = await postEvents(oneEvent)
    expect(answer.status).toBe(400)
    expect(answer.json).toEqual({ ok: false, error: 'validation_error' })
    expect(collector.accepted).toEqual([])
  })

  it('slow stores and answers normally, but only after the delay', async () => {
    collector.fault({ mode: 'slow', delayMs: 300 })
    const started = Date.now()
    const answer = await postEvents(oneEvent)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(answer.json).toEqual({ ok: true, queued: 1 })
    expect(collector.accepted).toHaveLength(1)
    expect(collector.requests[0].fault).toBe('slow')
  })

  it('failNext fails exactly the next n API posts, then the persistent mode is back', async () => {
    collector.failNext(2, 500)
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await postEvents([{ name: `E${i}` }])).status)
    expect(statuses).toEqual([500, 500, 200])
    expect(collector.requests.map((r) => r.fault)).toEqual(['500', '500', 'none'])
    expect(collector.accepted.map((a) => a.event.name)).toEqual(['E2'])
  })

  it('faultEach asks for a fault per API post while the persistent mode is none, after failNext, until cleared', async () => {
    let n = 0
    collector.faultEach(() => (++n % 2 ? 503 : 'none'))
    collector.failNext(1, 413)
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await postEvents([{ name: `E${i}` }])).status)
    collector.fault(500)
    statuses.push((await postEvents(oneEvent)).status)
    collector.fault('none')
    collector.faultEach(null)
    statuses.push((await postEvents(oneEvent)).status)
    expect(statuses).toEqual([413, 503, 200, 500, 200])
    expect(n).toBe(2)
  })

  it('reset() puts the fault mode back to none', async () => {
    collector.fault(500)
    collector.reset()
    expect((await postEvents(oneEvent)).status).toBe(200)
  })

  it('an unknown spec is refused loudly instead of being ignored', () => {
    expect(() => collector.fault('banana')).toThrow(TypeError)
    expect(() => collector.fault(302)).toThrow(TypeError)
    expect(() => collector.failNext(1, { mode: 'slow' })).toThrow(TypeError)
  })
})

describe('rejectEvents', () => {
  it('rejects a batch naming every index the rule matches, with the given field and message', async () => {
    collector.rejectEvents((event) => event.name === 'Bad', 'name', 'is not allowed')
    const answer = await postEvents([{ name: 'Good' }, { name: 'Bad' }, { name: 'Good' }, { name: 'Bad' }])
    expect(answer.status).toBe(400)
    expect(answer.json).toEqual({
      ok: false,
      error: 'validation_error',
      details: { 'events[1].name': ['is not allowed'], 'events[3].name': ['is not allowed'] },
    })
    expect(collector.accepted).toEqual([])
  })

  it('uses the bare field as the key on /event, defaults to "is invalid", and stops when cleared', async () => {
    collector.rejectEvents((event) => 'metadata' in event, 'metadata')
    const single = await post('/api/analytics/event', { name: 'A', metadata: { x: 1 } })
    expect(single.json).toEqual({ ok: false, error: 'validation_error', details: { metadata: ['is invalid'] } })
    collector.rejectEvents(null)
    expect((await post('/api/analytics/event', { name: 'A', metadata: { x: 1 } })).status).toBe(200)
    expect(collector.accepted).toHaveLength(1)
  })
})

describe('the test helpers', () => {
  it('waitFor resolves once the predicate holds', async () => {
    const waiting = collector.waitFor((c) => c.accepted.some((a) => a.event.name === 'Late'), 2000)
    setTimeout(() => {
      postEvents([{ name: 'Late' }])
    }, 100)
    await expect(waiting).resolves.toBeUndefined()
    expect(collector.accepted).toHaveLength(1)
  })

  it('waitFor rejects with a message that says what it waited for', async () => {
    const started = Date.now()
    await expect(collector.waitFor((c) => c.accepted.length > 99, 150)).rejects.toThrow(
      /timed out after 150 ms.*accepted\.length > 99/s,
    )
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('page() serves a fixture with its headers, and reset() keeps it', async () => {
    collector.page('/fixture.html', '<!doctype html><p>fixture</p>', { 'Content-Security-Policy': "default-src 'self'" })
    collector.reset()
    const response = await fetch(collector.url + '/fixture.html')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(response.headers.get('content-security-policy')).toBe("default-src 'self'")
    expect(await response.text()).toContain('fixture')
  })

  it('reset() empties the arrays in place, so references a test holds stay live', async () => {
    const { requests, accepted } = collector
    await postEvents([{ name: 'A' }])
    collector.reset()
    expect(requests).toHaveLength(0)
    await postEvents([{ name: 'B' }])
    expect(accepted.map((a) => a.event.name)).toEqual(['B'])
  })

  it('close() returns promptly while a request hangs, and the hung client sees its connection end', async () => {
    const other = await startCollector()
    other.fault('hang')
    const hung = fetch(other.url + '/api/analytics/events', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"events":[{"name":"A"}]}',
    })
    const outcome = hung.then(
      () => 'answered',
      () => 'rejected',
    )
    await other.waitFor((c) => c.requests.length === 1)
    const started = Date.now()
    await other.close()
    expect(Date.now() - started).toBeLessThan(500)
    expect(await outcome).toBe('rejected')
  })
})

describe('refusing connections (a driver without offline emulation)', () => {
  it('refuse(true) refuses every new connection, pages too; refuse(false) listens again on the same port', async () => {
    collector.page('/t/refused', 'here')
    const attempt = () =>
      fetch(collector.url + '/t/refused').then(
        () => 'answered',
        (error) => String(error.cause?.code ?? error),
      )
    await collector.refuse(true)
    try {
      // A connection kept alive from before is cut; a new one is refused.
      expect(await attempt()).not.toBe('answered')
      expect(await attempt()).toBe('ECONNREFUSED')
    } finally {
      await collector.refuse(false)
    }
    expect(await (await fetch(collector.url + '/t/refused')).text()).toBe('here')
    expect((await postEvents([{ name: 'After', path: '/' }])).status).toBe(200)
  })

  it('lastRequestAt() is when the last API request began to arrive; reset() sets it to 0', async () => {
    expect(collector.lastRequestAt()).toBe(0)
    const before = Date.now()
    await postEvents([{ name: 'Timed', path: '/' }])
    expect(collector.lastRequestAt()).toBeGreaterThanOrEqual(before)
    expect(collector.lastRequestAt()).toBeLessThanOrEqual(Date.now())
    collector.reset()
    expect(collector.lastRequestAt()).toBe(0)
  })
})

describe('the demo routes', () => {
  it('serve every demo page with the same shell, the exact SDK tag and a strict CSP', async () => {
    for (const path of ['/', '/pricing', '/docs', '/about']) {
      const response = await fetch(collector.url + path)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-security-policy')).toBe("default-src 'self'")
      const html = await response.text()
      expect(html).toContain(
        '<script defer data-api="/api/analytics" data-debug data-exceptions src="/js/lyt.full.min.js"></script>',
      )
      expect(html.indexOf('src="/stub.js"')).toBeLessThan(html.indexOf('src="/js/lyt.full.min.js"'))
      expect(html).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|<style/) // nothing inline
    }
  })

  it('answer unknown paths with a plain-text 404 and never leave demo/public', async () => {
    for (const path of ['/nope', '/collector.mjs', '/%2e%2e/package.json', '/index.html']) {
      const response = await fetch(collector.url + path)
      expect(response.status, path).toBe(404)
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
    }
  })

  it('serve the built SDK from dist/, read again on every request, and 404 when a file is missing', async () => {
    const distDir = await mkdtemp(join(tmpdir(), 'lyt-dist-'))
    const withDist = await startCollector({ distDir })
    try {
      await writeFile(join(distDir, 'lyt.min.js'), '/* build 1 */')
      const first = await fetch(withDist.url + '/js/lyt.min.js')
      expect(first.headers.get('content-type')).toMatch(/^text\/javascript/)
      expect(await first.text()).toBe('/* build 1 */')
      await writeFile(join(distDir, 'lyt.min.js'), '/* build 2 */')
      expect(await (await fetch(withDist.url + '/js/lyt.min.js')).text()).toBe('/* build 2 */')
      expect((await fetch(withDist.url + '/js/lyt.js')).status).toBe(404)
    } finally {
      await withDist.close()
      await rm(distDir, { recursive: true, force: true })
    }
  })

  it('switch the fault mode through POST /live/fault, and stream each request to the live panel', async () => {
    const switched = await fetch(collector.url + '/live/fault', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ mode: '500' }),
    })
    expect(await switched.json()).toMatchObject({ ok: true, fault: '500' })

    const controller = new AbortController()
    const stream = await fetch(collector.url + '/live/stream', { signal: controller.signal })
    expect(stream.headers.get('content-type')).toBe('text/event-stream')
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader()
    let received = ''
    const sawRequest = (async () => {
      while (!/event: request\ndata: .*"Streamed"/.test(received)) {
        const { value, done } = await reader.read()
        if (done) break
        received += value
      }
    })()
    expect((await postEvents([{ name: 'Streamed', path: '/live' }])).status).toBe(500)
    await sawRequest
    controller.abort()
    const message = JSON.parse(/event: request\ndata: (.*)\n/.exec(received)![1])
    expect(message.request).toMatchObject({
      method: 'POST',
      status: 500,
      fault: '500',
      events: [{ name: 'Streamed', path: '/live' }],
    })
    expect(message.totals).toMatchObject({ requests: 1, eventsReceived: 1, accepted: 0 })
  })
})

import { describe, expect, it } from 'vitest'
import { keptQuery, nameMatcher, trackedPath } from '../../src/paths'

describe('trackedPath', () => {
  const at = (pathname: string, hash = '') => ({ pathname, hash })

  it('without hash routing the tracked path is the pathname alone', () => {
    expect(trackedPath(at('/products/42', '#/reviews'), false)).toBe('/products/42')
  })

  it('with hash routing the hash is part of the tracked path', () => {
    expect(trackedPath(at('/app', '#/settings/profile'), true)).toBe('/app#/settings/profile')
  })

  it('with hash routing and no hash the tracked path is the pathname', () => {
    expect(trackedPath(at('/app', ''), true)).toBe('/app')
  })

  it('works with a real Location', () => {
    const url = new URL('https://shop.example/a/b?x=1#/c')
    expect(trackedPath(url, false)).toBe('/a/b')
    expect(trackedPath(url, true)).toBe('/a/b#/c')
  })

  it('a path longer than 2048 characters is cut to 2048; 2048 is kept whole', () => {
    const exact = '/' + 'p'.repeat(2047)
    expect(trackedPath(at(exact), false)).toBe(exact)
    const long = '/' + 'p'.repeat(5000)
    expect(trackedPath(at(long), false)).toBe(long.slice(0, 2048))
    expect(trackedPath(at(long), false).length).toBe(2048)
  })

  it('the hash counts towards the 2048 characters under hash routing', () => {
    const path = trackedPath(at('/' + 'a'.repeat(2000), '#' + 'b'.repeat(100)), true)
    expect(path.length).toBe(2048)
    expect(path).toBe('/' + 'a'.repeat(2000) + '#' + 'b'.repeat(46))
  })
})

describe('nameMatcher', () => {
  it('"/admin/*, /health" excludes everything under /admin/ and exactly /health', () => {
    const excluded = nameMatcher('/admin/*, /health')
    expect(excluded('/admin/users')).toBe(true)
    expect(excluded('/admin/')).toBe(true)
    expect(excluded('/health')).toBe(true)
    expect(excluded('/')).toBe(false)
    expect(excluded('/shop')).toBe(false)
    expect(excluded('/administrator')).toBe(false)
  })

  it("a list's string form (what configure passes) works like the string", () => {
    const excluded = nameMatcher(String(['/admin/*', ' /health ']))
    expect(excluded('/admin/users')).toBe(true)
    expect(excluded('/health')).toBe(true)
    expect(excluded('/shop')).toBe(false)
  })

  it('* matches any run of characters, slashes included', () => {
    const excluded = nameMatcher('/admin/*')
    expect(excluded('/admin/users/42/edit')).toBe(true)
    expect(excluded('/admin/a/b/c#/d')).toBe(true)
  })

  it('* also matches an empty run and may stand in the middle of a pattern', () => {
    const excluded = nameMatcher('/docs/*/edit, *.pdf')
    expect(excluded('/docs//edit')).toBe(true)
    expect(excluded('/docs/a/b/edit')).toBe(true)
    expect(excluded('/docs/a/view')).toBe(false)
    expect(excluded('/files/report.pdf')).toBe(true)
    expect(excluded('/files/report.pdfx')).toBe(false)
  })

  it('a pattern matches the whole path only: /healthz and /v1/health are not /health', () => {
    const excluded = nameMatcher('/health')
    expect(excluded('/healthz')).toBe(false)
    expect(excluded('/v1/health')).toBe(false)
    expect(excluded('/health/')).toBe(false)
    expect(excluded('/health')).toBe(true)
  })

  it('a dot in a pattern is a literal dot: /a.b does not match /axb', () => {
    const excluded = nameMatcher('/a.b')
    expect(excluded('/a.b')).toBe(true)
    expect(excluded('/axb')).toBe(false)
  })

  it('parentheses, brackets and other regex metacharacters are literal', () => {
    expect(nameMatcher('/(x)')('/(x)')).toBe(true)
    expect(nameMatcher('/(x)')('/x')).toBe(false)
    expect(nameMatcher('/[ab]')('/[ab]')).toBe(true)
    expect(nameMatcher('/[ab]')('/a')).toBe(false)
    expect(nameMatcher('/a+')('/a+')).toBe(true)
    expect(nameMatcher('/a+')('/aa')).toBe(false)
    expect(nameMatcher('/a?')('/a?')).toBe(true)
    expect(nameMatcher('/a?')('/')).toBe(false)
    expect(nameMatcher('/x{2}')('/x{2}')).toBe(true)
    expect(nameMatcher('/x{2}')('/xx')).toBe(false)
    expect(nameMatcher('/a|/b')('/a|/b')).toBe(true)
    expect(nameMatcher('/a|/b')('/a')).toBe(false)
    expect(nameMatcher('/$^\\')('/$^\\')).toBe(true)
  })

  it('letters beyond ASCII, dashes, spaces and other punctuation are literal too', () => {
    const excluded = nameMatcher('/über-uns, /café/*, /a b/~x=y;z&q')
    expect(excluded('/über-uns')).toBe(true)
    expect(excluded('/uber-uns')).toBe(false)
    expect(excluded('/café/menu')).toBe(true)
    expect(excluded('/cafe/menu')).toBe(false)
    expect(excluded('/a b/~x=y;z&q')).toBe(true)
    expect(excluded('/a b/~x=y;z&')).toBe(false)
    expect(nameMatcher('/🎉/*')('/🎉/party')).toBe(true)
    expect(nameMatcher('/🎉/*')('/🎊/party')).toBe(false)
  })

  it('an invalid-regex-looking pattern does not throw', () => {
    expect(() => nameMatcher('/(, /[, /\\')).not.toThrow()
    expect(nameMatcher('/(, /[')('/(')).toBe(true)
  })

  it.each([[''], [' , , '], [','], [String([])], [String(['', '  '])], [String([null])], [String([undefined, ''])]])(
    '%j excludes nothing',
    (patterns) => {
      const excluded = nameMatcher(patterns)
      expect(excluded('/')).toBe(false)
      expect(excluded('')).toBe(false)
      expect(excluded('/admin/x')).toBe(false)
      expect(excluded('*')).toBe(false)
    },
  )

  it('* matches any run of characters, line breaks included (/admin/* excludes "/admin/a\\nb")', () => {
    const excluded = nameMatcher('/admin/*')
    for (const lineBreak of ['\n', '\r', '\r\n', '\u2028', '\u2029']) {
      expect(excluded('/admin/a' + lineBreak + 'b')).toBe(true)
      expect(excluded('/admin/' + lineBreak)).toBe(true)
    }
    expect(nameMatcher('/docs/*/edit')('/docs/a\nb/edit')).toBe(true)
  })

  it('a line break outside the * part still has to match the pattern literally', () => {
    expect(nameMatcher('/health')('/health\n')).toBe(false)
    expect(nameMatcher('/admin/*')('\n/admin/x')).toBe(false)
  })

  it('a list is stringified and split on commas: an item holding commas gives several patterns', () => {
    const excluded = nameMatcher(String(['/a, /b/*', '/c']))
    expect(excluded('/a')).toBe(true)
    expect(excluded('/b/x')).toBe(true)
    expect(excluded('/c')).toBe(true)
    expect(excluded('/d')).toBe(false)
  })

  it('a nested list is flattened like its string form', () => {
    const excluded = nameMatcher(String(['/a', ['/b', ['/c/*']]]))
    expect(excluded('/a')).toBe(true)
    expect(excluded('/b')).toBe(true)
    expect(excluded('/c/x/y')).toBe(true)
    expect(excluded('/a,/b')).toBe(false)
  })

  it('anything else is String()-ed: an object with a toString, a number', () => {
    const excluded = nameMatcher(String({ toString: () => '/private/*, /secret' }))
    expect(excluded('/private/x')).toBe(true)
    expect(excluded('/secret')).toBe(true)
    expect(excluded('/public')).toBe(false)
    expect(nameMatcher(String(404))('404')).toBe(true)
    expect(nameMatcher(String(404))('/404')).toBe(false)
  })

  it('spaces around a pattern are trimmed, spaces inside it are kept', () => {
    const excluded = nameMatcher('  /my page  ,\t/other\n')
    expect(excluded('/my page')).toBe(true)
    expect(excluded('/mypage')).toBe(false)
    expect(excluded(' /my page')).toBe(false)
    expect(excluded('/other')).toBe(true)
  })

  it('a matcher keeps answering the same (no state carried between calls)', () => {
    const excluded = nameMatcher('/admin/*')
    for (let i = 0; i < 5; i++) {
      expect(excluded('/admin/x')).toBe(true)
      expect(excluded('/shop')).toBe(false)
    }
  })

  it('a lone * excludes every path, the empty one and ones with line breaks included', () => {
    const excluded = nameMatcher('*')
    expect(excluded('/')).toBe(true)
    expect(excluded('')).toBe(true)
    expect(excluded('/any/thing')).toBe(true)
    expect(excluded('/a\nb')).toBe(true)
  })
})

describe('keptQuery', () => {
  const names =
    (...list: string[]) =>
    (name: string) =>
      list.includes(name)

  it('keeps the pairs whose name is sent, as written, in order; nothing kept is undefined', () => {
    expect(keptQuery('?a=1&token=s&b=%20&a=2', names('a', 'b'))).toBe('a=1&b=%20&a=2')
    expect(keptQuery('?token=s', names('a'))).toBeUndefined()
    expect(keptQuery('', names(''))).toBeUndefined()
  })

  it('a name without a value, and an encoded name, are matched as written', () => {
    expect(keptQuery('?flag&x%5Fy=1', names('flag'))).toBe('flag')
    expect(keptQuery('?flag&x%5Fy=1', names('x%5Fy'))).toBe('x%5Fy=1')
  })

  it("with the tracker's matcher: utm_* always, * for everything", () => {
    expect(keptQuery('?token=s&utm_source=x&utmost=1', nameMatcher('utm_*,'))).toBe('utm_source=x')
    expect(keptQuery('?token=s&utm_source=x', nameMatcher('utm_*,*'))).toBe('token=s&utm_source=x')
  })
})

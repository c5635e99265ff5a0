// Masked paths (`data-mask="/users/*, /orders/*/items/*"` / `mask`; Rybbit's mask patterns): a
// path that matches a pattern leaves the page as the pattern, so `/users/8123/invoices/77` is
// one page in the reports, and the record ids stay on the page. `*` stands for one path
// segment, `**` for the rest of the path; the first pattern that matches wins. It applies
// everywhere a path leaves: every event's `path` (page views, calls, engagement, vitals…) and
// the session's landing `path` at the top level of every request. `data-exclude` is checked
// against the real path (the core checks it before any feature sees the event).

import type { Feature } from '../hooks'

/**
 * Turns the patterns ("/users/*, /orders/**") into a function that gives a path as it is
 * sent: the first pattern it matches, or the path itself. A pattern matches a whole path;
 * `*` is one segment (one or more characters other than `/`), `**` anything after it, slashes
 * included (also nothing). A trailing slash the pattern does not have is kept (with
 * `/users/*`, the path `/users/8123/` is sent as the pattern and that slash). Everything
 * else in a pattern is literal.
 */
export function pathMasker(patterns: string): (path: string) => string {
  const list = patterns
    .split(',')
    .map((pattern) => pattern.trim())
    .filter(Boolean)
    // Every character but letters, digits and _ is escaped; then each escaped `**` becomes
    // `.*`, each escaped `*` one segment.
    .map(
      (pattern) =>
        [
          pattern,
          RegExp(
            '^' + pattern.replace(/\W/g, '\\$&').replace(/(\\\*){1,2}/g, (stars) => (stars[2] ? '.*' : '[^/]+')) + '(/?)$',
            's',
          ),
        ] as const,
    )
  return (path) => {
    for (const [pattern, regex] of list) {
      const match = regex.exec(path)
      if (match) return pattern + match[1]
    }
    return path
  }
}

export const mask: Feature = {
  defaults: { mask: '' },
  install(_tracker, hooks, { config, session }) {
    /** The landing path as it is (the core's session field, before any mask). */
    const landing = session.path as string
    let masked: (path: string) => string
    const update = () => {
      masked = pathMasker(config.mask)
      session.path = masked(landing)
    }
    update()
    hooks.queue.push((event) => {
      event.path = masked(event.path)
    })
    // A later configure() may change the patterns.
    hooks.configure.push(update)
  },
}

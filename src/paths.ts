// Which path a page is at, and whether that path is excluded from tracking.

import { MAX_PATH_LENGTH } from './validate'

/** The tracked path of a location: the pathname, plus the hash under hash routing. */
export const trackedPath = (location: { pathname: string; hash: string }, hashRouting: boolean): string =>
  (location.pathname + (hashRouting ? location.hash : '')).slice(0, MAX_PATH_LENGTH)

/**
 * Turns `data-exclude` ("/admin/*, /health") into a test: each pattern matches a whole
 * path, and `*` matches any run of characters (slashes included).
 */
export function excludeMatcher(patterns: string[] | string | undefined): (path: string) => boolean {
  const list = (typeof patterns == 'string' ? patterns.split(',') : patterns || [])
    .map((pattern) => String(pattern).trim())
    .filter(Boolean)
  if (!list.length) return () => false
  // The "s" flag: `*` matches line breaks too, like any other character.
  const whole = new RegExp(
    '^(?:' + list.map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')).join('|') + ')$',
    's',
  )
  return (path) => whole.test(path)
}

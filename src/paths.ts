// Which path a page is at, and whether that path is excluded from tracking.

import { MAX_PATH_LENGTH } from './validate'

/** The tracked path of a location: the pathname, plus the hash under hash routing. */
export const trackedPath = (location: { pathname: string; hash: string }, hashRouting: boolean): string =>
  (location.pathname + (hashRouting ? location.hash : '')).slice(0, MAX_PATH_LENGTH)

/**
 * Turns `data-exclude` ("/admin/*, /health") into a test: each pattern matches a whole
 * path, and `*` matches any run of characters (slashes and line breaks included).
 * (`configure` makes a list a string first: its items joined by commas.)
 */
export function nameMatcher(patterns: string): (path: string) => boolean {
  const list = patterns
    .split(',')
    .filter((pattern) => pattern.trim()) // blank ones are no pattern
    // Trimmed, every character but letters, digits and _ is escaped (any escape is allowed
    // outside unicode mode), then each escaped `*` becomes `.*`.
    .map((pattern) => RegExp('^' + pattern.trim().replace(/\W/g, '\\$&').replace(/\\\*/g, '.*') + '$', 's'))
  return (path) => list.some((pattern) => pattern.test(path))
}

/**
 * The part of a page's query string that is sent (`data-query`): the parameters whose
 * names, as written in the URL, `isSent` accepts (the tracker's: `utm_*` and the listed
 * names, `*` for all). By default nothing else leaves the page: a password-reset link's
 * `?token=` must not.
 */
export const keptQuery = (search: string, isSent: (name: string) => boolean): string | undefined =>
  search
    .slice(1)
    .split('&')
    .filter((pair) => isSent(pair.split('=')[0]))
    .join('&') || undefined

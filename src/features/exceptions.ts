// Exceptions (SierraSoftworks, PostHog): `lyt.captureException(error, options?, callback?)`
// sends an event named "Exception" with the error's `type`, `message`, `stack`, `source`,
// `line`, `column` (when known) and `handled: true`, merged into the caller's metadata. With
// `data-exceptions` / `captureExceptions: true`, the page's uncaught errors and unhandled
// rejections are sent too (`handled: false`); resource-loading errors never are. It goes
// through the tracker's own call, so before-send, context and test mode apply.

import type { Feature } from '../hooks'
import { MAX_METADATA_BYTES } from '../validate'

/** The automatic capture sends at most this many per page load (a loop of errors cannot flood). */
export const MAX_CAPTURED = 10

/**
 * `text` with the query string and hash of every URL in it removed (they may hold tokens),
 * keeping a `:line:column` after them: `https://x/app.js?t=1#a:10:5` → `https://x/app.js:10:5`.
 */
export const withoutQueries = (text: string) =>
  text.replace(/(\b[a-z][\w+.-]*:\/\/[^\s?#()]*)[?#][^\s()]*?(?=(:\d+)*(?:[\s()]|$))/gi, '$1')

/** What the error says of itself, whatever was thrown (a getter that throws is just unknown). */
const describe = (error: unknown) => {
  const read = (get: () => unknown) => {
    try {
      const value = get()
      return value == null ? undefined : String(value)
    } catch {}
  }
  const thrown = error as any
  return {
    // An Error's name (TypeError…), else what made it (String, Object…), else its type.
    type: read(() => (typeof thrown?.name === 'string' && thrown.name) || thrown?.constructor?.name) || typeof error,
    message: read(() => (error && typeof error === 'object' ? thrown.message : error)) || '',
    stack: read(() => thrown.stack),
  }
}

const bytes = (value: unknown) => new Blob([JSON.stringify(value)]).size

export const exceptions: Feature = {
  defaults: { captureExceptions: false },
  attributes: { captureExceptions: 'exceptions' },
  install(tracker, hooks, { window: win, config, guard, warn }) {
    /** The exceptions sent automatically in this page view (type, message, source, line). */
    let seen = new Set<string>()
    let seenOnPath = ''
    let captured = 0

    const send = (
      error: unknown,
      handled: boolean,
      where: { source?: string; line?: number; column?: number },
      options?: any,
      callback?: unknown,
    ) => {
      const { type, message, stack } = describe(error)
      const metadata: Record<string, unknown> = {
        ...options?.metadata,
        type,
        message: withoutQueries(message),
        stack: stack && withoutQueries(stack),
        source: where.source && withoutQueries(where.source),
        line: where.line || undefined,
        column: where.column || undefined,
        handled,
      }
      // Long stacks (then long messages) are trimmed so that the metadata fits the server's
      // limit. (Metadata of the caller's that cannot be serialised is refused by the call.)
      try {
        for (const key of ['stack', 'message']) {
          while (bytes(metadata) > MAX_METADATA_BYTES && (metadata[key] as string)?.length) {
            metadata[key] = (metadata[key] as string).slice(0, ((metadata[key] as string).length * 0.8) | 0)
          }
        }
      } catch {}
      tracker('Exception', { ...options, metadata }, callback as any)
    }

    tracker.captureException = guard((error: unknown, options?: unknown, callback?: unknown) =>
      typeof options === 'function' ? send(error, true, {}, undefined, options) : send(error, true, {}, options, callback),
    )

    /** An uncaught error or rejection, once per distinct exception and page view, at most MAX_CAPTURED. */
    const capture = (error: unknown, where: { source?: string; line?: number; column?: number }) => {
      if (!config.captureExceptions) return
      const { type, message } = describe(error)
      const key = [type, message, where.source, where.line].join('\n')
      if (seenOnPath !== win.location.pathname) {
        seenOnPath = win.location.pathname
        seen = new Set()
      }
      if (seen.has(key) || captured >= MAX_CAPTURED) return warn('exception not sent again:', type, message)
      seen.add(key)
      captured++
      send(error, false, where)
    }
    // The page's errors are listened to only once capture is on (as the tracker is made, or
    // by a later `configure()`): a page that does not turn it on pays no listener.
    let listening = false
    const listen = () => {
      if (listening || !config.captureExceptions) return
      listening = true
      // Only ErrorEvents: a script's error. A resource that failed to load dispatches a plain
      // Event on its element, which does not bubble to the window.
      win.addEventListener(
        'error',
        guard((event: ErrorEvent) => {
          if (event instanceof (win as any).ErrorEvent) {
            // Another origin's script gives only "Script error.": no error, no details.
            const error = event.error ?? { name: 'Error', message: event.message }
            capture(error, { source: event.filename, line: event.lineno, column: event.colno })
          }
        }),
      )
      win.addEventListener(
        'unhandledrejection',
        guard((event: PromiseRejectionEvent) => capture(event.reason, {})),
      )
    }
    listen()
    hooks.configure.push(listen)
  },
}

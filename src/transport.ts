// Sends one request body and reports the server's answer as plain values. It knows nothing
// of queues or storage; what the answer means is decided in response.ts.

import type { Reply } from './response'

/** POSTs `body` (JSON) to `url`; `keepalive` asks for a request that outlives the page. */
export type Transport = (url: string, body: string, keepalive: boolean) => Promise<Reply>

/** A request that has not answered by then is aborted and counts as a network error. */
export const REQUEST_TIMEOUT_MS = 10_000

export const fetchTransport = (): Transport => (url, body, keepalive) => {
  const controller = typeof AbortController == 'function' ? new AbortController() : undefined
  const timer = setTimeout(() => controller && controller.abort(), REQUEST_TIMEOUT_MS)
  const noAnswer: Reply = { status: 0 }
  try {
    return fetch(url, {
      method: 'POST',
      body,
      keepalive,
      // No cookies go with analytics: the server needs none, and the visitor's stay private.
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json' },
      signal: controller && controller.signal,
    })
      .then(
        (response) =>
          response.json().then(
            (json) => json,
            () => null,
          ).then((json): Reply => ({
            status: response.status,
            body: json,
            retryAfter: response.headers.get('Retry-After'),
          })),
        () => noAnswer,
      )
      .finally(() => clearTimeout(timer))
  } catch {
    // fetch missing, or refusing synchronously: the same as no answer.
    clearTimeout(timer)
    return Promise.resolve(noAnswer)
  }
}

// Sends one request body and reports the server's answer as plain values. It knows nothing
// of queues or storage; what the answer means is decided in response.ts.

import type { Reply } from './response'

/** POSTs `body` (JSON) to `url`; `keepalive` asks for a request that outlives the page. */
export type Transport = (url: string, body: string, keepalive: boolean) => Promise<Reply>

/** A request that has not answered by then is aborted and counts as a network error. */
export const REQUEST_TIMEOUT_MS = 10_000

export const fetchTransport: Transport = (url, body, keepalive) =>
  fetch(url, {
    method: 'POST',
    body,
    keepalive,
    // No cookies go with analytics: the server needs none, and the visitor's stay private.
    credentials: 'omit',
    // Nor the page's address in a Referer header (a same-origin request would carry it whole,
    // query and all: the `?token=` that `data-query` keeps out of the events): its origin only.
    referrerPolicy: 'strict-origin',
    headers: { 'Content-Type': 'application/json' },
    // Browsers from before AbortSignal.timeout (2022) simply wait for their own time-out.
    signal: AbortSignal.timeout?.(REQUEST_TIMEOUT_MS),
  }).then(
    async (response) => ({
      status: response.status,
      body: await response.json().catch(() => {}),
      retryAfter: response.headers.get('Retry-After'),
    }),
    () => ({ status: 0 }),
  )

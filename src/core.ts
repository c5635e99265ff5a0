// What the core's three parts share: the tracker (lyt.ts: settings, calls, the page's life),
// this tab's stored queue (tab-queue.ts) and delivery (delivery.ts). Each part owns its own
// state; the few values and functions another part needs are here, set by their owner, and
// read through this object when they are used (so the parts can be made in any order).
// The names start with "_": the production build renames them (esbuild.config.mjs).

import type { WireEvent } from './queue'
import type { Result } from './types'

export interface Core {
  // ---- The tracker's
  /** The page has been left (pagehide), and not come back from the bfcache. */
  _left: boolean
  /** Opt-out discards what waits to be sent: says 'opt_out' when it did. */
  _discardIfOptedOut: () => string | undefined

  // ---- The tab's queue (tab-queue.ts)
  /** This tab's events not yet acknowledged, oldest first. */
  _pending: WireEvent[]
  /** Events leave the queue, with what the callbacks waiting for them hear. */
  _finish: (events: WireEvent[], result: Result) => void
  /** Writes the queue now. */
  _save: () => void

  // ---- Delivery (delivery.ts)
  /**
   * What the last page sent as it was left while the server answered (taken from its
   * record): delivered, unless this page's first request, made within HOLD_MS of that page
   * leaving, finds the server failing; then they are queued again.
   */
  _held: WireEvent[]
  /** When the page whose events are `_held` was left. */
  _heldSince: number
  /** Failed attempts in a row, for the backoff; not 0 while the server is thought failing. */
  _retries: number
  /** Sends the next batch; when `leaving`, everything that fits the keepalive budget. */
  _send: (leaving?: boolean) => void
  /** The next request goes in `delay` ms (any earlier plan is dropped). */
  _sendIn: (delay: number) => void
  /** Plans the next request, if one is due. */
  _scheduleNext: () => void
  /** A request in flight as the page is left that is taken as delivered (delivery.ts). */
  _takenAsDelivered: (event: WireEvent) => boolean
}

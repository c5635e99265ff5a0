/** What a caller gives for one event. */
export interface EventOptions {
  /** The page path the event belongs to; defaults to the current page's path. */
  path?: string
  /** Free-form properties: a JSON object of at most 10,240 bytes. */
  metadata?: Record<string, unknown>
}

/** One event of `lyt.batch()`. */
export interface BatchEvent extends EventOptions {
  name: string
}

/** What every callback receives, exactly once and asynchronously. */
export interface Result {
  ok: boolean
  /** Events delivered: set for `lyt.batch()` and `lyt.flush()`. */
  queued?: number
  /** Why it failed: `validation_error`, `queue_full`, `expired`, `rejected`, `network_error`, … */
  error?: string
  /** Validation details keyed like the server's (`name`, `events[3].metadata`). */
  details?: Record<string, string[]>
  /** Set when the call was not tracked (opt-out, DNT/GPC, automation, `file:`, excluded). */
  ignored?: boolean
  reason?: string
  /** The HTTP status that made the server refuse the event, when it did. */
  status?: number
  /** Test mode (a feature): checked and logged, not sent. */
  test?: boolean
}

export type Callback = (result: Result) => void

/** Settings: the script tag's `data-*` attributes by name, plus the queue's bounds. */
export interface Config {
  /** API base (`data-api`); requests go to `{endpoint}/events`. */
  endpoint: string
  /** Send a "Page View" when the tracker starts (`data-auto`). */
  autoPageview: boolean
  /** "Page View" on History API navigation (`data-spa`). */
  spaMode: boolean
  /** The hash is part of the path; `hashchange` is a navigation (`data-hash`). */
  hashRouting: boolean
  /** Milliseconds between batch flushes (`data-interval`). */
  flushInterval: number
  /** Log every decision to the console with a `[Lyt]` prefix (`data-debug`). */
  debug: boolean
  /** Honour Do Not Track and Global Privacy Control (`data-dnt`). */
  respectDnt: boolean
  /** Paths not tracked; `*` matches any run of characters (`data-exclude`). */
  exclude: string[] | string
  /** Query parameters sent besides `utm_*`; `*` sends the whole query (`data-query`). */
  query: string[] | string
  /** Most events kept waiting; when full the oldest go first. */
  maxQueue: number
  /** Events older than this many milliseconds are given up. */
  maxAge: number
}

/** The tracker: the global `lyt` of the script build, or what `createLyt()` returns. */
export interface Lyt {
  /** Track a custom event. */
  (name: string, options?: EventOptions | Callback, callback?: Callback): void
  /** Track several events, checked as a whole like the server does. */
  batch(events: BatchEvent[], callback?: Callback): void
  /** Track a "Page View" of the current path or of `options.path`. */
  pageview(options?: { path?: string } | Callback, callback?: Callback): void
  /** Send everything waiting now; the callback gets how many events were delivered. */
  flush(callback?: Callback): void
  /** Events accepted by this page and not yet acknowledged by the server. */
  queueLength(): number
  /** Change settings at run time. */
  configure(settings: Partial<Config>): void
  /** Stop tracking in this browser (persisted) and discard what waits to be sent. */
  optOut(): void
  /** Undo `optOut()`. */
  optIn(): void
  readonly version: string
  // The optional features' methods (src/features/): present when the feature is on.
  /** Exceptions: send an "Exception" event for any thrown value. */
  captureException?(error: unknown, options?: EventOptions | Callback, callback?: Callback): void
  /** Context: keys merged into the metadata of later events (of one name, if given); null clears. */
  context?(metadata: Record<string, unknown> | null, name?: string): void
  /** Delivery hooks: listen to 'send', 'reply' or 'drop'; returns the function that stops listening. */
  on?(type: 'send' | 'reply' | 'drop', listener: (detail: any) => void): () => void
  /**
   * Consent gate: `true` delivers what waited and tracks from now on, `false` discards it and
   * tracks nothing (both stored as the visitor's choice); no argument answers the choice
   * (`undefined`: none yet).
   */
  consent?(choice?: boolean): boolean | undefined
}

import type { WireEvent } from './queue.js';
import type { StorageCall } from './storage.js';
import type { Config, Lyt, Result } from './types.js';
export interface Hooks {
    /**
     * An event is about to be queued: checked, stamped, its own object (a hook may change its
     * fields). A hook that returns a Result stops it: it is not queued, and its call's callback
     * counts that Result as its outcome. Hooks run in the order the features were given.
     */
    queue: ((event: WireEvent) => Result | undefined)[];
    /**
     * A page view is about to be queued, after the `queue` hooks let it through (its path as
     * it will be sent). What a hook queues goes before it.
     */
    pageview: ((event: WireEvent) => void)[];
    /** `configure()` changed the settings (`FeatureContext.config` has the new ones). */
    configure: (() => void)[];
    /** A request starts. */
    send: ((events: WireEvent[], bytes: number, keepalive: boolean) => void)[];
    /** A request ends: its status (0 for no answer: a network error or time-out). `events` is the array `send` had. */
    reply: ((events: WireEvent[], status: number) => void)[];
    /** Events leave the queue undelivered (refused, queue full, expired, opted out, taken over). */
    drop: ((events: WireEvent[], result: Result) => void)[];
    /**
     * The page turns hidden (`visibilitychange`) or is left (`pagehide`), before what waits is
     * sent: what a hook queues goes with it. Both may come, in either order, and more than once.
     */
    leave: (() => void)[];
    /**
     * A gate (the consent gate): while any hook returns a truthy value, nothing is sent and no
     * event is written to storage; what is queued waits in memory, in order. When the gate
     * opens, the feature calls `resume()` (or `discard()`) of its context.
     */
    hold: (() => unknown)[];
}
/** What a feature is given besides the tracker and the hooks. */
export interface FeatureContext {
    window: Window;
    /** The tracker's clock (tests pass their own). */
    now: () => number;
    /** Wraps a public method of the feature's: nothing it is given may throw into the page. */
    guard: <F extends (...args: any[]) => any>(call: F) => (...args: Parameters<F>) => ReturnType<F> | undefined;
    /** The tracker's settings, live (`configure()` changes them). */
    config: Config & Record<string, any>;
    /** The `[Lyt]` debug console lines (printed only with `debug`). */
    log: (...message: unknown[]) => void;
    warn: (...message: unknown[]) => void;
    /** The tracker's storage (never throws: a failure is `false`). */
    storage: StorageCall;
    /** The top-level fields of every request (the session's: `path` is the landing path); a feature may change them. */
    session: Record<string, unknown>;
    /** After a `hold`: writes what waits, takes over what other tabs left, and sends now. */
    resume: () => void;
    /** Every event waiting leaves the queue undelivered; its callbacks hear `result`. */
    discard: (result: Result) => void;
}
/**
 * An optional feature: its settings with their defaults (a setting takes only values of its
 * default's type, as the core's do; a function setting also takes the name of a global
 * function) and their attributes, and what it does to a tracker.
 */
export interface Feature {
    defaults?: Record<string, unknown>;
    /** The script tag's `data-*` attribute of each of its settings, as `dataset` names it, where the two differ. */
    attributes?: Record<string, string>;
    install(tracker: Lyt & Record<string, any>, hooks: Hooks, context: FeatureContext): void;
}
export declare const createHooks: () => Hooks;

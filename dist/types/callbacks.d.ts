import type { WireEvent } from './queue';
import type { Result } from './types';
/** Calls `callback` with `result` after the current call has returned. */
export declare const answerLater: (callback: unknown, result: Result) => void;
/**
 * Waits for the outcomes of `count` events and answers `callback` once they all have one —
 * the first failure, or `{ok: true}` — with `queued`, how many arrived, when `counted`.
 * Returns the function that records one outcome; it says how many are still awaited.
 */
export declare const outcomes: (count: number, callback: unknown, counted?: boolean) => (result: Result) => number;
/**
 * Ties a call's `callback` to its `events`: it hears once they all have an outcome. A call
 * without a callback ties nothing to its events (a truthy non-function is harmless:
 * `answerLater` checks). `flush()` counts its own waiters (lyt.ts): an event has one `_settle`.
 */
export declare const expectOutcomes: (events: WireEvent[], callback: unknown, counted?: boolean) => void;
/** Records one outcome for each of `events` (once each: later outcomes are ignored). */
export declare const settle: (events: WireEvent[], result: Result) => void;

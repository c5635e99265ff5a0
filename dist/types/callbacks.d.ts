import type { Result } from './types.js';
/** Calls `callback` with `result` after the current call has returned. */
export declare const answerLater: (callback: unknown, result: Result) => void;
/**
 * Waits for the outcomes of `count` events and answers `callback` once they all have one —
 * the first failure, or `{ok: true}` — with `queued`, how many arrived, when `counted`.
 * Returns the function that records one outcome; it says how many are still awaited.
 */
export declare const outcomes: (count: number, callback: unknown, counted?: boolean) => (result: Result) => number;

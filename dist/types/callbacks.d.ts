import type { Result } from './types.js';
/** Calls `callback` with `result` after the current call has returned. */
export declare const answerLater: (callback: unknown, result: Result) => void;
/** Takes the outcome of one awaited event; returns how many are still awaited. */
export type RecordOutcome = (result: Result) => number;
/**
 * Waits for the outcomes of `count` events and answers `callback` once they all have one —
 * the first failure, or `{ok: true}` — with `queued`, how many arrived, when `counted`.
 * Returns the function that records one outcome.
 */
export declare const outcomes: (count: number, callback: unknown, counted?: boolean) => RecordOutcome;

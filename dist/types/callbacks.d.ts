import type { WireEvent } from './queue';
import type { Result } from './types';
/** Calls `callback` with `result` after the current call has returned. */
export declare const answerLater: (callback: unknown, result: Result) => void;
/**
 * Ties `callback` to `events` (a call's, or all that wait when `flush()` is called: an
 * event may have several): it hears once they all have an outcome — the first failure, or
 * `{ok: true}` — with `queued`, how many arrived, when `counted`.
 */
export declare const expectOutcomes: (events: WireEvent[], callback: unknown, counted?: boolean) => void;
/** Records one outcome for each of `events` (once each: later outcomes are ignored). */
export declare const settle: (events: WireEvent[], result: Result) => void;

import type { Result } from './types';
/** Calls `callback` with `result` after the current call has returned. */
export declare const answerLater: (callback: unknown, result: Result) => void;
export declare function createCallbacks(): {
    /** Remembers `callback` for the events `ids` of one call (`batch`: answers with `queued`). */
    _expect(ids: string[], callback: unknown, batch: boolean): void;
    /** Records one outcome for each of the events `ids`; answers calls whose events all have one. */
    _settle(ids: string[], result: Result): void;
};

import type { RecordOutcome } from './callbacks.js';
import type { WireEvent } from './queue.js';
import type { Result } from './types.js';
export declare function createWaiters(): {
    /** `record` waits for the outcome of each of `events`, just queued by one call. */
    _waitFor(events: WireEvent[], record: RecordOutcome): void;
    /** `record` waits for every event queued until now (`flush()`); `events` are those still queued. */
    _waitForAll(events: WireEvent[], record: RecordOutcome): void;
    /** `events` had their outcome: every callback waiting for one of them records it. */
    _settle(events: WireEvent[], result: Result): void;
};

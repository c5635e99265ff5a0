import type { WireEvent } from './queue.js';
import type { Result } from './types.js';
export declare function createWaiters(): readonly [(events: WireEvent[], callback: unknown, all?: boolean, counted?: boolean, counting?: (result: Result) => number) => void, (events: WireEvent[], result: Result) => void];

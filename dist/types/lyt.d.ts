import { type Transport } from './transport';
import type { Config, Lyt } from './types';
/** What the tracker uses of the world; tests pass their own to drive time, storage and faults. */
export interface Environment {
    window: Window;
    /** Where queued events are kept; null for none. Default: `window.localStorage`. */
    storage: Storage | null;
    transport: Transport;
    now: () => number;
    random: () => number;
}
export declare const DEFAULT_CONFIG: Config;
export declare function createLyt(settings?: Partial<Config>, environment?: Partial<Environment>): Lyt;

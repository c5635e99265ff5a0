import { DEFAULT_CONFIG, type Environment } from './lyt';
import type { Config, Lyt } from './types';
export type { BatchEvent, Callback, Config, EventOptions, Lyt, Result } from './types';
export type { Environment } from './lyt';
export type { Transport } from './transport';
export type { Reply } from './response';
export { DEFAULT_CONFIG };
/**
 * Makes a tracker. In a browser it starts at once (a page view unless `autoPageview` is
 * false); without one (server-side rendering) it tracks nothing and every callback hears
 * `{ok: false, ignored: true, reason: 'no_browser'}`.
 */
export declare function createLyt(settings?: Partial<Config>, environment?: Partial<Environment>): Lyt;

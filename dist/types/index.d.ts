import { DEFAULT_CONFIG, type Environment, type Settings } from './lyt';
import type { Lyt } from './types';
export type { BatchEvent, Callback, Config, EventOptions, Lyt, Result } from './types';
export type { Environment, Settings } from './lyt';
export type { Feature, FeatureContext, Hooks } from './hooks';
export { beforeSend } from './features/before-send';
export { context } from './features/context';
export { declarativeEvents } from './features/declarative-events';
export { deliveryHooks } from './features/delivery-hooks';
export { engagement } from './features/engagement';
export { exceptions } from './features/exceptions';
export { fileDownloads } from './features/file-downloads';
export { outboundLinks } from './features/outbound-links';
export { testMode } from './features/test-mode';
export type { Transport } from './transport';
export type { Reply } from './response';
export { DEFAULT_CONFIG };
/**
 * Makes a tracker. In a browser it starts at once (a page view unless `autoPageview` is
 * false); without one (server-side rendering) it tracks nothing and every callback hears
 * `{ok: false, ignored: true, reason: 'no_browser'}`.
 */
export declare function createLyt(settings?: Settings, environment?: Partial<Environment>): Lyt;

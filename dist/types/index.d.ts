import type { Feature } from './hooks.js';
import { DEFAULT_CONFIG, type Environment } from './lyt.js';
import type { BatchEvent, Config, Lyt } from './types.js';
export type { BatchEvent, Callback, Config, EventOptions, Lyt, Result } from './types.js';
export type { Environment } from './lyt.js';
export type { Feature, FeatureContext, Hooks } from './hooks.js';
export { beforeSend } from './features/before-send.js';
export { consent } from './features/consent.js';
export { context } from './features/context.js';
export { declarativeEvents } from './features/declarative-events.js';
export { deliveryHooks } from './features/delivery-hooks.js';
export { engagement } from './features/engagement.js';
export { exceptions } from './features/exceptions.js';
export { fileDownloads } from './features/file-downloads.js';
export { mask } from './features/mask.js';
export { outboundLinks } from './features/outbound-links.js';
export { testMode } from './features/test-mode.js';
export { vitals } from './features/vitals.js';
export type { Transport } from './transport.js';
export type { Reply } from './response.js';
export { DEFAULT_CONFIG };
/**
 * What `createLyt()` takes: any of the settings (`Config`), the optional features to turn on,
 * and those features' settings. A closed list, so a misspelt name is a compile error.
 */
export type Settings = Partial<Config> & {
    /** The optional features to turn on: `[context, exceptions]` (each is its own export). */
    features?: Feature[];
    /**
     * With `beforeSend`: sees a copy of each event about to be queued; returns it (changed or
     * not) to send it, or null/false to drop it. Or the name of a global function.
     */
    beforeSend?: ((event: BatchEvent & {
        path: string;
        hostname: string;
        query?: string;
        timestamp: string;
        id: string;
    }) => object | null | false) | string;
    /** With `exceptions`: report uncaught errors and unhandled rejections. */
    captureExceptions?: boolean;
    /** With `testMode`: check and log every event, send none. */
    testMode?: boolean;
    /** With `outboundLinks`: a click on a link to another host sends "Outbound Link". */
    outboundLinks?: boolean;
    /** With `fileDownloads`: a click on a link to a file sends "File Download". */
    fileDownloads?: boolean;
    /** With `fileDownloads`: the extensions that count, comma-separated, replacing the default list. */
    downloadExtensions?: string;
    /** With `engagement`: an "Engagement" event {seconds, scroll} per page view as it is hidden or left. */
    engagement?: boolean;
    /** With `vitals`: one "Web Vitals" event {lcp, inp, cls, fcp, ttfb} per page load as it is first hidden or left. */
    vitals?: boolean;
    /** With `mask`: paths sent as the first pattern they match (`/users/*`: `*` one segment, `**` the rest). */
    mask?: string | string[];
    /** With `consent`: `'ask'` sends and stores nothing until `lyt.consent(true)`. */
    consent?: 'ask' | '';
};
/**
 * Makes a tracker. In a browser it starts at once (a page view unless `autoPageview` is
 * false); without one (server-side rendering) it tracks nothing and every callback hears
 * `{ok: false, ignored: true, reason: 'no_browser'}`.
 */
export declare function createLyt(settings?: Settings, environment?: Partial<Environment>): Lyt;

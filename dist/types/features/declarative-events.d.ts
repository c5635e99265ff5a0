import type { Feature } from '../hooks.js';
/**
 * The metadata of an element's `data-lyt-meta-*` attributes, by their `dataset` names
 * (`data-lyt-meta-plan-type="pro"` → `{planType: 'pro'}`); nothing when it has none.
 */
export declare const metadataOf: (dataset: Record<string, string | undefined>) => Record<string, string> | undefined;
export declare const declarativeEvents: Feature;

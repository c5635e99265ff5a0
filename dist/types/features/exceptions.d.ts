import type { Feature } from '../hooks.js';
/** The automatic capture sends at most this many per page load (a loop of errors cannot flood). */
export declare const MAX_CAPTURED = 10;
/**
 * `text` with the query string and hash of every URL in it removed (they may hold tokens),
 * keeping a `:line:column` after them: `https://x/app.js?t=1#a:10:5` → `https://x/app.js:10:5`.
 */
export declare const withoutQueries: (text: string) => string;
export declare const exceptions: Feature;

/** The localStorage key `lyt.optOut()` sets to "true". */
export declare const OPT_OUT_KEY = "lyt_ignore";
/**
 * Globals that test runners and scrapers leave on the window. Looked up by these strings:
 * the production build renames every `_name` property of the SDK's own (esbuild.config.mjs),
 * never a string, so the page's `window._phantom` is still found.
 */
export declare const AUTOMATION_GLOBALS: string[];
/** Why nothing may be tracked here, or undefined when tracking is allowed. */
export declare function ignoreReason(win: Window & Record<string, any>, respectDnt: boolean): string | undefined;

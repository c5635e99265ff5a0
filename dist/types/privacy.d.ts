/** The localStorage key `lyt.optOut()` sets to "true". */
export declare const OPT_OUT_KEY = "lyt_ignore";
/** Why nothing may be tracked here, or undefined when tracking is allowed. */
export declare function ignoreReason(win: Window & Record<string, any>, respectDnt: boolean): string | undefined;

import type { Feature } from '../hooks.js';
/** How much of a page of `pageHeight` px has been in view, in whole percent, scrolled to `scrollTop`. */
export declare const scrollPercent: (scrollTop: number, viewportHeight: number, pageHeight: number) => number;
/**
 * One page view's engagement, by the clock `now`: time counted while `count(true)`, the
 * deepest scroll read, and what grew since the last `take()`.
 */
export declare function engagementClock(now: () => number, counting: boolean): {
    /** Time counts from now on (`true`: visible and focused) or stops. */
    count: (on: boolean) => void;
    /** A scroll reading, in percent. The first is where the page view starts: only scrolling further is growth. */
    scrolled(percent: number): void;
    /** What grew since the last take (a whole second or more, or a deeper scroll), or nothing. */
    take(): {
        seconds: number;
        scroll: number;
    } | undefined;
};
export declare const engagement: Feature;

import type { Feature } from '../hooks.js';
/**
 * INP of the interactions' latencies (the longest entry of each), with `count` the page's
 * interactions (also those too short to be observed): the 98th percentile, taken as the
 * library takes it — the (count / 50)th longest, at most the tenth; undefined with none.
 */
export declare const interactionToNextPaint: (latencies: number[], count: number) => number;
/**
 * CLS of layout shifts in the order they came: the largest session window (shifts less than
 * 1 s after the one before and less than 5 s after the window's first), with shifts right after
 * an input left out.
 */
export declare function cumulativeLayoutShift(): {
    add(shift: {
        startTime: number;
        value: number;
        hadRecentInput?: boolean;
    }): void;
    value: () => number;
};
export declare const vitals: Feature;

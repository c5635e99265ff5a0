import type { Feature } from '../hooks.js';
/**
 * Turns the patterns ("/users/*, /orders/**") into a function that gives a path as it is
 * sent: the first pattern it matches, or the path itself. A pattern matches a whole path;
 * `*` is one segment (one or more characters other than `/`), `**` anything after it, slashes
 * included (also nothing). A trailing slash the pattern does not have is kept (with
 * `/users/*`, the path `/users/8123/` is sent as the pattern and that slash). Everything
 * else in a pattern is literal.
 */
export declare function pathMasker(patterns: string): (path: string) => string;
export declare const mask: Feature;

import type { Feature } from '../hooks.js';
/** Whether a link to `url` leaves the page's host (`host`: name and port). */
export declare const isOutbound: (url: URL, pageHost: string) => boolean;
export declare const outboundLinks: Feature;

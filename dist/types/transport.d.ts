import type { Reply } from './response.js';
/** POSTs `body` (JSON) to `url`; `keepalive` asks for a request that outlives the page. */
export type Transport = (url: string, body: string, keepalive: boolean) => Promise<Reply>;
/** A request that has not answered by then is aborted and counts as a network error. */
export declare const REQUEST_TIMEOUT_MS = 10000;
export declare const fetchTransport: Transport;

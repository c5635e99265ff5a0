import type { Feature } from '../hooks.js';
/** The localStorage key of the visitor's choice: "true" or "false". */
export declare const CONSENT_KEY = "lyt_consent";
export declare const consent: Feature;

import type { Feature } from '../hooks.js';
export declare const testMode: Feature;

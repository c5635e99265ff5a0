import type { Feature } from '../hooks.js';
export declare const context: Feature;

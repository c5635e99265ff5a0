import type { Feature } from '../hooks.js';
export declare const ALL_FEATURES: Feature[];

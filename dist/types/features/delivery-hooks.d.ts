import type { Feature } from '../hooks.js';
export declare const deliveryHooks: Feature;

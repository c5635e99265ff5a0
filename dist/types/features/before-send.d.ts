import type { Feature } from '../hooks.js';
export declare const beforeSend: Feature;

import type { Feature } from '../hooks';
export declare const testMode: Feature;

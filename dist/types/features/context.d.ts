import type { Feature } from '../hooks';
export declare const context: Feature;

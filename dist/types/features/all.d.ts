import type { Feature } from '../hooks';
export declare const ALL_FEATURES: Feature[];

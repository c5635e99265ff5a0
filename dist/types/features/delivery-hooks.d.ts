import type { Feature } from '../hooks';
export declare const deliveryHooks: Feature;

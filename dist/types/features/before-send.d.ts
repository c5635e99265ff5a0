import type { Feature } from '../hooks';
export declare const beforeSend: Feature;

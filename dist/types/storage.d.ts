/** A Storage method by name, or `keys` for the stored keys. */
export type StorageCall = (method: 'getItem' | 'setItem' | 'removeItem' | 'keys', key?: string, value?: string) => any;
/**
 * Calls the storage `open()` gives: `getItem` answers the value (or null), `keys` the keys,
 * `setItem` and `removeItem` undefined — and every one of them `false` when it failed.
 */
export declare const safeStorage: (open: () => Storage | null | undefined, onFailure: (error: unknown) => void) => StorageCall;

// localStorage that never throws. Private modes, sandboxed frames, disabled storage and a
// full quota all make it throw (even reading `window.localStorage` can); every failure
// becomes a plain `false` and the caller keeps its state in memory.

/** A Storage method by name, or `keys` for the stored keys. */
export type StorageCall = (method: 'getItem' | 'setItem' | 'removeItem' | 'keys', key?: string, value?: string) => any

/**
 * Calls the storage `open()` gives: `getItem` answers the value (or null), `keys` the keys,
 * `setItem` and `removeItem` undefined — and every one of them `false` when it failed.
 */
export const safeStorage =
  (open: () => Storage | null | undefined, onFailure: (error: unknown) => void): StorageCall =>
  (method, key, value) => {
    try {
      return method === 'keys' ? Object.keys(open()!) : open()![method](key!, value!)
    } catch (error) {
      onFailure(error)
      return false
    }
  }

// localStorage that never throws. Private modes, sandboxed frames, disabled storage and a
// full quota all make it throw (even reading `window.localStorage` can); every failure
// becomes a plain "did not work" and the caller keeps its state in memory.

export interface SafeStorage {
  get(key: string): string | null
  /** False when the value could not be stored (missing, full or throwing storage). */
  set(key: string, value: string): boolean
  remove(key: string): void
  /** Keys that start with `prefix`. */
  keys(prefix: string): string[]
}

export function safeStorage(open: () => Storage | null | undefined, onFailure: (error: unknown) => void): SafeStorage {
  const attempt = <T>(use: (storage: Storage) => T, otherwise: T): T => {
    try {
      return use(open()!)
    } catch (error) {
      onFailure(error)
      return otherwise
    }
  }
  return {
    get: (key) => attempt((storage) => storage.getItem(key), null),
    set: (key, value) => attempt((storage) => (storage.setItem(key, value), true), false),
    remove: (key) => attempt((storage) => storage.removeItem(key), undefined),
    keys: (prefix) =>
      attempt((storage) => {
        const found: string[] = []
        for (let i = storage.length; i--; ) {
          const key = storage.key(i)
          if (key && key.startsWith(prefix)) found.push(key)
        }
        return found
      }, []),
  }
}

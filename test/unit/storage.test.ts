import { describe, expect, it, vi } from 'vitest'
import { Window } from 'happy-dom'
import { safeStorage } from '../../src/storage'

const securityError = () => new DOMException('The operation is insecure.', 'SecurityError')
const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')

/** Every call the failing storage can get must neither throw nor return anything but "nothing". */
function expectHarmless(store: ReturnType<typeof safeStorage>) {
  expect(() => store.get('k')).not.toThrow()
  expect(store.get('k')).toBeNull()
  expect(() => store.set('k', 'v')).not.toThrow()
  expect(store.set('k', 'v')).toBe(false)
  expect(() => store.remove('k')).not.toThrow()
  expect(() => store.keys('lyt_')).not.toThrow()
  expect(store.keys('lyt_')).toEqual([])
}

describe('safeStorage', () => {
  it('works with a normal Storage: set, get, remove, keys by prefix', async () => {
    const win = new Window({ url: 'https://shop.example/' })
    try {
      const local = win.localStorage as unknown as Storage
      local.setItem('other', 'x')
      const onFailure = vi.fn()
      const store = safeStorage(() => local, onFailure)
      expect(store.set('lyt_q_a', '1')).toBe(true)
      expect(store.set('lyt_q_b', '2')).toBe(true)
      expect(store.set('lyt_ignore', 'true')).toBe(true)
      expect(store.get('lyt_q_a')).toBe('1')
      expect(local.getItem('lyt_q_b')).toBe('2')
      expect(store.get('missing')).toBeNull()
      expect(store.keys('lyt_q_').sort()).toEqual(['lyt_q_a', 'lyt_q_b'])
      expect(store.keys('lyt_').sort()).toEqual(['lyt_ignore', 'lyt_q_a', 'lyt_q_b'])
      store.remove('lyt_q_a')
      expect(store.get('lyt_q_a')).toBeNull()
      expect(store.keys('lyt_q_')).toEqual(['lyt_q_b'])
      expect(onFailure).not.toHaveBeenCalled()
    } finally {
      await win.happyDOM.close()
    }
  })

  it('opens the storage on each use (a storage that becomes available later is used)', () => {
    let available = false
    const items = new Map<string, string>()
    const storage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
    } as unknown as Storage
    const store = safeStorage(() => {
      if (!available) throw securityError()
      return storage
    }, () => {})
    expect(store.set('k', 'v')).toBe(false)
    available = true
    expect(store.set('k', 'v')).toBe(true)
    expect(store.get('k')).toBe('v')
  })

  it('when opening throws a SecurityError, no call throws, get is null, keys is [], and onFailure hears it', () => {
    const errors: unknown[] = []
    const store = safeStorage(() => {
      throw securityError()
    }, (error) => errors.push(error))
    expectHarmless(store)
    expect(errors.length).toBe(7) // one per call of expectHarmless
    expect((errors[0] as DOMException).name).toBe('SecurityError')
  })

  it('when opening returns null (no storage at all), no call throws and onFailure is called', () => {
    const onFailure = vi.fn()
    expectHarmless(safeStorage(() => null, onFailure))
    expect(onFailure).toHaveBeenCalled()
  })

  it('when opening returns undefined, no call throws', () => {
    expectHarmless(safeStorage(() => undefined, () => {}))
  })

  it('a full storage (setItem throws QuotaExceededError): set returns false and onFailure hears the error; reads still work', () => {
    const items = new Map<string, string>([['lyt_q_a', 'kept']])
    const storage = {
      get length() {
        return items.size
      },
      key: (i: number) => [...items.keys()][i] ?? null,
      getItem: (k: string) => items.get(k) ?? null,
      setItem: () => {
        throw quotaError()
      },
      removeItem: (k: string) => void items.delete(k),
    } as unknown as Storage
    const onFailure = vi.fn()
    const store = safeStorage(() => storage, onFailure)
    let stored: boolean | undefined
    expect(() => (stored = store.set('lyt_q_b', 'x'))).not.toThrow()
    expect(stored).toBe(false)
    expect(onFailure).toHaveBeenCalledTimes(1)
    expect((onFailure.mock.calls[0][0] as DOMException).name).toBe('QuotaExceededError')
    expect(store.get('lyt_q_a')).toBe('kept')
    expect(store.get('lyt_q_b')).toBeNull()
    expect(store.keys('lyt_q_')).toEqual(['lyt_q_a'])
  })

  it('when every method and property of the storage throws, no call throws', () => {
    const throwing = new Proxy({} as Storage, {
      get() {
        throw securityError()
      },
      has() {
        throw securityError()
      },
    })
    const onFailure = vi.fn()
    expectHarmless(safeStorage(() => throwing, onFailure))
    expect(onFailure).toHaveBeenCalledTimes(7)
  })

  it('when length works but key() throws, keys is []', () => {
    const storage = {
      length: 3,
      key: () => {
        throw securityError()
      },
    } as unknown as Storage
    expect(safeStorage(() => storage, () => {}).keys('lyt_')).toEqual([])
  })

  it('keys skips null keys and keys without the prefix', () => {
    const storage = {
      length: 4,
      key: (i: number) => [null, 'lyt_q_1', 'lyt_q', 'xlyt_q_2'][i],
    } as unknown as Storage
    expect(safeStorage(() => storage, () => {}).keys('lyt_q_')).toEqual(['lyt_q_1'])
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Window } from 'happy-dom'
import { safeStorage, type StorageCall } from '../../src/storage'

const securityError = () => new DOMException('The operation is insecure.', 'SecurityError')
const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')

/** Every method, on a storage that cannot be used: none throws, each answers `false`. */
function expectAllFail(store: StorageCall) {
  const calls: Parameters<StorageCall>[] = [['getItem', 'k'], ['setItem', 'k', 'v'], ['removeItem', 'k'], ['keys']]
  for (const call of calls) {
    let answer: unknown
    expect(() => (answer = store(...call))).not.toThrow()
    expect(answer, call[0]).toBe(false)
  }
  return calls.length
}

describe('safeStorage', () => {
  let win: Window
  let local: Storage

  beforeEach(() => {
    win = new Window({ url: 'https://shop.example/' })
    local = win.localStorage as unknown as Storage
  })
  afterEach(async () => {
    await win.happyDOM.close()
  })

  it("with a real localStorage each method answers the Storage method's own result", () => {
    local.setItem('other', 'x')
    const onFailure = vi.fn()
    const store = safeStorage(() => local, onFailure)
    expect(store('setItem', 'lyt_q_a', '1')).toBeUndefined()
    expect(store('setItem', 'lyt_ignore', 'true')).toBeUndefined()
    expect(local.getItem('lyt_q_a')).toBe('1')
    expect(store('getItem', 'lyt_q_a')).toBe('1')
    expect(store('getItem', 'lyt_ignore')).toBe('true')
    expect(store('getItem', 'missing')).toBeNull()
    expect(store('removeItem', 'lyt_q_a')).toBeUndefined()
    expect(local.getItem('lyt_q_a')).toBeNull()
    expect(store('getItem', 'lyt_q_a')).toBeNull()
    expect(store('removeItem', 'never-there')).toBeUndefined()
    expect(onFailure).not.toHaveBeenCalled()
  })

  it("keys answers every stored key (Object.keys of the storage), the page's own included", () => {
    local.setItem('other', 'x')
    const store = safeStorage(
      () => local,
      () => {},
    )
    store('setItem', 'lyt_q_a', '1')
    store('setItem', 'lyt_q_b', '2')
    expect(store('keys')).toEqual(Object.keys(local))
    expect([...store('keys')].sort()).toEqual(['lyt_q_a', 'lyt_q_b', 'other'])
    store('removeItem', 'lyt_q_a')
    expect([...store('keys')].sort()).toEqual(['lyt_q_b', 'other'])
  })

  it('an empty storage has no keys', () => {
    expect(
      safeStorage(
        () => local,
        () => {},
      )('keys'),
    ).toEqual([])
  })

  it('a stored empty string reads back as "" (not as a failure)', () => {
    const onFailure = vi.fn()
    const store = safeStorage(() => local, onFailure)
    store('setItem', 'k', '')
    expect(store('getItem', 'k')).toBe('')
    expect(onFailure).not.toHaveBeenCalled()
  })

  it('calls the method on the storage itself (methods that need their `this` work)', () => {
    class StrictStorage {
      #items = new Map<string, string>()
      getItem(key: string) {
        return this.#items.get(key) ?? null
      }
      setItem(key: string, value: string) {
        this.#items.set(key, value)
      }
      removeItem(key: string) {
        this.#items.delete(key)
      }
    }
    const onFailure = vi.fn()
    const strict = new StrictStorage()
    const store = safeStorage(() => strict as unknown as Storage, onFailure)
    expect(store('setItem', 'k', 'v')).toBeUndefined()
    expect(store('getItem', 'k')).toBe('v')
    expect(store('removeItem', 'k')).toBeUndefined()
    expect(store('getItem', 'k')).toBeNull()
    expect(onFailure).not.toHaveBeenCalled()
  })

  it('opens the storage on each use (a storage that becomes available later is used)', () => {
    let available = false
    const onFailure = vi.fn()
    const store = safeStorage(() => {
      if (!available) throw securityError()
      return local
    }, onFailure)
    expect(store('setItem', 'k', 'v')).toBe(false)
    expect(onFailure).toHaveBeenCalledTimes(1)
    available = true
    expect(store('setItem', 'k', 'v')).toBeUndefined()
    expect(store('getItem', 'k')).toBe('v')
    expect(onFailure).toHaveBeenCalledTimes(1)
  })

  it('when opening throws a SecurityError, every method answers false and onFailure hears each error', () => {
    const errors: unknown[] = []
    const calls = expectAllFail(
      safeStorage(
        () => {
          throw securityError()
        },
        (error) => errors.push(error),
      ),
    )
    expect(errors.length).toBe(calls)
    for (const error of errors) expect((error as DOMException).name).toBe('SecurityError')
  })

  it('when opening returns null (no storage at all), every method answers false and onFailure hears it', () => {
    const onFailure = vi.fn()
    const calls = expectAllFail(safeStorage(() => null, onFailure))
    expect(onFailure).toHaveBeenCalledTimes(calls)
  })

  it('when opening returns undefined, every method answers false and onFailure hears it', () => {
    const onFailure = vi.fn()
    const calls = expectAllFail(safeStorage(() => undefined, onFailure))
    expect(onFailure).toHaveBeenCalledTimes(calls)
  })

  it('a full storage (setItem throws QuotaExceededError): setItem answers false, onFailure hears the error; reads and removals still work', () => {
    local.setItem('lyt_q_a', 'kept')
    // The real storage, except that it is full.
    const full = new Proxy(local, {
      get(target, property) {
        if (property === 'setItem') {
          return () => {
            throw quotaError()
          }
        }
        const value = Reflect.get(target, property)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    const onFailure = vi.fn()
    const store = safeStorage(() => full, onFailure)
    let answer: unknown
    expect(() => (answer = store('setItem', 'lyt_q_b', 'x'))).not.toThrow()
    expect(answer).toBe(false)
    expect(onFailure).toHaveBeenCalledTimes(1)
    expect((onFailure.mock.calls[0][0] as DOMException).name).toBe('QuotaExceededError')
    expect(store('getItem', 'lyt_q_a')).toBe('kept')
    expect(store('getItem', 'lyt_q_b')).toBeNull()
    expect(store('keys')).toEqual(['lyt_q_a'])
    expect(store('removeItem', 'lyt_q_a')).toBeUndefined()
    expect(local.getItem('lyt_q_a')).toBeNull()
    expect(onFailure).toHaveBeenCalledTimes(1)
  })

  it('when every access to the storage throws (methods, properties, its keys), every method answers false', () => {
    const throwing = new Proxy({} as Storage, {
      get() {
        throw securityError()
      },
      has() {
        throw securityError()
      },
      ownKeys() {
        throw securityError()
      },
      getOwnPropertyDescriptor() {
        throw securityError()
      },
    })
    const onFailure = vi.fn()
    const calls = expectAllFail(safeStorage(() => throwing, onFailure))
    expect(onFailure).toHaveBeenCalledTimes(calls)
    for (const [error] of onFailure.mock.calls) expect((error as DOMException).name).toBe('SecurityError')
  })

  it('a storage whose getItem throws answers false for getItem only', () => {
    const broken = {
      getItem: () => {
        throw securityError()
      },
      setItem: () => {},
    } as unknown as Storage
    const onFailure = vi.fn()
    const store = safeStorage(() => broken, onFailure)
    expect(store('getItem', 'k')).toBe(false)
    expect(store('setItem', 'k', 'v')).toBeUndefined()
    expect(onFailure).toHaveBeenCalledTimes(1)
  })
})

import { runInNewContext } from 'node:vm'
import { describe, expect, test } from 'vitest'
import { STORAGE_GUARD_SCRIPT } from '#app/utils/storage-guard.ts'

/** A window whose storages behave like the browser's: usable, or denied as in a third-party frame. */
function fakeWindow(denied: boolean) {
  const window: Record<string, unknown> = {}
  for (const name of ['localStorage', 'sessionStorage']) {
    const data = new Map<string, string>()
    const real = {
      getItem: (key: string) => data.get(key) ?? null,
      setItem: (key: string, value: string) => void data.set(key, value),
      removeItem: (key: string) => void data.delete(key),
      real: true,
    }
    Object.defineProperty(window, name, {
      configurable: true,
      get() {
        if (denied) throw new Error(`SecurityError: Failed to read the '${name}' property from 'Window': Access is denied for this document.`)
        return real
      },
    })
  }
  window.window = window
  runInNewContext(STORAGE_GUARD_SCRIPT, window)
  return window as { localStorage: Storage & { real?: boolean }; sessionStorage: Storage & { real?: boolean } }
}

describe('la garde du stockage des pages intégrées', () => {
  test('quand le navigateur refuse le stockage, un stockage en mémoire le remplace et se comporte comme lui', () => {
    const window = fakeWindow(true)
    for (const storage of [window.localStorage, window.sessionStorage]) {
      expect(storage.real).toBeUndefined()
      expect(storage.getItem('scheme')).toBeNull()
      storage.setItem('scheme', 'light')
      storage.setItem('n', 3 as unknown as string)
      expect(storage.getItem('scheme')).toBe('light')
      expect(storage.getItem('n')).toBe('3')
      expect(storage.length).toBe(2)
      expect(storage.key(0)).toBe('scheme')
      expect(storage.key(5)).toBeNull()
      storage.removeItem('scheme')
      expect(storage.getItem('scheme')).toBeNull()
      storage.clear()
      expect(storage.length).toBe(0)
      // Keys such as « constructor » are not inherited values.
      expect(storage.getItem('constructor')).toBeNull()
    }
    // The two storages are separate.
    window.localStorage.setItem('a', '1')
    expect(window.sessionStorage.getItem('a')).toBeNull()
  })

  test('quand le stockage fonctionne, la garde le laisse tel quel et n’y laisse rien', () => {
    const window = fakeWindow(false)
    expect(window.localStorage.real).toBe(true)
    expect(window.sessionStorage.real).toBe(true)
    expect(window.localStorage.getItem('aic-stockage')).toBeNull()
  })
})

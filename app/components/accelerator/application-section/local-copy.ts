import type { SectionValues } from '#app/accelerator/applications/application-form.ts'

/**
 * A copy of what the person typed in a section, kept in this browser's localStorage until the
 * server has saved it: it survives a reload, a closed tab or signing in again. It never leaves
 * the browser except in the section's own save.
 */
export type LocalCopy = { values: SectionValues; version: number; at: string }

/** The part of `Storage` the copy needs (a test passes a Map-backed one). */
export type CopyStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export function localCopyKey(applicationId: string, sectionKey: string): string {
  return `aic:brouillon:${applicationId}:${sectionKey}`
}

/** localStorage, or null where the browser refuses it (storage disabled, some private modes). */
export function browserStorage(): CopyStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage
  } catch {
    return null
  }
}

/** Keeps the copy; false when the browser refused it (full or disabled): the page still has the text. */
export function keepLocalCopy(storage: CopyStorage | null, key: string, copy: LocalCopy): boolean {
  if (!storage) return false
  try {
    storage.setItem(key, JSON.stringify(copy))
    return true
  } catch {
    return false
  }
}

function isValues(value: unknown): value is SectionValues {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false
  return Object.values(value).every((v) => typeof v === 'string' || (Array.isArray(v) && v.every((item) => typeof item === 'string')))
}

/** The copy, or null when there is none or it is not one of ours (edited by hand, older format). */
export function readLocalCopy(storage: CopyStorage | null, key: string): LocalCopy | null {
  if (!storage) return null
  let raw: string | null
  try {
    raw = storage.getItem(key)
  } catch {
    return null
  }
  if (!raw) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return null
  }
  if (!parsed || typeof parsed !== 'object') return null
  const { values, version, at } = parsed as Record<string, unknown>
  if (!isValues(values) || typeof version !== 'number' || !Number.isInteger(version) || version < 0 || typeof at !== 'string') return null
  return { values, version, at }
}

export function clearLocalCopy(storage: CopyStorage | null, key: string): void {
  try {
    storage?.removeItem(key)
  } catch {
    // Nothing to do: a copy that cannot be removed is replaced at the next save.
  }
}

function normalised(value: string | string[] | undefined): string {
  if (Array.isArray(value)) return JSON.stringify([...value].sort())
  return JSON.stringify(value ?? '')
}

/** True when the copy holds something the server does not have (an empty value equals a missing one). */
export function copyDiffers(copy: SectionValues, saved: SectionValues): boolean {
  const names = new Set([...Object.keys(copy), ...Object.keys(saved)])
  for (const name of names) {
    const mine = copy[name]
    const theirs = saved[name]
    const empty = (v: string | string[] | undefined) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
    if (empty(mine) && empty(theirs)) continue
    if (normalised(mine) !== normalised(theirs)) return true
  }
  return false
}

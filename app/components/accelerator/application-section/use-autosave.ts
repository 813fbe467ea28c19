import { useLocation, useMatches } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { readSectionValues, type SectionDefinition, type SectionValues } from '#app/accelerator/applications/application-form.ts'
import { formatDate, formatTime } from '#app/utils/format.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { browserStorage, clearLocalCopy, copyDiffers, keepLocalCopy, localCopyKey, readLocalCopy, type LocalCopy } from './local-copy.ts'
import { failureStatusText, readSaveResponse, retries, retryDelay, signInHref, type SaveFailure } from './save-retry.ts'

/** What another member saved while this person was writing. */
export type SectionConflict = { version: number; by: string | null; at: string; theirs: SectionValues }

/** What the section's action answers (a plain post, or an autosave in the background). */
export type SectionActionData =
  | { status: 'saved'; version: number; savedAt: string; issues: Record<string, string> }
  | { status: 'conflict'; message: string; values: SectionValues; conflict: SectionConflict }
  | { status: 'locked'; message: string; values: SectionValues }
  | { status: 'removed'; values: SectionValues }
  | { status: 'invalid'; fieldErrors: Record<string, string>; values: SectionValues }

export type SaveStatus = { kind: 'idle' | 'dirty' | 'saving' } | { kind: 'saved'; at: string } | { kind: 'error'; message: string }

export const REMOVED_MESSAGE =
  'Vous ne faites plus partie de cette candidature : vos modifications ne peuvent plus être enregistrées. Copiez votre texte si vous en avez besoin.'

/**
 * What an autosave's answer changes on the page: the status line, and whether saving must stop
 * (a conflict to resolve, a section locked, the person removed from the application).
 */
export function autosaveOutcome(data: SectionActionData): { status: SaveStatus; version?: number; conflict?: SectionConflict; stopped?: string } {
  switch (data.status) {
    case 'saved':
      return { status: { kind: 'saved', at: data.savedAt }, version: data.version }
    case 'conflict':
      return { status: { kind: 'error', message: 'Non enregistré : quelqu’un d’autre a modifié cette section.' }, conflict: data.conflict }
    case 'locked':
      return { status: { kind: 'error', message: 'Non enregistré.' }, stopped: data.message }
    case 'removed':
      return { status: { kind: 'error', message: 'Non enregistré.' }, stopped: REMOVED_MESSAGE }
    case 'invalid':
      return { status: { kind: 'error', message: 'Non enregistré : corrigez le champ signalé.' } }
  }
}

/** « Enregistré à 14 h 32 » today, « Enregistré le 20 novembre à 14 h 32 » before. */
export function savedLabel(at: Date, today: Date): string {
  return parisDay(at) === parisDay(today) ? `Enregistré à ${formatTime(at)}` : `Enregistré le ${formatDate(at).replace(/ \d{4}$/, '')} à ${formatTime(at)}`
}

/** The status line under the form; `savedLabel` is what the page said when it was loaded. */
export function saveStatusText(status: SaveStatus, toFixCount: number, savedLabel: string | null): string {
  switch (status.kind) {
    case 'saving':
      return 'Enregistrement…'
    case 'saved':
      return `Enregistré à ${formatTime(status.at)}${toFixCount ? `, avec ${toFixCount > 1 ? `${toFixCount} champs` : 'un champ'} à corriger avant le dépôt` : ''}`
    case 'error':
      return status.message
    case 'dirty':
      return 'Modifications en cours…'
    case 'idle':
      return savedLabel ?? ''
  }
}

/**
 * What the status line says to screen readers: only the outcome of a save (« Enregistré à 14 h 32 »,
 * or why it failed), never « Modifications en cours… » at each pause in typing.
 */
export function liveStatusText(status: SaveStatus, lastOutcome: SaveStatus | null, toFixCount: number, savedLabel: string | null): string {
  if (status.kind === 'saved' || status.kind === 'error') return saveStatusText(status, toFixCount, savedLabel)
  return lastOutcome ? saveStatusText(lastOutcome, toFixCount, savedLabel) : (savedLabel ?? '')
}

/** How long a pause in typing waits before the section is saved. */
export const AUTOSAVE_DELAY_MS = 1500
/** A save that has not answered after this long counts as a network failure (and is retried). */
export const SAVE_TIMEOUT_MS = 20_000

type AutosaveOptions = {
  applicationId: string
  /** The section, to read its values from the form for the local copy. */
  section: SectionDefinition
  /** What the server has for this section: a local copy equal to it is just dropped. */
  savedValues: SectionValues
}

/**
 * Autosave with JavaScript: a short pause after typing, or leaving a field, saves the section in
 * the background with the version it started from. Each change is also copied into this browser
 * (localStorage) until the server has it. A failed save (network down, server error, expired
 * session) keeps the text, shows why and is retried with a growing delay, at once when the
 * browser is back online or the tab comes back to the front. Without JavaScript, the
 * « Enregistrer » buttons do the same as a plain form post.
 */
export function useAutosave(wrapperRef: React.RefObject<HTMLDivElement | null>, initialVersion: number, enabled: boolean, input: AutosaveOptions) {
  const { pathname } = useLocation()
  const routeId = useMatches().at(-1)?.id ?? 'routes/mes-candidatures.$id.$section'
  // A Remix data request: the action's answer as JSON, without the router following a redirect,
  // revalidating the layout (which would send an expired session to the sign-in page) or showing
  // an error page when the network fails.
  const options = { ...input, dataUrl: `${pathname}?_data=${encodeURIComponent(routeId)}`, copyKey: localCopyKey(input.applicationId, input.section.key) }
  const version = useRef(initialVersion)
  const form = () => wrapperRef.current?.querySelector('form') ?? null
  const setVersion = (value: number) => {
    version.current = value
    form()?.querySelector<HTMLInputElement>('input[name="version"]')?.setAttribute('value', String(value))
  }
  const formDataAt = (element: HTMLFormElement, at: number) => {
    const formData = new FormData(element)
    formData.set('autosave', '1')
    formData.set('version', String(at))
    return formData
  }
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' })
  const [lastOutcome, setLastOutcome] = useState<SaveStatus | null>(null)
  const [failure, setFailure] = useState<SaveFailure | null>(null)
  const [conflict, setConflict] = useState<SectionConflict | null>(null)
  const [stopped, setStopped] = useState<string | null>(null)
  const [serverIssues, setServerIssues] = useState<Record<string, string> | null>(null)
  const [restored, setRestored] = useState<LocalCopy | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const attempt = useRef(0)
  const failing = useRef(false)
  const dirty = useRef(false)
  // One save at a time: a save asked while another is on its way waits for it.
  const inFlight = useRef(false)
  const pending = useRef(false)
  // Read by the callbacks without re-creating them at each render.
  const blocked = useRef(false)
  blocked.current = !enabled || Boolean(conflict) || Boolean(stopped)
  const latest = useRef(options)
  latest.current = options

  // New data from the server (a plain save, or a reload): start again from it.
  useEffect(() => {
    version.current = initialVersion
    setStatus({ kind: 'idle' })
  }, [initialVersion])

  const keepCopy = () => {
    const element = form()
    if (!element) return
    const { section, copyKey } = latest.current
    keepLocalCopy(browserStorage(), copyKey, {
      values: readSectionValues(section, new FormData(element)),
      version: version.current,
      at: new Date().toISOString(),
    })
  }

  const clearTimers = () => {
    if (timer.current) clearTimeout(timer.current)
    if (retryTimer.current) clearTimeout(retryTimer.current)
    timer.current = null
    retryTimer.current = null
  }

  const fail = (reason: SaveFailure) => {
    dirty.current = true
    failing.current = true
    setFailure(reason)
    const outcome: SaveStatus = { kind: 'error', message: failureStatusText(reason) }
    setStatus(outcome)
    setLastOutcome(outcome)
    // Asked again while this one was on its way (« Réessayer maintenant », more typing): at once.
    if (pending.current) retryTimer.current = setTimeout(() => void send(), 0)
    else if (retries(reason)) retryTimer.current = setTimeout(() => void send(), retryDelay(attempt.current++))
  }

  const answered = (data: SectionActionData) => {
    failing.current = false
    setFailure(null)
    const outcome = autosaveOutcome(data)
    setStatus(outcome.status)
    setLastOutcome(outcome.status)
    if (outcome.conflict) setConflict(outcome.conflict)
    if (outcome.stopped) setStopped(outcome.stopped)
    if (data.status === 'saved') {
      attempt.current = 0
      setServerIssues(data.issues)
    }
    if (outcome.version !== undefined) {
      setVersion(outcome.version)
      // Saved, and nothing typed since: the server has everything, the copy can go.
      if (!dirty.current && !pending.current) clearLocalCopy(browserStorage(), latest.current.copyKey)
      else keepCopy()
      if (pending.current) setTimeout(() => void send(), 0)
    }
  }

  async function send(at?: number) {
    const element = form()
    if (!element || blocked.current) return
    if (inFlight.current) {
      pending.current = true
      return
    }
    clearTimers()
    inFlight.current = true
    pending.current = false
    dirty.current = false
    if (!failing.current) setStatus({ kind: 'saving' })
    keepCopy()
    const controller = new AbortController()
    const timeout = setTimeout(() => controller.abort(), SAVE_TIMEOUT_MS)
    let result: SectionActionData | SaveFailure
    try {
      const response = await fetch(latest.current.dataUrl, {
        method: 'POST',
        body: formDataAt(element, at ?? version.current),
        credentials: 'same-origin',
        signal: controller.signal,
      })
      result = await readSaveResponse(response)
    } catch {
      result = { kind: 'network' }
    } finally {
      clearTimeout(timeout)
      inFlight.current = false
    }
    if ('kind' in result) fail(result)
    else answered(result)
  }
  const sendRef = useRef(send)
  sendRef.current = send

  const save = useCallback(() => void sendRef.current(), [])

  const onChange = useCallback(() => {
    if (blocked.current) return
    dirty.current = true
    keepCopy()
    if (!failing.current) setStatus({ kind: 'dirty' })
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => void sendRef.current(), AUTOSAVE_DELAY_MS)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `keepCopy` reads refs only
  }, [])

  // Back online, or back on this tab (maybe after signing in again in another one): retry now.
  useEffect(() => {
    const retryNow = () => {
      if (failing.current && !inFlight.current) void sendRef.current()
    }
    const onVisibility = () => document.visibilityState === 'visible' && retryNow()
    window.addEventListener('online', retryNow)
    window.addEventListener('focus', retryNow)
    document.addEventListener('visibilitychange', onVisibility)
    return () => {
      window.removeEventListener('online', retryNow)
      window.removeEventListener('focus', retryNow)
      document.removeEventListener('visibilitychange', onVisibility)
      clearTimers()
    }
  }, [])

  // A copy left by an earlier visit (session expired, network lost, tab closed) and not on the
  // server: put it back in the form and save it, from the version it was typed on.
  useEffect(() => {
    const storage = browserStorage()
    const copy = readLocalCopy(storage, options.copyKey)
    if (!copy) return
    if (new URL(window.location.href).searchParams.has('reprendre') || !copyDiffers(copy.values, options.savedValues)) {
      clearLocalCopy(storage, options.copyKey)
      return
    }
    if (enabled) setRestored(copy)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the page opens
  }, [])
  // The form has been drawn again with the copy's values: save them.
  useEffect(() => {
    if (!restored) return
    setVersion(restored.version)
    void sendRef.current(restored.version)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `setVersion` reads refs
  }, [restored])

  // Closing the tab right after typing: send what is pending.
  useEffect(() => {
    const flush = () => {
      const element = form()
      if (!dirty.current || !element || blocked.current) return
      navigator.sendBeacon?.(window.location.pathname, formDataAt(element, version.current))
      dirty.current = false
    }
    const onVisibility = () => document.visibilityState === 'hidden' && flush()
    window.addEventListener('pagehide', flush)
    document.addEventListener('visibilitychange', onVisibility)
    return () => {
      window.removeEventListener('pagehide', flush)
      document.removeEventListener('visibilitychange', onVisibility)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `form` reads the ref
  }, [])

  // « Enregistrer ma version » after a conflict: save now, from the version just seen.
  const keepMine = useCallback(() => {
    if (!conflict) return
    const at = conflict.version
    setVersion(at)
    setConflict(null)
    blocked.current = !enabled || Boolean(stopped)
    void sendRef.current(at)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `setVersion` reads refs
  }, [conflict, enabled, stopped])

  return { status, lastOutcome, failure, conflict, stopped, restored, onChange, save, keepMine, serverIssues, signIn: signInHref(pathname) }
}

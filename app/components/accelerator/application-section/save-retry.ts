import type { SectionActionData } from './use-autosave.ts'

/**
 * Why a background save did not reach the database. Each one keeps the text in the page and in
 * the browser's local copy; `expired` asks the person to sign in again, the others are retried.
 */
export type SaveFailure = { kind: 'network' } | { kind: 'server'; status: number } | { kind: 'expired' } | { kind: 'refused'; status: number; message: string }

const ANSWERS = new Set(['saved', 'conflict', 'locked', 'removed', 'invalid'])

/** What the section's action answered to a background save (a Remix data request). */
export async function readSaveResponse(response: Response): Promise<SectionActionData | SaveFailure> {
  // A redirect to the sign-in page (an older server, or a proxy in front): the session is gone.
  const redirectTo = response.headers.get('X-Remix-Redirect')
  if (redirectTo) return redirectTo.startsWith('/connexion') ? { kind: 'expired' } : { kind: 'server', status: response.status }
  if (response.status === 401) return { kind: 'expired' }
  if (response.status >= 500) return { kind: 'server', status: response.status }
  let body: unknown
  try {
    body = await response.json()
  } catch {
    // Not our JSON (a proxy's error page, a captive portal): the text did not reach us.
    return { kind: 'server', status: response.status }
  }
  if (body && typeof body === 'object' && 'status' in body && typeof body.status === 'string' && ANSWERS.has(body.status)) return body as SectionActionData
  const message = body && typeof body === 'object' && 'message' in body && typeof body.message === 'string' ? body.message : null
  if (response.status >= 400 && message) return { kind: 'refused', status: response.status, message }
  return { kind: 'server', status: response.status }
}

/** A network failure, a server error or an expired session may end by themselves: try again. */
export function retries(failure: SaveFailure): boolean {
  return failure.kind !== 'refused'
}

/** First retry after this delay, then twice as long each time. */
export const FIRST_RETRY_MS = 2_000
/** A retry never waits longer than this (a minute): the person may be back online any time. */
export const MAX_RETRY_MS = 60_000

/**
 * How long to wait before retry number `attempt` (0 for the first): 2 s, 4 s, 8 s… up to a minute,
 * give or take 20 % so that tabs that failed together do not all retry at the same moment.
 */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, Math.min(attempt, 30)), MAX_RETRY_MS)
  const spread = Math.min(Math.max(random(), 0), 1)
  return Math.round(base * (0.8 + 0.4 * spread))
}

/** The one line under the form while the save fails. */
export function failureStatusText(failure: SaveFailure): string {
  switch (failure.kind) {
    case 'expired':
      return 'Non enregistré : votre session a expiré.'
    case 'network':
      return 'Non enregistré : la connexion au serveur a échoué.'
    case 'server':
      return 'Non enregistré : le service ne répond pas pour le moment.'
    case 'refused':
      return 'Non enregistré.'
  }
}

/** The banner above the form: a title and what happens next, in plain words. */
export function failureBanner(failure: SaveFailure): { title: string; text: string } {
  const kept = 'Votre texte reste dans cette page, et une copie est gardée dans ce navigateur.'
  switch (failure.kind) {
    case 'expired':
      return {
        title: 'Votre session a expiré : votre texte n’est pas encore enregistré',
        text: `${kept} Reconnectez-vous : de retour sur cette section, votre texte sera enregistré automatiquement. Vous pouvez aussi vous reconnecter dans un autre onglet, puis revenir sur celui-ci.`,
      }
    case 'network':
      return {
        title: 'Votre texte n’est pas encore enregistré',
        text: `La connexion au serveur a échoué : vérifiez votre connexion à internet. ${kept} Nous réessayons automatiquement.`,
      }
    case 'server':
      return {
        title: 'Votre texte n’est pas encore enregistré',
        text: `Le service ne répond pas pour le moment (erreur ${failure.status}). ${kept} Nous réessayons automatiquement.`,
      }
    case 'refused':
      return { title: 'Votre texte n’est pas encore enregistré', text: `${failure.message} ${kept}` }
  }
}

/** The sign-in page, coming back to this section afterwards (a same-origin path only). */
export function signInHref(sectionPath: string): string {
  const path = sectionPath.startsWith('/') && !sectionPath.startsWith('//') ? sectionPath : '/'
  return `/connexion?redirection=${encodeURIComponent(path)}`
}

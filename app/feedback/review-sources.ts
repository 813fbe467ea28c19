// How a review came in: its stored value (English since migration 0021, decision 111), the label the API, the
// open-data files and the exports publish (unchanged), and the door that still accepts the old French values.
// Shared by server and browser; no database here.
import type { ReviewSource } from '#db/schema/feedback.ts'

export const REVIEW_SOURCES: readonly ReviewSource[] = ['link', 'widget', 'smiley']

/** Published as such (API v1 `source`, exports): a published word, it does not follow the stored value. */
export const REVIEW_SOURCE_LABELS: Record<ReviewSource, string> = { link: 'Bouton', widget: 'Fenêtre intégrée', smiley: 'Avis en un clic' }

export function reviewSourceLabel(source: string): string {
  return (REVIEW_SOURCE_LABELS as Record<string, string>)[source] ?? source
}

/** The values stored before migration 0021, still sent by embed codes pasted on other sites and by pages open at the time. */
const FRENCH_SOURCES: Record<string, ReviewSource> = { lien: 'link', widget: 'widget', sourire: 'smiley' }

/**
 * A `source` received from outside (the form's hidden field, the frame's `?source=`): the English value, or the
 * French one it replaced, read as English. Anything else is null, and the caller picks its default.
 */
export function normaliseReviewSource(value: string | null | undefined): ReviewSource | null {
  if (typeof value !== 'string') return null
  if ((REVIEW_SOURCES as readonly string[]).includes(value)) return value as ReviewSource
  return Object.hasOwn(FRENCH_SOURCES, value) ? FRENCH_SOURCES[value]! : null
}

// Labels and closed lists of Services Publics+, shared by the server and the pages.
import type { AnswerStatus, ChangeStatus, ExperienceChannel, ExperienceFeeling } from '#db/schema/experiences.ts'

export const CHANNELS: Array<{ value: ExperienceChannel; label: string }> = [
  { value: 'en-ligne', label: 'En ligne' },
  { value: 'guichet', label: 'Au guichet' },
  { value: 'telephone', label: 'Par téléphone' },
  { value: 'courrier', label: 'Par courrier' },
  { value: 'email', label: 'Par e-mail' },
  { value: 'autre', label: 'Autre' },
]

export const FEELINGS: Array<{ value: ExperienceFeeling; label: string }> = [
  { value: 'positif', label: 'Positive' },
  { value: 'neutre', label: 'Neutre' },
  { value: 'negatif', label: 'Négative' },
]

export const ANSWER_STATUSES: Array<{ value: AnswerStatus; label: string }> = [
  { value: 'en-cours', label: 'En cours de traitement' },
  { value: 'repondu', label: 'Répondu' },
  { value: 'transmis', label: 'Transmis au service compétent' },
]

/** Reasons a moderator may refuse an experience for: a closed list (criticism is never one). */
export const REFUSAL_REASONS = [
  { value: 'injurieux', label: 'Propos injurieux, diffamatoires ou discriminatoires' },
  { value: 'hors-sujet', label: 'Sans rapport avec le service public concerné' },
  { value: 'donnees-personnelles', label: 'Trop de données personnelles pour être publié même en partie' },
  { value: 'doublon', label: 'Expérience déjà publiée (doublon)' },
  { value: 'publicite', label: 'Publicité ou message automatique' },
] as const
export type RefusalReason = (typeof REFUSAL_REASONS)[number]['value']

export const CHANGE_STATUSES: Array<{ value: ChangeStatus; label: string }> = [
  { value: 'prevu', label: 'Changement prévu' },
  { value: 'realise', label: 'Changement réalisé' },
]

function labelOf<T extends string>(list: ReadonlyArray<{ value: T; label: string }>, value: string | null | undefined): string {
  return list.find((item) => item.value === value)?.label ?? ''
}
export const channelLabel = (value: string | null) => labelOf(CHANNELS, value)
export const feelingLabel = (value: string | null) => labelOf(FEELINGS, value)
export const answerStatusLabel = (value: string | null) => labelOf(ANSWER_STATUSES, value) || 'En attente de réponse'
export const refusalLabel = (value: string | null) => labelOf(REFUSAL_REASONS, value)
export const changeStatusLabel = (value: string | null) => labelOf(CHANGE_STATUSES, value)

/** An answer can be edited in place for this long; afterwards only amended (« modifié le »). */
export const ANSWER_EDIT_MINUTES = 30

/** Items per page in every list of experiences and changes. */
export const PAGE_SIZE = 20

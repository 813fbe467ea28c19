// Labels and closed lists of Services Publics+, shared by the server and the pages. The values are stored in English
// (migration 0021, decision 111); the labels people read, and that the API and open data publish, are French.
import type { AnswerStatus, ChangeStatus, ExperienceChannel, ExperienceFeeling, RefusalReason } from '#db/schema/experiences.ts'

export type { RefusalReason }

export const CHANNELS: Array<{ value: ExperienceChannel; label: string }> = [
  { value: 'online', label: 'En ligne' },
  { value: 'counter', label: 'Au guichet' },
  { value: 'phone', label: 'Par téléphone' },
  { value: 'mail', label: 'Par courrier' },
  { value: 'email', label: 'Par e-mail' },
  { value: 'other', label: 'Autre' },
]

export const FEELINGS: Array<{ value: ExperienceFeeling; label: string }> = [
  { value: 'positive', label: 'Positive' },
  { value: 'neutral', label: 'Neutre' },
  { value: 'negative', label: 'Négative' },
]

export const ANSWER_STATUSES: Array<{ value: AnswerStatus; label: string }> = [
  { value: 'in_progress', label: 'En cours de traitement' },
  { value: 'answered', label: 'Répondu' },
  { value: 'forwarded', label: 'Transmis au service compétent' },
]

/** Reasons a moderator may refuse an experience for: a closed list (criticism is never one). */
export const REFUSAL_REASONS: ReadonlyArray<{ value: RefusalReason; label: string }> = [
  { value: 'abusive', label: 'Propos injurieux, diffamatoires ou discriminatoires' },
  { value: 'off_topic', label: 'Sans rapport avec le service public concerné' },
  { value: 'personal_data', label: 'Trop de données personnelles pour être publié même en partie' },
  { value: 'duplicate', label: 'Expérience déjà publiée (doublon)' },
  { value: 'advertising', label: 'Publicité ou message automatique' },
]

export const CHANGE_STATUSES: Array<{ value: ChangeStatus; label: string }> = [
  { value: 'planned', label: 'Changement prévu' },
  { value: 'done', label: 'Changement réalisé' },
]

function labelOf<T extends string>(list: ReadonlyArray<{ value: T; label: string }>, value: string | null | undefined): string {
  return list.find((item) => item.value === value)?.label ?? ''
}
export const channelLabel = (value: string | null) => labelOf(CHANNELS, value)
export const feelingLabel = (value: string | null) => labelOf(FEELINGS, value)
/** The feeling in a sentence under an experience's title: the labels agree with « expérience » (« ressenti négative » did not). */
export const feelingPhrase = (value: string | null) => `expérience ${feelingLabel(value).toLowerCase()}`
export const answerStatusLabel = (value: string | null) => labelOf(ANSWER_STATUSES, value) || 'En attente de réponse'
export const refusalLabel = (value: string | null) => labelOf(REFUSAL_REASONS, value)
export const changeStatusLabel = (value: string | null) => labelOf(CHANGE_STATUSES, value)

/** An answer can be edited in place for this long; afterwards only amended (« modifié le »). */
export const ANSWER_EDIT_MINUTES = 30

/** Items per page in every list of experiences and changes. */
export const PAGE_SIZE = 20

/** A change's state as the API and the open-data files publish it (a published word: unchanged by migration 0021). */
export const publishedChangeStatus = (value: ChangeStatus): 'prévu' | 'réalisé' => (value === 'done' ? 'réalisé' : 'prévu')

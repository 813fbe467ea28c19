// The spam score of a review (issue 19, decision 101): no third-party CAPTCHA, only signals this
// application sees itself. Pure functions: the ingest computes the score in memory, before the
// batch insert (decision 090), and the comment step adds what the text tells.
import { z } from 'zod'
import { UUID_PATTERN } from '#app/utils/uuid.ts'


export type SpamReason = 'honeypot' | 'too_fast' | 'one_link' | 'links' | 'repeated' | 'flood'

/** Points per reason. A review is held (« spam probable ») from SPAM_THRESHOLD points. */
export const SPAM_WEIGHTS: Record<SpamReason, number> = {
  // The hidden field that people never see was filled (or the post did not come from our page).
  honeypot: 100,
  // Answered faster than anyone reading the page can: a weak signal alone (the one-click smiley is quick).
  too_fast: 30,
  // One address in the text (someone may point to the page that failed); two or more: advertising.
  one_link: 25,
  links: 50,
  // The same text (once normalised) already sent today from the same hashed address.
  repeated: 60,
  // Many comments on the same placement within a few minutes: a weak signal alone (a busy site).
  flood: 30,
}

export const SPAM_THRESHOLD = 50

/**
 * The low bound of the time between the page's display and the first answer. Only a LOW bound:
 * people using a screen reader, a switch or a magnifier take their time, slowness is never a
 * signal. A missing, unreadable or future display time is no signal either.
 */
export const MIN_SUBMIT_MS = 1_500

/** Comments on one placement within FLOOD_WINDOW_MS beyond which the placement is flooded. */
export const FLOOD_COMMENTS = 20
export const FLOOD_WINDOW_MS = 10 * 60 * 1000
/** How far back « the same text from the same address » looks (the address hash changes every day anyway). */
export const REPEAT_WINDOW_MS = 24 * 60 * 60 * 1000
/** Shorter texts (« Merci », « Très bien ») are repeated by honest people sharing one address (a France Services desk). */
export const REPEAT_MIN_LENGTH = 20

export const SPAM_REASON_LABELS: Record<SpamReason, string> = {
  honeypot: 'Champ invisible rempli (robot)',
  too_fast: 'Réponse envoyée en moins de 1,5 seconde',
  one_link: 'Un lien dans le texte',
  links: 'Plusieurs liens dans le texte',
  repeated: 'Même texte déjà envoyé aujourd’hui depuis la même connexion',
  flood: 'Afflux de commentaires sur cet emplacement',
}

/** The same reasons, worded for a public experience (a service has no placement; a story is not a comment). */
export const EXPERIENCE_SPAM_REASON_LABELS: Record<SpamReason, string> = {
  ...SPAM_REASON_LABELS,
  repeated: 'Même récit déjà envoyé aujourd’hui depuis la même connexion',
  flood: 'Afflux d’expériences sur ce service',
}

export function isSpamReason(value: string): value is SpamReason {
  return Object.hasOwn(SPAM_WEIGHTS, value)
}

/** What a team reads for the reasons stored on an experience (unknown ones left out). */
export function experienceSpamReasonLabels(reasons: readonly string[]): string[] {
  return reasons.filter(isSpamReason).map((reason) => EXPERIENCE_SPAM_REASON_LABELS[reason])
}

export interface SpamSignals {
  honeypotFilled?: boolean
  /** Milliseconds between the page's display and the answer, when known. */
  elapsedMs?: number | null
  text?: string | null
  /** Earlier reviews with the same normalised text from the same hashed address. */
  sameTextFromAddress?: number
  /** Other comments on the same placement within the flood window. */
  placementComments?: number
}

export interface SpamScore {
  score: number
  reasons: SpamReason[]
}

const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"]+|\b[a-z0-9-]{2,}\.(?:com|net|org|info|biz|ru|cn|xyz|top|io|shop|online|site)\b(?:\/[^\s<>"]*)?/gi

/** Web addresses in a text (with or without http). */
export function countLinks(text: string): number {
  return text.match(LINK)?.length ?? 0
}

/** The display time posted by the form, as a number of milliseconds, or null when unusable. */
export function elapsedSince(shownAt: unknown, at: Date): number | null {
  if (typeof shownAt !== 'string' || !/^\d{10,16}$/.test(shownAt)) return null
  const elapsed = at.getTime() - Number(shownAt)
  return elapsed >= 0 ? elapsed : null
}

/**
 * The text reduced to what a bot varies least: lower case, no accents, no digits, no punctuation,
 * single spaces. « Achetez ici !!! 123 » and « achetez ICI 456 » give the same text.
 */
export function normaliseForRepeat(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]+/gu, ' ')
    .trim()
}

export function scoreSpam(signals: SpamSignals): SpamScore {
  const reasons: SpamReason[] = []
  if (signals.honeypotFilled) reasons.push('honeypot')
  if (typeof signals.elapsedMs === 'number' && signals.elapsedMs >= 0 && signals.elapsedMs < MIN_SUBMIT_MS) reasons.push('too_fast')
  const links = signals.text ? countLinks(signals.text) : 0
  if (links >= 2) reasons.push('links')
  else if (links === 1) reasons.push('one_link')
  if ((signals.sameTextFromAddress ?? 0) > 0) reasons.push('repeated')
  if ((signals.placementComments ?? 0) >= FLOOD_COMMENTS) reasons.push('flood')
  return { score: scoreOf(reasons), reasons }
}

export function scoreOf(reasons: readonly SpamReason[]): number {
  return reasons.reduce((sum, reason) => sum + SPAM_WEIGHTS[reason], 0)
}

/** Reasons of both steps together (the first answer's, then the comment's), each once. */
export function mergeReasons(...lists: ReadonlyArray<readonly string[]>): SpamReason[] {
  const merged = new Set<SpamReason>()
  for (const list of lists) for (const reason of list) if (isSpamReason(reason)) merged.add(reason)
  return [...merged]
}

export type SpamStatusValue = 'none' | 'suspected' | 'spam' | 'cleared'

/** The status after a new score: an agent's decision stays; otherwise the threshold decides. */
export function statusAfterScore(score: number, current: SpamStatusValue = 'none'): SpamStatusValue {
  if (current === 'spam' || current === 'cleared') return current
  return score >= SPAM_THRESHOLD ? 'suspected' : 'none'
}

// ---------------------------------------------------------------------------------------------
// The agents' form: one schema for one review or several (the same post either way).

export const SpamMarkSchema = z.object({
  decision: z.enum(['spam', 'not_spam'], { error: 'Choisissez « Spam » ou « Pas spam ».' }),
  avis: z
    .array(z.string().regex(UUID_PATTERN, 'Cet avis est introuvable. Rechargez la page.'), { error: 'Cochez au moins un avis.' })
    .min(1, 'Cochez au moins un avis.')
    .max(100, 'Cochez au plus 100 avis à la fois.'),
})

export const SPAM_TABS = [
  { value: 'probable', label: 'Spam probable' },
  { value: 'spam', label: 'Marqués spam' },
  { value: 'pas-spam', label: 'Marqués pas spam' },
] as const

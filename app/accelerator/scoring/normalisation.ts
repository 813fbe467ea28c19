// Per-reviewer normalisation of review totals, shown beside the raw figures (decision 042).
// « centred » (the default): total minus the reviewer's own mean, so a harsh and a generous reviewer
// count the same. « zscore »: the same difference divided by the reviewer's standard deviation.
// A reviewer with too few reviews, or (z-score) whose totals are all equal, tells us nothing about
// their habits: their reviews count as average (0) in the normalised figures; raw figures are kept.
import { formatNumber } from '#app/utils/format.ts'
import { compareStrings, summarise } from './math.ts'
import { JURIES, type Jury } from './types.ts'

export type NormalisationMethod = 'centred' | 'zscore' | 'none'

export interface NormalisationSettings {
  method: NormalisationMethod
  /** Below this number of reviews a reviewer's habits are not measured (default 2). */
  minReviews?: number
}

export const DEFAULT_NORMALISATION: Required<NormalisationSettings> = { method: 'centred', minReviews: 2 }

/** One line, shown next to the normalised figures. */
export const NORMALISATION_EXPLANATIONS: Record<NormalisationMethod, string> = {
  centred:
    'Note corrigée : écart entre la note d’un évaluateur et la moyenne de toutes les notes qu’il a données ; un évaluateur sévère et un évaluateur généreux comptent ainsi de la même façon.',
  zscore:
    'Note normalisée (score z) : écart entre la note d’un évaluateur et la moyenne de ses notes, divisé par l’écart-type de ses notes ; un évaluateur sévère et un évaluateur généreux comptent ainsi de la même façon.',
  none: 'Notes brutes : aucune correction de la sévérité des évaluateurs.',
}

export type ReviewerScaleStatus = 'own_scale' | 'too_few_reviews' | 'no_spread' | 'not_normalised'

export interface ReviewerScale {
  reviewerId: string
  jury: Jury
  reviewCount: number
  mean: number | null
  sd: number | null
  status: ReviewerScaleStatus
  /** Plain French, for the per-reviewer table of the deliberation page. */
  explanation: string
}

export interface TotalEntry {
  applicationId: string
  reviewerId: string
  jury: Jury
  /** Weighted total of the review, 1–5. */
  total: number
}

export interface NormalisedEntry extends TotalEntry {
  /** Null when the call uses raw scores (method « none »). */
  normalised: number | null
  status: ReviewerScaleStatus
}

export interface NormalisationResult<T extends TotalEntry = TotalEntry> {
  method: NormalisationMethod
  explanation: string
  reviewers: ReviewerScale[]
  /** The input entries (with any extra fields they carry) and their normalised totals. */
  entries: (T & Pick<NormalisedEntry, 'normalised' | 'status'>)[]
}

/** Below this standard deviation a reviewer's totals count as all equal. */
const NO_SPREAD = 1e-9

function reviewerExplanation(status: ReviewerScaleStatus, count: number, mean: number | null, sd: number | null, minReviews: number): string {
  const reviews = count === 1 ? '1 avis' : `${count} avis`
  switch (status) {
    case 'too_few_reviews':
      return `${reviews} seulement (il en faut ${minReviews} pour mesurer ses habitudes) : ses avis comptent comme des avis moyens dans les notes corrigées.`
    case 'no_spread':
      return `${reviews}, tous avec la même note : ils ne départagent pas les candidatures et comptent comme des avis moyens dans les notes corrigées.`
    case 'not_normalised':
      return `${reviews} ; notes prises telles quelles.`
    case 'own_scale':
      return `${reviews}, note moyenne ${formatNumber(mean ?? 0, 2)}, écart-type ${formatNumber(sd ?? 0, 2)}.`
  }
}

export interface ReviewerScales {
  method: NormalisationMethod
  /** Every reviewer's habits, sorted by jury then reviewer id. */
  reviewers: ReviewerScale[]
  byReviewer: Record<Jury, Map<string, ReviewerScale>>
}

/** Measures each reviewer's habits (per jury) from the totals of their reviews. */
export function reviewerScales(entries: readonly TotalEntry[], settings: NormalisationSettings = DEFAULT_NORMALISATION): ReviewerScales {
  const method = settings.method
  const minReviews = Math.max(1, settings.minReviews ?? DEFAULT_NORMALISATION.minReviews)
  const totals: Record<Jury, Map<string, number[]>> = { administration: new Map(), citizen: new Map() }
  for (const entry of entries) {
    const juryMap = totals[entry.jury]
    const list = juryMap.get(entry.reviewerId)
    if (list) list.push(entry.total)
    else juryMap.set(entry.reviewerId, [entry.total])
  }
  const reviewers: ReviewerScale[] = []
  const byReviewer: Record<Jury, Map<string, ReviewerScale>> = { administration: new Map(), citizen: new Map() }
  for (const jury of JURIES) {
    for (const reviewerId of [...totals[jury].keys()].sort(compareStrings)) {
      // summarise sorts the values: the mean and deviation do not depend on the order of the reviews.
      const { count, mean, sd } = summarise(totals[jury].get(reviewerId)!)
      let status: ReviewerScaleStatus
      if (method === 'none') status = 'not_normalised'
      else if (count < minReviews) status = 'too_few_reviews'
      else if (sd !== null && sd < NO_SPREAD) status = 'no_spread'
      else status = 'own_scale'
      const scale = { reviewerId, jury, reviewCount: count, mean, sd, status, explanation: reviewerExplanation(status, count, mean, sd, minReviews) }
      reviewers.push(scale)
      byReviewer[jury].set(reviewerId, scale)
    }
  }
  return { method, reviewers, byReviewer }
}

/** One review total, normalised against its reviewer's habits (null when the call uses raw scores). */
export function normaliseTotal(total: number, scale: ReviewerScale, method: NormalisationMethod): number | null {
  if (scale.status === 'not_normalised') return null
  if (scale.status !== 'own_scale') return 0
  return method === 'centred' ? total - scale.mean! : (total - scale.mean!) / scale.sd!
}

/**
 * Normalises every review total against the habits of its reviewer (per jury). Entries are returned
 * in a canonical order (jury, reviewer, application), whatever the input order.
 */
export function normaliseTotals<T extends TotalEntry>(entries: readonly T[], settings: NormalisationSettings = DEFAULT_NORMALISATION): NormalisationResult<T> {
  const scales = reviewerScales(entries, settings)
  const juryOrder = (jury: Jury) => JURIES.indexOf(jury)
  const sorted = [...entries].sort(
    (a, b) => juryOrder(a.jury) - juryOrder(b.jury) || compareStrings(a.reviewerId, b.reviewerId) || compareStrings(a.applicationId, b.applicationId),
  )
  return {
    method: scales.method,
    explanation: NORMALISATION_EXPLANATIONS[scales.method],
    reviewers: scales.reviewers,
    entries: sorted.map((entry) => {
      const scale = scales.byReviewer[entry.jury].get(entry.reviewerId)!
      return { ...entry, normalised: normaliseTotal(entry.total, scale, scales.method), status: scale.status }
    }),
  }
}

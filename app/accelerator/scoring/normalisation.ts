// Per-reviewer normalisation of review totals, shown beside the raw figures (decision 042).
// « centred » (the default): total minus the reviewer's own mean, so a harsh and a generous reviewer
// count the same. « zscore »: the same difference divided by the reviewer's standard deviation.
// A reviewer with too few reviews, or (z-score) whose totals are all equal, tells us nothing about
// their habits: their reviews count as average (0) in the normalised figures; raw figures are kept.
import { formatNumber } from '#app/utils/format.ts'
import { compareStrings, summarise } from './math.ts'
import type { Jury } from './types.ts'

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

export interface NormalisationResult {
  method: NormalisationMethod
  explanation: string
  reviewers: ReviewerScale[]
  entries: NormalisedEntry[]
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

/**
 * Normalises every review total against the habits of its reviewer (per jury). Entries are returned
 * in a canonical order (jury, reviewer, application), whatever the input order.
 */
export function normaliseTotals(entries: readonly TotalEntry[], settings: NormalisationSettings = DEFAULT_NORMALISATION): NormalisationResult {
  const method = settings.method
  const minReviews = Math.max(1, settings.minReviews ?? DEFAULT_NORMALISATION.minReviews)
  const byReviewer = new Map<string, TotalEntry[]>()
  for (const entry of entries) {
    const key = `${entry.jury}\u0000${entry.reviewerId}`
    const list = byReviewer.get(key)
    if (list) list.push(entry)
    else byReviewer.set(key, [entry])
  }
  const keys = [...byReviewer.keys()].sort(compareStrings)
  const reviewers: ReviewerScale[] = []
  const normalised: NormalisedEntry[] = []
  for (const key of keys) {
    const list = byReviewer.get(key)!.sort((a, b) => compareStrings(a.applicationId, b.applicationId))
    const { count, mean, sd } = summarise(list.map((entry) => entry.total))
    let status: ReviewerScaleStatus
    if (method === 'none') status = 'not_normalised'
    else if (count < minReviews) status = 'too_few_reviews'
    else if (sd !== null && sd < NO_SPREAD) status = 'no_spread'
    else status = 'own_scale'
    reviewers.push({
      reviewerId: list[0].reviewerId,
      jury: list[0].jury,
      reviewCount: count,
      mean,
      sd,
      status,
      explanation: reviewerExplanation(status, count, mean, sd, minReviews),
    })
    for (const entry of list) {
      let value: number | null
      if (status === 'not_normalised') value = null
      else if (status !== 'own_scale') value = 0
      else if (method === 'centred') value = entry.total - mean!
      else value = (entry.total - mean!) / sd!
      normalised.push({ ...entry, normalised: value, status })
    }
  }
  return { method, explanation: NORMALISATION_EXPLANATIONS[method], reviewers, entries: normalised }
}

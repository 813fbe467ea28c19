// Per application and per jury: number of reviews, mean, median, spread (standard deviation and
// min–max), per criterion and for the weighted total. Decision 041 defines the weighted total.
import { explainMajority, majorityGauge, majorityLabel, meritProfile, type MajorityGauge } from './majority-judgment.ts'
import { compareStrings, summarise } from './math.ts'
import { MENTIONS, type Criterion, type Jury, type Mention, type Review, type Summary } from './types.ts'

/** The criteria a jury scores, in the grid's order. */
export function juryCriteria(criteria: readonly Criterion[], jury: Jury): Criterion[] {
  return criteria.filter((criterion) => criterion.jury === jury || criterion.jury === 'both')
}

/** Pre-computed weights of a jury, summed in a fixed order so that totals never depend on input order. */
export interface JuryGrid {
  jury: Jury
  criteria: Criterion[]
  /** Criteria sorted by id: the order in which weighted sums are computed. */
  sumOrder: Criterion[]
}

export function juryGrid(criteria: readonly Criterion[], jury: Jury): JuryGrid {
  const own = juryCriteria(criteria, jury)
  return { jury, criteria: own, sumOrder: [...own].sort((a, b) => compareStrings(a.id, b.id)) }
}

export interface ReviewTotal {
  /** Weighted mean of the levels given, on the 1–5 scale; null when no weighted criterion was scored. */
  total: number | null
  /** False when the review left out a criterion of its jury (the total then uses the others). */
  complete: boolean
}

/**
 * Weighted total of one review: Σ weight × level / Σ weight over the jury's criteria that the review
 * scored. It stays on the 1–5 scale, so totals of both juries and of incomplete reviews compare.
 */
export function reviewTotal(review: Pick<Review, 'scores'>, grid: JuryGrid): ReviewTotal {
  let weighted = 0
  let weights = 0
  let complete = true
  for (const criterion of grid.sumOrder) {
    const level = review.scores?.[criterion.id]
    if (level === undefined) {
      complete = false
      continue
    }
    weighted += criterion.weight * level
    weights += criterion.weight
  }
  return { total: weights > 0 ? weighted / weights : null, complete }
}

export interface CriterionStatistics extends Summary {
  criterionId: string
  label: string
  weight: number
  /** Share of this criterion in the jury's weighted total (weights sum to 1). */
  share: number
}

export interface NumericJuryStatistics {
  jury: Jury
  mode: 'numbers'
  reviewCount: number
  /** Per criterion of the jury, in the grid's order. */
  criteria: CriterionStatistics[]
  /** Weighted totals of the reviews (1–5). */
  total: Summary
  incompleteReviews: number
}

export interface MentionCount {
  mention: Mention
  count: number
  share: number
}

export interface MajorityJuryStatistics {
  jury: Jury
  mode: 'majority_judgment'
  reviewCount: number
  /** Counts per mention, index 0 = « À rejeter ». */
  profile: number[]
  distribution: MentionCount[]
  gauge: MajorityGauge | null
  /** « Assez bien + » */
  label: string | null
  explanation: string
  /** Mentions placed on the 1–5 scale (« À rejeter » = 1 … « Excellent » = 5), to measure disagreement. */
  spread: Summary
}

export type JuryStatistics = NumericJuryStatistics | MajorityJuryStatistics

/**
 * Statistics of a numeric jury for one application, from that jury's reviews of it. `totals`, when
 * given, are the reviews' `reviewTotal` already computed by the caller (same order as `reviews`).
 */
export function numericJuryStatistics(reviews: readonly Review[], grid: JuryGrid, totals?: readonly ReviewTotal[]): NumericJuryStatistics {
  const weightSum = grid.sumOrder.reduce((sum, criterion) => sum + criterion.weight, 0)
  const criteria = grid.criteria.map((criterion) => {
    const levels: number[] = []
    for (const review of reviews) {
      const level = review.scores?.[criterion.id]
      if (level !== undefined) levels.push(level)
    }
    return {
      criterionId: criterion.id,
      label: criterion.label,
      weight: criterion.weight,
      share: weightSum > 0 ? criterion.weight / weightSum : 0,
      ...summarise(levels),
    }
  })
  const totalValues: number[] = []
  let incompleteReviews = 0
  reviews.forEach((review, index) => {
    const { total, complete } = totals?.[index] ?? reviewTotal(review, grid)
    if (total !== null) totalValues.push(total)
    if (!complete) incompleteReviews++
  })
  return { jury: grid.jury, mode: 'numbers', reviewCount: reviews.length, criteria, total: summarise(totalValues), incompleteReviews }
}

/** A mention placed on the 1–5 scale of the numeric juries. */
export function mentionOnScale(index: number): number {
  return 1 + (index * 4) / (MENTIONS.length - 1)
}

/** Statistics of a majority-judgment jury for one application. */
export function majorityJuryStatistics(jury: Jury, reviews: readonly Review[]): MajorityJuryStatistics {
  const mentions = reviews.flatMap((review) => (review.mention ? [review.mention] : []))
  const profile = meritProfile(mentions)
  const n = mentions.length
  return {
    jury,
    mode: 'majority_judgment',
    reviewCount: reviews.length,
    profile,
    distribution: MENTIONS.map((mention, index) => ({ mention, count: profile[index]!, share: n > 0 ? profile[index]! / n : 0 })),
    gauge: majorityGauge(profile),
    label: majorityLabel(profile),
    explanation: explainMajority(profile),
    spread: summarise(profile.flatMap((count, index) => new Array<number>(count).fill(mentionOnScale(index)))),
  }
}

// The single entry point of the results: from a call's grid, rule and submitted reviews to, for
// every application, per-jury statistics, raw and normalised figures, the score under the published
// rule, the rank, flags and French labels. Pure and synchronous: the domain layer loads the data,
// calls rankApplications, and renders or exports the result.
import { applyRule, describeRule, isVetoed, resolveVeto, STATUS_LABELS, type CombinationEntry, type JuryStanding, type SelectionStatus } from './combination.ts'
import { computeFlags, type Flag } from './flags.ts'
import { formatNumber } from '#app/utils/format.ts'
import { majorityLabel, majorityScore } from './majority-judgment.ts'
import { compareStrings, sortedCopy, stableMean } from './math.ts'
import {
  DEFAULT_NORMALISATION,
  NORMALISATION_EXPLANATIONS,
  normaliseTotal,
  reviewerScales,
  type NormalisationMethod,
  type ReviewerScale,
  type ReviewerScaleStatus,
  type TotalEntry,
} from './normalisation.ts'
import { juryGrid, majorityJuryStatistics, numericJuryStatistics, reviewTotal, type JuryGrid, type JuryStatistics } from './statistics.ts'
import { JURIES, JURY_LABELS, MENTIONS, MID_LEVEL, ScoringInputError, type Jury, type JuryMode, type Mention, type Review } from './types.ts'
import { validateRankingInput, type RankingInput } from './validation.ts'

export type { RankingInput, JurySettings } from './validation.ts'

export interface ReviewFigures {
  reviewerId: string
  /** Weighted total 1–5 (numeric juries). */
  total: number | null
  /** Normalised total (numeric juries; null with raw scores). */
  normalised: number | null
  normalisationStatus: ReviewerScaleStatus | null
  /** Mention (majority-judgment juries). */
  mention: Mention | null
  /** False when the review left a criterion out. */
  complete: boolean
}

export interface ApplicationJuryResult {
  jury: Jury
  label: string
  mode: JuryMode
  reviewCount: number
  expectedReviews: number
  statistics: JuryStatistics
  /** Mean of the reviews' normalised totals (numeric juries, normalised calls). */
  normalisedMean: number | null
  /** The jury's score as used by the rule (around 0; see combination.ts). */
  score: number | null
  rawScore: number | null
  /** Rank in this jury's own order (1 = its favourite). */
  rank: number | null
  /** « 3,8 sur 5 » or « Assez bien + », for tables. */
  headline: string | null
  /** Per review, in reviewer order. */
  reviews: ReviewFigures[]
}

export interface ApplicationResult {
  applicationId: string
  rank: number
  status: SelectionStatus
  statusLabel: string
  score: number | null
  rawScore: number | null
  scoreBasis: 'combined' | Jury | null
  tieBroken: boolean
  juries: Record<Jury, ApplicationJuryResult>
  flags: Flag[]
  /** Sum of the flags' priorities: the higher, the sooner to discuss. */
  discussionPriority: number
}

export interface RankingResult {
  /** Every application, in final order (rank 1 first). */
  applications: ApplicationResult[]
  /** Ids of the flagged applications, most urgent first. */
  discussionOrder: string[]
  /** Habits of every reviewer (for the per-reviewer table). */
  reviewers: ReviewerScale[]
  rule: { kind: RankingInput['rule']['kind']; description: string }
  normalisation: { method: NormalisationMethod; explanation: string }
  juries: Record<Jury, { mode: JuryMode; reviewCount: number; reviewerCount: number }>
}

const relative = (value: number | null) => (value === null ? null : value - MID_LEVEL)

/** Lower median: of an even number of values, the lower of the two middle ones. */
function lowerMedian(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = sortedCopy(values)
  return sorted[(sorted.length - 1) >> 1]!
}

interface ReviewRecord {
  review: Review
  jury: Jury
  reviewerId: string
  applicationId: string
  /** Weighted total; null for majority-judgment reviews. */
  total: number | null
  complete: boolean
  normalised: number | null
  status: ReviewerScaleStatus | null
}

interface JuryWork {
  statistics: JuryStatistics
  standing: JuryStanding
  normalisedMean: number | null
  reviews: ReviewFigures[]
}

/**
 * Ranks every application of a call. Throws ScoringInputError (with French messages) when the
 * input breaks a rule the domain layer should have enforced: unknown application, level out of
 * 1–5, two reviews by the same reviewer, and so on.
 */
export function rankApplications(input: RankingInput): RankingResult {
  const issues = validateRankingInput(input)
  if (issues.length > 0) throw new ScoringInputError(issues)

  const normalisation = { ...DEFAULT_NORMALISATION, ...input.normalisation }
  const grids: Record<Jury, JuryGrid> = {
    administration: juryGrid(input.criteria, 'administration'),
    citizen: juryGrid(input.criteria, 'citizen'),
  }

  // One record per review, filled once: its weighted total, then its normalised total. Records are
  // grouped by application and jury in reviewer order (a canonical order: results do not depend
  // on the order in which the database returned the rows).
  const records: ReviewRecord[] = input.reviews.map((review) => ({
    review,
    jury: review.jury,
    reviewerId: review.reviewerId,
    applicationId: review.applicationId,
    total: null,
    complete: true,
    normalised: null,
    status: null,
  }))
  const grouped = new Map<string, Record<Jury, ReviewRecord[]>>()
  for (const application of input.applications) grouped.set(application.id, { administration: [], citizen: [] })
  for (const record of records) grouped.get(record.review.applicationId)![record.review.jury].push(record)
  for (const byJury of grouped.values()) {
    for (const jury of JURIES) byJury[jury].sort((a, b) => compareStrings(a.review.reviewerId, b.review.reviewerId))
  }

  // Totals of the numeric juries' reviews, normalised against each reviewer's habits.
  // Records double as the normaliser's entries (jury, reviewer, application, total).
  const scored: (ReviewRecord & TotalEntry)[] = []
  for (const record of records) {
    const review = record.review
    if (input.juries[review.jury].mode !== 'numbers') continue
    const { total, complete } = reviewTotal(review, grids[review.jury])
    record.complete = complete
    record.total = total
    if (total !== null) scored.push(record as ReviewRecord & TotalEntry)
  }
  const scales = reviewerScales(scored, normalisation)
  for (const record of scored) {
    const scale = scales.byReviewer[record.jury].get(record.reviewerId)!
    record.normalised = normaliseTotal(record.total, scale, normalisation.method)
    record.status = scale.status
  }

  const work = new Map<string, Record<Jury, JuryWork>>()
  const combinationEntries: CombinationEntry[] = []
  for (const application of input.applications) {
    const byJury = grouped.get(application.id)!
    const perJury = {} as Record<Jury, JuryWork>
    for (const jury of JURIES) {
      const juryRecords = byJury[jury]
      const reviews = juryRecords.map((record) => record.review)
      if (input.juries[jury].mode === 'majority_judgment') {
        const statistics = majorityJuryStatistics(jury, reviews)
        const score = majorityScore(statistics.profile)
        perJury[jury] = {
          statistics,
          normalisedMean: null,
          standing: { mode: 'majority_judgment', score, rawScore: score, profile: statistics.profile },
          reviews: reviews.map((review) => ({
            reviewerId: review.reviewerId,
            total: null,
            normalised: null,
            normalisationStatus: null,
            mention: review.mention ?? null,
            complete: true,
          })),
        }
        continue
      }
      const statistics = numericJuryStatistics(reviews, grids[jury], juryRecords)
      const figures: ReviewFigures[] = juryRecords.map((record) => ({
        reviewerId: record.reviewerId,
        total: record.total,
        normalised: record.normalised,
        normalisationStatus: record.status,
        mention: null,
        complete: record.complete,
      }))
      const rawMean = statistics.total.mean
      const normalisedMean =
        normalisation.method === 'none' ? null : stableMean(figures.flatMap((figure) => (figure.normalised === null ? [] : [figure.normalised])))
      perJury[jury] = {
        statistics,
        normalisedMean,
        standing: {
          mode: 'numbers',
          score: normalisation.method === 'none' ? relative(rawMean) : normalisedMean,
          rawScore: relative(rawMean),
          lowerMedianTotal: lowerMedian(figures.flatMap((figure) => (figure.total === null ? [] : [figure.total]))),
        },
        reviews: figures,
      }
    }
    work.set(application.id, perJury)
    combinationEntries.push({
      id: application.id,
      ...(application.tieBreakKey !== undefined ? { tieBreakKey: application.tieBreakKey } : {}),
      juries: { administration: perJury.administration.standing, citizen: perJury.citizen.standing },
    })
  }

  const standings = applyRule(combinationEntries, input.rule)
  const sequential = input.rule.kind === 'sequential'
  const veto = input.rule.kind === 'sequential' ? resolveVeto(input.rule.veto) : null
  const expected = (jury: Jury, status: SelectionStatus) => {
    if (jury === 'citizen' && sequential) return status === 'preselected' || status === 'vetoed' ? input.juries.citizen.expectedReviews : 0
    return input.juries[jury].expectedReviews
  }

  const flagResult = computeFlags(
    standings.map((standing) => {
      const perJury = work.get(standing.id)!
      const juryFlagInput = (jury: Jury) => {
        const statistics = perJury[jury].statistics
        const spread = statistics.mode === 'numbers' ? statistics.total : statistics.spread
        return {
          rank: standing.juryRanks[jury],
          reviewCount: statistics.reviewCount,
          expectedReviews: expected(jury, standing.status),
          sd: spread.count >= 2 ? spread.sd : null,
          rangeText: () => rangeText(statistics),
        }
      }
      return {
        id: standing.id,
        rank: standing.rank,
        juries: { administration: juryFlagInput('administration'), citizen: juryFlagInput('citizen') },
        vetoed: standing.status === 'vetoed',
        vetoText: veto && standing.status === 'vetoed' ? vetoText(perJury.citizen.standing, veto) : undefined,
        tieBroken: standing.tieBroken,
      }
    }),
    input.flags,
    input.places,
  )

  const applications: ApplicationResult[] = standings.map((standing) => {
    const perJury = work.get(standing.id)!
    const juryResult = (jury: Jury): ApplicationJuryResult => {
      const item = perJury[jury]
      return {
        jury,
        label: JURY_LABELS[jury],
        mode: item.statistics.mode,
        reviewCount: item.statistics.reviewCount,
        expectedReviews: expected(jury, standing.status),
        statistics: item.statistics,
        normalisedMean: item.normalisedMean,
        score: item.standing.score,
        rawScore: item.standing.rawScore,
        rank: standing.juryRanks[jury],
        headline: headline(item.statistics),
        reviews: item.reviews,
      }
    }
    return {
      applicationId: standing.id,
      rank: standing.rank,
      status: standing.status,
      statusLabel: STATUS_LABELS[standing.status],
      score: standing.score,
      rawScore: standing.rawScore,
      scoreBasis: standing.scoreBasis,
      tieBroken: standing.tieBroken,
      juries: { administration: juryResult('administration'), citizen: juryResult('citizen') },
      flags: flagResult.flags.get(standing.id)!,
      discussionPriority: flagResult.priority.get(standing.id)!,
    }
  })

  const reviewers: Record<Jury, Set<string>> = { administration: new Set(), citizen: new Set() }
  const reviewCount: Record<Jury, number> = { administration: 0, citizen: 0 }
  for (const review of input.reviews) {
    reviewers[review.jury].add(review.reviewerId)
    reviewCount[review.jury]++
  }
  const modes = { administration: input.juries.administration.mode, citizen: input.juries.citizen.mode }
  return {
    applications,
    discussionOrder: flagResult.discussionOrder,
    reviewers: scales.reviewers,
    rule: { kind: input.rule.kind, description: describeRule(input.rule, modes) },
    normalisation: { method: normalisation.method, explanation: NORMALISATION_EXPLANATIONS[normalisation.method] },
    juries: {
      administration: { mode: modes.administration, reviewCount: reviewCount.administration, reviewerCount: reviewers.administration.size },
      citizen: { mode: modes.citizen, reviewCount: reviewCount.citizen, reviewerCount: reviewers.citizen.size },
    },
  }
}

function headline(statistics: JuryStatistics): string | null {
  if (statistics.mode === 'majority_judgment') return majorityLabel(statistics.profile)
  return statistics.total.mean === null ? null : `${formatNumber(statistics.total.mean, 1)} sur 5`
}

function rangeText(statistics: JuryStatistics): string {
  if (statistics.mode === 'numbers') {
    const { min, max } = statistics.total
    return min === null || max === null ? 'aucun' : `de ${formatNumber(min, 1)} à ${formatNumber(max, 1)}`
  }
  const given = statistics.profile.flatMap((count, index) => (count > 0 ? [index] : []))
  if (given.length === 0) return 'aucun'
  return `de « ${MENTIONS[given[0]!]} » à « ${MENTIONS[given[given.length - 1]!]} »`
}

function vetoText(standing: JuryStanding, veto: NonNullable<ReturnType<typeof resolveVeto>>): string {
  if (!isVetoed(standing, veto)) return 'Le panel citoyen a écarté cette candidature.'
  if (standing.mode === 'majority_judgment' && standing.profile) {
    return `Mention majoritaire du panel : « ${majorityLabel(standing.profile)} » (le panel écarte à « ${veto.mentionAtOrBelow} » ou moins).`
  }
  return `Au moins la moitié des citoyens ont donné ${formatNumber(standing.lowerMedianTotal ?? 0, 1)} sur 5 ou moins (le panel écarte à ${formatNumber(veto.lowerMedianAtOrBelow, 1)} ou moins).`
}

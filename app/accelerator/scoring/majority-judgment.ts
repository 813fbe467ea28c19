// Majority judgment (Balinski & Laraki, « A theory of measuring, electing and ranking », PNAS 2007;
// « Majority Judgment », MIT Press 2011). Each citizen gives each application one mention; the
// application's majority grade is the median mention, the lower one when the number of judges is
// even; applications with the same majority grade are separated by the standard tie-breaking:
// repeatedly remove one median mention from both and compare again (the « majority value »).
// Decision 043 explains the choices below (profiles of different sizes, numeric score).
import { compareStrings } from './math.ts'
import { MENTIONS, type Mention } from './types.ts'

export const MENTION_COUNT = MENTIONS.length

/** Counts of each mention, index 0 = « À rejeter » … 6 = « Excellent ». */
export type MeritProfile = readonly number[]

export function isMention(value: unknown): value is Mention {
  return typeof value === 'string' && (MENTIONS as readonly string[]).includes(value)
}

export function mentionIndex(mention: Mention): number {
  const index = MENTIONS.indexOf(mention)
  if (index < 0) throw new RangeError(`Mention inconnue : ${String(mention)}`)
  return index
}

export function meritProfile(mentions: readonly Mention[]): number[] {
  const counts = new Array<number>(MENTION_COUNT).fill(0)
  for (const mention of mentions) counts[mentionIndex(mention)]++
  return counts
}

function judges(profile: MeritProfile): number {
  let total = 0
  for (const count of profile) total += count
  return total
}

/** Mention index at position `position` (0 = worst) of the profile's votes sorted from worst to best. */
function gradeAt(profile: MeritProfile, position: number): number {
  let seen = 0
  for (let grade = 0; grade < MENTION_COUNT; grade++) {
    seen += profile[grade]
    if (position < seen) return grade
  }
  throw new RangeError('position hors du profil')
}

/** Index of the majority grade (lower median), or null when nobody judged. */
export function majorityGradeIndex(profile: MeritProfile): number | null {
  const n = judges(profile)
  if (n === 0) return null
  return gradeAt(profile, (n - 1) >> 1)
}

export interface MajorityGauge {
  /** Majority grade (lower median). */
  grade: Mention
  gradeIndex: number
  /** Share of judges who gave strictly more than the majority grade. */
  above: number
  /** Share of judges who gave strictly less than the majority grade. */
  below: number
  /** « + » when more judges are above than below the majority grade, « − » otherwise. */
  sign: '+' | '-'
  judges: number
}

/** Balinski–Laraki majority gauge (p, α, q). */
export function majorityGauge(profile: MeritProfile): MajorityGauge | null {
  const n = judges(profile)
  const gradeIndex = majorityGradeIndex(profile)
  if (gradeIndex === null) return null
  let aboveCount = 0
  let belowCount = 0
  for (let grade = 0; grade < MENTION_COUNT; grade++) {
    if (grade > gradeIndex) aboveCount += profile[grade]
    if (grade < gradeIndex) belowCount += profile[grade]
  }
  const above = aboveCount / n
  const below = belowCount / n
  // Compare counts, not floating shares, so that « + » and « − » never depend on rounding.
  return { grade: MENTIONS[gradeIndex], gradeIndex, above, below, sign: aboveCount > belowCount ? '+' : '-', judges: n }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b]
  return a
}

/** Position visited at step `step` when removing median votes one by one from `length` sorted votes. */
export function medianRemovalPosition(length: number, step: number): number {
  // The lower median is removed first, then the positions move outwards, the lower side first
  // when both sides are equally far from the middle. This is exactly the order in which
  // « remove one median vote, take the median again » visits the sorted votes.
  if (length % 2 === 1) {
    const centre = (length - 1) / 2
    if (step === 0) return centre
    const distance = (step + 1) >> 1
    return step % 2 === 1 ? centre - distance : centre + distance
  }
  const lowerMiddle = length / 2 - 1
  if (step === 0) return lowerMiddle
  const distance = (step + 1) >> 1
  return step % 2 === 1 ? lowerMiddle + distance : lowerMiddle - distance
}

/**
 * The « majority value »: the sequence of majority grades obtained by repeatedly removing one
 * median vote. Shown to explain a tie-break; comparing two sequences lexicographically is the
 * majority ranking.
 */
export function majorityValue(profile: MeritProfile): number[] {
  const n = judges(profile)
  const sequence: number[] = []
  for (let step = 0; step < n; step++) sequence.push(gradeAt(profile, medianRemovalPosition(n, step)))
  return sequence
}

/**
 * Majority ranking of two merit profiles: negative when `a` ranks before (better than) `b`,
 * positive when after, 0 when the two profiles are proportional (same shares of each mention).
 * Profiles with different numbers of judges are compared on their shares: each vote of `a` is
 * counted n_b/g times and each vote of `b` n_a/g times (g = gcd), which does not change either
 * profile's majority grade or gauge, and makes the « remove one median vote » sequences the same
 * length. A profile with no judge ranks after every judged one.
 */
export function compareMajority(a: MeritProfile, b: MeritProfile): number {
  const na = judges(a)
  const nb = judges(b)
  if (na === 0 || nb === 0) return na === 0 ? (nb === 0 ? 0 : 1) : -1
  const g = gcd(na, nb)
  const repeatA = nb / g
  const repeatB = na / g
  const length = na * repeatA
  for (let step = 0; step < length; step++) {
    const position = medianRemovalPosition(length, step)
    const gradeA = gradeAt(a, Math.floor(position / repeatA))
    const gradeB = gradeAt(b, Math.floor(position / repeatB))
    if (gradeA !== gradeB) return gradeB - gradeA
  }
  return 0
}

/**
 * A number for the majority grade, used when a majority-judgment jury enters a combined score
 * (decision 043): the majority grade, moved up by half the share above it when the gauge is « + »,
 * down by half the share below it when « − », then placed on the 1–5 scale of the numeric juries
 * and expressed around its middle (« Assez bien » = 0, « Excellent » = +2, « À rejeter » = −2).
 * It orders profiles exactly as the majority gauge does, never leaves the band of the majority
 * grade, and never goes down when one judge raises a mention.
 */
export function majorityScore(profile: MeritProfile): number | null {
  const gauge = majorityGauge(profile)
  if (!gauge) return null
  const nudge = gauge.sign === '+' ? gauge.above / 2 : -gauge.below / 2
  return ((gauge.gradeIndex + nudge - 3) * 2) / 3
}

/** « Assez bien + », « Bien − », as Balinski and Laraki write the gauge. */
export function majorityLabel(profile: MeritProfile): string | null {
  const gauge = majorityGauge(profile)
  if (!gauge) return null
  return `${gauge.grade} ${gauge.sign === '+' ? '+' : '−'}`
}

/** One French sentence that explains a majority grade to a non-specialist. */
export function explainMajority(profile: MeritProfile): string {
  const gauge = majorityGauge(profile)
  if (!gauge) return 'Aucun avis du panel pour l’instant.'
  const percent = (share: number) => `${Math.round(share * 100)} %`
  const judgesText = gauge.judges === 1 ? '1 avis' : `${gauge.judges} avis`
  return (
    `Mention majoritaire « ${gauge.grade} » (${judgesText}) : au moins la moitié des avis donnent « ${gauge.grade} » ou mieux, ` +
    `${percent(gauge.above)} donnent mieux et ${percent(gauge.below)} moins bien.`
  )
}

export interface MajorityCandidate {
  id: string
  mentions: readonly Mention[]
  tieBreakKey?: string
}

export interface MajorityRanking {
  id: string
  rank: number
  profile: number[]
  gauge: MajorityGauge | null
  label: string | null
  /** True when an identical profile exists and the rank was decided by the tie-break key. */
  tied: boolean
}

/** Ranks candidates by majority judgment; identical profiles are ordered by tie-break key, then id. */
export function rankByMajorityJudgment(candidates: readonly MajorityCandidate[]): MajorityRanking[] {
  const rows = candidates.map((candidate) => ({ candidate, profile: meritProfile(candidate.mentions) }))
  rows.sort(
    (x, y) =>
      compareMajority(x.profile, y.profile) ||
      compareStrings(x.candidate.tieBreakKey ?? '', y.candidate.tieBreakKey ?? '') ||
      compareStrings(x.candidate.id, y.candidate.id),
  )
  return rows.map((row, index) => ({
    id: row.candidate.id,
    rank: index + 1,
    profile: row.profile,
    gauge: majorityGauge(row.profile),
    label: majorityLabel(row.profile),
    tied:
      (index > 0 && compareMajority(rows[index - 1].profile, row.profile) === 0) ||
      (index + 1 < rows.length && compareMajority(rows[index + 1].profile, row.profile) === 0),
  }))
}

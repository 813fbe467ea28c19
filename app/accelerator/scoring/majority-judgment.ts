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
  for (const mention of mentions) counts[mentionIndex(mention)]!++
  return counts
}

/**
 * Largest count of one mention that the functions accept: every count must be a safe integer
 * (≤ 2^53 − 1 ≈ 9 × 10^15). Totals, positions and the comparison of profiles of different sizes
 * are computed exactly with BigInt, so 10^10 judges (the reference libraries' own test) and more
 * are exact and take as long as 7 judges (decision 100).
 */
export const MAX_MENTION_COUNT = Number.MAX_SAFE_INTEGER

/** Checks a merit profile and returns its counts as BigInt; a clear French error otherwise. */
function exactCounts(profile: MeritProfile): bigint[] {
  if (profile.length > MENTION_COUNT) throw new RangeError(`Un profil de mérite compte au plus ${MENTION_COUNT} mentions.`)
  const counts: bigint[] = []
  for (let grade = 0; grade < MENTION_COUNT; grade++) {
    const count = profile[grade] ?? 0
    if (!Number.isSafeInteger(count) || count < 0)
      throw new RangeError(`Nombre d’avis invalide pour une mention : ${String(count)} (un entier entre 0 et ${MAX_MENTION_COUNT} est attendu).`)
    counts.push(BigInt(count))
  }
  return counts
}

function total(counts: readonly bigint[]): bigint {
  let sum = 0n
  for (const count of counts) sum += count
  return sum
}

/** Mention index at position `position` (0 = worst) of the votes sorted from worst to best, each vote counted `repeat` times. */
function gradeAt(counts: readonly bigint[], position: bigint, repeat = 1n): number {
  let seen = 0n
  for (let grade = 0; grade < MENTION_COUNT; grade++) {
    seen += counts[grade]! * repeat
    if (position < seen) return grade
  }
  throw new RangeError('position hors du profil')
}

/** Index of the majority grade (lower median), or null when nobody judged. */
export function majorityGradeIndex(profile: MeritProfile): number | null {
  const counts = exactCounts(profile)
  const n = total(counts)
  if (n === 0n) return null
  return gradeAt(counts, (n - 1n) / 2n)
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
  /** Number of judges (exact up to 2^53; beyond, the nearest double). */
  judges: number
}

/** An exact share a / n as the nearest double (both may exceed 2^53). */
function share(count: bigint, n: bigint): number {
  const scale = 10n ** 18n
  return Number((count * scale) / n) / 1e18
}

/** Balinski–Laraki majority gauge (p, α, q). */
export function majorityGauge(profile: MeritProfile): MajorityGauge | null {
  const counts = exactCounts(profile)
  const n = total(counts)
  if (n === 0n) return null
  const gradeIndex = gradeAt(counts, (n - 1n) / 2n)
  let aboveCount = 0n
  let belowCount = 0n
  for (let grade = 0; grade < MENTION_COUNT; grade++) {
    if (grade > gradeIndex) aboveCount += counts[grade]!
    if (grade < gradeIndex) belowCount += counts[grade]!
  }
  // Compare counts, not floating shares, so that « + » and « − » never depend on rounding.
  return {
    grade: MENTIONS[gradeIndex]!,
    gradeIndex,
    above: share(aboveCount, n),
    below: share(belowCount, n),
    sign: aboveCount > belowCount ? '+' : '-',
    judges: Number(n),
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b]
  return a
}

/** Largest number of judges for which `majorityValue` lists the whole sequence (one entry per judge). */
export const MAJORITY_VALUE_MAX_JUDGES = 100_000

/** Position visited at step `step` when removing median votes one by one from `length` sorted votes. */
export function medianRemovalPosition(length: number, step: number): number {
  // The lower median is removed first, then the positions move outwards, the lower side first
  // when both sides are equally far from the middle. This is exactly the order in which
  // « remove one median vote, take the median again » visits the sorted votes.
  if (!Number.isSafeInteger(length) || !Number.isSafeInteger(step) || step < 0 || step >= length) throw new RangeError('étape hors du profil')
  if (length % 2 === 1) {
    const centre = (length - 1) / 2
    if (step === 0) return centre
    const distance = Math.floor((step + 1) / 2)
    return step % 2 === 1 ? centre - distance : centre + distance
  }
  const lowerMiddle = length / 2 - 1
  if (step === 0) return lowerMiddle
  const distance = Math.floor((step + 1) / 2)
  return step % 2 === 1 ? lowerMiddle + distance : lowerMiddle - distance
}

/**
 * The « majority value »: the sequence of majority grades obtained by repeatedly removing one
 * median vote. Shown to explain a tie-break; comparing two sequences lexicographically is the
 * majority ranking. It has one entry per judge, so it is refused above
 * MAJORITY_VALUE_MAX_JUDGES judges (the ranking itself, `compareMajority`, has no such bound).
 */
export function majorityValue(profile: MeritProfile): number[] {
  const counts = exactCounts(profile)
  const n = total(counts)
  if (n > BigInt(MAJORITY_VALUE_MAX_JUDGES))
    throw new RangeError(`La valeur majoritaire complète n’est listée que jusqu’à ${MAJORITY_VALUE_MAX_JUDGES} avis (ici ${n}).`)
  const length = Number(n)
  const sequence: number[] = []
  for (let step = 0; step < length; step++) sequence.push(gradeAt(counts, BigInt(medianRemovalPosition(length, step))))
  return sequence
}

/**
 * Majority ranking of two merit profiles: negative when `a` ranks before (better than) `b`,
 * positive when after, 0 when the two profiles are proportional (same shares of each mention).
 * Profiles with different numbers of judges are compared on their shares: each vote of `a` is
 * counted n_b/g times and each vote of `b` n_a/g times (g = gcd), which does not change either
 * profile's majority grade or gauge, and makes the « remove one median vote » sequences the same
 * length L. A profile with no judge ranks after every judged one.
 *
 * Exact and fast for any size (decision 100): after the first removed vote, step 2k − 1 and step
 * 2k visit the positions centre ∓ k (or ± k when L is even); on each side the grade is a step
 * function of k that changes only where k meets a cumulative count. Between two such values of k
 * nothing changes, so comparing the two sequences at the first k of each stretch (at most 29
 * stretches with seven mentions) finds the first difference of the full sequences without
 * walking them. Everything is BigInt: L may reach 10^20 and beyond.
 */
export function compareMajority(a: MeritProfile, b: MeritProfile): number {
  const countsA = exactCounts(a)
  const countsB = exactCounts(b)
  const na = total(countsA)
  const nb = total(countsB)
  if (na === 0n || nb === 0n) return na === 0n ? (nb === 0n ? 0 : 1) : -1
  const g = gcd(na, nb)
  const repeatA = nb / g
  const repeatB = na / g
  const length = na * repeatA
  const odd = length % 2n === 1n
  const centre = odd ? (length - 1n) / 2n : length / 2n - 1n
  const compareAt = (position: bigint) => gradeAt(countsB, position, repeatB) - gradeAt(countsA, position, repeatA)
  const first = compareAt(centre)
  if (first !== 0) return first
  // Step 2k − 1 visits `inner(k)`, step 2k visits `outer(k)`; both exist while inside [0, L).
  const inner = (k: bigint) => (odd ? centre - k : centre + k)
  const outer = (k: bigint) => (odd ? centre + k : centre - k)
  const maxK = length - 1n - centre > centre ? length - 1n - centre : centre
  const starts = new Set<bigint>([1n])
  for (const [counts, repeat] of [
    [countsA, repeatA],
    [countsB, repeatB],
  ] as const) {
    let cumulative = 0n
    for (const count of counts) {
      cumulative += count * repeat
      // The grade at centre − k changes when centre − k = cumulative − 1, at centre + k when centre + k = cumulative.
      for (const k of [centre - cumulative + 1n, cumulative - centre]) if (k >= 1n && k <= maxK) starts.add(k)
    }
  }
  const ordered = [...starts].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
  for (const k of ordered) {
    for (const position of [inner(k), outer(k)]) {
      if (position < 0n || position >= length) continue
      const difference = compareAt(position)
      if (difference !== 0) return difference
    }
  }
  return 0
}

/**
 * Ranks of merit profiles (tallies) as the reference libraries give them: 1 + the number of
 * profiles strictly better, so proportional profiles share a rank.
 */
export function rankProfiles(profiles: readonly MeritProfile[]): number[] {
  return profiles.map((profile) => 1 + profiles.filter((other) => compareMajority(other, profile) < 0).length)
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
      (index > 0 && compareMajority(rows[index - 1]!.profile, row.profile) === 0) ||
      (index + 1 < rows.length && compareMajority(rows[index + 1]!.profile, row.profile) === 0),
  }))
}

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  compareMajority,
  MAJORITY_VALUE_MAX_JUDGES,
  majorityGauge,
  majorityGradeIndex,
  majorityLabel,
  majorityValue,
  rankProfiles,
} from '#app/accelerator/scoring/majority-judgment.ts'

// Decision 100: the majority-judgment functions are exact for any tally of safe integers. Before,
// `(n − 1) >> 1` wrapped at 2^31 (majority grade 0 with billions of judges) and the comparison of
// profiles of different sizes walked n_a × n_b / gcd steps (it did not finish).

/** The votes of a profile, one mention index per judge. */
const votesOf = (profile: readonly number[]) => profile.flatMap((count, grade) => new Array<number>(count).fill(grade))

/** The definition, literally: take the (lower) median, remove one vote of that grade, repeat. */
function literalMajorityValue(votes: readonly number[]): number[] {
  const remaining = [...votes].sort((a, b) => a - b)
  const sequence: number[] = []
  while (remaining.length > 0) {
    const index = (remaining.length - 1) >> 1
    sequence.push(remaining[index]!)
    remaining.splice(index, 1)
  }
  return sequence
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))
const sum = (profile: readonly number[]) => profile.reduce((a, b) => a + b, 0)
const sign = (value: number) => (value > 0 ? 1 : value < 0 ? -1 : 0)

/** The definition for profiles of different sizes: repeat each vote so both have n_a × n_b / g votes, then compare lexicographically. */
function literalCompare(a: readonly number[], b: readonly number[]): number {
  const g = gcd(sum(a), sum(b))
  const x = literalMajorityValue(votesOf(a.map((count) => (count * sum(b)) / g)))
  const y = literalMajorityValue(votesOf(b.map((count) => (count * sum(a)) / g)))
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return y[i]! - x[i]!
  return 0
}

/** The lower median and the gauge computed with BigInt in the test, independently of the module. */
function bigGauge(profile: readonly number[]) {
  const counts = profile.map(BigInt)
  const n = counts.reduce((a, b) => a + b, 0n)
  const position = (n - 1n) / 2n
  let seen = 0n
  let grade = 0
  for (; grade < counts.length; grade++) {
    seen += counts[grade]!
    if (position < seen) break
  }
  const above = counts.slice(grade + 1).reduce((a, b) => a + b, 0n)
  const below = counts.slice(0, grade).reduce((a, b) => a + b, 0n)
  return { grade, above, below, n }
}

const smallProfile = (minJudges: number, maxJudges: number) =>
  fc.array(fc.integer({ min: 0, max: 6 }), { minLength: minJudges, maxLength: maxJudges }).map((votes) => {
    const profile = new Array<number>(7).fill(0)
    for (const vote of votes) profile[vote]!++
    return profile
  })

/** Tallies of up to 10^10 judges per mention (7 × 10^10 judges in all), as the reference libraries test. */
const hugeProfile = fc.array(fc.integer({ min: 0, max: 10_000_000_000 }), { minLength: 7, maxLength: 7 }).filter((profile) => sum(profile) > 0)

describe('jugement majoritaire exact : cas des bibliothèques de référence', () => {
  it('MieuxVoter (Java), « billions of participants » : la deuxième proposition est première', () => {
    const first = [11312415004, 21153652410, 24101523299, 18758623562]
    const second = [11312415004, 21153652400, 24101523299, 18758623572]
    expect(compareMajority(second, first)).toBeLessThan(0)
    expect(rankProfiles([first, second])).toEqual([2, 1])
    // 75,326,214,275 judges: the majority grade is the third of four (index 2), not 0.
    expect(majorityGradeIndex(first)).toBe(2)
    expect(majorityGauge(first)).toMatchObject({ gradeIndex: 2, sign: '-', judges: 75_326_214_275 })
  })

  it('MieuxVoter (Java), exemple du README et tally normalisé', () => {
    expect(
      rankProfiles([
        [4, 5, 2, 1, 3, 1, 2],
        [3, 6, 2, 1, 3, 1, 2],
      ]),
    ).toEqual([2, 1])
    // NormalizedTally: profiles of different sizes compared on their shares.
    expect(
      rankProfiles([
        [2, 2, 2],
        [1, 1, 1],
        [0, 1, 0],
        [0, 0, 1],
      ]),
    ).toEqual([3, 3, 2, 1])
    expect(
      rankProfiles([
        [1, 1, 1],
        [1, 0, 2],
        [3, 0, 0],
        [2, 0, 1],
        [0, 3, 0],
      ]),
    ).toEqual([3, 1, 5, 4, 2])
  })

  it('un profil hors des entiers sûrs est refusé avec un message clair', () => {
    expect(() => majorityGradeIndex([2 ** 53, 1])).toThrow(/Nombre d’avis invalide/)
    expect(() => compareMajority([1.5], [1])).toThrow(/Nombre d’avis invalide/)
    expect(() => compareMajority([-1, 2], [1])).toThrow(/Nombre d’avis invalide/)
    expect(() => majorityValue([MAJORITY_VALUE_MAX_JUDGES, 1])).toThrow(/n’est listée que jusqu’à/)
    // The largest accepted count still works exactly.
    expect(majorityGradeIndex([Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 1])).toBe(1)
    expect(majorityGradeIndex([Number.MAX_SAFE_INTEGER, 0, Number.MAX_SAFE_INTEGER])).toBe(0)
    expect(majorityGradeIndex([Number.MAX_SAFE_INTEGER - 1, 0, Number.MAX_SAFE_INTEGER])).toBe(2)
  })
})

describe('jugement majoritaire exact : propriétés jusqu’à 10^10 avis', () => {
  it('propriété : profils de tailles différentes, le classement suit la définition littérale', () => {
    fc.assert(
      fc.property(smallProfile(1, 8), smallProfile(1, 8), (a, b) => {
        expect(sign(compareMajority(a, b))).toBe(sign(literalCompare(a, b)))
      }),
      { numRuns: 1000 },
    )
  })

  it('propriété : multiplier un profil jusqu’à 10^10 avis ne change ni sa mention ni son classement', () => {
    fc.assert(
      fc.property(
        smallProfile(1, 10),
        smallProfile(1, 10),
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.integer({ min: 1, max: 1_000_000_000 }),
        (a, b, k, m) => {
          const bigA = a.map((count) => count * k)
          const bigB = b.map((count) => count * m)
          const expected = sign(literalCompare(a, b))
          expect(sign(compareMajority(bigA, bigB))).toBe(expected)
          expect(sign(compareMajority(bigA, b))).toBe(expected)
          expect(compareMajority(bigA, a)).toBe(0)
          expect(majorityGradeIndex(bigA)).toBe(literalMajorityValue(votesOf(a))[0])
          expect(majorityLabel(bigA)).toBe(majorityLabel(a))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('propriété : avec des milliards d’avis, la mention majoritaire et la jauge sont exactes', () => {
    fc.assert(
      fc.property(hugeProfile, (profile) => {
        const expected = bigGauge(profile)
        const gauge = majorityGauge(profile)!
        expect(majorityGradeIndex(profile)).toBe(expected.grade)
        expect(gauge.gradeIndex).toBe(expected.grade)
        expect(gauge.sign).toBe(expected.above > expected.below ? '+' : '-')
        expect(gauge.judges).toBe(Number(expected.n))
      }),
      { numRuns: 500 },
    )
  })

  it('propriété : avec des milliards d’avis, quand la jauge tranche, le départage complet donne le même ordre', () => {
    fc.assert(
      fc.property(hugeProfile, hugeProfile, (a, b) => {
        const x = bigGauge(a)
        const y = bigGauge(b)
        let expected = 0
        if (x.grade !== y.grade) expected = sign(y.grade - x.grade)
        else if (x.above > x.below !== y.above > y.below) expected = x.above > x.below ? -1 : 1
        // Same sign: compare the shares exactly by cross-multiplying.
        else if (x.above > x.below) expected = sign(Number(y.above * x.n - x.above * y.n))
        else expected = sign(Number(x.below * y.n - y.below * x.n))
        if (expected !== 0) expect(sign(compareMajority(a, b))).toBe(expected)
      }),
      { numRuns: 500 },
    )
  })

  it('propriété : avec des milliards d’avis, l’ordre est antisymétrique et transitif', () => {
    fc.assert(
      fc.property(hugeProfile, hugeProfile, hugeProfile, (a, b, c) => {
        expect(sign(compareMajority(a, b)) + sign(compareMajority(b, a))).toBe(0)
        expect(compareMajority(a, a)).toBe(0)
        if (compareMajority(a, b) <= 0 && compareMajority(b, c) <= 0) expect(compareMajority(a, c)).toBeLessThanOrEqual(0)
      }),
      { numRuns: 300 },
    )
  })
})

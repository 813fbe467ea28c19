import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  compareMajority,
  explainMajority,
  majorityGauge,
  majorityGradeIndex,
  majorityLabel,
  majorityScore,
  majorityValue,
  meritProfile,
  rankByMajorityJudgment,
} from '#app/accelerator/scoring/majority-judgment.ts'
import { MENTIONS, type Mention } from '#app/accelerator/scoring/types.ts'
import { MIEUXVOTER_FEW_JUDGMENTS, ORSAY_2007_EXPECTED, ORSAY_2007_TALLIES, ORSAY_2007_VALID_BALLOTS, orsayProfile } from './fixtures/orsay-2007.ts'

/** The votes of a profile, one mention index per judge. */
const votesOf = (profile: readonly number[]) => profile.flatMap((count, grade) => new Array<number>(count).fill(grade))
const mentionsOf = (profile: readonly number[]) => votesOf(profile).map((grade) => MENTIONS[grade]!)

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

function lexicographic(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return b[i]! - a[i]!
  return 0
}

const profileArb = (minJudges = 1, maxJudges = 15) =>
  fc.array(fc.integer({ min: 0, max: 6 }), { minLength: minJudges, maxLength: maxJudges }).map((votes) => {
    const profile = new Array<number>(7).fill(0)
    for (const vote of votes) profile[vote]!++
    return profile
  })

const sign = (value: number) => (value > 0 ? 1 : value < 0 ? -1 : 0)

describe('jugement majoritaire : définitions', () => {
  it('la mention majoritaire est la médiane, la plus basse des deux pour un nombre pair d’avis', () => {
    expect(majorityLabel(meritProfile(['Bien', 'Assez bien', 'Très bien']))?.startsWith('Bien')).toBe(true)
    // Even number of judges: « Assez bien » and « Bien » in the middle → the lower one.
    expect(majorityGauge(meritProfile(['Bien', 'Assez bien']))?.grade).toBe('Assez bien')
    expect(majorityGauge(meritProfile(['Excellent', 'Excellent', 'À rejeter', 'À rejeter']))?.grade).toBe('À rejeter')
    expect(majorityGauge(meritProfile([]))).toBeNull()
  })

  it('la jauge compte la part d’avis au-dessus et au-dessous de la mention majoritaire', () => {
    // 5 judges: Passable, Assez bien, Bien, Bien, Très bien → majority grade Bien; above 1/5, below 2/5.
    const gauge = majorityGauge(meritProfile(['Passable', 'Assez bien', 'Bien', 'Bien', 'Très bien']))!
    expect(gauge.grade).toBe('Bien')
    expect(gauge.above).toBeCloseTo(0.2)
    expect(gauge.below).toBeCloseTo(0.4)
    expect(gauge.sign).toBe('-')
    expect(majorityLabel(meritProfile(['Passable', 'Assez bien', 'Bien', 'Bien', 'Très bien']))).toBe('Bien −')
  })

  it('la valeur majoritaire retire une mention médiane à la fois', () => {
    // Sorted: Passable(2), Assez bien(3), Bien(4), Bien(4), Très bien(5).
    // Median Bien; left Passable, Assez bien, Bien, Très bien → lower middle Assez bien; left
    // Passable, Bien, Très bien → Bien; left Passable, Très bien → Passable; then Très bien.
    expect(majorityValue(meritProfile(['Passable', 'Assez bien', 'Bien', 'Bien', 'Très bien']))).toEqual([4, 3, 4, 2, 5])
  })

  it('départage deux candidatures de même mention comme Balinski et Laraki', () => {
    // Both « Bien ». A: more judges above than below (« Bien + »); B: more below (« Bien − »).
    const a = meritProfile(['Assez bien', 'Bien', 'Bien', 'Très bien', 'Très bien'])
    const b = meritProfile(['Passable', 'Passable', 'Bien', 'Bien', 'Excellent'])
    expect(majorityLabel(a)).toBe('Bien +')
    expect(majorityLabel(b)).toBe('Bien −')
    expect(compareMajority(a, b)).toBeLessThan(0)
    // Two « + »: the larger share above wins. C has 3/5 above « Bien », D 2/5.
    const c = meritProfile(['Passable', 'Bien', 'Très bien', 'Très bien', 'Excellent'])
    const d = meritProfile(['Passable', 'Bien', 'Bien', 'Très bien', 'Excellent'])
    expect(compareMajority(c, d)).toBeLessThan(0)
    // Two « − »: the smaller share below wins.
    const e = meritProfile(['Passable', 'Bien', 'Bien', 'Bien', 'Très bien'])
    const f = meritProfile(['Passable', 'Passable', 'Bien', 'Bien', 'Très bien'])
    expect(compareMajority(e, f)).toBeLessThan(0)
    expect(compareMajority(a, a)).toBe(0)
  })

  it('compare des candidatures qui n’ont pas le même nombre d’avis sur leurs parts', () => {
    const twoJudges = meritProfile(['Bien', 'Très bien'])
    const fourJudges = meritProfile(['Bien', 'Bien', 'Très bien', 'Très bien'])
    expect(compareMajority(twoJudges, fourJudges)).toBe(0)
    expect(compareMajority(meritProfile(['Bien']), meritProfile(['Bien', 'Bien', 'Passable']))).toBeLessThan(0)
    // Nobody judged: after everything that was judged.
    expect(compareMajority(meritProfile([]), meritProfile(['À rejeter']))).toBeGreaterThan(0)
  })

  it('explique la mention en une phrase', () => {
    expect(explainMajority(meritProfile(['Bien', 'Bien', 'Très bien', 'Passable']))).toBe(
      'Mention majoritaire « Bien » (4 avis) : au moins la moitié des avis donnent « Bien » ou mieux, 25 % donnent mieux et 25 % moins bien.',
    )
    expect(explainMajority(meritProfile([]))).toBe('Aucun avis du panel pour l’instant.')
  })
})

describe('jugement majoritaire : cas de référence publiés', () => {
  it('Orsay 2007 (Balinski et Laraki) : mentions et classement des 12 candidats', () => {
    for (const candidate of Object.keys(ORSAY_2007_TALLIES)) {
      expect(orsayProfile(candidate).reduce((a, b) => a + b, 0)).toBe(ORSAY_2007_VALID_BALLOTS)
    }
    const ranking = rankByMajorityJudgment(
      Object.keys(ORSAY_2007_TALLIES).map((candidate) => ({ id: candidate, mentions: mentionsOf(orsayProfile(candidate)) })),
    )
    expect(ranking.map((row) => row.id)).toEqual(ORSAY_2007_EXPECTED.map((row) => row.candidate))
    expect(ranking.map((row) => row.label)).toEqual(ORSAY_2007_EXPECTED.map((row) => row.label))
    // Published: Bayrou wins with « Assez bien + », Royal second with « Assez bien − ».
    expect(ranking[0]).toMatchObject({ id: 'Bayrou', label: 'Assez bien +', rank: 1 })
    expect(ranking[1]).toMatchObject({ id: 'Royal', label: 'Assez bien −', rank: 2 })
    expect(ranking.every((row) => !row.tied)).toBe(true)
  })

  it('donne les mêmes rangs que la bibliothèque de Mieux Voter sur son cas « Few judgments »', () => {
    const candidates = MIEUXVOTER_FEW_JUDGMENTS.tallies.map((tally, index) => ({
      id: `c${index}`,
      mentions: mentionsOf([...tally, 0, 0, 0, 0]),
    }))
    const ranking = rankByMajorityJudgment(candidates)
    const rankOf = new Map(ranking.map((row) => [row.id, row.rank]))
    expect(candidates.map((candidate) => rankOf.get(candidate.id))).toEqual(MIEUXVOTER_FEW_JUDGMENTS.ranks)
  })
})

describe('jugement majoritaire : propriétés', () => {
  it('propriété : la valeur majoritaire calculée suit la définition (retirer une médiane, recommencer)', () => {
    fc.assert(
      fc.property(profileArb(1, 25), (profile) => {
        expect(majorityValue(profile)).toEqual(literalMajorityValue(votesOf(profile)))
        expect(majorityGradeIndex(profile)).toBe(literalMajorityValue(votesOf(profile))[0])
      }),
      { numRuns: 500 },
    )
  })

  it('propriété : à nombre d’avis égal, le classement est l’ordre lexicographique des valeurs majoritaires', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(profileArb(n, n), profileArb(n, n))), ([a, b]) => {
        expect(sign(compareMajority(a, b))).toBe(sign(lexicographic(literalMajorityValue(votesOf(a)), literalMajorityValue(votesOf(b)))))
      }),
      { numRuns: 1000 },
    )
  })

  it('propriété : dupliquer tous les avis d’une candidature ne change pas son classement', () => {
    fc.assert(
      fc.property(profileArb(), profileArb(), fc.integer({ min: 2, max: 4 }), (a, b, k) => {
        const repeated = a.map((count) => count * k)
        expect(sign(compareMajority(repeated, b))).toBe(sign(compareMajority(a, b)))
        expect(compareMajority(repeated, a)).toBe(0)
      }),
      { numRuns: 500 },
    )
  })

  it('propriété : quand la jauge (p, α, q) tranche, le départage complet donne le même ordre', () => {
    fc.assert(
      fc.property(profileArb(), profileArb(), (a, b) => {
        const x = majorityGauge(a)!
        const y = majorityGauge(b)!
        let gauge = 0
        if (x.gradeIndex !== y.gradeIndex) gauge = y.gradeIndex - x.gradeIndex
        else if (x.sign !== y.sign) gauge = x.sign === '+' ? -1 : 1
        else if (x.sign === '+') gauge = y.above - x.above
        else gauge = x.below - y.below
        if (Math.abs(gauge) > 1e-12) expect(sign(compareMajority(a, b))).toBe(sign(gauge))
        // The numeric score orders exactly as the gauge.
        const byScore = majorityScore(b)! - majorityScore(a)!
        if (Math.abs(gauge) > 1e-12) expect(sign(byScore)).toBe(sign(gauge))
        else expect(Math.abs(byScore)).toBeLessThan(1e-12)
      }),
      { numRuns: 1000 },
    )
  })

  it('propriété : l’ordre est total et cohérent (antisymétrique, transitif)', () => {
    fc.assert(
      fc.property(profileArb(), profileArb(), profileArb(), (a, b, c) => {
        expect(sign(compareMajority(a, b)) + sign(compareMajority(b, a))).toBe(0)
        if (compareMajority(a, b) <= 0 && compareMajority(b, c) <= 0) expect(compareMajority(a, c)).toBeLessThanOrEqual(0)
      }),
      { numRuns: 1000 },
    )
  })

  it('propriété : relever la mention d’un citoyen ne fait jamais reculer la candidature', () => {
    fc.assert(
      fc.property(profileArb(), profileArb(), fc.nat(), fc.integer({ min: 1, max: 6 }), (profile, other, pick, raise) => {
        const votes = votesOf(profile)
        const index = pick % votes.length
        const raised = [...votes]
        raised[index] = Math.min(6, raised[index]! + raise)
        const after = new Array<number>(7).fill(0)
        for (const vote of raised) after[vote]!++
        expect(compareMajority(after, profile)).toBeLessThanOrEqual(0)
        expect(majorityScore(after)!).toBeGreaterThanOrEqual(majorityScore(profile)! - 1e-12)
        // Against any other candidate: if it was ahead or level, it still is.
        if (compareMajority(profile, other) <= 0) expect(compareMajority(after, other)).toBeLessThanOrEqual(0)
      }),
      { numRuns: 1000 },
    )
  })

  it('propriété : l’ordre des avis ne compte pas, le score reste dans la bande de la mention majoritaire', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...MENTIONS), { minLength: 1, maxLength: 20 }), (mentions: Mention[]) => {
        const shuffled = [...mentions].reverse()
        expect(meritProfile(shuffled)).toEqual(meritProfile(mentions))
        const score = majorityScore(meritProfile(mentions))!
        const grade = majorityGradeIndex(meritProfile(mentions))!
        // (grade − 3) × 2/3 ± 1/6: strictly inside the band of the majority grade.
        expect(Math.abs(score - ((grade - 3) * 2) / 3)).toBeLessThanOrEqual(1 / 6 + 1e-12)
      }),
      { numRuns: 300 },
    )
  })
})

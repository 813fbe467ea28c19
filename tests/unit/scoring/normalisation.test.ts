import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NORMALISATION_EXPLANATIONS, normaliseTotals, type TotalEntry } from '#app/accelerator/scoring/normalisation.ts'

const entry = (reviewerId: string, applicationId: string, total: number): TotalEntry => ({ reviewerId, applicationId, jury: 'administration', total })

describe('correction de la sévérité des évaluateurs', () => {
  // A harsh reviewer (2, 3, 4) and a generous one (3, 4, 5) judge the same three applications in
  // the same order: once corrected, they say exactly the same thing.
  const harshAndGenerous = [
    entry('severe', 'X', 2),
    entry('severe', 'Y', 3),
    entry('severe', 'Z', 4),
    entry('genereux', 'X', 3),
    entry('genereux', 'Y', 4),
    entry('genereux', 'Z', 5),
  ]

  it('un évaluateur sévère et un évaluateur généreux comptent de la même façon (écart à sa moyenne)', () => {
    const result = normaliseTotals(harshAndGenerous, { method: 'centred' })
    const value = (reviewerId: string, applicationId: string) =>
      result.entries.find((e) => e.reviewerId === reviewerId && e.applicationId === applicationId)!.normalised
    for (const applicationId of ['X', 'Y', 'Z']) expect(value('severe', applicationId)).toBe(value('genereux', applicationId))
    expect([value('severe', 'X'), value('severe', 'Y'), value('severe', 'Z')]).toEqual([-1, 0, 1])
    expect(result.reviewers.find((r) => r.reviewerId === 'severe')).toMatchObject({ mean: 3, reviewCount: 3, status: 'own_scale' })
    expect(result.explanation).toBe(NORMALISATION_EXPLANATIONS.centred)
  })

  it('le score z divise en plus par l’écart-type de l’évaluateur', () => {
    // Totals 2, 3, 4: mean 3, population standard deviation √(2/3).
    const result = normaliseTotals(harshAndGenerous, { method: 'zscore' })
    const z = result.entries.filter((e) => e.reviewerId === 'severe').map((e) => e.normalised!)
    expect(z[0]).toBeCloseTo(-1 / Math.sqrt(2 / 3), 12)
    expect(z[1]).toBe(0)
    expect(z[2]).toBeCloseTo(1 / Math.sqrt(2 / 3), 12)
  })

  it('un évaluateur qui n’a donné qu’un avis compte comme un avis moyen, et on le dit', () => {
    const result = normaliseTotals([entry('seul', 'X', 5), ...harshAndGenerous], { method: 'centred' })
    expect(result.entries.find((e) => e.reviewerId === 'seul')).toMatchObject({ normalised: 0, status: 'too_few_reviews', total: 5 })
    expect(result.reviewers.find((r) => r.reviewerId === 'seul')!.explanation).toBe(
      '1 avis seulement (il en faut 2 pour mesurer ses habitudes) : ses avis comptent comme des avis moyens dans les notes corrigées.',
    )
  })

  it('un évaluateur qui a mis la même note partout ne départage rien (score z sans division par zéro)', () => {
    const result = normaliseTotals([entry('egal', 'X', 4), entry('egal', 'Y', 4), entry('egal', 'Z', 4)], { method: 'zscore' })
    expect(result.entries.map((e) => e.normalised)).toEqual([0, 0, 0])
    expect(result.reviewers[0]).toMatchObject({ status: 'no_spread', sd: 0 })
    expect(result.reviewers[0]!.explanation).toContain('tous avec la même note')
  })

  it('sans correction, les notes restent brutes', () => {
    const result = normaliseTotals(harshAndGenerous, { method: 'none' })
    expect(result.entries.every((e) => e.normalised === null && e.status === 'not_normalised')).toBe(true)
    expect(result.explanation).toBe('Notes brutes : aucune correction de la sévérité des évaluateurs.')
  })

  it('le seuil d’avis par évaluateur est réglable', () => {
    const result = normaliseTotals(harshAndGenerous, { method: 'centred', minReviews: 4 })
    expect(result.entries.every((e) => e.normalised === 0 && e.status === 'too_few_reviews')).toBe(true)
  })

  const reviewerTotals = fc.array(
    fc.record({
      reviewer: fc.constantFrom('r1', 'r2', 'r3', 'r4'),
      application: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'),
      total: fc.integer({ min: 3, max: 15 }).map((thirds) => thirds / 3),
    }),
    { minLength: 1, maxLength: 24 },
  )
  const toEntries = (rows: { reviewer: string; application: string; total: number }[]) => {
    const seen = new Set<string>()
    return rows.filter((row) => !seen.has(row.reviewer + row.application) && seen.add(row.reviewer + row.application)).map((row) => entry(row.reviewer, row.application, row.total))
  }

  it('propriété : ajouter une constante à toutes les notes d’un évaluateur ne change rien à ses notes corrigées', () => {
    fc.assert(
      fc.property(reviewerTotals, fc.constantFrom('centred', 'zscore') as fc.Arbitrary<'centred' | 'zscore'>, fc.double({ min: -2, max: 2, noNaN: true }), (rows, method, shift) => {
        const entries = toEntries(rows)
        const shifted = entries.map((e) => (e.reviewerId === 'r1' ? { ...e, total: e.total + shift } : e))
        const before = normaliseTotals(entries, { method }).entries
        const after = normaliseTotals(shifted, { method }).entries
        before.forEach((e, i) => expect(after[i]!.normalised!).toBeCloseTo(e.normalised!, 9))
      }),
      { numRuns: 300 },
    )
  })

  it('propriété : corriger des notes déjà corrigées ne les change plus (idempotence)', () => {
    fc.assert(
      fc.property(reviewerTotals, fc.constantFrom('centred', 'zscore') as fc.Arbitrary<'centred' | 'zscore'>, (rows, method) => {
        const once = normaliseTotals(toEntries(rows), { method }).entries
        const twice = normaliseTotals(
          once.map((e) => ({ ...e, total: e.normalised! })),
          { method },
        ).entries
        once.forEach((e, i) => expect(twice[i]!.normalised!).toBeCloseTo(e.normalised!, 9))
      }),
      { numRuns: 300 },
    )
  })

  it('propriété : pour chaque évaluateur mesuré, les notes corrigées ont une moyenne nulle et gardent son ordre', () => {
    fc.assert(
      fc.property(reviewerTotals, fc.constantFrom('centred', 'zscore') as fc.Arbitrary<'centred' | 'zscore'>, (rows, method) => {
        const result = normaliseTotals(toEntries(rows), { method })
        for (const reviewer of result.reviewers) {
          const own = result.entries.filter((e) => e.reviewerId === reviewer.reviewerId)
          const mean = own.reduce((sum, e) => sum + e.normalised!, 0) / own.length
          expect(Math.abs(mean)).toBeLessThan(1e-9)
          for (const a of own) for (const b of own) if (a.total < b.total && reviewer.status === 'own_scale') expect(a.normalised!).toBeLessThan(b.normalised!)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('propriété : le résultat ne dépend pas de l’ordre des avis', () => {
    fc.assert(
      fc.property(reviewerTotals, fc.constantFrom('centred', 'zscore', 'none') as fc.Arbitrary<'centred' | 'zscore' | 'none'>, (rows, method) => {
        const entries = toEntries(rows)
        expect(normaliseTotals([...entries].reverse(), { method })).toEqual(normaliseTotals(entries, { method }))
      }),
      { numRuns: 300 },
    )
  })
})

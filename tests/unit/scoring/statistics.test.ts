import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { summarise } from '#app/accelerator/scoring/math.ts'
import { juryGrid, majorityJuryStatistics, numericJuryStatistics, reviewTotal } from '#app/accelerator/scoring/statistics.ts'
import type { Review } from '#app/accelerator/scoring/types.ts'
import { CRITERIA, REVIEWS } from './fixtures/small-call.ts'

describe('statistiques par candidature et par jury', () => {
  it('résume une série : nombre, moyenne, médiane, écart-type, minimum, maximum', () => {
    // 1, 2, 4, 5: mean 3, median (2 + 4)/2 = 3, variance (4 + 1 + 1 + 4)/4 = 2.5.
    expect(summarise([5, 1, 4, 2])).toEqual({ count: 4, mean: 3, median: 3, sd: Math.sqrt(2.5), min: 1, max: 5 })
    expect(summarise([3])).toEqual({ count: 1, mean: 3, median: 3, sd: 0, min: 3, max: 3 })
    expect(summarise([])).toEqual({ count: 0, mean: null, median: null, sd: null, min: null, max: null })
  })

  it('chaque jury ne voit que ses critères et ceux des deux jurys', () => {
    expect(juryGrid(CRITERIA, 'administration').criteria.map((c) => c.id)).toEqual(['interet', 'impact'])
    expect(juryGrid(CRITERIA, 'citizen').criteria.map((c) => c.id)).toEqual(['interet', 'maturite'])
  })

  it('la note totale est la moyenne pondérée des niveaux, sur l’échelle de 1 à 5', () => {
    const grid = juryGrid(CRITERIA, 'administration')
    expect(reviewTotal({ scores: { interet: 2, impact: 5 } }, grid)).toEqual({ total: 3, complete: true })
    // A criterion left out: the total uses the others (weight 2 alone), and says so.
    expect(reviewTotal({ scores: { interet: 4 } }, grid)).toEqual({ total: 4, complete: false })
    expect(reviewTotal({ scores: {} }, grid)).toEqual({ total: null, complete: false })
  })

  it('donne, pour la candidature A et l’administration, chaque critère et la note totale', () => {
    const reviews = REVIEWS.filter((review) => review.applicationId === 'A' && review.jury === 'administration')
    const statistics = numericJuryStatistics(reviews, juryGrid(CRITERIA, 'administration'))
    expect(statistics.reviewCount).toBe(2)
    expect(statistics.criteria).toEqual([
      { criterionId: 'interet', label: 'Intérêt général', weight: 2, share: 2 / 3, count: 2, mean: 4.5, median: 4.5, sd: 0.5, min: 4, max: 5 },
      { criterionId: 'impact', label: 'Impact', weight: 1, share: 1 / 3, count: 2, mean: 4.5, median: 4.5, sd: 0.5, min: 4, max: 5 },
    ])
    // Totals 4 (a1) and 5 (a2).
    expect(statistics.total).toEqual({ count: 2, mean: 4.5, median: 4.5, sd: 0.5, min: 4, max: 5 })
    expect(statistics.incompleteReviews).toBe(0)
  })

  it('mesure la dispersion du panel citoyen sur la candidature C', () => {
    const reviews = REVIEWS.filter((review) => review.applicationId === 'C' && review.jury === 'citizen')
    const statistics = numericJuryStatistics(reviews, juryGrid(CRITERIA, 'citizen'))
    // Totals 4 (p1) and 1 (p3): mean 2.5, standard deviation 1.5.
    expect(statistics.total).toMatchObject({ count: 2, mean: 2.5, median: 2.5, sd: 1.5, min: 1, max: 4 })
  })

  it('compte les mentions d’un jury au jugement majoritaire', () => {
    const reviews: Review[] = ['Bien', 'Bien', 'Très bien', 'À rejeter'].map((mention, index) => ({
      applicationId: 'A',
      reviewerId: `p${index}`,
      jury: 'citizen',
      mention: mention as Review['mention'],
    }))
    const statistics = majorityJuryStatistics('citizen', reviews)
    expect(statistics.profile).toEqual([1, 0, 0, 0, 2, 1, 0])
    expect(statistics.label).toBe('Bien −')
    expect(statistics.distribution.find((row) => row.mention === 'Bien')).toEqual({ mention: 'Bien', count: 2, share: 0.5 })
    // On the 1–5 scale: À rejeter 1, Bien 1 + 4·4/6 = 11/3, Très bien 1 + 5·4/6 = 13/3.
    expect(statistics.spread.min).toBe(1)
    expect(statistics.spread.max).toBeCloseTo(13 / 3)
  })

  it('propriété : la moyenne et la médiane restent entre le minimum et le maximum, l’ordre des valeurs ne compte pas', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 30 }), (values) => {
        const summary = summarise(values)
        expect(summary.min!).toBeLessThanOrEqual(summary.mean! + 1e-12)
        expect(summary.mean!).toBeLessThanOrEqual(summary.max! + 1e-12)
        expect(summary.min!).toBeLessThanOrEqual(summary.median!)
        expect(summary.median!).toBeLessThanOrEqual(summary.max!)
        expect(summary.sd!).toBeLessThanOrEqual((summary.max! - summary.min!) / 2 + 1e-12)
        // Bit-for-bit the same in any order: sums are taken in sorted order.
        expect(summarise([...values].reverse())).toEqual(summary)
      }),
      { numRuns: 500 },
    )
  })
})

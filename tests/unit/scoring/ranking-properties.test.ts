// Properties of the whole ranking, checked on random calls (fixtures/random-call.ts).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { comparable, compareStrings } from '#app/accelerator/scoring/math.ts'
import { rankApplications, type RankingInput, type RankingResult } from '#app/accelerator/scoring/rank-applications.ts'
import { randomCall, raiseOneScore, shuffle } from './fixtures/random-call.ts'

const RUNS = 300

const rankOf = (result: RankingResult, id: string) => result.applications.find((row) => row.applicationId === id)!.rank
const row = (result: RankingResult, id: string) => result.applications.find((r) => r.applicationId === id)!

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

describe('classement : propriétés sur des appels tirés au hasard', () => {
  it('propriété : l’ordre des candidatures, des avis et des évaluateurs ne change rien au résultat', () => {
    fc.assert(
      fc.property(randomCall(), fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), (input, randomness) => {
        const shuffled: RankingInput = {
          ...input,
          applications: shuffle(input.applications, randomness),
          reviews: shuffle(input.reviews, [...randomness].reverse()),
        }
        // Bit-for-bit equal: every figure, every rank, every flag and French sentence.
        expect(rankApplications(shuffled)).toEqual(rankApplications(input))
      }),
      { numRuns: RUNS },
    )
  })

  it('propriété : relever une note ne fait jamais reculer la candidature (règle combinée, notes corrigées ou brutes)', () => {
    fc.assert(
      fc.property(randomCall({ rule: 'combined', methods: ['centred', 'none'] }), fc.nat(), fc.integer({ min: 1, max: 4 }), (input, pick, step) => {
        const raised = raiseOneScore(input, pick, step)
        fc.pre(raised !== null)
        const before = rankApplications(input)
        const after = rankApplications(raised!.input)
        expect(rankOf(after, raised!.applicationId)).toBeLessThanOrEqual(rankOf(before, raised!.applicationId))
      }),
      { numRuns: RUNS * 2 },
    )
  })

  it('propriété : relever une note ne fait jamais reculer la candidature (règle en deux temps, notes brutes)', () => {
    fc.assert(
      fc.property(randomCall({ rule: 'sequential', methods: ['none'] }), fc.nat(), fc.integer({ min: 1, max: 4 }), (input, pick, step) => {
        const raised = raiseOneScore(input, pick, step)
        fc.pre(raised !== null)
        const before = rankApplications(input)
        const after = rankApplications(raised!.input)
        expect(rankOf(after, raised!.applicationId)).toBeLessThanOrEqual(rankOf(before, raised!.applicationId))
      }),
      { numRuns: RUNS * 2 },
    )
  })

  it('propriété : en deux temps avec notes corrigées, relever une note ne fait jamais perdre la présélection ni tomber sous le veto ; une note du panel ne fait jamais reculer', () => {
    fc.assert(
      fc.property(randomCall({ rule: 'sequential', methods: ['centred'] }), fc.nat(), fc.integer({ min: 1, max: 4 }), (input, pick, step) => {
        const raised = raiseOneScore(input, pick, step)
        fc.pre(raised !== null)
        const before = row(rankApplications(input), raised!.applicationId)
        const after = row(rankApplications(raised!.input), raised!.applicationId)
        // Entering the pre-selection and being vetoed there is still a step up from « not pre-selected ».
        if (before.status === 'preselected') expect(after.status).toBe('preselected')
        if (before.status === 'vetoed') expect(['preselected', 'vetoed']).toContain(after.status)
        if (raised!.jury === 'citizen') expect(after.rank).toBeLessThanOrEqual(before.rank)
      }),
      { numRuns: RUNS * 2 },
    )
  })

  it('propriété : avec le score z, relever une note ne fait jamais baisser la note normalisée du jury pour cette candidature', () => {
    fc.assert(
      fc.property(randomCall({ methods: ['zscore'], citizenModes: ['numbers'] }), fc.nat(), fc.integer({ min: 1, max: 4 }), (input, pick, step) => {
        const raised = raiseOneScore(input, pick, step)
        fc.pre(raised !== null)
        const before = row(rankApplications(input), raised!.applicationId).juries[raised!.jury]
        const after = row(rankApplications(raised!.input), raised!.applicationId).juries[raised!.jury]
        expect(after.normalisedMean!).toBeGreaterThanOrEqual(before.normalisedMean! - 1e-9)
        expect(after.rawScore!).toBeGreaterThanOrEqual(before.rawScore! - 1e-12)
      }),
      { numRuns: RUNS },
    )
  })

  it('propriété : règle combinée, l’ordre suit exactement la règle d’égalité publiée (note, note brute, ordre de dépôt, identifiant)', () => {
    fc.assert(
      fc.property(randomCall({ rule: 'combined' }), (input) => {
        const result = rankApplications(input)
        const key = new Map(input.applications.map((a) => [a.id, a.tieBreakKey ?? '']))
        const rows = result.applications
        const same = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
          a.score !== null && b.score !== null && comparable(a.score) === comparable(b.score) && comparable(a.rawScore!) === comparable(b.rawScore!)
        for (let i = 0; i + 1 < rows.length; i++) {
          const a = rows[i]!
          const b = rows[i + 1]!
          if (a.score === null) {
            expect(b.score).toBeNull()
            continue
          }
          if (b.score === null) continue
          expect(comparable(a.score)).toBeGreaterThanOrEqual(comparable(b.score))
          if (comparable(a.score) === comparable(b.score)) expect(comparable(a.rawScore!)).toBeGreaterThanOrEqual(comparable(b.rawScore!))
          if (same(a, b)) {
            expect(compareStrings(key.get(a.applicationId)!, key.get(b.applicationId)!) || compareStrings(a.applicationId, b.applicationId)).toBeLessThan(0)
          }
        }
        rows.forEach((r, i) => {
          const tied = (i > 0 && same(rows[i - 1]!, r)) || (i + 1 < rows.length && same(rows[i + 1]!, r))
          expect(r.tieBroken).toBe(tied)
          expect(r.flags.some((flag) => flag.kind === 'tie_broken')).toBe(tied)
        })
      }),
      { numRuns: RUNS },
    )
  })

  it('propriété : chaque candidature est classée une fois ; moins d’avis que prévu → classée quand même et signalée', () => {
    fc.assert(
      fc.property(randomCall(), (input) => {
        const result = rankApplications(input)
        expect(result.applications.map((r) => r.rank)).toEqual(input.applications.map((_, i) => i + 1))
        expect(new Set(result.applications.map((r) => r.applicationId)).size).toBe(input.applications.length)
        let seenUnranked = false
        for (const r of result.applications) {
          // Applications without any usable review come last, and only them.
          if (r.status === 'unranked') seenUnranked = true
          else expect(seenUnranked).toBe(false)
          for (const jury of ['administration', 'citizen'] as const) {
            const j = r.juries[jury]
            const flagged = r.flags.some((flag) => flag.kind === 'missing_reviews' && flag.jury === jury)
            expect(flagged).toBe(j.reviewCount < j.expectedReviews)
            if (j.reviewCount > 0) expect(j.score).not.toBeNull()
          }
          if (input.rule.kind === 'combined') {
            const weights = input.rule.weights
            const reviewedByAWeightedJury = (['administration', 'citizen'] as const).some((jury) => weights[jury] > 0 && r.juries[jury].reviewCount > 0)
            expect(r.status).toBe(reviewedByAWeightedJury ? 'ranked' : 'unranked')
          }
        }
      }),
      { numRuns: RUNS },
    )
  })

  it('propriété : en deux temps, l’administration présélectionne exactement ses N premières et elles passent devant', () => {
    fc.assert(
      fc.property(randomCall({ rule: 'sequential' }), (input) => {
        fc.pre(input.rule.kind === 'sequential')
        const result = rankApplications(input)
        const n = input.rule.kind === 'sequential' ? input.rule.preselect : 0
        const adminReviewed = result.applications.filter((r) => r.juries.administration.rank !== null)
        const selected = result.applications.filter((r) => r.status === 'preselected' || r.status === 'vetoed')
        expect(selected.length).toBe(Math.min(n, adminReviewed.length))
        for (const r of selected) expect(r.juries.administration.rank!).toBeLessThanOrEqual(n)
        const statuses = result.applications.map((r) => r.status)
        const order = ['preselected', 'vetoed', 'not_preselected', 'unranked']
        for (let i = 0; i + 1 < statuses.length; i++) expect(order.indexOf(statuses[i]!)).toBeLessThanOrEqual(order.indexOf(statuses[i + 1]!))
      }),
      { numRuns: RUNS },
    )
  })

  it('propriété : le calcul est pur (il ne modifie pas ses données et redonne le même résultat)', () => {
    fc.assert(
      fc.property(randomCall(), (input) => {
        const copy = structuredClone(input)
        const first = rankApplications(deepFreeze(input))
        expect(rankApplications(copy)).toEqual(first)
        expect(copy).toEqual(input)
      }),
      { numRuns: RUNS },
    )
  })

  it('propriété : seuls les rapports entre poids comptent (50/50 = 1/1)', () => {
    fc.assert(
      fc.property(randomCall({ rule: 'combined' }), fc.integer({ min: 2, max: 50 }), (input, factor) => {
        fc.pre(input.rule.kind === 'combined')
        const weights = input.rule.kind === 'combined' ? input.rule.weights : { administration: 1, citizen: 1 }
        const scaled = { ...input, rule: { kind: 'combined' as const, weights: { administration: weights.administration * factor, citizen: weights.citizen * factor } } }
        expect(rankApplications(scaled).applications.map((r) => r.applicationId)).toEqual(rankApplications(input).applications.map((r) => r.applicationId))
      }),
      { numRuns: RUNS },
    )
  })
})

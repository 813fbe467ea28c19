import { describe, expect, it } from 'vitest'
import { rankApplications } from '#app/accelerator/scoring/rank-applications.ts'
import { ScoringInputError, type Review } from '#app/accelerator/scoring/types.ts'
import { REVIEWS, smallCall } from './fixtures/small-call.ts'

const byId = (result: ReturnType<typeof rankApplications>, id: string) => result.applications.find((row) => row.applicationId === id)!

describe('classement des candidatures : règle combinée (calculs faits à la main, voir fixtures/small-call.ts)', () => {
  const result = rankApplications(smallCall())

  it('classe A, puis B et C départagées par leurs notes brutes', () => {
    expect(result.applications.map((row) => [row.applicationId, row.rank])).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 3],
    ])
    expect(byId(result, 'A').score).toBeCloseTo(1 / 6, 12)
    expect(byId(result, 'B').score).toBeCloseTo(-1 / 12, 12)
    expect(byId(result, 'C').score).toBeCloseTo(-1 / 12, 12)
    expect(byId(result, 'B').rawScore).toBeCloseTo(0.5, 12)
    expect(byId(result, 'C').rawScore).toBeCloseTo(0, 12)
    // Equal combined scores but different raw scores: not a tie broken by the key.
    expect(byId(result, 'B').tieBroken).toBe(false)
    expect(result.applications.every((row) => row.status === 'ranked' && row.scoreBasis === 'combined')).toBe(true)
  })

  it('montre les chiffres bruts et corrigés de chaque jury côte à côte', () => {
    const a = byId(result, 'A').juries
    expect(a.administration.statistics.mode).toBe('numbers')
    expect(a.administration.statistics).toMatchObject({ reviewCount: 2, total: { mean: 4.5, sd: 0.5, min: 4, max: 5 } })
    expect(a.administration.normalisedMean).toBeCloseTo(2 / 3, 12)
    expect(a.administration.headline).toBe('4,5 sur 5')
    expect(a.citizen.normalisedMean).toBeCloseTo(-1 / 3, 12)
    expect(a.citizen.reviews).toEqual([
      { reviewerId: 'p1', total: 3, normalised: expect.closeTo(-2 / 3, 12), normalisationStatus: 'own_scale', mention: null, complete: true },
      { reviewerId: 'p2', total: 3, normalised: 0, normalisationStatus: 'no_spread', mention: null, complete: true },
    ])
    const c = byId(result, 'C').juries.citizen
    expect(c.reviews.find((review) => review.reviewerId === 'p3')).toMatchObject({ total: 1, normalised: 0, normalisationStatus: 'too_few_reviews' })
    expect(result.normalisation.explanation).toContain('un évaluateur sévère et un évaluateur généreux comptent ainsi de la même façon')
  })

  it('donne le rang de chaque jury', () => {
    // Administration: A (2/3), then B and C tied at −1/3 with the same raw mean 3.5 → filing order:
    // C (AIC-2026-000) before B. Panel: B and C tied at 1/6, raw 0.5 vs −0.5 → B, C, then A (−1/3).
    expect(result.applications.map((row) => [row.applicationId, row.juries.administration.rank, row.juries.citizen.rank])).toEqual([
      ['A', 1, 3],
      ['B', 3, 1],
      ['C', 2, 2],
    ])
  })

  it('signale les avis divergents, la dispersion, et trie les candidatures à discuter', () => {
    // A: 1st for the administration, 3rd for the panel → gap 2 > 1; B: 3rd and 1st → gap 2.
    expect(byId(result, 'A').flags.map((flag) => flag.kind)).toEqual(['divergence'])
    expect(byId(result, 'B').flags.map((flag) => flag.kind)).toEqual(['divergence'])
    expect(byId(result, 'A').flags[0]!.explanation).toBe(
      '1er pour l’administration, 3e pour le panel citoyen parmi les 3 candidatures évaluées par les deux jurys (écart de 2 places ; seuil : 1).',
    )
    // C: panel totals 4 and 1, standard deviation 1.5 > 1.
    expect(byId(result, 'C').flags).toEqual([
      {
        kind: 'high_spread',
        jury: 'citizen',
        label: 'Avis très partagés dans un jury',
        explanation: 'Panel citoyen : avis de 1,0 à 4,0 (écart-type 1,5 sur l’échelle de 1 à 5 ; seuil : 1,0).',
      },
    ])
    // Divergence (priority 4) before high spread (3); equal priorities in rank order.
    expect(result.discussionOrder).toEqual(['A', 'B', 'C'])
    expect(byId(result, 'A').discussionPriority).toBe(4)
    expect(byId(result, 'C').discussionPriority).toBe(3)
  })

  it('décrit la règle et les jurys', () => {
    expect(result.rule.description).toBe('Note combinée : 50 % pour le jury de l’administration, 50 % pour le panel citoyen.')
    expect(result.juries).toEqual({
      administration: { mode: 'numbers', reviewCount: 6, reviewerCount: 2 },
      citizen: { mode: 'numbers', reviewCount: 6, reviewerCount: 3 },
    })
  })

  it('avec le score z, l’administration donne √2 à A et −√2/2 à B et C', () => {
    // a1 totals 4, 3, 3: mean 10/3, standard deviation √(2/9) → z = (2/3)/√(2/9) = √2 for A.
    const z = rankApplications(smallCall({ normalisation: { method: 'zscore' } }))
    expect(byId(z, 'A').juries.administration.normalisedMean).toBeCloseTo(Math.SQRT2, 12)
    expect(byId(z, 'B').juries.administration.normalisedMean).toBeCloseTo(-Math.SQRT2 / 2, 12)
    expect(z.normalisation.method).toBe('zscore')
  })

  it('sans correction, le classement suit les moyennes brutes', () => {
    // Raw, around 3: A (1.5 + 0)/2 = 0.75; B (0.5 + 0.5)/2 = 0.5; C (0.5 − 0.5)/2 = 0.
    const raw = rankApplications(smallCall({ normalisation: { method: 'none' } }))
    expect(raw.applications.map((row) => row.applicationId)).toEqual(['A', 'B', 'C'])
    expect(byId(raw, 'A').score).toBeCloseTo(0.75, 12)
    expect(byId(raw, 'A').juries.administration.normalisedMean).toBeNull()
  })

  it('les poids des jurys changent le classement : tout au panel citoyen met B devant', () => {
    const panelOnly = rankApplications(smallCall({ rule: { kind: 'combined', weights: { administration: 0, citizen: 1 } } }))
    expect(panelOnly.applications.map((row) => row.applicationId)).toEqual(['B', 'C', 'A'])
    expect(panelOnly.rule.description).toBe('Note combinée : 0 % pour le jury de l’administration, 100 % pour le panel citoyen.')
  })
})

describe('classement des candidatures : règle en deux temps', () => {
  it('l’administration présélectionne A et C, le panel classe C devant A, B n’est pas présélectionnée', () => {
    // Administration order A, C, B (C before B by filing order). Panel: C 1/6 > A −1/3.
    const result = rankApplications(smallCall({ rule: { kind: 'sequential', preselect: 2, citizenRanks: true, veto: null } }))
    expect(result.applications.map((row) => [row.applicationId, row.rank, row.status, row.scoreBasis])).toEqual([
      ['C', 1, 'preselected', 'citizen'],
      ['A', 2, 'preselected', 'citizen'],
      ['B', 3, 'not_preselected', 'administration'],
    ])
    expect(byId(result, 'B').statusLabel).toBe('Non présélectionnée')
    expect(byId(result, 'B').juries.citizen.expectedReviews).toBe(0)
    expect(result.rule.description).toBe(
      'Sélection en deux temps : l’administration présélectionne ses 2 premières candidatures, puis le panel citoyen classe les candidatures présélectionnées.',
    )
  })

  it('avec le veto par défaut, C présélectionnée est écartée : la moitié du panel lui donne 2 ou moins', () => {
    // C: panel totals 4 and 1 → lower median 1 ≤ 2.
    const result = rankApplications(smallCall({ rule: { kind: 'sequential', preselect: 2, citizenRanks: true } }))
    expect(result.applications.map((row) => [row.applicationId, row.rank, row.status])).toEqual([
      ['A', 1, 'preselected'],
      ['C', 2, 'vetoed'],
      ['B', 3, 'not_preselected'],
    ])
    expect(byId(result, 'C').statusLabel).toBe('Présélectionnée, écartée par le panel citoyen')
    expect(result.rule.description).toBe(
      'Sélection en deux temps : l’administration présélectionne ses 2 premières candidatures, puis le panel citoyen classe les candidatures présélectionnées. Le panel écarte une candidature quand au moins la moitié des citoyens lui donnent une note de 2 sur 5 ou moins.',
    )
  })

  it('le panel écarte une candidature quand la moitié des citoyens la jugent insuffisante', () => {
    // C: panel totals 4 and 1 → lower median 1 ≤ 2: vetoed once pre-selected.
    const result = rankApplications(smallCall({ rule: { kind: 'sequential', preselect: 3, citizenRanks: true } }))
    expect(result.applications.map((row) => [row.applicationId, row.status])).toEqual([
      ['B', 'preselected'],
      ['A', 'preselected'],
      ['C', 'vetoed'],
    ])
    expect(byId(result, 'C').flags.map((flag) => flag.kind)).toContain('vetoed')
    expect(byId(result, 'C').flags.find((flag) => flag.kind === 'vetoed')!.explanation).toBe(
      'Au moins la moitié des citoyens ont donné 1,0 sur 5 ou moins (le panel écarte à 2,0 ou moins).',
    )
    const noVeto = rankApplications(smallCall({ rule: { kind: 'sequential', preselect: 3, citizenRanks: true, veto: null } }))
    expect(noVeto.applications.map((row) => row.applicationId)).toEqual(['B', 'C', 'A'])
  })

  it('quand le panel ne fait que donner son avis, l’ordre de l’administration reste', () => {
    const result = rankApplications(smallCall({ rule: { kind: 'sequential', preselect: 2, citizenRanks: false, veto: null } }))
    expect(result.applications.map((row) => [row.applicationId, row.status, row.scoreBasis])).toEqual([
      ['A', 'preselected', 'administration'],
      ['C', 'preselected', 'administration'],
      ['B', 'not_preselected', 'administration'],
    ])
  })
})

describe('classement des candidatures : panel citoyen au jugement majoritaire', () => {
  const mentions: Review[] = [
    { applicationId: 'A', reviewerId: 'p1', jury: 'citizen', mention: 'Bien' },
    { applicationId: 'A', reviewerId: 'p2', jury: 'citizen', mention: 'Passable' },
    { applicationId: 'B', reviewerId: 'p1', jury: 'citizen', mention: 'Très bien' },
    { applicationId: 'B', reviewerId: 'p2', jury: 'citizen', mention: 'Bien' },
    { applicationId: 'C', reviewerId: 'p1', jury: 'citizen', mention: 'Assez bien' },
    { applicationId: 'C', reviewerId: 'p3', jury: 'citizen', mention: 'Insuffisant' },
  ]
  const input = smallCall({
    reviews: [...REVIEWS.filter((review) => review.jury === 'administration'), ...mentions],
    juries: { administration: { mode: 'numbers', expectedReviews: 2 }, citizen: { mode: 'majority_judgment', expectedReviews: 2 } },
  })

  it('entre dans la note combinée par sa mention majoritaire et sa jauge', () => {
    // A: Passable, Bien → « Passable + » (half above): (2 + 1/4 − 3)·2/3 = −1/2.
    // B: Bien, Très bien → « Bien + »: (4 + 1/4 − 3)·2/3 = 5/6.
    // C: Insuffisant, Assez bien → « Insuffisant + »: (1 + 1/4 − 3)·2/3 = −7/6.
    // Combined: A (2/3 − 1/2)/2 = 1/12; B (−1/3 + 5/6)/2 = 1/4; C (−1/3 − 7/6)/2 = −3/4.
    const result = rankApplications(input)
    expect(result.applications.map((row) => row.applicationId)).toEqual(['B', 'A', 'C'])
    expect(byId(result, 'A').juries.citizen.headline).toBe('Passable +')
    expect(byId(result, 'A').juries.citizen.score).toBeCloseTo(-0.5, 12)
    expect(byId(result, 'B').score).toBeCloseTo(0.25, 12)
    expect(byId(result, 'C').score).toBeCloseTo(-0.75, 12)
    expect(byId(result, 'C').juries.citizen.reviews.map((review) => review.mention)).toEqual(['Assez bien', 'Insuffisant'])
    expect(result.rule.description).toBe('Note combinée : 50 % pour le jury de l’administration, 50 % pour le panel citoyen (jugement majoritaire).')
  })

  it('écarte en deux temps une candidature dont la mention majoritaire est « Insuffisant »', () => {
    const result = rankApplications({ ...input, rule: { kind: 'sequential', preselect: 3, citizenRanks: true } })
    expect(result.applications.map((row) => [row.applicationId, row.status])).toEqual([
      ['B', 'preselected'],
      ['A', 'preselected'],
      ['C', 'vetoed'],
    ])
    expect(byId(result, 'C').flags.find((flag) => flag.kind === 'vetoed')!.explanation).toBe(
      'Mention majoritaire du panel : « Insuffisant + » (le panel écarte à « Insuffisant » ou moins).',
    )
  })
})

describe('avis manquants', () => {
  it('une candidature avec moins d’avis est classée et signalée ; sans aucun avis, elle vient en dernier', () => {
    const result = rankApplications(
      smallCall({
        applications: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }],
        reviews: REVIEWS.filter((review) => !(review.applicationId === 'B' && review.reviewerId === 'p2')),
        juries: { administration: { mode: 'numbers', expectedReviews: 2 }, citizen: { mode: 'numbers', expectedReviews: 2 } },
      }),
    )
    const b = byId(result, 'B')
    expect(b.status).toBe('ranked')
    expect(b.flags.find((flag) => flag.kind === 'missing_reviews')).toEqual({
      kind: 'missing_reviews',
      jury: 'citizen',
      label: 'Avis manquants',
      explanation: 'Panel citoyen : 1 avis sur 2 attendus.',
    })
    const d = byId(result, 'D')
    expect(d).toMatchObject({ rank: 4, status: 'unranked', score: null, statusLabel: 'Non classée (aucun avis)' })
    expect(d.flags.map((flag) => [flag.kind, flag.jury])).toEqual([
      ['missing_reviews', 'administration'],
      ['missing_reviews', 'citizen'],
    ])
  })

  it('une candidature vue par un seul jury garde une note combinée, sur ce jury seulement', () => {
    const result = rankApplications(smallCall({ reviews: REVIEWS.filter((review) => !(review.applicationId === 'A' && review.jury === 'citizen')) }))
    expect(byId(result, 'A').score).toBeCloseTo(2 / 3, 12)
    expect(byId(result, 'A').juries.citizen.rank).toBeNull()
    expect(byId(result, 'A').flags.map((flag) => flag.kind)).toEqual(['missing_reviews'])
  })
})

describe('égalités parfaites', () => {
  it('deux candidatures aux avis identiques sont départagées par l’ordre de dépôt, et c’est signalé', () => {
    const copy = REVIEWS.filter((review) => review.applicationId === 'B').map((review) => ({ ...review, applicationId: 'B2' }))
    const result = rankApplications(
      smallCall({
        applications: [
          { id: 'A', tieBreakKey: 'AIC-2026-001' },
          { id: 'B2', tieBreakKey: 'AIC-2026-000' },
          { id: 'B', tieBreakKey: 'AIC-2026-002' },
          { id: 'C', tieBreakKey: 'AIC-2026-003' },
        ],
        reviews: [...REVIEWS, ...copy],
      }),
    )
    const order = result.applications.map((row) => row.applicationId)
    expect(order.indexOf('B2')).toBe(order.indexOf('B') - 1)
    expect(byId(result, 'B').tieBroken).toBe(true)
    expect(byId(result, 'B2').tieBroken).toBe(true)
    expect(byId(result, 'B').flags.map((flag) => flag.kind)).toContain('tie_broken')
  })
})

describe('données invalides', () => {
  const expectIssue = (input: ReturnType<typeof smallCall>, code: string, message: string) => {
    try {
      rankApplications(input)
      expect.unreachable('rankApplications aurait dû refuser ces données')
    } catch (error) {
      expect(error).toBeInstanceOf(ScoringInputError)
      expect((error as ScoringInputError).issues).toContainEqual({ code, message })
    }
  }

  it('refuse une note hors de l’échelle de 1 à 5', () => {
    expectIssue(
      smallCall({ reviews: [...REVIEWS.slice(1), { applicationId: 'A', reviewerId: 'a1', jury: 'administration', scores: { interet: 6, impact: 4 } }] }),
      'review_level',
      'L’avis de a1 sur A donne 6 au critère « Intérêt général » : la note doit être un entier de 1 à 5.',
    )
    expectIssue(
      smallCall({ reviews: [...REVIEWS.slice(1), { applicationId: 'A', reviewerId: 'a1', jury: 'administration', scores: { interet: 2.5, impact: 4 } }] }),
      'review_level',
      'L’avis de a1 sur A donne 2.5 au critère « Intérêt général » : la note doit être un entier de 1 à 5.',
    )
  })

  it('refuse deux avis du même évaluateur sur la même candidature', () => {
    expectIssue(smallCall({ reviews: [...REVIEWS, REVIEWS[0]!] }), 'review_duplicate', 'L’avis de a1 sur A apparaît deux fois : un évaluateur ne donne qu’un avis par candidature.')
  })

  it('refuse un avis sur une candidature inconnue, un critère d’un autre jury, une mention dans un jury chiffré', () => {
    expectIssue(
      smallCall({ reviews: [...REVIEWS, { applicationId: 'Z', reviewerId: 'a1', jury: 'administration', scores: { interet: 3 } }] }),
      'review_application',
      'L’avis de a1 sur Z porte sur une candidature qui n’est pas dans la liste.',
    )
    expectIssue(
      smallCall({ reviews: [...REVIEWS.slice(1), { applicationId: 'A', reviewerId: 'a1', jury: 'administration', scores: { interet: 3, maturite: 4 } }] }),
      'review_criterion',
      'L’avis de a1 sur A note un critère qui n’est pas dans la grille de ce jury (maturite).',
    )
    expectIssue(
      smallCall({ reviews: [...REVIEWS.slice(1), { applicationId: 'A', reviewerId: 'a1', jury: 'administration', mention: 'Bien' }] }),
      'review_mention_in_numbers',
      'L’avis de a1 sur A contient une mention alors que ce jury note avec des chiffres.',
    )
  })

  it('refuse une mention inconnue au jugement majoritaire', () => {
    expectIssue(
      smallCall({
        juries: { administration: { mode: 'numbers', expectedReviews: 2 }, citizen: { mode: 'majority_judgment', expectedReviews: 2 } },
        reviews: [...REVIEWS.filter((r) => r.jury === 'administration'), { applicationId: 'A', reviewerId: 'p1', jury: 'citizen', mention: 'Génial' as never }],
      }),
      'review_mention',
      'L’avis de p1 sur A n’a pas de mention valide (de « À rejeter » à « Excellent »).',
    )
  })

  it('refuse des poids de jurys nuls ou négatifs et un nombre de présélections négatif', () => {
    expectIssue(smallCall({ rule: { kind: 'combined', weights: { administration: 0, citizen: 0 } } }), 'rule_weights', 'Au moins un des deux jurys doit avoir un poids.')
    expectIssue(smallCall({ rule: { kind: 'combined', weights: { administration: -1, citizen: 2 } } }), 'rule_weights', 'Les poids des jurys doivent être des nombres positifs ou nuls.')
    expectIssue(
      smallCall({ rule: { kind: 'sequential', preselect: -2, citizenRanks: true } }),
      'rule_preselect',
      'Le nombre de candidatures présélectionnées doit être un entier positif ou nul.',
    )
  })

  it('résume au-delà de 20 problèmes', () => {
    const many: Review[] = Array.from({ length: 30 }, (_, i) => ({ applicationId: `Z${i}`, reviewerId: 'a1', jury: 'administration', scores: { interet: 3 } }))
    try {
      rankApplications(smallCall({ reviews: [...REVIEWS, ...many] }))
      expect.unreachable()
    } catch (error) {
      const issues = (error as ScoringInputError).issues
      expect(issues).toHaveLength(21)
      expect(issues[20]).toEqual({ code: 'more', message: '… et 10 autres problèmes.' })
    }
  })
})

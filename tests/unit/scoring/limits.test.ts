// Known limits, pinned down by hand-built examples (decision 042): they are why the default
// correction is « centred » and why the sequential rule's guarantee is stated the way it is.
import { describe, expect, it } from 'vitest'
import { rankApplications, type RankingInput } from '#app/accelerator/scoring/rank-applications.ts'
import type { Review } from '#app/accelerator/scoring/types.ts'

const level = (reviewerId: string, applicationId: string, value: number, jury: Review['jury'] = 'administration'): Review => ({
  applicationId,
  reviewerId,
  jury,
  scores: { base: value },
})
const rankOf = (input: RankingInput, id: string) => rankApplications(input).applications.find((row) => row.applicationId === id)!.rank

describe('limite : le score z n’est pas monotone', () => {
  // Administration only, one criterion. r reviews A, B, C; s reviews A, D, E; t reviews C, F; u reviews B, G.
  //   r: A 1, B 4, C 5 → z(A) = −1.373, z(B) = 0.392, z(C) = 0.981
  //   s: A 5, D 3, E 3 → z(A) = √2;   t: C 2, F 3 → z(C) = −1;   u: B 4, G 3 → z(B) = 1
  //   A = (−1.373 + 1.414)/2 = 0.021 is 3rd, just above C = (0.981 − 1)/2 = −0.010.
  // r raises A from 1 to 3: r's totals become 3, 4, 5 and his spread shrinks, so C's z jumps to 1.225
  // while A's only rises to −1.225: A = 0.095 < C = 0.112. A falls from 3rd to 4th.
  const reviews = [
    level('r', 'A', 1),
    level('r', 'B', 4),
    level('r', 'C', 5),
    level('s', 'A', 5),
    level('s', 'D', 3),
    level('s', 'E', 3),
    level('t', 'C', 2),
    level('t', 'F', 3),
    level('u', 'B', 4),
    level('u', 'G', 3),
  ]
  const input = (method: 'zscore' | 'centred', raisedTo: number): RankingInput => ({
    applications: ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((id) => ({ id })),
    criteria: [{ id: 'base', label: 'Intérêt général', weight: 1, jury: 'both' }],
    reviews: reviews.map((review) => (review.reviewerId === 'r' && review.applicationId === 'A' ? level('r', 'A', raisedTo) : review)),
    juries: { administration: { mode: 'numbers', expectedReviews: 0 }, citizen: { mode: 'numbers', expectedReviews: 0 } },
    rule: { kind: 'combined', weights: { administration: 1, citizen: 1 } },
    normalisation: { method },
  })

  it('avec le score z, mieux noter A le fait passer de la 3e à la 4e place', () => {
    expect(rankOf(input('zscore', 1), 'A')).toBe(3)
    expect(rankOf(input('zscore', 3), 'A')).toBe(4)
  })

  it('avec la correction par la moyenne (par défaut), A monte', () => {
    expect(rankOf(input('centred', 3), 'A')).toBeLessThanOrEqual(rankOf(input('centred', 1), 'A'))
  })
})

describe('limite : en deux temps, la présélection sur notes corrigées a un effet de bord', () => {
  // Administration, corrected by each reviewer's mean: r reviews A (3) and X (4); u reviews A (5) and W (1);
  // s gives Y and Z the same total. Before: A (−0.5 + 2)/2 = 0.75, X 0.5, Y 0, Z 0, W −2 → A and X
  // pre-selected (N = 2). The panel (majority judgment) prefers Y, then A, then X: A is 1st.
  // r raises A to 5: A 1.25, X −0.5 → Y enters the pre-selection in place of X and, preferred by the
  // panel, passes A: A is 2nd. Raising one's own score changed who the other finalist is.
  const admin = (a: number): Review[] => [level('r', 'A', a), level('r', 'X', 4), level('u', 'A', 5), level('u', 'W', 1), level('s', 'Y', 3), level('s', 'Z', 3)]
  const panel: Review[] = [
    { applicationId: 'Y', reviewerId: 'p', jury: 'citizen', mention: 'Excellent' },
    { applicationId: 'A', reviewerId: 'p', jury: 'citizen', mention: 'Bien' },
    { applicationId: 'X', reviewerId: 'p', jury: 'citizen', mention: 'Passable' },
  ]
  const input = (method: 'centred' | 'none', a: number): RankingInput => ({
    applications: ['A', 'W', 'X', 'Y', 'Z'].map((id) => ({ id })),
    criteria: [{ id: 'base', label: 'Intérêt général', weight: 1, jury: 'both' }],
    reviews: [...admin(a), ...panel],
    juries: { administration: { mode: 'numbers', expectedReviews: 0 }, citizen: { mode: 'majority_judgment', expectedReviews: 0 } },
    rule: { kind: 'sequential', preselect: 2, citizenRanks: true, veto: null },
    normalisation: { method },
  })

  it('mieux noter A côté administration fait entrer Y, que le panel préfère : A passe de la 1re à la 2e place', () => {
    expect(rankOf(input('centred', 3), 'A')).toBe(1)
    expect(rankOf(input('centred', 5), 'A')).toBe(2)
    // A itself stays pre-selected, as the property tests guarantee.
    expect(rankApplications(input('centred', 5)).applications.find((row) => row.applicationId === 'A')!.status).toBe('preselected')
  })

  it('sur notes brutes, la même règle en deux temps reste monotone', () => {
    expect(rankOf(input('none', 5), 'A')).toBeLessThanOrEqual(rankOf(input('none', 3), 'A'))
  })
})

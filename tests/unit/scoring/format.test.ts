import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rankApplications } from '#app/accelerator/scoring/rank-applications.ts'
import { formatNumber } from '#app/utils/format.ts'
import { smallCall } from './fixtures/small-call.ts'

describe('libellés', () => {
  it('écrit les nombres à la française', () => {
    expect(formatNumber(3.75, 1)).toBe('3,8')
    expect(formatNumber(1234.5, 0)).toBe('1\u202f235')
  })

  it('propriété : le formateur mis en cache écrit exactement comme toLocaleString', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 3 }), (value, digits) => {
        expect(formatNumber(value, digits)).toBe(value.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits }))
      }),
      { numRuns: 300 },
    )
  })

  it('un appel sans candidature donne un classement vide, sans erreur', () => {
    const result = rankApplications(smallCall({ applications: [], reviews: [] }))
    expect(result.applications).toEqual([])
    expect(result.discussionOrder).toEqual([])
    expect(result.juries.citizen).toEqual({ mode: 'numbers', reviewCount: 0, reviewerCount: 0 })
  })
})

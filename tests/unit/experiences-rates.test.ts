import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { answerRates, lastYearWindow, median, type RateItem } from '#app/experiences/rates.ts'

const DAY = 24 * 60 * 60 * 1000
const window = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') }
const at = (iso: string) => new Date(iso)
const item = (publishedAt: string, answeredAfterDays: number | null, feeling: RateItem['feeling'] = 'neutral', linkedToChange = false): RateItem => ({
  publishedAt: at(publishedAt),
  firstAnsweredAt: answeredAfterDays === null ? null : new Date(at(publishedAt).getTime() + answeredAfterDays * DAY),
  feeling,
  linkedToChange,
})

describe('taux de réponse publics', () => {
  it('une fenêtre vide donne des zéros et des taux absents (jamais 0 % inventé)', () => {
    expect(answerRates([], window)).toEqual({
      published: 0,
      eligible30: 0,
      answeredWithin30: 0,
      rate30: null,
      eligible90: 0,
      answeredWithin90: 0,
      rate90: null,
      medianAnswerDays: null,
      negative: 0,
      negativeWithChange: 0,
      negativeChangeRate: null,
    })
  })

  it('ne compte que les expériences publiées dans la fenêtre (début inclus, fin exclue)', () => {
    const rates = answerRates([item('2025-12-31T23:59:59Z', 1), item('2026-01-01T00:00:00Z', 1), item('2027-01-01T00:00:00Z', 1)], window)
    expect(rates.published).toBe(1)
  })

  it('une réponse à exactement 30 jours compte dans les 30 jours ; à 31 jours, seulement dans les 90', () => {
    const rates = answerRates([item('2026-03-01T00:00:00Z', 30), item('2026-03-01T00:00:00Z', 31), item('2026-03-01T00:00:00Z', null)], window)
    expect(rates).toMatchObject({ eligible30: 3, answeredWithin30: 1, rate30: 33.3, eligible90: 3, answeredWithin90: 2, rate90: 66.7 })
  })

  it('une expérience trop récente pour avoir eu 30 (ou 90) jours n’entre pas dans ce taux', () => {
    // Published 10 days and 60 days before the end of the window, not answered.
    const rates = answerRates([item('2026-12-22T00:00:00Z', null), item('2026-11-02T00:00:00Z', null)], window)
    expect(rates).toMatchObject({ published: 2, eligible30: 1, rate30: 0, eligible90: 0, rate90: null })
  })

  it('une réponse donnée après la fin de la fenêtre n’est pas connue à cette date', () => {
    const rates = answerRates([item('2026-12-01T00:00:00Z', 40)], window)
    expect(rates).toMatchObject({ answeredWithin30: 0, medianAnswerDays: null })
  })

  it('médiane : nombre impair, nombre pair (moyenne des deux du milieu), ex æquo', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([2, 2, 2, 9])).toBe(2)
    expect(median([])).toBeNull()
    const rates = answerRates(
      [item('2026-02-01T00:00:00Z', 2), item('2026-02-01T00:00:00Z', 2), item('2026-02-01T00:00:00Z', 10), item('2026-02-01T00:00:00Z', 1.5)],
      window,
    )
    expect(rates.medianAnswerDays).toBe(2)
  })

  it('part des expériences négatives ayant mené à un changement prévu ou réalisé', () => {
    const rates = answerRates(
      [
        item('2026-02-01T00:00:00Z', 1, 'negative', true),
        item('2026-02-01T00:00:00Z', 1, 'negative'),
        item('2026-02-01T00:00:00Z', 1, 'negative'),
        item('2026-02-01T00:00:00Z', 1, 'positive', true),
      ],
      window,
    )
    expect(rates).toMatchObject({ negative: 3, negativeWithChange: 1, negativeChangeRate: 33.3 })
  })

  it('propriété : les taux restent entre 0 et 100, les réponses à 30 jours ne dépassent pas celles à 90 jours', () => {
    const arbitraryItem = fc.record({
      publishedAt: fc.date({ min: new Date('2025-06-01T00:00:00Z'), max: new Date('2027-06-01T00:00:00Z'), noInvalidDate: true }),
      delay: fc.option(fc.double({ min: 0, max: 400, noNaN: true })),
      feeling: fc.constantFrom('positive' as const, 'neutral' as const, 'negative' as const),
      linkedToChange: fc.boolean(),
    })
    fc.assert(
      fc.property(fc.array(arbitraryItem, { maxLength: 60 }), (raw) => {
        const items = raw.map((r) => ({ ...r, firstAnsweredAt: r.delay === null ? null : new Date(r.publishedAt.getTime() + r.delay * DAY) }))
        const rates = answerRates(items, window)
        for (const rate of [rates.rate30, rates.rate90, rates.negativeChangeRate]) {
          if (rate === null) continue
          expect(rate).toBeGreaterThanOrEqual(0)
          expect(rate).toBeLessThanOrEqual(100)
        }
        expect(rates.eligible90).toBeLessThanOrEqual(rates.eligible30)
        expect(rates.eligible30).toBeLessThanOrEqual(rates.published)
        expect(rates.answeredWithin30).toBeLessThanOrEqual(rates.eligible30)
      }),
    )
  })

  it('la fenêtre affichée couvre les 365 jours avant aujourd’hui (UTC)', () => {
    const stated = lastYearWindow(new Date('2026-12-07T15:00:00Z'))
    expect(stated.to.toISOString()).toBe('2026-12-07T00:00:00.000Z')
    expect(stated.from.toISOString()).toBe('2025-12-07T00:00:00.000Z')
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseReviewFilters, filtersToParams } from '#app/feedback/filters.ts'
import { bucketsOf, dayCount, monthEnd, previousPeriod, splitByMonths, weekStart } from '#app/feedback/periods.ts'
import { addDays } from '#app/utils/days.ts'

const day = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))

describe('périodes des tableaux de bord', () => {
  it('découpe une période en mois entiers et jours de bord, sans trou ni doublon', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 800 }), (from, length) => {
        const to = addDays(from, length)
        const { months, days } = splitByMonths(from, to)
        const covered = new Set<string>()
        const add = (d: string) => {
          expect(covered.has(d)).toBe(false)
          covered.add(d)
        }
        for (const range of days) for (let d = range.from; d <= range.to; d = addDays(d, 1)) add(d)
        if (months) for (let d = months.from; d <= monthEnd(months.to); d = addDays(d, 1)) add(d)
        expect(covered.size).toBe(dayCount(from, to))
        expect([...covered].sort()[0]).toBe(from)
        expect([...covered].sort().at(-1)).toBe(to)
      }),
      { numRuns: 200 },
    )
  })

  it('la période précédente a la même longueur et se termine la veille', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 400 }), (from, length) => {
        const to = addDays(from, length)
        const previous = previousPeriod(from, to)
        expect(dayCount(previous.from, previous.to)).toBe(dayCount(from, to))
        expect(addDays(previous.to, 1)).toBe(from)
      }),
    )
  })

  it('les semaines commencent le lundi et couvrent toute la période', () => {
    expect(weekStart('2026-11-23')).toBe('2026-11-23') // un lundi
    expect(weekStart('2026-11-29')).toBe('2026-11-23') // le dimanche suivant
    expect(bucketsOf('2026-11-01', '2026-11-30', 'semaine')).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'])
    expect(bucketsOf('2026-01-31', '2026-04-02', 'mois')).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'])
  })
})

describe('filtres lus dans l’adresse', () => {
  const today = '2026-11-23'
  it('sans paramètre : les 3 derniers mois, par semaine, toutes les réponses', () => {
    const { filters, errors } = parseReviewFilters(new URLSearchParams(), today)
    expect(errors).toEqual([])
    expect(filters).toMatchObject({ preset: '3m', from: '2026-08-24', to: today, granularity: 'semaine', satisfaction: null, placementId: null })
  })

  it('une période choisie à l’envers ou invalide est signalée en français, sans erreur serveur', () => {
    const inverted = parseReviewFilters(new URLSearchParams({ periode: 'perso', du: '2026-10-10', au: '2026-09-01' }), today)
    expect(inverted.errors[0]).toMatch(/date de début doit être avant la date de fin/)
    expect(inverted.filters.preset).toBe('3m')
    const invalid = parseReviewFilters(new URLSearchParams({ periode: 'perso', du: '2026-02-30', au: 'demain' }), today)
    expect(invalid.errors[0]).toMatch(/Indiquez les deux dates/)
    const junk = parseReviewFilters(new URLSearchParams({ emplacement: "'; drop table x", reponse: 'super', pas: 'heure' }), today)
    expect(junk.filters).toMatchObject({ placementId: null, satisfaction: null })
  })

  it('les filtres survivent à un aller-retour dans l’adresse', () => {
    const params = new URLSearchParams({ periode: 'perso', du: '2026-01-01', au: '2026-03-31', pas: 'mois', reponse: 'pas-bien', emplacement: '6f1c2a4e-1b2c-4d5e-8f90-123456789abc' })
    const { filters } = parseReviewFilters(params, today)
    expect(parseReviewFilters(filtersToParams(filters), today).filters).toEqual(filters)
    expect(filters.satisfaction).toBe(0)
  })
})

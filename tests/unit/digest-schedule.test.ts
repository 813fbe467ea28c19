// Digest boundaries (decision 103): the chosen hour in Paris, summer and winter, the days clocks
// change, the day covered, and an empty period.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { groupDigest, isoWeekday, latestDueDigest, parisHourOn, periodBounds } from '#app/feedback/digest-schedule.ts'

describe('heure d’envoi des résumés', () => {
  it('8 h à Paris est 7 h UTC en hiver et 6 h UTC en été', () => {
    expect(parisHourOn('2026-12-07', 8).toISOString()).toBe('2026-12-07T07:00:00.000Z')
    expect(parisHourOn('2026-07-06', 8).toISOString()).toBe('2026-07-06T06:00:00.000Z')
  })

  it('l’heure sautée au passage à l’heure d’été (2 h) devient 3 h', () => {
    // 29 mars 2026 : à 2 h il est 3 h.
    expect(parisHourOn('2026-03-29', 2).toISOString()).toBe('2026-03-29T01:00:00.000Z')
    expect(parisHourOn('2026-03-29', 3).toISOString()).toBe('2026-03-29T01:00:00.000Z')
  })

  it('un résumé quotidien couvre la veille de minuit à minuit, 23 h ou 25 h les jours de changement d’heure', () => {
    const spring = periodBounds('2026-03-29', '2026-03-29')
    expect((spring.end.getTime() - spring.start.getTime()) / 3600_000).toBe(23)
    const autumn = periodBounds('2026-10-25', '2026-10-25')
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3600_000).toBe(25)
    expect(autumn.start.toISOString()).toBe('2026-10-24T22:00:00.000Z')
    expect(autumn.end.toISOString()).toBe('2026-10-25T23:00:00.000Z')
    const due = latestDueDigest({ frequency: 'daily', hour: 7, weekday: 1 }, new Date('2026-10-26T06:30:00Z'))
    expect(due).toEqual({ sendAt: new Date('2026-10-26T06:00:00Z'), from: '2026-10-25', to: '2026-10-25' })
  })

  it('avant l’heure choisie, c’est encore le résumé de la veille qui est dû', () => {
    const at = new Date('2026-12-07T16:59:00Z') // 17 h 59 à Paris
    expect(latestDueDigest({ frequency: 'daily', hour: 18, weekday: 1 }, at)).toMatchObject({ from: '2026-12-05', to: '2026-12-05' })
    expect(latestDueDigest({ frequency: 'daily', hour: 18, weekday: 1 }, new Date('2026-12-07T17:00:00Z'))).toMatchObject({
      from: '2026-12-06',
      to: '2026-12-06',
    })
  })

  it('un résumé hebdomadaire part le jour choisi et couvre les sept jours d’avant', () => {
    // Mercredi 9 décembre 2026, 10 h à Paris.
    const due = latestDueDigest({ frequency: 'weekly', hour: 10, weekday: 3 }, new Date('2026-12-09T09:00:00Z'))
    expect(due).toEqual({ sendAt: new Date('2026-12-09T09:00:00Z'), from: '2026-12-02', to: '2026-12-08' })
    // Le mardi suivant, c’est toujours celui du mercredi.
    expect(latestDueDigest({ frequency: 'weekly', hour: 10, weekday: 3 }, new Date('2026-12-15T20:00:00Z')).from).toBe('2026-12-02')
    // Une semaine qui contient le passage à l’heure d’hiver fait 169 heures.
    const week = latestDueDigest({ frequency: 'weekly', hour: 8, weekday: 1 }, new Date('2026-10-26T12:00:00Z'))
    const bounds = periodBounds(week.from, week.to)
    expect([week.from, week.to]).toEqual(['2026-10-19', '2026-10-25'])
    expect((bounds.end.getTime() - bounds.start.getTime()) / 3600_000).toBe(169)
  })

  it('propriété : le résumé dû est passé, au jour choisi, et couvre les jours juste avant son envoi', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('daily' as const, 'weekly' as const),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 1, max: 7 }),
        (at, frequency, hour, weekday) => {
          const due = latestDueDigest({ frequency, hour, weekday }, at)
          expect(due.sendAt.getTime()).toBeLessThanOrEqual(at.getTime())
          expect(at.getTime() - due.sendAt.getTime()).toBeLessThan((frequency === 'weekly' ? 7 : 1) * 86400_000 + 3600_000)
          const bounds = periodBounds(due.from, due.to)
          expect(bounds.end.getTime()).toBeLessThanOrEqual(due.sendAt.getTime())
          if (frequency === 'weekly') expect(isoWeekday(due.to)).toBe(((weekday + 5) % 7) + 1)
        },
      ),
    )
  })
})

describe('contenu des résumés', () => {
  const services = [
    { serviceId: 'a', serviceName: 'Passeport', reviews: 3 },
    { serviceId: 'b', serviceName: 'Carte grise', reviews: 1 },
    { serviceId: 'c', serviceName: 'Allocations', reviews: 0 },
  ]
  it('groupe par service, les plus récents d’abord, et le service au commentaire le plus récent en tête', () => {
    const groups = groupDigest(services, [
      { serviceId: 'a', serviceName: 'Passeport', at: new Date('2026-12-01T10:00:00Z'), text: 'ancien' },
      { serviceId: 'b', serviceName: 'Carte grise', at: new Date('2026-12-03T10:00:00Z'), text: 'carte' },
      { serviceId: 'a', serviceName: 'Passeport', at: new Date('2026-12-02T10:00:00Z'), text: 'récent' },
    ])
    expect(groups.map((g) => [g.serviceName, g.items.map((i) => i.text)])).toEqual([
      ['Carte grise', ['carte']],
      ['Passeport', ['récent', 'ancien']],
      ['Allocations', []],
    ])
  })
  it('une période vide donne chaque service avec zéro avis et aucun commentaire', () => {
    const groups = groupDigest(
      services.map((s) => ({ ...s, reviews: 0 })),
      [],
    )
    expect(groups.map((g) => [g.serviceName, g.reviews, g.items.length])).toEqual([
      ['Allocations', 0, 0],
      ['Carte grise', 0, 0],
      ['Passeport', 0, 0],
    ])
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { indicatorValueProblem, isOverdue, parseAmount, parseDecimal, progressPercent, trancheProblem } from '#app/accelerator/mentoring/mentoring.ts'
import { permissionsFor } from '#app/accelerator/mentoring/access.server.ts'
import { addDays, addMonths, daysBetween, isDay } from '#app/utils/days.ts'

const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))

describe('dates d’une cohorte', () => {
  it('trois mois plus tard : le même jour, ou le dernier jour du mois quand il n’existe pas', () => {
    expect(addMonths('2027-01-31', 3)).toBe('2027-04-30')
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29')
    expect(addMonths('2027-03-15', 3)).toBe('2027-06-15')
  })

  it('propriété : la fin est toujours après le début, entre 89 et 92 jours plus tard, et un vrai jour', () => {
    fc.assert(
      fc.property(day, (start) => {
        const end = addMonths(start, 3)
        expect(isDay(end)).toBe(true)
        expect(daysBetween(start, end)).toBeGreaterThanOrEqual(89)
        expect(daysBetween(start, end)).toBeLessThanOrEqual(92)
      }),
    )
  })

  it('propriété : ajouter n jours puis compter redonne n', () => {
    fc.assert(fc.property(day, fc.integer({ min: -400, max: 400 }), (start, n) => {
        expect(daysBetween(start, addDays(start, n))).toBe(n)
      }))
  })

  it('refuse les dates qui n’existent pas', () => {
    for (const value of ['2027-02-30', '2027-13-01', '31/01/2027', '2027-1-5', '', null, undefined]) expect(isDay(value), String(value)).toBe(false)
  })

  it('une action est en retard seulement si elle n’est ni faite ni abandonnée et que l’échéance est passée', () => {
    expect(isOverdue({ status: 'todo', due_on: '2027-01-01' }, '2027-01-02')).toBe(true)
    expect(isOverdue({ status: 'in_progress', due_on: '2027-01-02' }, '2027-01-02')).toBe(false)
    expect(isOverdue({ status: 'done', due_on: '2027-01-01' }, '2027-02-01')).toBe(false)
    expect(isOverdue({ status: 'dropped', due_on: '2027-01-01' }, '2027-02-01')).toBe(false)
  })
})

describe('montants et indicateurs', () => {
  it('lit les montants écrits à la française, refuse le reste', () => {
    expect(parseAmount('80 000')).toBe(80_000)
    expect(parseAmount('80\u202f000 €')).toBe(80_000)
    for (const value of ['-5', '80 000,50', '1e5', 'beaucoup', '']) expect(parseAmount(value), value).toBeNaN()
    expect(parseDecimal('1 234,5')).toBe(1234.5)
    expect(parseDecimal('douze')).toBeNaN()
  })

  it('une tranche : obligatoire et bornée pour une décision favorable, interdite sinon', () => {
    expect(trancheProblem('approved', '80 000')).toEqual({ amount: 80_000, problem: null })
    expect(trancheProblem('approved', '').problem).toMatch(/Saisissez le montant/)
    expect(trancheProblem('approved', '600000').problem).toMatch(/dépasser/)
    expect(trancheProblem('rejected', '1000').problem).toMatch(/Seule une décision favorable/)
    expect(trancheProblem('postponed', '')).toEqual({ amount: null, problem: null })
  })

  it('propriété : une tranche acceptée est un entier entre 0 et 500 000', () => {
    fc.assert(
      fc.property(fc.constantFrom('approved' as const, 'rejected' as const, 'postponed' as const), fc.string({ maxLength: 12 }), (decision, text) => {
        const { amount, problem } = trancheProblem(decision, text)
        if (problem === null && amount !== null) {
          expect(Number.isInteger(amount)).toBe(true)
          expect(amount).toBeGreaterThanOrEqual(0)
          expect(amount).toBeLessThanOrEqual(500_000)
          if (decision !== 'approved') expect(amount).toBe(0)
        }
      }),
    )
  })

  it('l’unité de l’indicateur décide ce qui est accepté', () => {
    expect(indicatorValueProblem(12.5, 'foyers')).toMatch(/nombre entier/)
    expect(indicatorValueProblem(12, 'foyers')).toBeNull()
    expect(indicatorValueProblem(120, '%')).toMatch(/pourcentage/)
    expect(indicatorValueProblem(12.5, 'tonnes')).toBeNull()
    expect(indicatorValueProblem(-1, 'tonnes')).toMatch(/négative/)
  })

  it('propriété : la progression reste entre 0 et 100 et vaut 100 à la cible', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 20_000 }), (start, target, current) => {
        const progress = progressPercent(start, target, current)
        if (start === target) {
          expect(progress).toBeNull()
          return
        }
        expect(progress).toBeGreaterThanOrEqual(0)
        expect(progress).toBeLessThanOrEqual(100)
        expect(progressPercent(start, target, target)).toBe(100)
      }),
    )
  })
})

describe('droits sur un projet', () => {
  it('le porteur et les référents ne voient jamais les notes privées ; seule l’équipe valide le rapport', () => {
    expect(permissionsFor('leader')).toMatchObject({ seePrivateNotes: false, editRecord: false, addLeaderView: true, editPublicText: true })
    expect(permissionsFor('referent')).toMatchObject({ seePrivateNotes: false, editRecord: false, addLeaderView: false, editReport: false })
    expect(permissionsFor('mentor')).toMatchObject({ seePrivateNotes: true, editRecord: true, validateReport: false, manageReferents: false })
    expect(permissionsFor('team')).toMatchObject({ validateReport: true, manageReferents: true })
  })
})

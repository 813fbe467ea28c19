import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assignReviewers, type AssignmentInput, type AssignmentResult, type Override } from '#app/accelerator/scoring/assignment.ts'
import { MinCostFlow } from '#app/accelerator/scoring/min-cost-flow.ts'
import type { Jury } from '#app/accelerator/scoring/types.ts'
import { shuffle } from './fixtures/random-call.ts'

const key = (applicationId: string, reviewerId: string) => `${applicationId}|${reviewerId}`

interface InstanceOptions {
  maxApps: number
  maxPerJury: number
  maxRequired: number
  conflicts?: boolean
  overrides?: boolean
  availability?: boolean
}

/** Random assignment problems; every kind of constraint can be switched off. */
function instance(options: InstanceOptions): fc.Arbitrary<AssignmentInput> {
  const cells = options.maxApps * options.maxPerJury * 2
  return fc
    .record({
      apps: fc.integer({ min: 1, max: options.maxApps }),
      admins: fc.integer({ min: 0, max: options.maxPerJury }),
      citizens: fc.integer({ min: 0, max: options.maxPerJury }),
      k: fc.integer({ min: 0, max: options.maxRequired }),
      m: fc.integer({ min: 0, max: options.maxRequired }),
      cellDraws: fc.array(fc.integer({ min: 0, max: 19 }), { minLength: cells, maxLength: cells }),
      reviewerDraws: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: options.maxPerJury * 2, maxLength: options.maxPerJury * 2 }),
      maxLoads: fc.array(fc.integer({ min: 0, max: options.maxApps }), { minLength: options.maxPerJury * 2, maxLength: options.maxPerJury * 2 }),
      seed: fc.string({ maxLength: 6 }),
    })
    .map((r) => {
      const applications = Array.from({ length: r.apps }, (_, i) => ({ id: `app-${(i * 7) % 10}-${i}` }))
      const reviewers = [
        ...Array.from({ length: r.admins }, (_, i) => ({ id: `adm-${i}`, jury: 'administration' as Jury })),
        ...Array.from({ length: r.citizens }, (_, i) => ({ id: `cit-${i}`, jury: 'citizen' as Jury })),
      ].map((reviewer, i) => {
        const draw = r.reviewerDraws[i]!
        if (options.availability && draw === 0) return { ...reviewer, available: false }
        if (options.availability && draw <= 2) return { ...reviewer, maxLoad: r.maxLoads[i] }
        return reviewer
      })
      const conflicts: AssignmentInput['conflicts'][number][] = []
      const overrides: Override[] = []
      let cell = 0
      for (const application of applications) {
        for (const reviewer of reviewers) {
          const draw = r.cellDraws[cell++]!
          if (options.conflicts && draw <= 2) conflicts.push({ applicationId: application.id, reviewerId: reviewer.id })
          else if (options.overrides && draw === 3) overrides.push({ applicationId: application.id, reviewerId: reviewer.id, kind: 'forbidden' })
          else if (options.overrides && draw === 4) overrides.push({ applicationId: application.id, reviewerId: reviewer.id, kind: 'forced' })
        }
      }
      return { applications, reviewers, reviewsPerApplication: { administration: r.k, citizen: r.m }, conflicts, overrides, seed: r.seed }
    })
}

/** What the constraints allow, per jury: the forced cells kept, and the cells open to automatic assignment. */
function constraints(input: AssignmentInput, jury: Jury) {
  const conflicts = new Set(input.conflicts.map((c) => key(c.applicationId, c.reviewerId)))
  const forbidden = new Set((input.overrides ?? []).filter((o) => o.kind === 'forbidden').map((o) => key(o.applicationId, o.reviewerId)))
  const reviewers = input.reviewers.filter((r) => r.jury === jury)
  const available = reviewers.filter((r) => r.available !== false)
  const forced = new Set(
    (input.overrides ?? [])
      .filter((o) => o.kind === 'forced' && !conflicts.has(key(o.applicationId, o.reviewerId)) && !forbidden.has(key(o.applicationId, o.reviewerId)))
      .filter((o) => available.some((r) => r.id === o.reviewerId))
      .map((o) => key(o.applicationId, o.reviewerId)),
  )
  const open = (applicationId: string, reviewerId: string) =>
    !conflicts.has(key(applicationId, reviewerId)) && !forbidden.has(key(applicationId, reviewerId)) && !forced.has(key(applicationId, reviewerId))
  const forcedOn = (applicationId: string) => available.filter((r) => forced.has(key(applicationId, r.id))).map((r) => r.id)
  const forcedLoad = (reviewerId: string) => input.applications.filter((a) => forced.has(key(a.id, reviewerId))).length
  /** Automatic reviews a reviewer may still receive. */
  const room = (reviewer: (typeof available)[number]) =>
    reviewer.maxLoad === undefined ? Infinity : Math.max(0, reviewer.maxLoad - forcedLoad(reviewer.id))
  return { conflicts, forbidden, forced, available, open, forcedOn, forcedLoad, room, required: input.reviewsPerApplication[jury] }
}

/** Exhaustive search (tiny instances): the most reviews that can be served, and the smallest Σ load² doing so. */
function bruteForce(input: AssignmentInput, jury: Jury) {
  const c = constraints(input, jury)
  const apps = input.applications.map((a) => a.id)
  const choices = apps.map((id) => {
    const need = Math.max(0, c.required - c.forcedOn(id).length)
    const candidates = c.available.filter((r) => c.open(id, r.id)).map((r) => r.id)
    const subsets: string[][] = []
    const walk = (start: number, picked: string[]) => {
      subsets.push(picked)
      if (picked.length === need) return
      for (let i = start; i < candidates.length; i++) walk(i + 1, [...picked, candidates[i]!])
    }
    walk(0, [])
    return subsets
  })
  let best = { served: -1, squares: Infinity }
  const extra = new Map<string, number>()
  const visit = (index: number, served: number) => {
    if (index === apps.length) {
      for (const r of c.available) if ((extra.get(r.id) ?? 0) > c.room(r)) return
      const squares = c.available.reduce((sum, r) => sum + (c.forcedLoad(r.id) + (extra.get(r.id) ?? 0)) ** 2, 0)
      if (served > best.served || (served === best.served && squares < best.squares)) best = { served, squares }
      return
    }
    for (const subset of choices[index]!) {
      for (const r of subset) extra.set(r, (extra.get(r) ?? 0) + 1)
      visit(index + 1, served + subset.length)
      for (const r of subset) extra.set(r, extra.get(r)! - 1)
    }
  }
  visit(0, 0)
  return best
}

/** Independent feasibility check: plain augmenting paths (Ford–Fulkerson), no costs. */
function canServeEverything(input: AssignmentInput, jury: Jury): boolean {
  const c = constraints(input, jury)
  const apps = input.applications.map((a) => a.id)
  const need = new Map(apps.map((id) => [id, Math.max(0, c.required - c.forcedOn(id).length)]))
  const capacity = new Map(c.available.map((r) => [r.id, Math.min(c.room(r), apps.length)]))
  const matchedTo = new Map<string, string[]>(c.available.map((r) => [r.id, []]))
  const tryAssign = (app: string, seen: Set<string>): boolean => {
    for (const r of c.available) {
      if (!c.open(app, r.id) || seen.has(r.id) || matchedTo.get(r.id)!.includes(app)) continue
      seen.add(r.id)
      if (matchedTo.get(r.id)!.length < capacity.get(r.id)!) {
        matchedTo.get(r.id)!.push(app)
        return true
      }
      for (const other of [...matchedTo.get(r.id)!]) {
        if (other === app) continue
        const list = matchedTo.get(r.id)!
        list.splice(list.indexOf(other), 1, app)
        if (tryAssign(other, seen)) return true
        list.splice(list.indexOf(app), 1, other)
      }
    }
    return false
  }
  for (const app of apps) for (let i = 0; i < need.get(app)!; i++) if (!tryAssign(app, new Set())) return false
  return true
}

const cellsOf = (result: AssignmentResult) => result.assignments.map((a) => key(a.applicationId, a.reviewerId)).sort()

function checkInvariants(input: AssignmentInput, result: AssignmentResult) {
  for (const jury of ['administration', 'citizen'] as const) {
    const c = constraints(input, jury)
    const mine = result.assignments.filter((a) => a.jury === jury)
    for (const a of mine) {
      // Never a conflicted or forbidden pair, never an unavailable reviewer.
      expect(c.conflicts.has(key(a.applicationId, a.reviewerId))).toBe(false)
      expect(c.forbidden.has(key(a.applicationId, a.reviewerId))).toBe(false)
      expect(c.available.some((r) => r.id === a.reviewerId)).toBe(true)
    }
    // Every valid forced cell is kept, as forced.
    for (const cell of c.forced) expect(mine.some((a) => key(a.applicationId, a.reviewerId) === cell && a.source === 'forced')).toBe(true)
    for (const application of input.applications) {
      const reviewers = mine.filter((a) => a.applicationId === application.id).map((a) => a.reviewerId)
      expect(new Set(reviewers).size).toBe(reviewers.length)
      const automatic = mine.filter((a) => a.applicationId === application.id && a.source === 'automatic').length
      expect(automatic).toBeLessThanOrEqual(Math.max(0, c.required - c.forcedOn(application.id).length))
      const short = result.shortfalls.find((s) => s.applicationId === application.id && s.jury === jury)
      expect(short !== undefined).toBe(reviewers.length < c.required)
      if (short) expect(short).toMatchObject({ assigned: reviewers.length, required: c.required })
    }
    for (const reviewer of input.reviewers.filter((r) => r.jury === jury)) {
      const automatic = mine.filter((a) => a.reviewerId === reviewer.id && a.source === 'automatic').length
      if (reviewer.available === false) expect(mine.filter((a) => a.reviewerId === reviewer.id)).toHaveLength(0)
      if (reviewer.maxLoad !== undefined) expect(automatic).toBeLessThanOrEqual(Math.max(0, reviewer.maxLoad - c.forcedLoad(reviewer.id)))
      expect(result.loads.find((l) => l.reviewerId === reviewer.id)!.load).toBe(mine.filter((a) => a.reviewerId === reviewer.id).length)
    }
  }
  expect(result.status).toBe(result.shortfalls.length === 0 ? 'complete' : 'incomplete')
}

describe('affectation automatique : cas simples', () => {
  it('20 candidatures, 3 agents et 15 citoyens : 3 + 5 avis chacune, charges à une près', () => {
    const result = assignReviewers({
      applications: Array.from({ length: 20 }, (_, i) => ({ id: `c${String(i).padStart(2, '0')}` })),
      reviewers: [
        ...['agent-a', 'agent-b', 'agent-c'].map((id) => ({ id, jury: 'administration' as const })),
        ...Array.from({ length: 15 }, (_, i) => ({ id: `citoyen-${i}`, jury: 'citizen' as const })),
      ],
      reviewsPerApplication: { administration: 3, citizen: 5 },
      conflicts: [{ applicationId: 'c00', reviewerId: 'citoyen-3' }],
      seed: 'edition-3',
    })
    expect(result.status).toBe('complete')
    expect(result.assignments).toHaveLength(20 * 8)
    // 100 citizen reviews over 15 people: 10 people with 7, 5 with 6.
    expect(result.loads.filter((l) => l.jury === 'citizen').map((l) => l.load).sort()).toEqual([6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7])
    expect(result.balance.citizen).toMatchObject({ minLoad: 6, maxLoad: 7, withinOne: true })
    expect(result.balance.citizen.explanation).toBe('De 6 à 7 évaluations par personne : l’écart le plus petit possible.')
    expect(result.balance.administration.explanation).toBe('20 évaluations par personne.')
    expect(result.assignments.some((a) => a.applicationId === 'c00' && a.reviewerId === 'citoyen-3')).toBe(false)
    expect(result.summary).toBe('160 évaluations pour 20 candidatures : 3 de l’administration et 5 du panel citoyen par candidature.')
  })

  it('dit clairement quelles candidatures manquent d’évaluateurs, et pourquoi', () => {
    const result = assignReviewers({
      applications: [{ id: 'A' }, { id: 'B' }],
      reviewers: [
        { id: 'p1', jury: 'citizen' },
        { id: 'p2', jury: 'citizen' },
        { id: 'p3', jury: 'citizen', available: false },
        { id: 'p4', jury: 'citizen' },
      ],
      reviewsPerApplication: { administration: 0, citizen: 3 },
      conflicts: [{ applicationId: 'A', reviewerId: 'p1' }],
      overrides: [{ applicationId: 'A', reviewerId: 'p2', kind: 'forbidden' }],
    })
    expect(result.status).toBe('incomplete')
    expect(result.shortfalls).toEqual([
      {
        applicationId: 'A',
        jury: 'citizen',
        required: 3,
        assigned: 1,
        eligible: 1,
        reason: 'not_enough_eligible',
        message:
          '1 évaluateur possible pour 3 avis attendus (1 conflit d’intérêts, 1 personne indisponible, 1 exclusion manuelle) : ajoutez un membre au jury ou réduisez le nombre d’avis.',
      },
    ])
    // B still gets its three reviews: one application's problem does not stop the others.
    expect(result.assignments.filter((a) => a.applicationId === 'B').map((a) => a.reviewerId)).toEqual(['p1', 'p2', 'p4'])
    expect(result.summary).toBe('Affectation incomplète : 1 candidature n’a pas assez d’évaluateurs. La raison est indiquée pour chacune.')
  })

  it('distingue le manque de place (charges maximales) du manque d’évaluateurs possibles', () => {
    const result = assignReviewers({
      applications: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      reviewers: [
        { id: 'x', jury: 'administration', maxLoad: 1 },
        { id: 'y', jury: 'administration', maxLoad: 1 },
      ],
      reviewsPerApplication: { administration: 1, citizen: 0 },
      conflicts: [],
    })
    expect(result.shortfalls).toHaveLength(1)
    expect(result.shortfalls[0]).toMatchObject({ reason: 'reviewers_full', eligible: 2, assigned: 0 })
    const empty = assignReviewers({ applications: [{ id: 'A' }], reviewers: [], reviewsPerApplication: { administration: 1, citizen: 0 }, conflicts: [] })
    expect(empty.shortfalls[0]).toMatchObject({ reason: 'no_reviewers', message: 'Aucun membre disponible dans le jury de l’administration : invitez des évaluateurs.' })
  })

  it('garde les cases imposées, refuse celles qui touchent un conflit ou une personne indisponible', () => {
    const result = assignReviewers({
      applications: [{ id: 'A' }, { id: 'B' }],
      reviewers: [
        { id: 'x', jury: 'administration' },
        { id: 'y', jury: 'administration' },
        { id: 'z', jury: 'administration', available: false },
      ],
      reviewsPerApplication: { administration: 1, citizen: 0 },
      conflicts: [{ applicationId: 'B', reviewerId: 'x' }],
      overrides: [
        { applicationId: 'A', reviewerId: 'x', kind: 'forced' },
        { applicationId: 'A', reviewerId: 'y', kind: 'forced' },
        { applicationId: 'B', reviewerId: 'x', kind: 'forced' },
        { applicationId: 'B', reviewerId: 'z', kind: 'forced' },
      ],
    })
    expect(result.assignments).toEqual([
      { applicationId: 'A', reviewerId: 'x', jury: 'administration', source: 'forced' },
      { applicationId: 'A', reviewerId: 'y', jury: 'administration', source: 'forced' },
      { applicationId: 'B', reviewerId: 'y', jury: 'administration', source: 'automatic' },
    ])
    expect(result.overrideIssues.map((issue) => [issue.applicationId, issue.reviewerId, issue.kind, issue.kept])).toEqual([
      ['B', 'x', 'conflict', false],
      ['B', 'z', 'unavailable', false],
      ['A', 'x', 'more_than_required', true],
      ['A', 'y', 'more_than_required', true],
    ])
    expect(result.overrideIssues[0]!.message).toBe('Affectation manuelle refusée : cet évaluateur est en conflit d’intérêts avec cette candidature.')
  })

  it('le flot de coût minimal trouve le meilleur envoi sur un petit réseau connu', () => {
    // 0 → 1 (2, cost 1), 0 → 2 (1, cost 2), 1 → 2 (1, cost 1), 1 → 3 (1, cost 3), 2 → 3 (2, cost 1).
    // Max flow 3; cheapest: 0-1-3 (4), 0-1-2-3 (3), 0-2-3 (3) = 10.
    const graph = new MinCostFlow(4)
    graph.addEdge(0, 1, 2, 1)
    graph.addEdge(0, 2, 1, 2)
    graph.addEdge(1, 2, 1, 1)
    graph.addEdge(1, 3, 1, 3)
    graph.addEdge(2, 3, 2, 1)
    expect(graph.run(0, 3)).toEqual({ flow: 3, cost: 10 })
  })
})

describe('affectation automatique : propriétés', () => {
  it('propriété : sur de petits cas, autant d’avis que possible et les charges les plus égales possible (recherche exhaustive)', () => {
    fc.assert(
      fc.property(instance({ maxApps: 4, maxPerJury: 4, maxRequired: 2, conflicts: true, overrides: true, availability: true }), (input) => {
        const result = assignReviewers(input)
        checkInvariants(input, result)
        for (const jury of ['administration', 'citizen'] as const) {
          const best = bruteForce(input, jury)
          const automatic = result.assignments.filter((a) => a.jury === jury && a.source === 'automatic').length
          expect(automatic).toBe(best.served)
          const c = constraints(input, jury)
          const squares = c.available.reduce((sum, r) => sum + result.loads.find((l) => l.reviewerId === r.id)!.load ** 2, 0)
          expect(squares).toBe(best.squares)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('propriété : toute instance réalisable est entièrement affectée, jamais de conflit, d’indisponible ni de doublon', () => {
    fc.assert(
      fc.property(instance({ maxApps: 12, maxPerJury: 7, maxRequired: 4, conflicts: true, overrides: true, availability: true }), (input) => {
        const result = assignReviewers(input)
        checkInvariants(input, result)
        for (const jury of ['administration', 'citizen'] as const) {
          const feasible = canServeEverything(input, jury)
          expect(result.shortfalls.some((s) => s.jury === jury)).toBe(!feasible)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('propriété : sans contrainte, les charges de chaque jury diffèrent d’au plus une évaluation', () => {
    fc.assert(
      fc.property(instance({ maxApps: 30, maxPerJury: 9, maxRequired: 5 }), (input) => {
        const result = assignReviewers(input)
        for (const jury of ['administration', 'citizen'] as const) {
          const loads = result.loads.filter((l) => l.jury === jury).map((l) => l.load)
          if (loads.length === 0) continue
          const required = input.reviewsPerApplication[jury]
          if (required <= loads.length) {
            expect(result.shortfalls.filter((s) => s.jury === jury)).toHaveLength(0)
            expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1)
            expect(result.balance[jury].withinOne).toBe(true)
          }
        }
      }),
      { numRuns: 200 },
    )
  })

  it('propriété : avec des conflits épars, les charges restent à une près', () => {
    // Each application conflicts with at most one reviewer per jury and asks for fewer reviewers
    // than the jury has minus one: a balanced matrix always exists.
    fc.assert(
      fc.property(instance({ maxApps: 20, maxPerJury: 8, maxRequired: 3 }), fc.array(fc.nat(), { minLength: 20, maxLength: 20 }), (input, picks) => {
        const conflicts = input.applications.flatMap((application, i) => {
          const pool = input.reviewers.filter((r) => r.jury === (i % 2 === 0 ? 'administration' : 'citizen'))
          return pool.length > 0 && picks[i]! % 3 === 0 ? [{ applicationId: application.id, reviewerId: pool[picks[i]! % pool.length]!.id }] : []
        })
        const result = assignReviewers({ ...input, conflicts })
        for (const jury of ['administration', 'citizen'] as const) {
          const loads = result.loads.filter((l) => l.jury === jury).map((l) => l.load)
          if (loads.length < 4 || input.reviewsPerApplication[jury] > loads.length - 2) continue
          expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1)
        }
      }),
      { numRuns: 200 },
    )
  })

  it('propriété : même entrée, même matrice, quel que soit l’ordre des lignes', () => {
    fc.assert(
      fc.property(instance({ maxApps: 12, maxPerJury: 6, maxRequired: 3, conflicts: true, overrides: true, availability: true }), fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (input, randomness) => {
        const first = assignReviewers(input)
        const shuffled = assignReviewers({
          ...input,
          applications: shuffle(input.applications, randomness),
          reviewers: shuffle(input.reviewers, [...randomness].reverse()),
          conflicts: shuffle(input.conflicts, randomness),
          overrides: shuffle(input.overrides ?? [], randomness),
        })
        expect(shuffled).toEqual(first)
        expect(assignReviewers(input)).toEqual(first)
      }),
      { numRuns: 200 },
    )
  })

  it('propriété : relancer l’affectation en imposant son propre résultat ne change rien (idempotence)', () => {
    fc.assert(
      fc.property(instance({ maxApps: 12, maxPerJury: 6, maxRequired: 3, conflicts: true, overrides: true, availability: true }), (input) => {
        const first = assignReviewers(input)
        const again = assignReviewers({
          ...input,
          overrides: [
            ...(input.overrides ?? []).filter((o) => o.kind === 'forbidden'),
            ...first.assignments.map((a) => ({ applicationId: a.applicationId, reviewerId: a.reviewerId, kind: 'forced' as const })),
          ],
        })
        expect(cellsOf(again)).toEqual(cellsOf(first))
        expect(again.assignments.every((a) => a.source === 'forced')).toBe(true)
      }),
      { numRuns: 200 },
    )
  })

  it('propriété : une candidature qui a moins d’évaluateurs possibles que d’avis attendus est toujours signalée', () => {
    fc.assert(
      fc.property(instance({ maxApps: 10, maxPerJury: 6, maxRequired: 3, conflicts: true, availability: true }), fc.nat(), (input, pick) => {
        const jury: Jury = pick % 2 === 0 ? 'administration' : 'citizen'
        const members = input.reviewers.filter((r) => r.jury === jury)
        const required = input.reviewsPerApplication[jury]
        fc.pre(required > 0)
        // Put the target application in conflict with all but required − 1 members.
        const target = input.applications[pick % input.applications.length]!.id
        const extra = members.slice(required - 1).map((r) => ({ applicationId: target, reviewerId: r.id }))
        const result = assignReviewers({ ...input, conflicts: [...input.conflicts, ...extra] })
        expect(result.status).toBe('incomplete')
        const short = result.shortfalls.find((s) => s.applicationId === target && s.jury === jury)!
        expect(short.assigned).toBeLessThan(required)
        expect(['not_enough_eligible', 'no_reviewers']).toContain(short.reason)
      }),
      { numRuns: 200 },
    )
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assignReviewers, type Override } from '#app/accelerator/scoring/assignment.ts'
import {
  blockedPairs,
  detectConflicts,
  detectPairReasons,
  emailDomain,
  isGenericEmailDomain,
  sirenOf,
  undismissedReasons,
  type DetectionApplication,
  type DetectionReviewer,
  type Dismissal,
  type PreviousConflict,
} from '#app/accelerator/scoring/conflict-detection.ts'
import type { Jury } from '#app/accelerator/scoring/types.ts'

const application = (overrides: Partial<DetectionApplication> = {}): DetectionApplication => ({
  id: 'a1',
  reference: 'AAP-2026-001',
  title: 'Bibliothèque d’outils',
  structureName: 'La Clé des Champs',
  siret: '',
  rna: '',
  leaders: [{ userId: 'leader', name: 'Inès Blanc', email: 'ines@cle-des-champs.fr' }],
  ...overrides,
})
const reviewer = (overrides: Partial<DetectionReviewer> = {}): DetectionReviewer => ({ id: 'r1', email: 'agent@culture.gouv.fr', siret: null, ...overrides })
const none = { applications: [] as DetectionApplication[], previousConflicts: [] as PreviousConflict[] }

describe('conflits détectés : les règles', () => {
  it('le même SIRET que la structure candidate est un conflit « même organisation », expliqué en français', () => {
    const app = application({ siret: '130 025 265 00013' })
    const reasons = detectPairReasons(reviewer({ siret: '13002526500013' }), app, { ...none, applications: [app] })
    expect(reasons.map((r) => r.key)).toEqual(['organisation:130025265'])
    expect(reasons[0]!.message).toBe('Même organisation : le SIRET de cette personne (13002526500013) est celui de la structure candidate « La Clé des Champs ».')
  })

  it('un autre établissement de la même entreprise (même SIREN) est aussi un conflit ; une autre entreprise ne l’est pas', () => {
    const app = application({ siret: '13002526500021' })
    expect(detectPairReasons(reviewer({ siret: '13002526500013' }), app, none)[0]!.message).toContain('ont le même SIREN (130 025 265)')
    expect(detectPairReasons(reviewer({ siret: '11000201100044' }), app, none)).toEqual([])
    expect(detectPairReasons(reviewer({ siret: null }), app, none)).toEqual([])
  })

  it('le même domaine d’e-mail qu’un porteur est un conflit, sauf pour un webmail courant', () => {
    const app = application({ leaders: [{ userId: null, name: 'Paul Roux', email: 'paul@asso-velo.fr' }] })
    expect(detectPairReasons(reviewer({ email: 'Marie@Asso-Velo.fr' }), app, none).map((r) => r.message)).toEqual([
      'Même domaine d’adresse e-mail (@asso-velo.fr) que Paul Roux, qui porte cette candidature.',
    ])
    for (const domain of ['gmail.com', 'orange.fr', 'free.fr', 'laposte.net', 'outlook.fr', 'hotmail.fr', 'yahoo.fr', 'sfr.fr', 'wanadoo.fr', 'icloud.com', 'protonmail.com']) {
      expect(isGenericEmailDomain(domain)).toBe(true)
      const webmail = application({ leaders: [{ userId: null, name: 'Paul Roux', email: `paul@${domain}` }] })
      expect(detectPairReasons(reviewer({ email: `marie@${domain}` }), webmail, none)).toEqual([])
    }
  })

  it('porter une candidature de l’appel est un conflit qu’on ne peut pas écarter', () => {
    const app = application()
    const [reason] = detectPairReasons(reviewer({ id: 'leader', email: 'autre@exemple.org' }), app, none)
    expect(reason).toMatchObject({ rule: 'own_application', dismissible: false })
    const conflict = { applicationId: 'a1', reviewerId: 'leader', reasons: [reason!] }
    expect(undismissedReasons(conflict, [{ applicationId: 'a1', reviewerId: 'leader', reasonKey: 'own_application' }])).toHaveLength(1)
  })

  it('co-porter une autre candidature de la même structure (SIREN ou RNA) est un conflit ; d’une autre structure, non', () => {
    const target = application({ id: 'a1', rna: 'W751234567', leaders: [] })
    const sibling = application({ id: 'a2', reference: 'AAP-2026-002', title: 'Vélos', rna: 'w751234567', leaders: [{ userId: 'r1', name: 'R', email: 'r@x.fr' }] })
    const stranger = application({ id: 'a3', rna: 'W999999999', leaders: [{ userId: 'r1', name: 'R', email: 'r@x.fr' }] })
    const reasons = detectPairReasons(reviewer(), target, { applications: [target, sibling, stranger], previousConflicts: [] })
    expect(reasons.map((r) => r.message)).toEqual(['Cette personne porte aussi la candidature AAP-2026-002 « Vélos », d’une structure commune (RNA W751234567).'])
  })

  it('un conflit déclaré lors d’un appel précédent entre les mêmes personnes revient', () => {
    const previous: PreviousConflict = { id: 'c0', reviewerId: 'r1', callTitle: 'Appel 2025', leaderUserIds: ['leader'], leaderEmails: [] }
    const reasons = detectPairReasons(reviewer(), application(), { applications: [], previousConflicts: [previous] })
    expect(reasons.map((r) => r.message)).toEqual([
      'Un conflit d’intérêts a été déclaré lors de l’appel « Appel 2025 » entre cette personne et Inès Blanc, qui porte cette candidature.',
    ])
    expect(detectPairReasons(reviewer({ id: 'r2' }), application(), { applications: [], previousConflicts: [previous] })).toEqual([])
  })

  it('une raison écartée ne bloque plus, une nouvelle raison bloque à nouveau', () => {
    const app = application({ siret: '13002526500013', leaders: [{ userId: 'leader', name: 'Inès Blanc', email: 'ines@dinum.fr' }] })
    const before = detectConflicts({ reviewers: [reviewer({ siret: '13002526500013' })], applications: [app], previousConflicts: [] })
    const dismissals: Dismissal[] = [{ applicationId: 'a1', reviewerId: 'r1', reasonKey: 'organisation:130025265' }]
    expect(blockedPairs([], before, dismissals)).toEqual([])
    const after = detectConflicts({ reviewers: [reviewer({ siret: '13002526500013', email: 'agent@dinum.fr' })], applications: [app], previousConflicts: [] })
    expect(blockedPairs([], after, dismissals)).toEqual([{ applicationId: 'a1', reviewerId: 'r1' }])
  })

  it('lit le SIREN et le domaine sans se tromper sur les valeurs invalides', () => {
    expect(sirenOf('130 025 265 00013')).toBe('130025265')
    expect(sirenOf('130025265')).toBe('130025265')
    expect(sirenOf('1300')).toBeNull()
    expect(emailDomain('sans-arobase')).toBeNull()
    expect(emailDomain('a@localhost')).toBeNull()
  })
})

// ── Property: whatever the data, the assignment never pairs a reviewer with an application they
// are in conflict with — declared, or detected and not (entirely) dismissed.
const SIRETS = ['13002526500013', '13002526500021', '11000201100044', '', null] as const
const DOMAINS = ['asso-velo.fr', 'mairie-figeac.fr', 'gmail.com', 'orange.fr', 'culture.gouv.fr'] as const

const world = fc
  .record({
    reviewers: fc.array(fc.record({ siret: fc.constantFrom(...SIRETS), domain: fc.constantFrom(...DOMAINS), citizen: fc.boolean(), available: fc.boolean() }), {
      minLength: 1,
      maxLength: 7,
    }),
    applications: fc.array(
      fc.record({
        siret: fc.constantFrom(...SIRETS),
        rna: fc.constantFrom('', 'W751234567', 'W111111111'),
        leaderDomain: fc.constantFrom(...DOMAINS),
        reviewerLeaders: fc.array(fc.nat(6), { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    previous: fc.array(fc.record({ reviewer: fc.nat(6), leaderOf: fc.nat(5) }), { maxLength: 3 }),
    declared: fc.array(fc.record({ app: fc.nat(5), reviewer: fc.nat(6) }), { maxLength: 5 }),
    dismissDraws: fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
    forcedDraws: fc.array(fc.record({ app: fc.nat(5), reviewer: fc.nat(6), kind: fc.constantFrom('forced', 'forbidden') }), { maxLength: 8 }),
    k: fc.integer({ min: 0, max: 3 }),
    m: fc.integer({ min: 0, max: 3 }),
  })
  .map((draw) => {
    const reviewers: Array<DetectionReviewer & { id: string; jury: Jury; available: boolean }> = draw.reviewers.map((r, i) => ({
      id: `r${i}`,
      email: `personne${i}@${r.domain}`,
      siret: r.siret,
      jury: r.citizen ? 'citizen' : 'administration',
      available: r.available,
    }))
    const applications: DetectionApplication[] = draw.applications.map((a, i) => ({
      id: `a${i}`,
      reference: `AAP-${i}`,
      title: `Projet ${i}`,
      structureName: `Structure ${i}`,
      siret: a.siret ?? '',
      rna: a.rna,
      leaders: [
        { userId: `leader${i}`, name: `Porteur ${i}`, email: `porteur${i}@${a.leaderDomain}` },
        ...a.reviewerLeaders.filter((n) => n < reviewers.length).map((n) => ({ userId: `r${n}`, name: `Personne ${n}`, email: reviewers[n]!.email })),
      ],
    }))
    const previousConflicts: PreviousConflict[] = draw.previous
      .filter((p) => p.reviewer < reviewers.length && p.leaderOf < applications.length)
      .map((p, i) => ({ id: `c${i}`, reviewerId: `r${p.reviewer}`, callTitle: 'Appel précédent', leaderUserIds: [`leader${p.leaderOf}`], leaderEmails: [] }))
    const declared = draw.declared
      .filter((d) => d.app < applications.length && d.reviewer < reviewers.length)
      .map((d) => ({ applicationId: `a${d.app}`, reviewerId: `r${d.reviewer}` }))
    const detected = detectConflicts({ reviewers, applications, previousConflicts })
    // The team dismisses some reasons (an attempt on a non-dismissible one included).
    let draw_ = 0
    const dismissals: Dismissal[] = detected.flatMap((conflict) =>
      conflict.reasons.filter(() => draw.dismissDraws[draw_++ % 60]).map((reason) => ({ applicationId: conflict.applicationId, reviewerId: conflict.reviewerId!, reasonKey: reason.key })),
    )
    const overrides: Override[] = draw.forcedDraws
      .filter((o) => o.app < applications.length && o.reviewer < reviewers.length)
      .map((o) => ({ applicationId: `a${o.app}`, reviewerId: `r${o.reviewer}`, kind: o.kind }))
    return { reviewers, applications, declared, detected, dismissals, overrides, k: draw.k, m: draw.m }
  })

describe('propriété : une affectation ne contient jamais une paire en conflit', () => {
  it('ni conflit déclaré, ni conflit détecté non écarté, même imposé à la main', () => {
    fc.assert(
      fc.property(world, (w) => {
        const blocked = blockedPairs(w.declared, w.detected, w.dismissals)
        const result = assignReviewers({
          applications: w.applications.map((a) => ({ id: a.id })),
          reviewers: w.reviewers.map((r) => ({ id: r.id, jury: r.jury, available: r.available })),
          reviewsPerApplication: { administration: w.k, citizen: w.m },
          conflicts: blocked,
          overrides: w.overrides,
          seed: 'appel',
        })
        const assigned = new Set(result.assignments.map((a) => `${a.applicationId}|${a.reviewerId}`))
        for (const pair of w.declared) expect(assigned.has(`${pair.applicationId}|${pair.reviewerId}`)).toBe(false)
        for (const conflict of w.detected) {
          if (undismissedReasons(conflict, w.dismissals).length > 0) expect(assigned.has(`${conflict.applicationId}|${conflict.reviewerId}`)).toBe(false)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('un conflit détecté dont toutes les raisons sont écartées n’est plus bloqué, sauf si la personne porte la candidature ou l’a déclaré', () => {
    fc.assert(
      fc.property(world, (w) => {
        const all: Dismissal[] = w.detected.flatMap((c) => c.reasons.map((r) => ({ applicationId: c.applicationId, reviewerId: c.reviewerId!, reasonKey: r.key })))
        const blocked = new Set(blockedPairs(w.declared, w.detected, all).map((p) => `${p.applicationId}|${p.reviewerId}`))
        for (const conflict of w.detected) {
          const key = `${conflict.applicationId}|${conflict.reviewerId}`
          const own = conflict.reasons.some((r) => r.rule === 'own_application')
          const declared = w.declared.some((d) => `${d.applicationId}|${d.reviewerId}` === key)
          expect(blocked.has(key)).toBe(own || declared)
        }
      }),
      { numRuns: 200 },
    )
  })
})

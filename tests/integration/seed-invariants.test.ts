// What a freshly seeded demo must satisfy (issue 18, point 7): the demo is built with the domain's
// verbs, so it holds the rules the domain holds. Each check reads the whole database, so it also
// covers calls and cohorts added to the seed later.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import { DEMO_ACCOUNTS } from '#db/demo-accounts.ts'
import { seedDemo } from '#db/seed.ts'
import { STRUCTURE_KINDS } from '#app/accelerator/applications/application-form.ts'
import type { PublishedSnapshot } from '#app/accelerator/scoring/results.server.ts'
import type { AppServices } from '#app/context.server.ts'
import { setClockOffset } from '#app/utils/clock.server.ts'
import * as publicResults from '#app/routes/appels.$slug.resultats.tsx'
import * as publicCall from '#app/routes/appels.$slug._index.tsx'
import { callRoute } from '#tests/helpers/call-route.ts'
import { createTestServices } from '#tests/helpers/context.ts'
import { createTestDb, truncateAll } from '#tests/helpers/db.ts'

let handle: DbHandle
let services: AppServices

// Not useTestApp: the demo is seeded once for the whole file, and its tables must not be emptied between tests.
beforeAll(async () => {
  process.env.UPLOADS_DIR = '/tmp/aic-test-uploads'
  handle = await createTestDb()
  services = await createTestServices(handle)
  setClockOffset(0)
  await truncateAll(handle.db)
  await seedDemo(handle.db)
})
afterAll(() => handle.close())

const publishedCalls = () => handle.db.selectFrom('calls').select(['id', 'slug', 'title']).where('state', '=', 'resultats_publies').orderBy('slug').execute()

describe('données de démonstration fraîchement créées', () => {
  it('la démonstration contient un appel aux résultats publiés et une cohorte (sinon les autres vérifications ne vérifient rien)', async () => {
    expect((await publishedCalls()).map((c) => c.slug)).toContain('edition-1')
    const cohortProjects = await handle.db.selectFrom('mentoring_projects').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
    expect(cohortProjects.n).toBeGreaterThan(0)
    const reviews = await handle.db.selectFrom('scoring_reviews').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'submitted').executeTakeFirstOrThrow()
    expect(reviews.n).toBeGreaterThan(0)
  })

  it('chaque appel aux résultats publiés a sa publication, et sa page de résultats publique répond 200 avec ses lauréats', async () => {
    const calls = await publishedCalls()
    for (const call of calls) {
      const publication = await handle.db.selectFrom('scoring_publications').select(['snapshot']).where('call_id', '=', call.id).executeTakeFirst()
      expect(publication, `publication de « ${call.title} »`).toBeDefined()
      const page = await callRoute(services, publicResults.loader, { path: `/appels/${call.slug}/resultats`, params: { slug: call.slug } })
      expect(page.status, `/appels/${call.slug}/resultats`).toBe(200)
      const data = page.data
      const retained = await handle.db.selectFrom('applications').select('id').where('call_id', '=', call.id).where('state', '=', 'retenue').execute()
      expect(data.laureates).toHaveLength(retained.length)
      expect(data.statistics.retained).toBe(retained.length)
      // The call's own page, which links to the results, answers too.
      expect((await callRoute(services, publicCall.loader, { path: `/appels/${call.slug}`, params: { slug: call.slug } })).status).toBe(200)
    }
  })

  it('aucune publication sans appel aux résultats publiés', async () => {
    const orphans = await handle.db
      .selectFrom('scoring_publications as p')
      .innerJoin('calls as c', 'c.id', 'p.call_id')
      .select('c.slug')
      .where('c.state', '!=', 'resultats_publies')
      .execute()
    expect(orphans).toEqual([])
  })

  it('chaque candidature évaluée d’un appel publié a une décision, la même que dans la publication et que son état', async () => {
    for (const call of await publishedCalls()) {
      // Applications closed at instruction (withdrawn, declared inadmissible) never reach the scoring.
      const applications = await handle.db
        .selectFrom('applications as a')
        .leftJoin('scoring_decisions as d', 'd.application_id', 'a.id')
        .select(['a.id', 'a.reference', 'a.state', 'd.decision'])
        .where('a.call_id', '=', call.id)
        .where('a.state', 'not in', ['brouillon', 'sans_suite'])
        .where((eb) =>
          eb.not(eb.exists(eb.selectFrom('audit_log as l').select('l.id').where(sql<boolean>`l.subject_id = a.id::text`).where('l.action', '=', 'application.declared_inadmissible'))),
        )
        .execute()
      expect(applications.length, call.title).toBeGreaterThan(0)
      const publication = await handle.db.selectFrom('scoring_publications').select('snapshot').where('call_id', '=', call.id).executeTakeFirstOrThrow()
      const rows = new Map((publication.snapshot as PublishedSnapshot).rows.map((row) => [row.applicationId, row.decision]))
      for (const application of applications) {
        expect(application.decision, `décision de ${application.reference}`).not.toBeNull()
        expect(rows.get(application.id), `${application.reference} dans la publication`).toBe(application.decision)
        if (application.decision === 'retenue' || application.decision === 'non_retenue') expect(application.state, application.reference ?? '').toBe(application.decision)
      }
      expect(rows.size).toBe(applications.length)
    }
  })

  it('chaque projet d’une cohorte vient d’une candidature retenue de l’appel de sa cohorte', async () => {
    const projects = await handle.db
      .selectFrom('mentoring_projects as p')
      .innerJoin('mentoring_cohorts as c', 'c.id', 'p.cohort_id')
      .innerJoin('applications as a', 'a.id', 'p.application_id')
      .innerJoin('calls as k', 'k.id', 'c.call_id')
      .select(['a.reference', 'a.state', 'a.call_id', 'c.call_id as cohortCall', 'k.state as callState'])
      .execute()
    for (const project of projects) {
      expect(project.state, project.reference ?? '').toBe('retenue')
      expect(project.call_id, project.reference ?? '').toBe(project.cohortCall)
      expect(project.callState, project.reference ?? '').toBe('resultats_publies')
    }
  })

  it('chaque évaluation envoyée est celle d’un membre du jury de son appel, dans son jury, sur une candidature qui lui est confiée', async () => {
    const reviews = await handle.db
      .selectFrom('scoring_reviews as r')
      .leftJoin('role_assignments as g', (join) =>
        join
          .onRef('g.user_id', '=', 'r.user_id')
          .on('g.scope_type', '=', 'call')
          .on(sql<boolean>`g.scope_id = r.call_id::text`)
          .on(sql<boolean>`g.role = case when r.jury = 'administration' then 'admin_reviewer' else 'citizen_panelist' end`),
      )
      .leftJoin('scoring_assignments as s', (join) => join.onRef('s.application_id', '=', 'r.application_id').onRef('s.user_id', '=', 'r.user_id'))
      .innerJoin('applications as a', 'a.id', 'r.application_id')
      .select(['r.id', 'g.id as grant', 's.user_id as assigned', 'a.call_id', 'r.call_id as reviewCall'])
      .where('r.status', '=', 'submitted')
      .execute()
    for (const review of reviews) {
      expect(review.grant, `rôle de juré pour l’évaluation ${review.id}`).not.toBeNull()
      expect(review.assigned, `affectation de l’évaluation ${review.id}`).not.toBeNull()
      expect(review.call_id).toBe(review.reviewCall)
    }
  })

  it('un nom de la démonstration ne porte pas une autre année que ses dates (appels, cohortes, comptes)', async () => {
    // The demo's dates move with the day it is seeded: a call titled « 2024 » whose dates all fall in 2026
    // confused a newcomer. A name may carry a year only if it is the year of one of its own dates.
    const calls = await handle.db.selectFrom('calls').select(['title as name', 'opens_at', 'closes_at', 'results_on']).execute()
    const cohorts = await handle.db.selectFrom('mentoring_cohorts').select(['name', 'starts_on', 'ends_on']).execute()
    const named = [
      ...calls.map((c) => ({ name: c.name, dates: [c.opens_at, c.closes_at, c.results_on] })),
      ...cohorts.map((c) => ({ name: c.name, dates: [c.starts_on, c.ends_on] })),
    ]
    expect(named.length).toBeGreaterThan(3)
    for (const { name, dates } of named) {
      const years = new Set(dates.filter((d) => d !== null).map((d) => (d instanceof Date ? d.toISOString() : String(d)).slice(0, 4)))
      for (const year of name.match(/\b20\d\d\b/g) ?? []) expect(years, `« ${name} »`).toContain(year)
    }
    // The sign-ins printed at start name the calls as their pages do (by edition, without a year).
    for (const { email, description } of DEMO_ACCOUNTS) expect(description, email).not.toMatch(/\b20\d\d\b/)
  })

  it('aucune candidature retenue (ni décision) dans un appel dont les résultats ne sont pas publiés', async () => {
    const retained = await handle.db
      .selectFrom('applications as a')
      .innerJoin('calls as c', 'c.id', 'a.call_id')
      .select(['a.reference', 'c.slug'])
      .where('a.state', '=', 'retenue')
      .where('c.state', '!=', 'resultats_publies')
      .execute()
    expect(retained).toEqual([])
    const decided = await handle.db
      .selectFrom('scoring_decisions as d')
      .innerJoin('calls as c', 'c.id', 'd.call_id')
      .select('c.slug')
      .where('c.state', 'not in', ['en_deliberation', 'resultats_publies'])
      .execute()
    expect(decided).toEqual([])
  })

  it('chaque type de structure (des candidatures et des grilles des appels) est une valeur d’aujourd’hui, en anglais (décision 113)', async () => {
    const known = new Set<string>(STRUCTURE_KINDS.map((kind) => kind.value))
    const applications = await handle.db.selectFrom('applications').select(['reference', 'structure_kind']).execute()
    expect(applications.filter((a) => a.structure_kind !== null && !known.has(a.structure_kind))).toEqual([])
    expect(new Set(applications.map((a) => a.structure_kind))).toContain('collective')
    const grids = await handle.db.selectFrom('call_grid_versions').select(['call_id', 'version', 'eligible_kinds']).execute()
    expect(grids.length).toBeGreaterThan(0)
    expect(grids.filter((g) => g.eligible_kinds.some((kind) => !known.has(kind)))).toEqual([])
  })
})

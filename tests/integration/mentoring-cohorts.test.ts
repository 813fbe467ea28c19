import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import * as cohortExport from '#app/routes/accompagnement.cohortes.$cohortId.export.tsx'
import * as cohortView from '#app/routes/accompagnement.cohortes.$cohortId._index.tsx'
import * as newCohort from '#app/routes/accompagnement.cohortes.nouvelle.tsx'
import * as home from '#app/routes/accompagnement._index.tsx'
import { auditActions, outbox } from '#tests/helpers/accelerator.ts'
import type { RouteHandler } from '#tests/helpers/call-route.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestWorld } from '#tests/helpers/setup.ts'
import type { World } from '#tests/helpers/world.ts'
import { addDays, addMonths } from '#app/utils/days.ts'

const app = useTestWorld()

type Persona = keyof World['users']
/** The persona's roles are read again at each call (a test may change them). */
async function run<H extends RouteHandler>(handler: H, persona: Persona, path: string, params: Record<string, string>, fields?: Record<string, string | string[]>) {
  return app.call(handler, { user: await sessionUser(app.services, app.world.users[persona].id), path, params, fields })
}
const firstEdition = async () => (await app.db.selectFrom('calls').select('id').where('slug', '=', 'edition-1').executeTakeFirstOrThrow()).id

describe('cohortes', () => {
  it('l’équipe crée une cohorte avec les projets retenus pas encore accompagnés ; la fin vaut trois mois par défaut ; un double envoi ne crée rien de plus', async () => {
    const callId = await firstEdition()
    const fields = { callId, name: 'Deuxième promotion', startsOn: '2027-01-31', endsOn: '' }
    const first = await run(newCohort.action, 'programmeTeam', '/accompagnement/cohortes/nouvelle', {}, fields)
    expect(first.status).toBe(302)
    const second = await run(newCohort.action, 'programmeTeam', '/accompagnement/cohortes/nouvelle', {}, fields)
    expect(second.headers.get('Location')).toBe(first.headers.get('Location'))
    const cohorts = await app.db.selectFrom('mentoring_cohorts').selectAll().where('name', '=', fields.name).execute()
    expect(cohorts).toHaveLength(1)
    expect(cohorts[0]!.ends_on).toBe('2027-04-30')
    expect(addMonths('2027-01-31', 3)).toBe('2027-04-30')
    const projects = await app.db.selectFrom('mentoring_projects').select('application_id').where('cohort_id', '=', cohorts[0]!.id).execute()
    // Seven 2024 laureates, four already in the running cohort: three left.
    expect(projects).toHaveLength(3)
    expect((await auditActions(app.db, cohorts[0]!.id)).map((a) => a.action)).toEqual(['cohort.created'])
    // Each project's leader is told where to follow the mentoring, once.
    const welcome = (await outbox(app.db, 'helene.faure@exemple.fr')).filter((m) => m.template === 'mentoring-welcome')
    expect(welcome).toHaveLength(1)
    expect(welcome[0]!.text).toMatch(/Repérer le logement indigne[\s\S]*\/accompagnement\/projets\//)
    // Nothing left to put in a third cohort.
    const third = await run(newCohort.action, 'programmeTeam', '/accompagnement/cohortes/nouvelle', {}, { ...fields, name: 'Encore une' })
    expect(third.status).toBe(400)
    expect(JSON.stringify(third.body)).toContain('aucun projet retenu')
  })

  it('une saisie incorrecte est refusée avec un message en français, sans rien créer', async () => {
    const callId = await firstEdition()
    const before = (await app.db.selectFrom('mentoring_cohorts').select('id').execute()).length
    const cases: Array<Record<string, string>> = [
      { callId, name: '', startsOn: '2027-01-31' },
      { callId, name: 'X', startsOn: '31/01/2027' },
      { callId, name: 'X', startsOn: '2027-02-30' },
      { callId, name: 'X', startsOn: '2027-03-01', endsOn: '2027-02-01' },
      { callId: 'pas-un-id', name: 'X', startsOn: '2027-03-01' },
    ]
    for (const fields of cases) {
      const response = await run(newCohort.action, 'programmeTeam', '/accompagnement/cohortes/nouvelle', {}, fields)
      expect(response.status).toBe(400)
      expect(JSON.stringify(response.body)).toMatch(/Saisissez|Choisissez|La fin doit venir/)
    }
    expect((await app.db.selectFrom('mentoring_cohorts').select('id').execute()).length).toBe(before)
  })

  it('confier un projet donne au chargé d’accélération le rôle sur la cohorte ; un mentor d’une autre cohorte reçoit un 404', async () => {
    const cohortId = app.world.ids.otherCohort!
    const path = `/accompagnement/cohortes/${cohortId}`
    expect((await run(cohortView.loader, 'mentor', path, { cohortId })).status).toBe(404)
    const response = await run(cohortView.action, 'programmeTeam', path, { cohortId }, { intent: 'assign_mentor', projectId: app.world.ids.otherMentoredProject!, mentorId: app.world.users.mentor.id })
    expect(response.status).toBe(302)
    expect((await run(cohortView.loader, 'mentor', path, { cohortId })).status).toBe(200)
    // The mentor cannot reassign projects themselves.
    expect((await run(cohortView.action, 'mentor', path, { cohortId }, { intent: 'assign_mentor', projectId: app.world.ids.otherMentoredProject!, mentorId: app.world.users.mentor.id })).status).toBe(403)
    expect((await run(cohortView.loader, 'otherCohortMentor', `/accompagnement/cohortes/${app.world.ids.cohort}`, { cohortId: app.world.ids.cohort! })).status).toBe(404)
    // Someone who is not a mentor cannot be given a project.
    const refused = await run(cohortView.action, 'programmeTeam', path, { cohortId }, { intent: 'assign_mentor', projectId: app.world.ids.otherMentoredProject!, mentorId: app.world.users.reviewer.id })
    expect(refused.status).toBe(400)
  })

  it('changer les dates d’une cohorte ne peut pas laisser un point d’étape ou une action hors de la période', async () => {
    const cohortId = app.world.ids.cohort!
    const cohort = await app.db.selectFrom('mentoring_cohorts').select(['starts_on', 'ends_on']).where('id', '=', cohortId).executeTakeFirstOrThrow()
    const path = `/accompagnement/cohortes/${cohortId}`
    const later = await run(cohortView.action, 'programmeTeam', path, { cohortId }, { intent: 'set_dates', startsOn: addDays(cohort.starts_on, 10), endsOn: cohort.ends_on })
    expect(later.status).toBe(400)
    expect(JSON.stringify(later.body)).toContain('le début ne peut pas être après cette date')
    const shorter = await run(cohortView.action, 'programmeTeam', path, { cohortId }, { intent: 'set_dates', startsOn: cohort.starts_on, endsOn: addDays(cohort.starts_on, 20) })
    expect(shorter.status).toBe(400)
    const longer = await run(cohortView.action, 'programmeTeam', path, { cohortId }, { intent: 'set_dates', startsOn: cohort.starts_on, endsOn: addDays(cohort.ends_on, 14) })
    expect(longer.status).toBe(302)
    expect((await app.db.selectFrom('mentoring_cohorts').select('ends_on').where('id', '=', cohortId).executeTakeFirstOrThrow()).ends_on).toBe(addDays(cohort.ends_on, 14))
  })

  it('la vue de cohorte montre chaque projet avec sa santé, son dernier point, ses besoins ouverts et ses retards ; filtres et tris par l’adresse', async () => {
    const cohortId = app.world.ids.cohort!
    const all = (await run(cohortView.loader, 'mentor', `/accompagnement/cohortes/${cohortId}`, { cohortId })).data
    expect(all.rows).toHaveLength(5)
    const stuck = (await run(cohortView.loader, 'mentor', `/accompagnement/cohortes/${cohortId}?sante=stuck`, { cohortId })).data
    expect(stuck.rows.map((r) => r.health)).toEqual(['stuck'])
    expect(stuck.rows[0]!.lastCheckIn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const late = (await run(cohortView.loader, 'mentor', `/accompagnement/cohortes/${cohortId}?tri=retards`, { cohortId })).data
    const overdue = late.rows.map((r) => r.overdueActions)
    expect(overdue).toEqual([...overdue].sort((a: number, b: number) => b - a))
    expect(overdue[0]).toBeGreaterThan(0)
    expect(late.rows.find((r) => r.title === 'Projet accompagné du porteur')!.lastCheckIn).toBeNull()
    expect(all.rows.every((r) => typeof r.openNeeds === 'number')).toBe(true)
    expect(all.funding.total).toBe(3 * 80_000)
    // Unknown filter values are ignored, not a 500.
    expect((await run(cohortView.loader, 'mentor', `/accompagnement/cohortes/${cohortId}?sante=%00&tri=x`, { cohortId })).status).toBe(200)
  })

  it('le porteur retrouve son projet accompagné depuis /accompagnement', async () => {
    const mine = (await run(home.loader, 'leader', '/accompagnement', {})).data
    expect(mine.followed.map((p) => p.title)).toEqual(['Projet accompagné du porteur'])
    expect(mine.cohorts).toEqual([])
    const other = (await run(home.loader, 'otherLeader', '/accompagnement', {})).data
    expect(other.followed.map((p) => p.title)).toEqual(['Projet d’une autre cohorte'])
  })

  it('export de la cohorte en CSV (à la française) et en XLSX : une ligne par projet, audité ; rien pour un mentor d’une autre cohorte', async () => {
    const cohortId = app.world.ids.cohort!
    const csv = await run(cohortExport.loader, 'mentor', `/accompagnement/cohortes/${cohortId}/export?format=csv`, { cohortId })
    expect(csv.headers.get('Content-Type')).toContain('text/csv')
    const bytes = csv.bytes
    // A byte order mark, so French spreadsheets read UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n')
    expect(lines[0]!.startsWith('projet;structure;charge_acceleration;sante')).toBe(true)
    expect(lines).toHaveLength(1 + 5)
    const solar = lines.find((line) => line.startsWith('Toits solaires partagés'))!.split(';')
    expect(solar[15]).toBe('80000')
    const xlsx = await run(cohortExport.loader, 'programmeTeam', `/accompagnement/cohortes/${cohortId}/export?format=xlsx`, { cohortId })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.bytes.buffer as ArrayBuffer)
    expect(workbook.getWorksheet('cohorte')!.rowCount).toBe(1 + 5)
    expect((await auditActions(app.db, cohortId)).filter((a) => a.action === 'cohort.exported')).toHaveLength(2)
    expect((await run(cohortExport.loader, 'otherCohortMentor', `/accompagnement/cohortes/${cohortId}/export`, { cohortId })).status).toBe(404)
  })
})

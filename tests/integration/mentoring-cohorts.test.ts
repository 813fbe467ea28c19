import type { SerializeFrom } from '@remix-run/node'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import type { AppServices } from '#app/context.server.ts'
import { setClockOffset } from '#app/utils/clock.server.ts'
import * as cohortExport from '#app/routes/accompagnement.cohortes.$cohortId.export.tsx'
import * as cohortView from '#app/routes/accompagnement.cohortes.$cohortId._index.tsx'
import * as newCohort from '#app/routes/accompagnement.cohortes.nouvelle.tsx'
import * as home from '#app/routes/accompagnement._index.tsx'
import { auditActions, outbox } from '#tests/helpers/accelerator.ts'
import { contextFor, createTestServices, formRequest, getRequest, sessionUser } from '#tests/helpers/context.ts'
import { createTestDb, truncateAll } from '#tests/helpers/db.ts'
import { buildWorld, type World } from '#tests/helpers/world.ts'
import { addDays, addMonths } from '#app/utils/days.ts'

let handle: DbHandle
let services: AppServices
let world: World
beforeAll(async () => {
  handle = await createTestDb()
  services = await createTestServices(handle)
})
afterAll(() => handle.close())
beforeEach(async () => {
  setClockOffset(0)
  await truncateAll(handle.db)
  world = await buildWorld(services)
})

type Persona = keyof World['users']
async function run(handler: (args: never) => Promise<unknown>, persona: Persona, path: string, params: Record<string, string>, fields?: Record<string, string | string[]>) {
  const context = await contextFor(services, await sessionUser(services, world.users[persona].id))
  const request = fields ? await formRequest(services, path, fields) : getRequest(path)
  try {
    return (await handler({ request, context, params } as never)) as Response
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}
const body = async (response: Response): Promise<unknown> => response.json()
/** A loader's JSON, typed as the page receives it. */
async function data<L extends (args: never) => Promise<unknown>>(_loader: L, response: Response): Promise<SerializeFrom<L>> {
  return (await response.json()) as SerializeFrom<L>
}
const call2024 = async () => (await handle.db.selectFrom('calls').select('id').where('slug', '=', 'appel-2024').executeTakeFirstOrThrow()).id

describe('cohortes', () => {
  it('l’équipe crée une cohorte avec les projets retenus pas encore accompagnés ; la fin vaut trois mois par défaut ; un double envoi ne crée rien de plus', async () => {
    const callId = await call2024()
    const fields = { callId, name: 'Promotion 2024 – deuxième vague', startsOn: '2027-01-31', endsOn: '' }
    const first = await run(newCohort.action, 'programmeTeam', '/accompagnement/cohortes/nouvelle', {}, fields)
    expect(first.status).toBe(302)
    const second = await run(newCohort.action, 'programmeTeam', '/accompagnement/cohortes/nouvelle', {}, fields)
    expect(second.headers.get('Location')).toBe(first.headers.get('Location'))
    const cohorts = await handle.db.selectFrom('mentoring_cohorts').selectAll().where('name', '=', fields.name).execute()
    expect(cohorts).toHaveLength(1)
    expect(cohorts[0]!.ends_on).toBe('2027-04-30')
    expect(addMonths('2027-01-31', 3)).toBe('2027-04-30')
    const projects = await handle.db.selectFrom('mentoring_projects').select('application_id').where('cohort_id', '=', cohorts[0]!.id).execute()
    // Seven 2024 laureates, four already in the running cohort: three left.
    expect(projects).toHaveLength(3)
    expect((await auditActions(handle.db, cohorts[0]!.id)).map((a) => a.action)).toEqual(['cohort.created'])
    // Each project's leader is told where to follow the mentoring, once.
    const welcome = (await outbox(handle.db, 'helene.faure@exemple.fr')).filter((m) => m.template === 'mentoring-welcome')
    expect(welcome).toHaveLength(1)
    expect(welcome[0]!.text).toMatch(/Repérer le logement indigne[\s\S]*\/accompagnement\/projets\//)
    // Nothing left to put in a third cohort.
    const third = await run(newCohort.action, 'programmeTeam', '/accompagnement/cohortes/nouvelle', {}, { ...fields, name: 'Encore une' })
    expect(third.status).toBe(400)
    expect(JSON.stringify(await body(third))).toContain('aucun projet retenu')
  })

  it('une saisie incorrecte est refusée avec un message en français, sans rien créer', async () => {
    const callId = await call2024()
    const before = (await handle.db.selectFrom('mentoring_cohorts').select('id').execute()).length
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
      expect(JSON.stringify(await body(response))).toMatch(/Saisissez|Choisissez|La fin doit venir/)
    }
    expect((await handle.db.selectFrom('mentoring_cohorts').select('id').execute()).length).toBe(before)
  })

  it('confier un projet donne au chargé d’accélération le rôle sur la cohorte ; un mentor d’une autre cohorte reçoit un 404', async () => {
    const cohortId = world.ids.otherCohort!
    const path = `/accompagnement/cohortes/${cohortId}`
    expect((await run(cohortView.loader, 'mentor', path, { cohortId })).status).toBe(404)
    const response = await run(cohortView.action, 'programmeTeam', path, { cohortId }, { intent: 'assign-mentor', projectId: world.ids.otherMentoredProject!, mentorId: world.users.mentor.id })
    expect(response.status).toBe(302)
    expect((await run(cohortView.loader, 'mentor', path, { cohortId })).status).toBe(200)
    // The mentor cannot reassign projects themselves.
    expect((await run(cohortView.action, 'mentor', path, { cohortId }, { intent: 'assign-mentor', projectId: world.ids.otherMentoredProject!, mentorId: world.users.mentor.id })).status).toBe(403)
    expect((await run(cohortView.loader, 'otherCohortMentor', `/accompagnement/cohortes/${world.ids.cohort}`, { cohortId: world.ids.cohort! })).status).toBe(404)
    // Someone who is not a mentor cannot be given a project.
    const refused = await run(cohortView.action, 'programmeTeam', path, { cohortId }, { intent: 'assign-mentor', projectId: world.ids.otherMentoredProject!, mentorId: world.users.reviewer.id })
    expect(refused.status).toBe(400)
  })

  it('changer les dates d’une cohorte ne peut pas laisser un point d’étape ou une action hors de la période', async () => {
    const cohortId = world.ids.cohort!
    const cohort = await handle.db.selectFrom('mentoring_cohorts').select(['starts_on', 'ends_on']).where('id', '=', cohortId).executeTakeFirstOrThrow()
    const path = `/accompagnement/cohortes/${cohortId}`
    const later = await run(cohortView.action, 'programmeTeam', path, { cohortId }, { intent: 'dates', startsOn: addDays(cohort.starts_on, 10), endsOn: cohort.ends_on })
    expect(later.status).toBe(400)
    expect(JSON.stringify(await body(later))).toContain('le début ne peut pas être après cette date')
    const shorter = await run(cohortView.action, 'programmeTeam', path, { cohortId }, { intent: 'dates', startsOn: cohort.starts_on, endsOn: addDays(cohort.starts_on, 20) })
    expect(shorter.status).toBe(400)
    const longer = await run(cohortView.action, 'programmeTeam', path, { cohortId }, { intent: 'dates', startsOn: cohort.starts_on, endsOn: addDays(cohort.ends_on, 14) })
    expect(longer.status).toBe(302)
    expect((await handle.db.selectFrom('mentoring_cohorts').select('ends_on').where('id', '=', cohortId).executeTakeFirstOrThrow()).ends_on).toBe(addDays(cohort.ends_on, 14))
  })

  it('la vue de cohorte montre chaque projet avec sa santé, son dernier point, ses besoins ouverts et ses retards ; filtres et tris par l’adresse', async () => {
    const cohortId = world.ids.cohort!
    const all = await data(cohortView.loader, await run(cohortView.loader, 'mentor', `/accompagnement/cohortes/${cohortId}`, { cohortId }))
    expect(all.rows).toHaveLength(5)
    const stuck = await data(cohortView.loader, await run(cohortView.loader, 'mentor', `/accompagnement/cohortes/${cohortId}?sante=stuck`, { cohortId }))
    expect(stuck.rows.map((r) => r.health)).toEqual(['stuck'])
    expect(stuck.rows[0].lastCheckIn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const late = await data(cohortView.loader, await run(cohortView.loader, 'mentor', `/accompagnement/cohortes/${cohortId}?tri=retards`, { cohortId }))
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
    const mine = await data(home.loader, await run(home.loader, 'leader', '/accompagnement', {}))
    expect(mine.followed.map((p) => p.title)).toEqual(['Projet accompagné du porteur'])
    expect(mine.cohorts).toEqual([])
    const other = await data(home.loader, await run(home.loader, 'otherLeader', '/accompagnement', {}))
    expect(other.followed.map((p) => p.title)).toEqual(['Projet d’une autre cohorte'])
  })

  it('export de la cohorte en CSV (à la française) et en XLSX : une ligne par projet, audité ; rien pour un mentor d’une autre cohorte', async () => {
    const cohortId = world.ids.cohort!
    const csv = await run(cohortExport.loader, 'mentor', `/accompagnement/cohortes/${cohortId}/export?format=csv`, { cohortId })
    expect(csv.headers.get('Content-Type')).toContain('text/csv')
    const bytes = new Uint8Array(await csv.arrayBuffer())
    // A byte order mark, so French spreadsheets read UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n')
    expect(lines[0]!.startsWith('projet;structure;charge_acceleration;sante')).toBe(true)
    expect(lines).toHaveLength(1 + 5)
    const solar = lines.find((line) => line.startsWith('Toits solaires partagés'))!.split(';')
    expect(solar[15]).toBe('80000')
    const xlsx = await run(cohortExport.loader, 'programmeTeam', `/accompagnement/cohortes/${cohortId}/export?format=xlsx`, { cohortId })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await xlsx.arrayBuffer())
    expect(workbook.getWorksheet('cohorte')!.rowCount).toBe(1 + 5)
    expect((await auditActions(handle.db, cohortId)).filter((a) => a.action === 'cohort.exported')).toHaveLength(2)
    expect((await run(cohortExport.loader, 'otherCohortMentor', `/accompagnement/cohortes/${cohortId}/export`, { cohortId })).status).toBe(404)
  })
})

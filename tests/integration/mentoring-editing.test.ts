// Correcting a saved need, action or check-in, removing a referent, and the leader's way in from
// their applications (decision 071, « Conséquences »).
import { randomUUID } from 'node:crypto'
import type { SessionUser } from '#app/auth/roles.ts'
import { beforeEach, describe, expect, it } from 'vitest'
import { now } from '#app/utils/clock.server.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import * as projectPage from '#app/routes/accompagnement.projets.$projectId._index.tsx'
import * as myApplications from '#app/routes/mes-candidatures._index.tsx'
import * as applicationOverview from '#app/routes/mes-candidatures.$id._index.tsx'
import { auditActions } from '#tests/helpers/accelerator.ts'
import type { RouteHandler } from '#tests/helpers/call-route.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestWorld } from '#tests/helpers/setup.ts'
import type { World } from '#tests/helpers/world.ts'
import { addDays } from '#app/utils/days.ts'

/** Who may read the project but not change it (403), and who may not even see it (404). */
const REFUSED = [
  ['leader', 403],
  ['coLeader', 403],
  ['referent', 403],
  ['otherCohortMentor', 404],
  ['otherLeader', 404],
] as const

const app = useTestWorld()
let projectId: string
let today: string
/** A ministry referent of the world's project, signed in with the address they were added with. */
let referent: SessionUser
beforeEach(async () => {
  projectId = app.world.ids.mentoredProject!
  today = parisDay(now())
  const user = await app.db.insertInto('users').values({ email: 'referente@interieur.gouv.fr', display_name: 'Anne' }).returning('id').executeTakeFirstOrThrow()
  referent = await sessionUser(app.services, user.id)
})

type Persona = keyof World['users'] | 'referent'
const userOf = (persona: Persona) => (persona === 'referent' ? referent : app.world.users[persona])
/** The persona's roles are read again at each call (a test may change them). */
async function run<H extends RouteHandler>(handler: H, persona: Persona, path: string, params: Record<string, string>, fields?: Record<string, string>) {
  return app.call(handler, { user: await sessionUser(app.services, userOf(persona).id), path, params, fields })
}
const path = () => `/accompagnement/projets/${projectId}`
const post = (persona: Persona, fields: Record<string, string>) => run(projectPage.action, persona, path(), { projectId }, fields)
const page = async (persona: Persona) => {
  const response = await run(projectPage.loader, persona, path(), { projectId })
  expect(response.status).toBe(200)
  return response.data
}
const text = (response: { body: unknown }) => JSON.stringify(response.body)
const audited = async (action: string) => (await auditActions(app.db, projectId)).filter((a) => a.action === action)

async function addReferent() {
  expect((await post('programmeTeam', { intent: 'referent', email: 'referente@interieur.gouv.fr', name: 'Anne Référente', organisation: 'Ministère de l’Intérieur' })).status).toBe(302)
  return (await page('programmeTeam')).record.referents[0]!.id
}

/** One need and one action linked to it, as the mentor records them. */
async function needAndAction() {
  expect((await post('mentor', { intent: 'need', kind: 'integration', description: 'Trouver le bon bureau' })).status).toBe(302)
  const needId = (await page('mentor')).record.needs[0]!.id
  expect((await post('mentor', { intent: 'action', title: 'Écrire au bureau', needId, owner: 'mentor', dueOn: addDays(today, 7) })).status).toBe(302)
  const actionId = (await page('mentor')).record.actions[0]!.id
  return { needId, actionId }
}

describe('modifier un besoin ou une action déjà enregistrés', () => {
  it('le chargé d’accélération corrige un besoin ; l’audit garde l’avant et l’après des seuls champs changés', async () => {
    const { needId } = await needAndAction()
    const response = await post('mentor', { intent: 'need_edit', needId, kind: 'deployment', description: 'Trouver le bon bureau au ministère de l’Intérieur' })
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`${path()}?ok=need_edit#need`)
    const need = (await page('leader')).record.needs[0]!
    expect([need.kind, need.description, need.status]).toEqual(['deployment', 'Trouver le bon bureau au ministère de l’Intérieur', 'open'])
    const [entry, ...more] = await audited('mentoring.need-updated')
    expect(more).toHaveLength(0)
    expect(entry!.actor_id).toBe(app.world.users.mentor.id)
    expect(entry!.data).toEqual({
      needId,
      changes: {
        kind: { from: 'integration', to: 'deployment' },
        description: { from: 'Trouver le bon bureau', to: 'Trouver le bon bureau au ministère de l’Intérieur' },
      },
    })
    // The same form sent again changes nothing and is not audited twice.
    expect((await post('mentor', { intent: 'need_edit', needId, kind: 'deployment', description: 'Trouver le bon bureau au ministère de l’Intérieur' })).status).toBe(302)
    expect(await audited('mentoring.need-updated')).toHaveLength(1)
  })

  it('l’équipe corrige une action : intitulé, besoin lié, qui la porte, échéance ; l’état ne change pas', async () => {
    const { actionId } = await needAndAction()
    expect((await post('mentor', { intent: 'action_status', actionId, status: 'in_progress' })).status).toBe(302)
    const dueOn = addDays(today, 14)
    const response = await post('programmeTeam', { intent: 'action_edit', actionId, title: 'Écrire au bureau de l’innovation', needId: '', owner: 'leader', dueOn })
    expect(response.status).toBe(302)
    const action = (await page('leader')).record.actions[0]!
    expect([action.title, action.need_id, action.owner, action.due_on, action.status]).toEqual(['Écrire au bureau de l’innovation', null, 'leader', dueOn, 'in_progress'])
    const [entry] = await audited('mentoring.action-updated')
    expect(entry!.actor_id).toBe(app.world.users.programmeTeam.id)
    const { changes } = entry!.data as { changes: Record<string, { from: unknown; to: unknown }> }
    expect(Object.keys(changes).sort()).toEqual(['dueOn', 'needId', 'owner', 'title'])
    expect(changes.dueOn).toEqual({ from: addDays(today, 7), to: dueOn })
    expect(changes.owner).toEqual({ from: 'mentor', to: 'leader' })
    // Now entrusted to the leader: the leader may change its state.
    expect((await post('leader', { intent: 'action_status', actionId, status: 'done' })).status).toBe(302)
  })

  it('les mêmes règles qu’à la création : saisie refusée en français (400), rien n’est modifié', async () => {
    const { needId, actionId } = await needAndAction()
    const cohort = await app.db.selectFrom('mentoring_cohorts').select(['starts_on', 'ends_on']).where('id', '=', app.world.ids.cohort!).executeTakeFirstOrThrow()
    const action = { intent: 'action_edit', actionId, title: 'Écrire au bureau', needId, owner: 'mentor', dueOn: addDays(today, 7) }
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ ...action, dueOn: addDays(cohort.ends_on, 1) }, /L’échéance doit tomber pendant la cohorte/],
      [{ ...action, dueOn: addDays(cohort.starts_on, -1) }, /L’échéance doit tomber pendant la cohorte/],
      [{ ...action, dueOn: '2027-02-30' }, /Saisissez une date valide/],
      [{ ...action, title: '   ' }, /Saisissez l’action/],
      [{ ...action, owner: 'personne' }, /Choisissez qui porte l’action/],
      [{ ...action, needId: app.world.ids.otherMentoredProject! }, /Ce besoin n’appartient pas à ce projet/],
      [{ ...action, actionId: 'pas-un-identifiant' }, /Cette action n’existe pas/],
      [{ ...action, actionId: app.world.ids.otherMentoredProject! }, /Cette action n’appartient pas à ce projet/],
      [{ intent: 'need_edit', needId, kind: 'autre', description: 'Z' }, /Choisissez le type de besoin/],
      [{ intent: 'need_edit', needId, kind: 'integration', description: '' }, /Saisissez la description du besoin/],
      [{ intent: 'need_edit', needId: app.world.ids.otherMentoredProject!, kind: 'integration', description: 'Z' }, /Ce besoin n’appartient pas à ce projet/],
    ]
    for (const [fields, message] of cases) {
      const response = await post('mentor', fields)
      expect(response.status, JSON.stringify(fields)).toBe(400)
      expect(text(response), JSON.stringify(fields)).toMatch(message)
    }
    const record = (await page('mentor')).record
    expect([record.needs[0]!.kind, record.needs[0]!.description]).toEqual(['integration', 'Trouver le bon bureau'])
    expect([record.actions[0]!.title, record.actions[0]!.need_id, record.actions[0]!.due_on]).toEqual(['Écrire au bureau', needId, addDays(today, 7)])
    expect(await audited('mentoring.need-updated')).toHaveLength(0)
    expect(await audited('mentoring.action-updated')).toHaveLength(0)
  })

  it('le porteur et un référent ne modifient rien (403) ; un mentor d’une autre cohorte ne voit pas le projet (404)', async () => {
    const { needId, actionId } = await needAndAction()
    await addReferent()
    const needEdit = { intent: 'need_edit', needId, kind: 'consolidation', description: 'Réécrit' }
    // Even the leader's own action: they change its state, not its content.
    expect((await post('mentor', { intent: 'action_edit', actionId, title: 'Écrire au bureau', needId, owner: 'leader', dueOn: addDays(today, 7) })).status).toBe(302)
    const actionEdit = { intent: 'action_edit', actionId, title: 'Réécrit', needId: '', owner: 'leader', dueOn: addDays(today, 8) }
    for (const [persona, status] of REFUSED) {
      expect((await post(persona, needEdit)).status, persona).toBe(status)
      expect((await post(persona, actionEdit)).status, persona).toBe(status)
    }
    const record = (await page('mentor')).record
    expect(record.needs[0]!.description).toBe('Trouver le bon bureau')
    expect(record.actions[0]!.title).toBe('Écrire au bureau')
    expect(await audited('mentoring.need-updated')).toHaveLength(0)
  })
})

describe('corriger un point d’étape', () => {
  const checkIn = { intent: 'check_in', attendees: 'Claire (porteuse), Sofia (chargée d’accélération)', notes: 'Le projet avance bien.', decisions: '', privateNotes: 'À surveiller.', minutesSpent: '60', health: 'on_track' }
  async function recordOne() {
    expect((await post('mentor', { ...checkIn, heldOn: today })).status).toBe(302)
    return (await page('mentor')).record.checkIns[0]!.id
  }

  it('le chargé d’accélération corrige un point : la santé du projet suit ; l’audit nomme les champs changés', async () => {
    const checkInId = await recordOne()
    const response = await post('mentor', { ...checkIn, intent: 'check_in_edit', checkInId, heldOn: today, notes: 'Le projet avance, mais le local manque.', minutesSpent: '90', health: 'stuck' })
    expect(response.status).toBe(302)
    const record = (await page('mentor')).record
    expect(record.checkIns[0]).toMatchObject({ notes: 'Le projet avance, mais le local manque.', minutes_spent: 90, health: 'stuck', private_notes: 'À surveiller.' })
    expect(record.project.health).toBe('stuck')
    const [entry] = await audited('mentoring.check-in-updated')
    expect(entry!.data).toEqual({ checkInId, fields: ['notes', 'minutesSpent', 'health'], changes: { minutesSpent: { from: 60, to: 90 }, health: { from: 'on_track', to: 'stuck' } } })
    // The same correction again writes nothing more.
    await post('mentor', { ...checkIn, intent: 'check_in_edit', checkInId, heldOn: today, notes: 'Le projet avance, mais le local manque.', minutesSpent: '90', health: 'stuck' })
    expect(await audited('mentoring.check-in-updated')).toHaveLength(1)
  })

  it('saisie refusée en français (400) ; le porteur et un référent ne corrigent rien (403), un mentor d’une autre cohorte reçoit un 404', async () => {
    const checkInId = await recordOne()
    await addReferent()
    const edit = { ...checkIn, intent: 'check_in_edit', checkInId, heldOn: today, notes: 'Réécrit par quelqu’un d’autre.' }
    for (const [fields, message] of [
      [{ ...edit, notes: '' }, 'compte rendu'],
      [{ ...edit, heldOn: addDays(today, 3) }, 'futur'],
      [{ ...edit, minutesSpent: '-5' }, 'négatif'],
      [{ ...edit, checkInId: randomUUID() }, 'n’appartient pas'],
    ] as const) {
      const response = await post('mentor', fields)
      expect(response.status).toBe(400)
      expect(text(response)).toContain(message)
    }
    for (const [persona, status] of REFUSED) expect((await post(persona, edit)).status, persona).toBe(status)
    expect((await page('mentor')).record.checkIns[0]!.notes).toBe('Le projet avance bien.')
  })
})

describe('retirer un référent', () => {
  it('le chargé d’accélération retire une référente : elle perd l’accès tout de suite ; c’est audité', async () => {
    const referentId = await addReferent()
    expect((await page('referent')).can.role).toBe('referent')
    const mentorView = await page('mentor')
    expect(mentorView.can.removeReferents).toBe(true)
    expect(mentorView.can.manageReferents).toBe(false)
    const response = await post('mentor', { intent: 'referent_remove', referentId })
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`${path()}?ok=referent_remove#referent`)
    expect((await run(projectPage.loader, 'referent', path(), { projectId })).status).toBe(404)
    expect((await post('referent', { intent: 'leader_view', checkInId: referentId, leaderView: 'x' })).status).toBe(404)
    expect((await page('programmeTeam')).record.referents).toEqual([])
    const [entry, ...more] = await audited('mentoring.referent-removed')
    expect(more).toHaveLength(0)
    expect(entry!.actor_id).toBe(app.world.users.mentor.id)
    expect(entry!.data).toMatchObject({ referentId, email: 'referente@interieur.gouv.fr', name: 'Anne Référente' })
    // The notice says what happened.
    const after = (await run(projectPage.loader, 'mentor', `${path()}?ok=referent_remove`, { projectId })).data
    expect(after.notice).toMatch(/n’est plus référente/)
    // The team may add her back; the team may remove too.
    const again = await addReferent()
    expect((await post('programmeTeam', { intent: 'referent_remove', referentId: again })).status).toBe(302)
    expect(await audited('mentoring.referent-removed')).toHaveLength(2)
  })

  it('un identifiant invalide, déjà retiré ou d’un autre projet : 400 en français, rien n’est retiré', async () => {
    const referentId = await addReferent()
    const other = await app.db
      .insertInto('mentoring_referents')
      .values({ project_id: app.world.ids.otherMentoredProject!, email: 'autre@culture.gouv.fr', name: 'Autre référent', organisation: null, added_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const [fields, message] of [
      [{ intent: 'referent_remove', referentId: 'abc' }, /Ce référent n’existe pas/],
      [{ intent: 'referent_remove' }, /Ce référent n’existe pas/],
      [{ intent: 'referent_remove', referentId: other.id }, /n’est plus référente de ce projet/],
    ] as const) {
      const response = await post('mentor', fields)
      expect(response.status, JSON.stringify(fields)).toBe(400)
      expect(text(response)).toMatch(message)
    }
    expect(await app.db.selectFrom('mentoring_referents').select('id').where('id', 'in', [referentId, other.id]).execute()).toHaveLength(2)
    expect((await post('mentor', { intent: 'referent_remove', referentId })).status).toBe(302)
    const twice = await post('mentor', { intent: 'referent_remove', referentId })
    expect(twice.status).toBe(400)
    expect(text(twice)).toMatch(/n’est plus référente de ce projet/)
    expect(await audited('mentoring.referent-removed')).toHaveLength(1)
  })

  it('le porteur et le référent lui-même ne retirent personne (403) ; un mentor d’une autre cohorte reçoit un 404', async () => {
    const referentId = await addReferent()
    for (const [persona, status] of REFUSED) {
      expect((await post(persona, { intent: 'referent_remove', referentId })).status, persona).toBe(status)
    }
    expect((await page('referent')).can.role).toBe('referent')
    expect(await audited('mentoring.referent-removed')).toHaveLength(0)
  })
})

describe('le porteur retrouve le suivi depuis ses candidatures', () => {
  it('« Mes candidatures » et la page de la candidature donnent le projet d’accompagnement, pour elle seule', async () => {
    const mentoredApplication = (await app.db.selectFrom('mentoring_projects').select('application_id').where('id', '=', projectId).executeTakeFirstOrThrow()).application_id
    for (const persona of ['leader', 'coLeader'] as const) {
      const list = (await run(myApplications.loader, persona, '/mes-candidatures', {})).data
      const mine = list.applications.find((a) => a.id === mentoredApplication)
      expect(mine?.mentoringProjectId, persona).toBe(projectId)
      // Each application appears once (the join adds no row), and only mentored ones have a link.
      expect(new Set(list.applications.map((a) => a.id)).size).toBe(list.applications.length)
      const linked = await app.db.selectFrom('mentoring_projects').select(['id', 'application_id']).execute()
      for (const application of list.applications) {
        expect(application.mentoringProjectId).toBe(linked.find((p) => p.application_id === application.id)?.id ?? null)
      }
      const overview = (await run(applicationOverview.loader, persona, `/mes-candidatures/${mentoredApplication}`, { id: mentoredApplication })).data
      expect(overview.removed ? null : overview.mentoringProjectId).toBe(projectId)
    }
    // An application without a project: no link.
    const draft = (await run(applicationOverview.loader, 'leader', `/mes-candidatures/${app.world.ids.leaderApplication}`, { id: app.world.ids.leaderApplication! })).data
    expect(draft.removed ? 'removed' : draft.mentoringProjectId).toBeNull()
    // Another leader neither lists it nor opens it.
    const others = (await run(myApplications.loader, 'otherLeader', '/mes-candidatures', {})).data
    expect(others.applications.map((a) => a.mentoringProjectId)).not.toContain(projectId)
    expect((await run(applicationOverview.loader, 'otherLeader', `/mes-candidatures/${mentoredApplication}`, { id: mentoredApplication })).status).toBe(404)
  })
})

import { beforeEach, describe, expect, it } from 'vitest'
import { exportUserData } from '#app/auth/data-export.server.ts'
import { runMentoringAlerts, sendWeeklyTeamDigest } from '#app/accelerator/mentoring/alerts.server.ts'
import { now, setClockOffset } from '#app/utils/clock.server.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import * as cohortView from '#app/routes/accompagnement.cohortes.$cohortId._index.tsx'
import * as committeePage from '#app/routes/accompagnement.comites.$committeeId.tsx'
import * as projectPage from '#app/routes/accompagnement.projets.$projectId._index.tsx'
import * as reportPage from '#app/routes/accompagnement.projets.$projectId.rapport.tsx'
import * as publicPage from '#app/routes/cohortes.$cohortId.resultats.tsx'
import { auditActions, outbox } from '#tests/helpers/accelerator.ts'
import type { RouteHandler } from '#tests/helpers/call-route.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestWorld } from '#tests/helpers/setup.ts'
import type { World } from '#tests/helpers/world.ts'
import { addDays } from '#app/utils/days.ts'

const app = useTestWorld()
let projectId: string
let today: string
beforeEach(() => {
  projectId = app.world.ids.mentoredProject!
  today = parisDay(now())
})

type Persona = keyof World['users']
/** The persona's roles are read again at each call (a test may change them). */
async function run<H extends RouteHandler>(handler: H, persona: Persona, path: string, params: Record<string, string>, fields?: Record<string, string | string[]>) {
  return app.call(handler, { user: await sessionUser(app.services, app.world.users[persona].id), path, params, fields })
}
const post = (persona: Persona, fields: Record<string, string>) => run(projectPage.action, persona, `/accompagnement/projets/${projectId}`, { projectId }, fields)
const page = async (persona: Persona) => (await run(projectPage.loader, persona, `/accompagnement/projets/${projectId}`, { projectId })).data

describe('suivi d’un projet', () => {
  it('le chargé d’accélération pose le diagnostic, un besoin, une action, deux points d’étape et une mise en relation ; tout est audité', async () => {
    expect((await post('mentor', { intent: 'diagnosis', strengths: 'Équipe soudée', risks: 'Financement fragile', successLooksLike: 'Une convention signée' })).status).toBe(302)
    expect((await post('mentor', { intent: 'need', kind: 'integration', description: 'Trouver le bon bureau au ministère' })).status).toBe(302)
    const needId = (await page('mentor')).record.needs[0]!.id
    expect((await post('mentor', { intent: 'action', title: 'Écrire au bureau de l’innovation', needId, owner: 'mentor', dueOn: addDays(today, 7) })).status).toBe(302)
    const checkIn = { intent: 'check_in', heldOn: today, attendees: 'Inès, Sofia', notes: 'Premier point', privateNotes: 'Équipe fatiguée', decisions: '', minutesSpent: '90', health: 'at_risk' }
    expect((await post('mentor', checkIn)).status).toBe(302)
    // The same check-in posted twice is recorded once.
    expect((await post('mentor', checkIn)).status).toBe(302)
    expect((await post('mentor', { ...checkIn, notes: 'Deuxième point', privateNotes: '', minutesSpent: '45', health: 'stuck' })).status).toBe(302)
    expect((await post('mentor', { intent: 'introduction', organisation: 'DINUM', person: 'Incubateur', reason: 'Outillage numérique', madeOn: today })).status).toBe(302)
    const data = await page('mentor')
    expect(data.record.project.diagnosed_at).not.toBeNull()
    expect(data.record.actions.map((a) => [a.title, a.need_id])).toEqual([['Écrire au bureau de l’innovation', needId]])
    expect(data.record.checkIns).toHaveLength(2)
    expect(data.record.project.health).toBe('stuck')
    expect(data.introductions.total).toBe(1)
    expect(data.events.length).toBeGreaterThanOrEqual(5)
    const actions = (await auditActions(app.db, projectId)).map((a) => a.action)
    expect(actions).toEqual(
      expect.arrayContaining(['mentoring.diagnosis-saved', 'mentoring.need-added', 'mentoring.action-added', 'mentoring.check-in-recorded', 'mentoring.introduction-added']),
    )
    expect(actions.filter((a) => a === 'mentoring.check-in-recorded')).toHaveLength(2)
  })

  it('les dates hors de la cohorte, une action sans responsable, un temps négatif sont refusés en français, sans rien enregistrer', async () => {
    const cohort = await app.db.selectFrom('mentoring_cohorts').select(['starts_on', 'ends_on']).where('id', '=', app.world.ids.cohort!).executeTakeFirstOrThrow()
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ intent: 'check_in', heldOn: addDays(cohort.starts_on, -1), attendees: 'A', notes: 'B', minutesSpent: '30', health: 'on_track' }, /en dehors de la période/],
      [{ intent: 'check_in', heldOn: addDays(today, 1), attendees: 'A', notes: 'B', minutesSpent: '30', health: 'on_track' }, /dans le futur/],
      [{ intent: 'check_in', heldOn: today, attendees: 'A', notes: 'B', minutesSpent: '-5', health: 'on_track' }, /négatif/],
      [{ intent: 'action', title: 'Sans responsable', dueOn: today }, /Choisissez qui porte/],
      [{ intent: 'action', title: 'Trop tard', owner: 'leader', dueOn: addDays(cohort.ends_on, 1) }, /pendant la cohorte/],
      [{ intent: 'introduction', organisation: 'X', reason: 'Y', madeOn: '2019-01-01' }, /en dehors de la période/],
      [{ intent: 'need', kind: 'autre', description: 'Z' }, /type de besoin/],
      [{ intent: 'need_status', needId: app.world.ids.otherMentoredProject!, status: 'met' }, /n’appartient pas/],
    ]
    for (const [fields, message] of cases) {
      const response = await post('mentor', fields)
      expect(response.status, JSON.stringify(fields)).toBe(400)
      expect(JSON.stringify(response.body)).toMatch(message)
    }
    const data = await page('mentor')
    expect(data.record.checkIns).toHaveLength(0)
    expect(data.record.actions).toHaveLength(0)
  })

  it('l’indicateur refuse une valeur de la mauvaise unité et garde la dernière mesure du jour', async () => {
    // The world's project counts people: a decimal or a word is refused.
    for (const value of ['12,5', 'douze', '-3']) {
      const response = await post('programmeTeam', { intent: 'indicator', measuredOn: today, value })
      expect(response.status).toBe(400)
    }
    expect((await post('programmeTeam', { intent: 'indicator', measuredOn: today, value: '20' })).status).toBe(302)
    expect((await post('programmeTeam', { intent: 'indicator', measuredOn: today, value: '1 024' })).status).toBe(302)
    expect((await page('leader')).record.values.map((v) => v.value)).toEqual([1024])
  })

  it('le porteur voit son projet sans les notes privées, donne son point de vue, mais ne peut rien modifier d’autre ; un autre porteur et un mentor d’une autre cohorte reçoivent un 404', async () => {
    await post('mentor', { intent: 'check_in', heldOn: today, attendees: 'Inès, Sofia', notes: 'Compte rendu partagé', privateNotes: 'Note privée du mentor', minutesSpent: '60', health: 'on_track' })
    await post('mentor', { intent: 'action', title: 'Action du porteur', owner: 'leader', dueOn: today })
    await post('mentor', { intent: 'action', title: 'Action du mentor', owner: 'mentor', dueOn: today })
    const leaderView = await page('leader')
    expect(leaderView.can.role).toBe('leader')
    expect(leaderView.record.checkIns[0]!.notes).toBe('Compte rendu partagé')
    expect(leaderView.record.checkIns[0]!.private_notes).toBeNull()
    expect(JSON.stringify(leaderView)).not.toContain('Note privée du mentor')
    expect((await page('mentor')).record.checkIns[0]!.private_notes).toBe('Note privée du mentor')

    expect((await post('leader', { intent: 'need', kind: 'integration', description: 'Je m’ajoute un besoin' })).status).toBe(403)
    expect((await post('leader', { intent: 'check_in', heldOn: today, attendees: 'Moi', notes: 'Faux point', minutesSpent: '5', health: 'on_track' })).status).toBe(403)
    const checkInId = leaderView.record.checkIns[0]!.id
    expect((await post('leader', { intent: 'leader_view', checkInId, leaderView: 'Nous avançons bien.' })).status).toBe(302)
    const own = leaderView.record.actions.find((a) => a.owner === 'leader')!
    const mentors = leaderView.record.actions.find((a) => a.owner === 'mentor')!
    expect((await post('leader', { intent: 'action_status', actionId: own.id, status: 'done' })).status).toBe(302)
    expect((await post('leader', { intent: 'action_status', actionId: mentors.id, status: 'done' })).status).toBe(400)
    const exported = (await exportUserData(app.db, app.world.users.leader)).accompagnement as { points_de_vue: Array<{ leader_view: string }> }
    expect(exported.points_de_vue.map((row) => row.leader_view)).toEqual(['Nous avançons bien.'])
    const after = await page('leader')
    expect(after.record.checkIns[0]!.leader_view).toBe('Nous avançons bien.')
    expect(after.record.actions.find((a) => a.id === own.id)!.status).toBe('done')
    expect(after.record.actions.find((a) => a.id === mentors.id)!.status).toBe('todo')

    for (const persona of ['otherLeader', 'otherCohortMentor', 'reviewer', 'panelist'] as const) {
      expect((await run(projectPage.loader, persona, `/accompagnement/projets/${projectId}`, { projectId })).status, persona).toBe(404)
      expect((await post(persona, { intent: 'need', kind: 'integration', description: 'Intrusion' })).status, persona).toBe(404)
    }
    expect((await run(projectPage.loader, 'leader', '/accompagnement/projets/x', { projectId: 'pas-un-uuid' })).status).toBe(404)
  })

  it('un référent ajouté par e-mail reçoit le lien et voit le projet une fois connecté avec cette adresse', async () => {
    expect((await post('mentor', { intent: 'referent', email: 'referente@interieur.gouv.fr' })).status).toBe(403)
    expect((await post('programmeTeam', { intent: 'referent', email: 'Referente@Interieur.gouv.fr', name: 'Anne Référente', organisation: 'Ministère de l’Intérieur' })).status).toBe(302)
    expect((await post('programmeTeam', { intent: 'referent', email: 'referente@interieur.gouv.fr' })).status).toBe(400)
    const mails = await outbox(app.db, 'referente@interieur.gouv.fr')
    expect(mails).toHaveLength(1)
    expect(mails[0]!.text).toContain(`/accompagnement/projets/${projectId}`)
    const referent = await app.db.insertInto('users').values({ email: 'referente@interieur.gouv.fr', display_name: 'Anne' }).returning('id').executeTakeFirstOrThrow()
    const response = await app.call(projectPage.loader, { user: await sessionUser(app.services, referent.id), path: `/accompagnement/projets/${projectId}`, params: { projectId } })
    const seen = response.data
    expect(seen.can.role).toBe('referent')
    expect(seen.can.editRecord).toBe(false)
  })
})

describe('comités et tranches de financement', () => {
  it('l’équipe enregistre une décision favorable avec une tranche ; elle est auditée et le porteur prévenu ; montants absurdes refusés ; un mentor ne décide pas', async () => {
    const committeeId = app.world.ids.committee!
    const path = `/accompagnement/comites/${committeeId}`
    const decide = (persona: Persona, fields: Record<string, string>) => run(committeePage.action, persona, path, { committeeId }, { intent: 'decision', projectId, ...fields })
    for (const amount of ['-80000', '80 000,50', '9999999', 'beaucoup']) {
      const response = await decide('programmeTeam', { decision: 'approved', amount, motivation: 'Bon projet' })
      expect(response.status, amount).toBe(400)
      expect(JSON.stringify(response.body)).toMatch(/montant|dépasser/)
    }
    expect((await decide('programmeTeam', { decision: 'rejected', amount: '1000', motivation: 'Non' })).status).toBe(400)
    expect((await decide('mentor', { decision: 'approved', amount: '80000', motivation: 'Bon projet' })).status).toBe(403)
    expect((await decide('programmeTeam', { decision: 'approved', amount: '80 000', motivation: 'Plan crédible : première tranche.' })).status).toBe(302)
    expect((await decide('programmeTeam', { decision: 'approved', amount: '80 000', motivation: 'Plan crédible : première tranche.' })).status).toBe(302)
    const item = await app.db.selectFrom('mentoring_committee_items').selectAll().where('committee_id', '=', committeeId).where('project_id', '=', projectId).executeTakeFirstOrThrow()
    expect([item.decision, item.amount_euros]).toEqual(['approved', 80_000])
    expect((await auditActions(app.db, projectId)).filter((a) => a.action === 'committee.decision')).toHaveLength(1)
    const mails = await outbox(app.db, 'porteuse@demo.aic.gouv.fr')
    expect(mails.filter((m) => m.template === 'mentoring-decision')).toHaveLength(1)
    expect(mails.at(-1)!.text).toContain('80')
    // The mentor prepares; the cohort totals count the new tranche.
    expect((await run(committeePage.action, 'mentor', path, { committeeId }, { intent: 'preparation', projectId, preparationNote: 'Prêt pour le comité' })).status).toBe(302)
    const cohort = (await run(cohortView.loader, 'programmeTeam', `/accompagnement/cohortes/${app.world.ids.cohort}`, { cohortId: app.world.ids.cohort! })).data
    expect(cohort.funding.total).toBe(4 * 80_000)
    expect((await run(committeePage.loader, 'otherCohortMentor', path, { committeeId })).status).toBe(404)
  })
})

describe('alertes', () => {
  it('sans point d’étape depuis 21 jours, action en retard : une alerte visible sur la cohorte et un seul e-mail par jour au chargé d’accélération', async () => {
    await post('mentor', { intent: 'action', title: 'Relancer la préfecture', owner: 'mentor', dueOn: addDays(today, 3) })
    setClockOffset(25 * 24 * 3600 * 1000)
    const later = parisDay(now())
    const appUrl = app.services.env.APP_URL
    const first = await runMentoringAlerts({ db: app.db, jobs: app.services.jobs, appUrl }, later)
    expect(first.opened).toBeGreaterThan(0)
    const second = await runMentoringAlerts({ db: app.db, jobs: app.services.jobs, appUrl }, later)
    expect(second).toEqual({ opened: 0, resolved: 0, emails: 0 })
    const alerts = await app.db.selectFrom('mentoring_alerts').select(['kind', 'message']).where('project_id', '=', projectId).where('resolved_at', 'is', null).execute()
    expect(alerts.map((a) => a.kind).sort()).toEqual(['no-check-in', 'overdue-action'])
    const digests = (await outbox(app.db, 'mentor@demo.aic.gouv.fr')).filter((m) => m.template === 'mentoring-alerts')
    expect(digests).toHaveLength(1)
    expect(digests[0]!.text).toContain('Relancer la préfecture')
    const view = (await run(cohortView.loader, 'mentor', `/accompagnement/cohortes/${app.world.ids.cohort}?alertes=1`, { cohortId: app.world.ids.cohort! })).data
    expect(view.rows.find((r) => r.id === projectId)!.alerts.join(' ')).toMatch(/Aucun point d’étape depuis/)
    // A check-in answers the alert; the next run resolves the overdue action once it is done.
    await post('mentor', { intent: 'check_in', heldOn: later, attendees: 'Inès, Sofia', notes: 'Enfin un point', minutesSpent: '30', health: 'on_track' })
    const actionId = (await page('mentor')).record.actions[0]!.id
    await post('mentor', { intent: 'action_status', actionId, status: 'done' })
    await runMentoringAlerts({ db: app.db, jobs: app.services.jobs, appUrl }, later)
    expect(await app.db.selectFrom('mentoring_alerts').select('kind').where('project_id', '=', projectId).where('resolved_at', 'is', null).execute()).toEqual([])
  })
})

describe('résumé hebdomadaire', () => {
  it('chaque membre de l’équipe reçoit un résumé des cohortes en cours (santé, semaine), une seule fois par jour', async () => {
    const appUrl = app.services.env.APP_URL
    await post('mentor', { intent: 'check_in', heldOn: today, attendees: 'Inès, Sofia', notes: 'Point de la semaine', minutesSpent: '30', health: 'at_risk' })
    expect(await sendWeeklyTeamDigest({ db: app.db, jobs: app.services.jobs, appUrl }, today)).toBe(1)
    expect(await sendWeeklyTeamDigest({ db: app.db, jobs: app.services.jobs, appUrl }, today)).toBe(0)
    const [digest] = (await outbox(app.db, 'equipe@demo.aic.gouv.fr')).filter((m) => m.template === 'mentoring-weekly-digest')
    // The seeded cohort (4 projects) plus the world's project: 5, one stuck, two at risk now.
    expect(digest!.text).toContain('Première promotion : 5 projets, dont 2 en bonne voie, 2 à risque et 1 bloqué')
    expect(digest!.text).toContain('Cette semaine : 1 point d’étape, 0 décision de comité')
    // The other cohort ended in April 2026: not in the digest.
    expect(digest!.text).not.toContain('Autre cohorte')
  })
})

describe('fin de programme', () => {
  it('rapport final construit depuis le suivi, modifié par le mentor, validé par l’équipe puis figé ; page publique avec le seul texte accepté par le porteur', async () => {
    const path = `/accompagnement/projets/${projectId}/rapport`
    const draft = (await run(reportPage.loader, 'mentor', path, { projectId })).data
    expect(draft.isDraft).toBe(true)
    expect(draft.text).toContain('Rapport final – Projet accompagné du porteur')
    expect((await run(reportPage.action, 'programmeTeam', path, { projectId }, { intent: 'validate' })).status).toBe(400)
    expect((await run(reportPage.action, 'mentor', path, { projectId }, { intent: 'save', reportText: `${draft.text}\nBilan : très bon.` })).status).toBe(302)
    expect((await run(reportPage.action, 'mentor', path, { projectId }, { intent: 'validate' })).status).toBe(403)
    expect((await run(reportPage.action, 'programmeTeam', path, { projectId }, { intent: 'validate' })).status).toBe(302)
    const locked = await run(reportPage.action, 'mentor', path, { projectId }, { intent: 'save', reportText: 'Réécrit après coup' })
    expect(locked.status).toBe(400)
    expect(((await run(reportPage.loader, 'leader', path, { projectId })).data).text).toContain('Bilan : très bon.')

    expect((await run(reportPage.action, 'leader', path, { projectId }, { intent: 'public', publicText: 'Nous avons signé une convention.' })).status).toBe(400)
    expect((await run(reportPage.action, 'leader', path, { projectId }, { intent: 'public', publicText: 'Nous avons signé une convention.', consent: 'oui' })).status).toBe(302)
    const outcomes = (await run(publicPage.loader, 'otherLeader', `/cohortes/${app.world.ids.cohort}/resultats`, { cohortId: app.world.ids.cohort! })).data
    const texts = outcomes.projects.map((p) => p.text).filter(Boolean)
    expect(texts).toEqual(['Nous avons signé une convention.'])
    expect(outcomes.funding.total).toBe(3 * 80_000)
    expect(outcomes.introductions.total).toBeGreaterThan(0)
    // An unpublished cohort has no public page.
    expect((await run(publicPage.loader, 'programmeTeam', `/cohortes/${app.world.ids.otherCohort}/resultats`, { cohortId: app.world.ids.otherCohort! })).status).toBe(404)
  })
})

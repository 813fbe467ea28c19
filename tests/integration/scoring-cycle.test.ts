import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { changeCallState, findCall } from '#app/accelerator/calls/calls.server.ts'
import { saveAssignment } from '#app/accelerator/scoring/assignment.server.ts'
import { setAvailability } from '#app/accelerator/scoring/panel.server.ts'
import { juryCriteriaOf, saveReview, sendScoringReminders } from '#app/accelerator/scoring/reviews.server.ts'
import { citizenPool, publishResults } from '#app/accelerator/scoring/results.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import * as queuePage from '#app/routes/evaluation.$callId._index.tsx'
import * as reviewPage from '#app/routes/evaluation.$callId.$applicationId.tsx'
import * as juriesPage from '#app/routes/equipe.appels.$callId.jurys.tsx'
import * as leaderConflicts from '#app/routes/mes-candidatures.$id.conflits.tsx'
import * as assignmentPage from '#app/routes/equipe.appels.$callId.affectation.tsx'
import * as deliberationPage from '#app/routes/equipe.appels.$callId.deliberation.tsx'
import * as csvRoute from '#app/routes/equipe.appels.$callId.resultats-csv.tsx'
import * as publicResults from '#app/routes/appels.$slug.resultats.tsx'
import { auditActions, outbox } from '#tests/helpers/accelerator.ts'
import type { RouteHandler } from '#tests/helpers/call-route.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

process.env.UPLOADS_DIR = '/tmp/aic-test-uploads'
const app = useTestApp()
let users: Record<string, string>
let callId: string

const ADMINS = ['instructeur@demo.aic.gouv.fr', 'instructrice@demo.aic.gouv.fr', 'evaluateur@demo.aic.gouv.fr']
const CITIZENS = ['citoyenne@demo.aic.gouv.fr', 'citoyen2@demo.aic.gouv.fr', 'citoyenne3@demo.aic.gouv.fr', 'citoyen4@demo.aic.gouv.fr', 'citoyenne5@demo.aic.gouv.fr']
const TEAM = 'equipe@demo.aic.gouv.fr'

beforeEach(async () => {
  users = (await seedDemoForTest(app.db)).users
  callId = (await app.db.selectFrom('calls').select('id').where('slug', '=', 'edition-2').executeTakeFirstOrThrow()).id
})

const user = (email: string): Promise<SessionUser> => sessionUser(app.services, users[email]!)
const as = async (email: string | null) => (email ? user(email) : null)
const call = async () => (await findCall(app.db, callId))!

/** A GET of `path` by the demo person `email` (null: anonymous). */
const get = async <H extends RouteHandler>(handler: H, email: string | null, path: string, params: Record<string, string>) =>
  app.call(handler, { user: await as(email), path, params })
/** A form sent by `email` from the page at `path`. */
const post = async <H extends RouteHandler>(handler: H, email: string, path: string, params: Record<string, string>, fields: Record<string, string>) =>
  app.call(handler, { user: await as(email), path, params, fields })

async function acceptAllCharters() {
  await app.db
    .insertInto('scoring_jury_members')
    .values({ call_id: callId, user_id: users[CITIZENS[0]!]!, jury: 'citizen', charter_accepted_at: new Date() })
    .onConflict((oc) => oc.columns(['call_id', 'user_id']).doNothing())
    .execute()
}

async function assignments() {
  return app.db.selectFrom('scoring_assignments').select(['application_id', 'user_id', 'jury']).where('call_id', '=', callId).execute()
}

/** Every assigned reviewer submits a review: levels from a fixed pattern, mentions for citizens. */
async function scoreEverything() {
  const current = await call()
  const adminCriteria = await juryCriteriaOf(app.db, callId, 'administration')
  const rows = await assignments()
  const applications = [...new Set(rows.map((r) => r.application_id))].sort()
  for (const row of rows) {
    const index = applications.indexOf(row.application_id)
    const reviewer = await sessionUser(app.services, row.user_id)
    const scores = Object.fromEntries(adminCriteria.map((c, i) => [c.id, String(1 + ((index + i) % 5))]))
    const mention = ['Excellent', 'Très bien', 'Bien', 'Assez bien', 'Passable', 'Insuffisant', 'À rejeter'][index % 7]!
    const result = await saveReview(
      app.db,
      reviewer,
      current,
      row.application_id,
      { scores: row.jury === 'administration' ? scores : {}, mention: row.jury === 'citizen' ? mention : null, confidence: '2', commentTeam: '', commentLeader: `Avis partagé ${index}` },
      true,
    )
    expect(result).toMatchObject({ ok: true })
  }
}

describe('données de démonstration de la sélection', () => {
  it('un appel en évaluation avec au moins 20 candidatures, 3 agents et 5 citoyens, en jugement majoritaire', async () => {
    const current = await call()
    expect(current.state).toBe('en_evaluation')
    expect(current.citizen_scoring_mode).toBe('majority_judgment')
    const data = (await get(assignmentPage.loader, TEAM, `/equipe/appels/${callId}/affectation`, { callId })).data
    expect(data.applications.length).toBeGreaterThanOrEqual(20)
    expect(data.members.filter((m: { jury: string }) => m.jury === 'administration')).toHaveLength(3)
    expect(data.members.filter((m: { jury: string }) => m.jury === 'citizen')).toHaveLength(5)
  })
})

describe('charte du panel citoyen', () => {
  it('sans la charte, le citoyen ne voit aucune candidature ; cocher la case est obligatoire ; l’acceptation est enregistrée une fois', async () => {
    await saveAssignment(app.db, await user(TEAM), await call())
    const lucie = CITIZENS[0]!
    const assigned = (await assignments()).find((a) => a.user_id === users[lucie])!
    const open = (await get(reviewPage.loader, lucie, `/evaluation/${callId}/${assigned.application_id}`, { callId, applicationId: assigned.application_id })).status
    expect(open).toBe(302)
    const queue = (await get(queuePage.loader, lucie, `/evaluation/${callId}`, { callId })).data
    expect(queue.charter).toBe(true)
    expect(queue.queue.items).toEqual([])

    const refused = await post(queuePage.action, lucie, `/evaluation/${callId}`, { callId }, { intent: 'accept_charter' })
    expect(refused.status).toBe(400)
    expect(String(refused.data.message)).toMatch(/Cochez la case/)
    for (let i = 0; i < 2; i++) {
      const accepted = (await post(queuePage.action, lucie, `/evaluation/${callId}`, { callId }, { intent: 'accept_charter', accepte: 'oui' })).status
      expect(accepted).toBe(302)
    }
    const audits = await app.db.selectFrom('audit_log').select('action').where('action', '=', 'scoring.charter_accepted').where('subject_id', '=', callId).execute()
    expect(audits).toHaveLength(1)
    const after = (await get(queuePage.loader, lucie, `/evaluation/${callId}`, { callId })).data
    expect(after.charter).toBe(false)
    expect(after.queue.total).toBeGreaterThan(0)
  })
})

describe('affectation', () => {
  it('k évaluations de l’administration et m du panel par candidature, charges à une près, jamais un conflit ni un membre indisponible', async () => {
    const team = await user(TEAM)
    const current = await call()
    const applications = await app.db.selectFrom('applications').select('id').where('call_id', '=', callId).where('state', '=', 'en_instruction').orderBy('reference').execute()
    // A declared conflict and an unavailable citizen.
    await app.db
      .insertInto('scoring_conflicts')
      .values({ call_id: callId, application_id: applications[0]!.id, user_id: users[ADMINS[0]!]!, kind: 'professional', details: 'Ancien collègue', source: 'reviewer' })
      .execute()
    await app.db.insertInto('scoring_jury_members').values({ call_id: callId, user_id: users[CITIZENS[4]!]!, jury: 'citizen', unavailable: true }).onConflict((oc) => oc.columns(['call_id', 'user_id']).doUpdateSet({ unavailable: true })).execute()

    const response = await app.call(assignmentPage.action, { user: team, path: `/equipe/appels/${callId}/affectation`, params: { callId }, fields: { intent: 'save' } })
    expect(response.status).toBe(302)
    const rows = await assignments()
    for (const application of applications) {
      const mine = rows.filter((r) => r.application_id === application.id)
      expect(mine.filter((r) => r.jury === 'administration')).toHaveLength(current.admin_reviews_per_application)
      expect(mine.filter((r) => r.jury === 'citizen')).toHaveLength(current.citizen_reviews_per_application)
    }
    expect(rows.some((r) => r.application_id === applications[0]!.id && r.user_id === users[ADMINS[0]!])).toBe(false)
    expect(rows.some((r) => r.user_id === users[CITIZENS[4]!])).toBe(false)
    for (const jury of ['administration', 'citizen'] as const) {
      const loads = new Map<string, number>()
      for (const r of rows.filter((r) => r.jury === jury)) loads.set(r.user_id, (loads.get(r.user_id) ?? 0) + 1)
      expect(Math.max(...loads.values()) - Math.min(...loads.values())).toBeLessThanOrEqual(1)
    }
    expect((await auditActions(app.db, callId)).map((a) => a.action)).toContain('scoring.assignment_saved')
  })

  it('un évaluateur devenu indisponible garde les évaluations qu’il a commencées, et ne reçoit rien de nouveau', async () => {
    const team = await user(TEAM)
    await saveAssignment(app.db, team, await call())
    const reviewer = ADMINS[0]!
    const mine = (await assignments()).filter((a) => a.user_id === users[reviewer])
    expect(mine.length).toBeGreaterThan(1)
    const begun = mine[0]!
    const criteria = await app.db.selectFrom('call_criteria').select('id').where('call_id', '=', callId).where('jury', '=', 'administration').execute()
    const draft = await saveReview(app.db, await sessionUser(app.services, users[reviewer]!), await call(), begun.application_id, {
      scores: { [criteria[0]!.id]: '3' },
      mention: null,
      confidence: null,
      commentTeam: 'Commencé avant mon indisponibilité.',
      commentLeader: '',
    }, false)
    expect(draft).toMatchObject({ ok: true })
    await setAvailability(app.db, team, callId, users[reviewer]!, true)
    await saveAssignment(app.db, team, await call())
    const after = (await assignments()).filter((a) => a.user_id === users[reviewer])
    expect(after.map((a) => a.application_id)).toEqual([begun.application_id])
    expect(await app.db.selectFrom('scoring_reviews').select('comment_team').where('user_id', '=', users[reviewer]!).where('application_id', '=', begun.application_id).executeTakeFirst()).toEqual({ comment_team: 'Commencé avant mon indisponibilité.' })
  })

  it('l’équipe impose une case ; imposer un évaluateur en conflit est refusé, rien ne change', async () => {
    const team = await user(TEAM)
    const application = await app.db.selectFrom('applications').select('id').where('call_id', '=', callId).where('state', '=', 'en_instruction').orderBy('reference').executeTakeFirstOrThrow()
    await app.db
      .insertInto('scoring_conflicts')
      .values({ call_id: callId, application_id: application.id, user_id: users[ADMINS[1]!]!, kind: 'personal', details: 'Ma sœur', source: 'reviewer' })
      .execute()
    const setCell = (reviewerId: string) =>
      app.call(assignmentPage.action, { user: team, path: `/equipe/appels/${callId}/affectation`, params: { callId }, fields: { intent: 'set_cell', applicationId: application.id, reviewerId, kind: 'forced' } })
    const refused = await setCell(users[ADMINS[1]!]!)
    expect(refused.status).toBe(400)
    expect(String(refused.data.message)).toMatch(/conflit d’intérêts/)
    expect(await app.db.selectFrom('scoring_overrides').selectAll().execute()).toEqual([])
    const forced = (await setCell(users[ADMINS[2]!]!)).status
    expect(forced).toBe(302)
    await saveAssignment(app.db, await user(TEAM), await call())
    expect((await assignments()).some((r) => r.application_id === application.id && r.user_id === users[ADMINS[2]!])).toBe(true)
  })
})

describe('sélection en deux temps', () => {
  it('le panel citoyen n’est affecté qu’aux candidatures présélectionnées par l’administration, sur ses évaluations envoyées', async () => {
    await app.db.updateTable('calls').set({ combination_rule: 'sequential', sequential_top_n: 5 }).where('id', '=', callId).execute()
    const team = await user(TEAM)
    expect(await citizenPool(app.db, await call())).toEqual([])
    await saveAssignment(app.db, team, await call(), await citizenPool(app.db, await call()))
    expect((await assignments()).filter((a) => a.jury === 'citizen')).toEqual([])
    // The administration sends every review; the pool is its top five.
    const criteria = await juryCriteriaOf(app.db, callId, 'administration')
    const rows = await assignments()
    const applications = [...new Set(rows.map((r) => r.application_id))].sort()
    for (const row of rows) {
      const index = applications.indexOf(row.application_id)
      const result = await saveReview(app.db, await sessionUser(app.services, row.user_id), await call(), row.application_id, {
        scores: Object.fromEntries(criteria.map((c) => [c.id, String(1 + (index % 5))])),
        mention: null,
        confidence: null,
        commentTeam: '',
        commentLeader: '',
      }, true)
      expect(result).toMatchObject({ ok: true })
    }
    const pool = (await citizenPool(app.db, await call()))!
    expect(pool).toHaveLength(5)
    await saveAssignment(app.db, team, await call(), pool)
    const after = await assignments()
    const citizenApplications = new Set(after.filter((a) => a.jury === 'citizen').map((a) => a.application_id))
    expect([...citizenApplications].sort()).toEqual([...pool].sort())
    for (const id of pool) expect(after.filter((a) => a.application_id === id && a.jury === 'citizen')).toHaveLength((await call()).citizen_reviews_per_application)
    // The administration's started reviews kept their reviewers.
    expect(after.filter((a) => a.jury === 'administration')).toHaveLength(rows.length)
  })
})

describe('conflits d’intérêts', () => {
  it('l’évaluateur déclare un conflit : la candidature lui est retirée, il obtient 404 et ne peut pas l’évaluer ; l’équipe voit la déclaration', async () => {
    await saveAssignment(app.db, await user(TEAM), await call())
    const reviewer = ADMINS[0]!
    const assigned = (await assignments()).find((a) => a.user_id === users[reviewer])!
    const params = { callId, applicationId: assigned.application_id }
    const path = `/evaluation/${callId}/${assigned.application_id}`
    const bad = await post(reviewPage.action, reviewer, path, params, { intent: 'declare_conflict', kind: 'inconnu', details: '' })
    expect(bad.status).toBe(400)
    expect(await app.db.selectFrom('scoring_conflicts').selectAll().execute()).toEqual([])
    // A page opened before migration 0026 posts the French kind: stored in English (decision 115).
    const declared = (await post(reviewPage.action, reviewer, path, params, { intent: 'declare_conflict', kind: 'financier', details: 'Je suis adhérent et donateur de cette association.' })).status
    expect(declared).toBe(302)
    expect(await app.db.selectFrom('scoring_conflicts').select(['kind', 'source']).execute()).toEqual([{ kind: 'financial', source: 'reviewer' }])
    expect((await get(reviewPage.loader, reviewer, path, params)).status).toBe(404)
    const criteria = await juryCriteriaOf(app.db, callId, 'administration')
    const attempt = await saveReview(app.db, await user(reviewer), await call(), assigned.application_id, { scores: Object.fromEntries(criteria.map((c) => [c.id, '3'])), mention: null, confidence: null, commentTeam: '', commentLeader: '' }, true)
    expect(attempt).toMatchObject({ ok: false, status: 404 })
    await saveAssignment(app.db, await user(TEAM), await call())
    expect((await assignments()).some((r) => r.application_id === assigned.application_id && r.user_id === users[reviewer])).toBe(false)
    const page = (await get(juriesPage.loader, TEAM, `/equipe/appels/${callId}/jurys`, { callId })).data
    expect(page.conflicts).toHaveLength(1)
    expect(page.conflicts[0]).toMatchObject({ status: 'declared', source: 'reviewer' })
    // The team dismisses it: the pair may meet again.
    const decided = (await post(juriesPage.action, TEAM, `/equipe/appels/${callId}/jurys`, { callId }, { intent: 'decide_conflict', conflictId: page.conflicts[0]!.id, decision: 'dismissed' })).status
    expect(decided).toBe(302)
    expect((await auditActions(app.db, assigned.application_id)).map((a) => a.action)).toEqual(expect.arrayContaining(['scoring.conflict_declared', 'scoring.conflict_dismissed']))
  })
})

describe('conflits signalés par un porteur', () => {
  it('le porteur nomme une personne ; l’équipe désigne le membre concerné : conflit retenu, affectation retirée, 404 pour ce membre', async () => {
    await saveAssignment(app.db, await user(TEAM), await call())
    const reviewer = ADMINS[1]!
    const assigned = (await assignments()).find((a) => a.user_id === users[reviewer])!
    const leader = await app.db.selectFrom('application_members as m').innerJoin('users as u', 'u.id', 'm.user_id').select(['u.id', 'u.email']).where('m.application_id', '=', assigned.application_id).executeTakeFirstOrThrow()
    const leaderUser = await sessionUser(app.services, leader.id)
    const path = `/mes-candidatures/${assigned.application_id}/conflits`
    const params = { id: assigned.application_id }
    const object = (by: SessionUser, fields: Record<string, string>) => app.call(leaderConflicts.action, { user: by, path, params, fields })
    const empty = await object(leaderUser, { names: '', reason: '' })
    expect(empty.status).toBe(400)
    expect((empty.data.result as { error: Record<string, string[]> }).error.names?.[0]).toMatch(/au moins un nom/)
    expect(await app.db.selectFrom('scoring_leader_objections').selectAll().execute()).toEqual([])
    // Someone else's application: 404.
    const stranger = await user(CITIZENS[2]!)
    expect((await object(stranger, { names: 'X', reason: 'Mon concurrent direct' })).status).toBe(404)
    expect((await object(leaderUser, { names: 'Nadia I.', reason: 'Elle a présidé notre association.' })).status).toBe(302)

    const page = (await get(juriesPage.loader, TEAM, `/equipe/appels/${callId}/jurys`, { callId })).data
    expect(page.objections).toHaveLength(1)
    const handled = (await post(juriesPage.action, TEAM, `/equipe/appels/${callId}/jurys`, { callId }, { intent: 'handle_objection', objectionId: page.objections[0]!.id, memberId: users[reviewer]! })).status
    expect(handled).toBe(302)
    const conflict = await app.db.selectFrom('scoring_conflicts').selectAll().executeTakeFirstOrThrow()
    expect(conflict).toMatchObject({ source: 'leader', status: 'upheld', user_id: users[reviewer] })
    expect((await assignments()).some((a) => a.application_id === assigned.application_id && a.user_id === users[reviewer])).toBe(false)
    const reviewParams = { callId, applicationId: assigned.application_id }
    expect((await get(reviewPage.loader, reviewer, `/evaluation/${callId}/${assigned.application_id}`, reviewParams)).status).toBe(404)
  })
})

describe('évaluations : saisies refusées', () => {
  it('note hors de l’échelle, mention inconnue, candidature non confiée, évaluation déjà envoyée : message en français, rien ne change', async () => {
    await saveAssignment(app.db, await user(TEAM), await call())
    await acceptAllCharters()
    const reviewer = ADMINS[0]!
    const rows = await assignments()
    const mine = rows.find((a) => a.user_id === users[reviewer])!
    const notMine = rows.find((a) => a.jury === 'administration' && !rows.some((b) => b.application_id === a.application_id && b.user_id === users[reviewer]))!
    const criteria = await juryCriteriaOf(app.db, callId, 'administration')
    const path = `/evaluation/${callId}/${mine.application_id}`
    const params = { callId, applicationId: mine.application_id }
    const fields = (level: string) => ({ intent: 'submit', ...Object.fromEntries(criteria.map((c) => [`score-${c.id}`, level])) })

    const outOfRange = await post(reviewPage.action, reviewer, path, params, fields('6'))
    expect(outOfRange.status).toBe(400)
    expect(Object.values(outOfRange.data.fieldErrors as Record<string, string>)[0]).toMatch(/de 1 à 5/)
    const missing = await post(reviewPage.action, reviewer, path, params, { intent: 'submit' })
    expect(missing.status).toBe(400)
    expect(await app.db.selectFrom('scoring_reviews').selectAll().where('call_id', '=', callId).execute()).toEqual([])

    // Not assigned: 404 on the page and on the action.
    const other = { callId, applicationId: notMine.application_id }
    expect((await get(reviewPage.loader, reviewer, `/evaluation/${callId}/${notMine.application_id}`, other)).status).toBe(404)
    expect((await post(reviewPage.action, reviewer, `/evaluation/${callId}/${notMine.application_id}`, other, fields('3'))).status).toBe(404)

    // A draft, then the final submission, then a second submission is refused.
    expect((await post(reviewPage.action, reviewer, path, params, { ...fields('2'), intent: 'save_draft' })).status).toBe(302)
    expect((await post(reviewPage.action, reviewer, path, params, fields('4'))).status).toBe(302)
    const again = await post(reviewPage.action, reviewer, path, params, fields('1'))
    expect(again.status).toBe(400)
    expect(String(again.data.message)).toMatch(/déjà envoyée/)
    const stored = await app.db.selectFrom('scoring_reviews').selectAll().where('call_id', '=', callId).executeTakeFirstOrThrow()
    expect(stored.status).toBe('submitted')
    expect(Object.values(stored.scores)).toEqual(criteria.map(() => 4))

    // A citizen: an unknown mention is refused.
    const citizen = rows.find((a) => a.jury === 'citizen')!
    const citizenEmail = Object.keys(users).find((email) => users[email] === citizen.user_id)!
    const citizenParams = { callId, applicationId: citizen.application_id }
    const wrongMention = await post(reviewPage.action, citizenEmail, `/evaluation/${callId}/${citizen.application_id}`, citizenParams, { intent: 'submit', mention: 'Génial' })
    expect(wrongMention.status).toBe(400)
    expect((wrongMention.data.fieldErrors as Record<string, string>).mention).toMatch(/sept mentions/)
  })

  it('un citoyen qui ouvre par son adresse la candidature confiée à un agent obtient 404 et ne voit aucune évaluation de l’administration', async () => {
    await saveAssignment(app.db, await user(TEAM), await call())
    await acceptAllCharters()
    const rows = await assignments()
    const citizen = CITIZENS[1]!
    const adminOnly = rows.find((a) => a.jury === 'administration' && !rows.some((b) => b.application_id === a.application_id && b.user_id === users[citizen]))!
    const params = { callId, applicationId: adminOnly.application_id }
    expect((await get(reviewPage.loader, citizen, `/evaluation/${callId}/${adminOnly.application_id}`, params)).status).toBe(404)
  })
})

describe('réouverture par l’équipe', () => {
  it('l’équipe rouvre une évaluation envoyée : elle redevient un brouillon que son auteur peut renvoyer', async () => {
    await saveAssignment(app.db, await user(TEAM), await call())
    const reviewer = ADMINS[2]!
    const mine = (await assignments()).find((a) => a.user_id === users[reviewer])!
    const criteria = await juryCriteriaOf(app.db, callId, 'administration')
    const input = (level: string) => ({ scores: Object.fromEntries(criteria.map((c) => [c.id, level])), mention: null, confidence: null, commentTeam: '', commentLeader: '' })
    expect(await saveReview(app.db, await user(reviewer), await call(), mine.application_id, input('2'), true)).toMatchObject({ ok: true })
    const review = await app.db.selectFrom('scoring_reviews').select('id').where('call_id', '=', callId).executeTakeFirstOrThrow()
    const path = `/equipe/appels/${callId}/deliberation`
    const unknown = await post(deliberationPage.action, TEAM, path, { callId }, { intent: 'reopen_review', reviewId: 'pas-un-id' })
    expect(unknown.status).toBe(400)
    expect((await post(deliberationPage.action, TEAM, path, { callId }, { intent: 'reopen_review', reviewId: review.id })).status).toBe(302)
    expect((await app.db.selectFrom('scoring_reviews').select('status').where('call_id', '=', callId).executeTakeFirstOrThrow()).status).toBe('draft')
    expect((await auditActions(app.db, mine.application_id)).map((a) => a.action)).toContain('scoring.review_reopened')
    expect(await saveReview(app.db, await user(reviewer), await call(), mine.application_id, input('5'), true)).toMatchObject({ ok: true })
    const stored = await app.db.selectFrom('scoring_reviews').select(['status', 'scores']).where('call_id', '=', callId).executeTakeFirstOrThrow()
    expect(stored.status).toBe('submitted')
    expect(Object.values(stored.scores)).toEqual(criteria.map(() => 5))
  })
})

describe('aveuglement', () => {
  it('les autres évaluations n’apparaissent qu’après l’envoi de la sienne, et celles de l’autre jury seulement en délibération', async () => {
    await saveAssignment(app.db, await user(TEAM), await call())
    await acceptAllCharters()
    const rows = await assignments()
    // An application with two administration reviewers and at least one citizen.
    const applicationId = rows.find((r) => r.jury === 'administration')!.application_id
    const admins = rows.filter((r) => r.application_id === applicationId && r.jury === 'administration').map((r) => r.user_id)
    const citizens = rows.filter((r) => r.application_id === applicationId && r.jury === 'citizen').map((r) => r.user_id)
    const criteria = await juryCriteriaOf(app.db, callId, 'administration')
    const current = await call()
    const submit = async (userId: string, jury: 'administration' | 'citizen') =>
      saveReview(app.db, await sessionUser(app.services, userId), current, applicationId, {
        scores: jury === 'administration' ? Object.fromEntries(criteria.map((c) => [c.id, '3'])) : {},
        mention: jury === 'citizen' ? 'Bien' : null,
        confidence: null,
        commentTeam: 'secret',
        commentLeader: '',
      }, true)
    await submit(admins[1]!, 'administration')
    await submit(citizens[0]!, 'citizen')
    const first = await sessionUser(app.services, admins[0]!)
    const view = async () => (await app.call(reviewPage.loader, { user: first, path: `/evaluation/${callId}/${applicationId}`, params: { callId, applicationId } })).data.others
    expect(await view()).toEqual({ unlocked: false, reviews: [] })
    await submit(admins[0]!, 'administration')
    const after = await view()
    expect(after.unlocked).toBe(true)
    expect(after.reviews.map((r: { jury: string }) => r.jury)).toEqual(['administration'])
    await changeCallState(app.db, await user(TEAM), callId, 'start_deliberation')
    const deliberation = await view()
    expect(deliberation.reviews.map((r: { jury: string }) => r.jury).sort()).toEqual(['administration', 'citizen'])
  })
})

describe('délibération et publication', () => {
  it('résultats, décisions motivées, publication unique avec e-mails, états, page publique et export', async () => {
    const team = await user(TEAM)
    await saveAssignment(app.db, team, await call())
    await acceptAllCharters()
    await scoreEverything()
    const path = `/equipe/appels/${callId}/deliberation`
    const params = { callId }

    // Still in evaluation: deciding is refused.
    const someApplication = (await assignments())[0]!.application_id
    const early = await post(deliberationPage.action, TEAM, path, params, { intent: 'decide', applicationId: someApplication, decision: 'retenue', motivation: 'Très bon projet' })
    expect(early.status).toBe(400)
    expect(early.data.message).toMatch(/pendant la délibération/)
    expect((await post(deliberationPage.action, TEAM, path, params, { intent: 'start_deliberation' })).status).toBe(302)

    const page = (await get(deliberationPage.loader, TEAM, path, params)).data
    expect(page.error).toBeNull()
    expect(page.rows.length).toBeGreaterThanOrEqual(20)
    expect(page.rows.map((r: { rank: number }) => r.rank)).toEqual(page.rows.map((_: unknown, i: number) => i + 1))
    expect(page.normalisation).toMatch(/sévère/)
    expect(page.rule).toMatch(/Note combinée/)
    // Each reviewer's habits: one row per reviewer of a numeric jury who sent reviews, with their
    // count (the panel gives mentions here: majority judgment has no scale to correct).
    const sent = await app.db
      .selectFrom('scoring_reviews')
      .select(['user_id', sql<number>`count(*)::int`.as('n')])
      .where('call_id', '=', callId)
      .where('jury', '=', 'administration')
      .where('submitted_at', 'is not', null)
      .groupBy('user_id')
      .execute()
    const habits = page.habits as Array<{ name: string; reviews: number; effect: string }>
    expect(habits.map((h) => h.reviews).sort()).toEqual(sent.map((row) => row.n).sort())
    expect(habits.every((h) => h.name !== 'Évaluateur' && h.effect.length > 0)).toBe(true)
    // The call's own gap (1.5 points on 5) flags the applications whose juries are far apart.
    const gapFlags = page.rows.flatMap((r: { flags: Array<{ label: string; explanation: string }> }) => r.flags.filter((f) => f.label === 'Notes éloignées entre les jurys'))
    expect(gapFlags.length).toBeGreaterThan(0)
    expect(gapFlags.every((f: { explanation: string }) => f.explanation.includes('seuil de l’appel : 1,5'))).toBe(true)
    const first = page.rows[0]!

    // Without motivation: refused, nothing stored.
    const noMotivation = await post(deliberationPage.action, TEAM, path, params, { intent: 'decide', applicationId: first.id, decision: 'retenue', motivation: '   ' })
    expect(noMotivation.status).toBe(400)
    expect(noMotivation.data.message).toMatch(/motivation/)
    expect(await app.db.selectFrom('scoring_decisions').selectAll().where('call_id', '=', callId).execute()).toEqual([])

    // Publishing before every decision is taken: refused, nothing published.
    const tooEarly = await post(deliberationPage.action, TEAM, path, params, { intent: 'publish' })
    expect(tooEarly.status).toBe(400)
    expect(tooEarly.data.message).toMatch(/Il manque la décision/)
    expect(await app.db.selectFrom('scoring_publications').selectAll().where('call_id', '=', callId).execute()).toEqual([])

    for (const [index, row] of page.rows.entries()) {
      const decision = index < 3 ? 'retenue' : index < 5 ? 'liste_attente' : 'non_retenue'
      const status = (await post(deliberationPage.action, TEAM, path, params, { intent: 'decide', applicationId: row.id, decision, motivation: `Motif ${index + 1}` })).status
      expect(status).toBe(302)
    }
    expect((await auditActions(app.db, first.id)).map((a) => a.action)).toContain('scoring.decision_recorded')
    const before = (await outbox(app.db)).length

    expect((await post(deliberationPage.action, TEAM, path, params, { intent: 'publish' })).status).toBe(302)
    const mails = (await outbox(app.db)).slice(before)
    expect(mails.length).toBeGreaterThanOrEqual(page.rows.length)
    expect(mails.every((m) => m.template === 'scoring-result')).toBe(true)
    const firstLeader = await app.db.selectFrom('application_members as m').innerJoin('users as u', 'u.id', 'm.user_id').select('u.email').where('m.application_id', '=', first.id).executeTakeFirstOrThrow()
    const mail = mails.find((m) => m.to_address === firstLeader.email)!
    expect(mail.subject).toMatch(/retenue/)
    expect(mail.text).toContain('Motif 1')
    expect(mail.text).toMatch(/Avis partagé/)
    expect((await findCall(app.db, callId))!.state).toBe('resultats_publies')
    const states = await app.db.selectFrom('applications').select(['id', 'state']).where('id', 'in', page.rows.map((r: { id: string }) => r.id)).execute()
    const stateOf = new Map(states.map((s) => [s.id, s.state]))
    expect(stateOf.get(page.rows[0]!.id)).toBe('retenue')
    expect(stateOf.get(page.rows[3]!.id)).toBe('preselectionnee')
    expect(stateOf.get(page.rows[10]!.id)).toBe('non_retenue')

    // Publishing twice: nothing more.
    const total = (await outbox(app.db)).length
    const second = await publishResults(acceleratorServices({ db: app.db, jobs: app.services.jobs, env: app.services.env }), team, (await findCall(app.db, callId))!)
    expect(second).toEqual({ ok: true, already: true })
    expect((await post(deliberationPage.action, TEAM, path, params, { intent: 'publish' })).status).toBe(302)
    expect((await outbox(app.db)).length).toBe(total)
    const publishedAudit = await app.db.selectFrom('audit_log').select('data').where('action', '=', 'call.results_published').where('subject_id', '=', callId).execute()
    expect(publishedAudit).toHaveLength(1)
    expect(publishedAudit[0]!.data).toMatchObject({ from: 'en_deliberation', to: 'resultats_publies', decisions: page.rows.length })

    // The public page shows the snapshot: three laureates with summaries, counts, never a citizen's name.
    const slug = 'edition-2'
    const published = (await get(publicResults.loader, null, `/appels/${slug}/resultats`, { slug })).data
    expect(published.laureates).toHaveLength(3)
    expect(published.laureates[0]!.summary.length).toBeGreaterThan(0)
    expect(published.juries.citizen).toMatchObject({ members: 5, mode: 'majority_judgment' })
    expect(published.statistics).toMatchObject({ retained: 3, waiting: 2 })
    expect(JSON.stringify(published)).not.toMatch(/Lucie|Citoyenne|citoyen2@/)

    const csv = new TextDecoder().decode((await get(csvRoute.loader, TEAM, `/equipe/appels/${callId}/resultats-csv`, params)).bytes)
    expect(csv.split('\r\n')[0]).toContain('note_combinee')
    expect(csv).toContain('Motif 1')
    const xlsx = await get(csvRoute.loader, TEAM, `/equipe/appels/${callId}/resultats-csv?format=xlsx`, params)
    expect(xlsx.headers.get('Content-Type')).toMatch(/spreadsheetml/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(xlsx.bytes) as never)
    const sheet = workbook.getWorksheet('resultats')!
    expect(sheet.getRow(1).getCell(4).value).toBe('note_combinee')
    expect(sheet.rowCount).toBe(page.rows.length + 1)
  })
})

describe('rappels avant la date limite des évaluations', () => {
  it('un e-mail par personne qui a des évaluations à envoyer, une seule fois', async () => {
    await saveAssignment(app.db, await user(TEAM), await call())
    const deadline = (await call()).review_deadline!
    const at = new Date(deadline.getTime() - 2 * 24 * 3600 * 1000)
    const farAway = await sendScoringReminders({ db: app.db, jobs: app.services.jobs, appUrl: 'http://localhost:3000' }, new Date(deadline.getTime() - 8 * 24 * 3600 * 1000))
    expect(farAway).toBe(0)
    const sent = await sendScoringReminders({ db: app.db, jobs: app.services.jobs, appUrl: 'http://localhost:3000' }, at)
    const members = new Set((await assignments()).map((a) => a.user_id))
    expect(sent).toBe(members.size)
    expect(await sendScoringReminders({ db: app.db, jobs: app.services.jobs, appUrl: 'http://localhost:3000' }, at)).toBe(0)
    const mails = (await outbox(app.db)).filter((m) => m.template === 'scoring-reminder')
    expect(mails).toHaveLength(members.size)
    expect(mails[0]!.text).toMatch(/évaluations? sur/)
  })
})

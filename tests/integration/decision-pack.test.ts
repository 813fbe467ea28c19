import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import { changeCallState, getGrid } from '#app/accelerator/calls/calls.server.ts'
import { decide } from '#app/accelerator/scoring/results.server.ts'
import { scorableApplications } from '#app/accelerator/scoring/assignment.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import * as packPage from '#app/routes/equipe.appels.$callId.dossier-de-decision.tsx'
import { auditActions, createUser, grant } from '#tests/helpers/accelerator.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

// Decision pack and committee opinions (issue 20, decision 100), on PGlite and on PostgreSQL.
const app = useTestApp()
let users: Record<string, string>
let callId: string
let applications: Array<{ id: string; title: string }>
let member: string

const TEAM = 'equipe@demo.aic.gouv.fr'
const ADMINS = ['instructeur@demo.aic.gouv.fr', 'instructrice@demo.aic.gouv.fr']
const CITIZENS = ['citoyen2@demo.aic.gouv.fr', 'citoyenne3@demo.aic.gouv.fr', 'citoyen4@demo.aic.gouv.fr']

beforeEach(async () => {
  users = (await seedDemoForTest(app.db)).users
  callId = (await app.db.selectFrom('calls').select('id').where('slug', '=', 'edition-2').executeTakeFirstOrThrow()).id
  applications = (await scorableApplications(app.db, callId)).slice(0, 3).map((a) => ({ id: a.id, title: a.title }))
  // The first application has every review it expects (2 administration, 3 citizens); the others none.
  const criteria = (await getGrid(app.db, callId))!.criteria.filter((c) => c.jury === 'administration')
  const first = applications[0]!.id
  const submitted = new Date()
  await app.db
    .insertInto('scoring_reviews')
    .values([
      ...ADMINS.map((email, index) => ({
        call_id: callId,
        application_id: first,
        user_id: users[email]!,
        jury: 'administration' as const,
        status: 'submitted' as const,
        scores: Object.fromEntries(criteria.map((c) => [c.id, 3 + index])),
        mention: null,
        confidence: 2,
        comment_team: index === 0 ? 'Budget réaliste, équipe solide.' : '',
        submitted_at: submitted,
      })),
      ...CITIZENS.map((email) => ({
        call_id: callId,
        application_id: first,
        user_id: users[email]!,
        jury: 'citizen' as const,
        status: 'submitted' as const,
        mention: 'Bien',
        confidence: null,
        submitted_at: submitted,
      })),
    ])
    .execute()
  const team = await user(TEAM)
  expect((await changeCallState(app.db, team, callId, 'start_deliberation')).ok).toBe(true)
  const call = { id: callId, state: 'en_deliberation' }
  expect(await decide(app.db, team, call, { applicationId: first, decision: 'retenue', motivation: 'Projet solide et utile.' })).toEqual({ ok: true })
  expect(await decide(app.db, team, call, { applicationId: applications[1]!.id, decision: 'non_retenue', motivation: 'Hors du périmètre.' })).toEqual({
    ok: true,
  })
  member = await createUser(app.db, 'comite@demo.aic.gouv.fr', 'Camille Comité')
  await grant(app.db, member, 'programme_team', 'global')
})

const user = (email: string): Promise<SessionUser> => sessionUser(app.services, users[email] ?? email)
const path = () => `/equipe/appels/${callId}/dossier-de-decision`

const post = (actor: SessionUser, fields: Record<string, string>) => app.call(packPage.action, { user: actor, path: path(), params: { callId }, fields })
async function pack(actor: SessionUser) {
  const response = await app.call(packPage.loader, { user: actor, path: path(), params: { callId } })
  expect(response.status).toBe(200)
  return response.data
}
const actions = async (subjectId: string) => (await auditActions(app.db, subjectId)).map((entry) => entry.action)
const opinions = () => app.db.selectFrom('committee_opinions').selectAll().execute()

describe('dossier de décision', () => {
  it('montre le classement, les deux jurys, les résumés, les commentaires, les décisions proposées, et liste ce qui manque', async () => {
    const data = await pack(await user(TEAM))
    expect(data.rows.length).toBeGreaterThan(3)
    const first = data.rows.find((r: { id: string }) => r.id === applications[0]!.id)!
    expect(first.summary.length).toBeGreaterThan(0)
    expect(first.juries.map((j: { count: number }) => j.count)).toEqual([2, 3])
    expect(first.juries[0]!.normalised).not.toBe('–')
    expect(first.reviews.some((r: { commentTeam: string }) => r.commentTeam === 'Budget réaliste, équipe solide.')).toBe(true)
    expect(first.decision).toMatchObject({ value: 'retenue', motivation: 'Projet solide et utile.' })
    expect(first.missing).toEqual([])
    // Missing reviews: shown with an explicit list, never refused, never a 5xx.
    const second = data.rows.find((r: { id: string }) => r.id === applications[1]!.id)!
    expect(second.missing).toEqual(['Jury de l’administration : 0 évaluation envoyée sur 2 attendues', 'Panel citoyen : 0 évaluation envoyée sur 3 attendues'])
    expect(data.missing).toContain(
      `${second.reference} – ${second.title} : Jury de l’administration : 0 évaluation envoyée sur 2 attendues ; Panel citoyen : 0 évaluation envoyée sur 3 attendues`,
    )
    expect(data.missing.some((m: string) => m.endsWith('aucune décision proposée'))).toBe(true)
  })

  it('un membre de l’équipe hors du comité est refusé en français, rien n’est enregistré, le refus est audité', async () => {
    const response = await post(await user(TEAM), { intent: 'record_opinion', applicationId: applications[0]!.id, agrees: 'oui', note: '' })
    expect(response.status).toBe(403)
    expect(response.data.message).toBe('Seuls les membres du comité de cet appel donnent un avis sur les décisions proposées.')
    expect(await opinions()).toEqual([])
    expect(await actions(applications[0]!.id)).toContain('committee.opinion_refused')
  })

  it('l’équipe compose le comité ; chaque membre donne son avis ; l’équipe voit le décompte et les notes', async () => {
    const team = await user(TEAM)
    // Someone outside the programme team cannot sit on the committee.
    const outside = await post(team, { intent: 'add_member', email: 'instructeur@demo.aic.gouv.fr' })
    expect(outside.status).toBe(400)
    expect(outside.data.field).toBe('email')
    expect((await post(team, { intent: 'add_member', email: 'COMITE@demo.aic.gouv.fr' })).status).toBe(302)
    expect((await post(team, { intent: 'add_member', email: TEAM })).status).toBe(302)
    // Twice: nothing more.
    expect((await post(team, { intent: 'add_member', email: TEAM })).status).toBe(302)
    expect(await app.db.selectFrom('committee_members').select('user_id').execute()).toHaveLength(2)
    expect(await actions(callId)).toContain('committee.member_added')

    const camille = await sessionUser(app.services, member)
    const first = applications[0]!.id
    // Bad input: refused with a French message next to the field, nothing stored.
    const cases: Array<[Record<string, string>, number, string | null]> = [
      [{ agrees: '', note: '' }, 400, 'agrees'],
      [{ agrees: 'non', note: '  ' }, 400, 'note'],
      [{ agrees: 'oui', note: 'x'.repeat(2001) }, 400, 'note'],
    ]
    for (const [fields, status, field] of cases) {
      const response = await post(camille, { intent: 'record_opinion', applicationId: first, ...fields })
      expect(response.status).toBe(status)
      expect(response.data.field).toBe(field)
    }
    expect((await post(camille, { intent: 'record_opinion', applicationId: '00000000-0000-4000-8000-000000000000', agrees: 'oui', note: '' })).status).toBe(404)
    expect((await post(camille, { intent: 'record_opinion', applicationId: 'pas-un-id', agrees: 'oui', note: '' })).status).toBe(404)
    // No proposed decision yet for the third application.
    const undecided = await post(camille, { intent: 'record_opinion', applicationId: applications[2]!.id, agrees: 'oui', note: '' })
    expect(undecided.status).toBe(400)
    expect(await opinions()).toEqual([])

    expect((await post(camille, { intent: 'record_opinion', applicationId: first, agrees: 'oui', note: 'Très bon dossier.' })).status).toBe(302)
    expect((await post(team, { intent: 'record_opinion', applicationId: first, agrees: 'non', note: 'Le budget me semble sous-estimé.' })).status).toBe(302)
    // Sent twice: one opinion, one audit entry.
    expect((await post(team, { intent: 'record_opinion', applicationId: first, agrees: 'non', note: 'Le budget me semble sous-estimé.' })).status).toBe(302)
    expect(await opinions()).toHaveLength(2)
    expect((await actions(first)).filter((a) => a === 'committee.opinion_recorded')).toHaveLength(2)

    let row = (await pack(team)).rows.find((r: { id: string }) => r.id === first)!
    expect(row.tally).toEqual({ agree: 1, disagree: 1, members: 2 })
    expect(row.opinions.map((o: { name: string; note: string }) => [o.name, o.note])).toEqual([
      ['Camille Comité', 'Très bon dossier.'],
      [expect.any(String), 'Le budget me semble sous-estimé.'],
    ])

    // The team changes the proposal: the earlier opinions are shown as given on the old one and no longer counted.
    await decide(
      app.db,
      team,
      { id: callId, state: 'en_deliberation' },
      { applicationId: first, decision: 'liste_attente', motivation: 'En attente du budget.' },
    )
    row = (await pack(team)).rows.find((r: { id: string }) => r.id === first)!
    expect(row.tally).toEqual({ agree: 0, disagree: 0, members: 2 })
    expect(row.opinions.every((o: { stale: boolean; decisionSeen: string }) => o.stale && o.decisionSeen === 'Retenue')).toBe(true)

    // A member removed from the committee: their opinions are no longer shown nor counted, and they may not give one.
    expect((await post(team, { intent: 'remove_member', userId: member })).status).toBe(302)
    expect((await post(team, { intent: 'remove_member', userId: member })).status).toBe(404)
    expect((await post(camille, { intent: 'record_opinion', applicationId: first, agrees: 'oui', note: '' })).status).toBe(403)
    row = (await pack(team)).rows.find((r: { id: string }) => r.id === first)!
    expect(row.opinions.map((o: { name: string }) => o.name)).not.toContain('Camille Comité')
    expect(await actions(callId)).toContain('committee.member_removed')
  })

  it('après la délibération, plus d’avis : refus en français, rien ne change', async () => {
    const team = await user(TEAM)
    await post(team, { intent: 'add_member', email: TEAM })
    await app.db.updateTable('calls').set({ state: 'resultats_publies' }).where('id', '=', callId).execute()
    const response = await post(team, { intent: 'record_opinion', applicationId: applications[0]!.id, agrees: 'oui', note: '' })
    expect(response.status).toBe(400)
    expect(response.data.message).toMatch(/pendant la délibération/)
    expect(await opinions()).toEqual([])
  })
})

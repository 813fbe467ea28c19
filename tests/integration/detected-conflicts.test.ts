// Issue 20 / decision 099: conflicts of interest found before they are declared — from the
// organisation (SIRET), from the e-mail domain, from another application of the same call, from
// an earlier call — blocked in the assignment like declared ones, dismissed only with a motivation.
import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import { findCall } from '#app/accelerator/calls/calls.server.ts'
import { planAssignment, setOverride } from '#app/accelerator/scoring/assignment.server.ts'
import { reviewAccess, reviewerQueue } from '#app/accelerator/scoring/reviews.server.ts'
import * as juriesPage from '#app/routes/equipe.appels.$callId.jurys.tsx'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

process.env.UPLOADS_DIR = '/tmp/aic-test-uploads'
const app = useTestApp()
let users: Record<string, string>
let callId: string
let figeac: { id: string; siret: string }

const TEAM = 'equipe@demo.aic.gouv.fr'
const REVIEWER = 'evaluateur@demo.aic.gouv.fr'

beforeEach(async () => {
  users = (await seedDemoForTest(app.db)).users
  callId = (await app.db.selectFrom('calls').select('id').where('slug', '=', 'edition-2').executeTakeFirstOrThrow()).id
  const apps = await app.db.selectFrom('applications').select(['id', 'answers']).where('call_id', '=', callId).execute()
  const row = apps.find((a) => String(a.answers.structure?.name).startsWith('Ville de Figeac'))!
  figeac = { id: row.id, siret: String(row.answers.structure!.siret) }
})

const as = async (email: string) => sessionUser(app.services, users[email]!)
const call = async () => (await findCall(app.db, callId))!
const jurysUrl = () => `/equipe/appels/${callId}/jurys`
const postJurys = async (fields: Record<string, string>) => app.call(juriesPage.action, { user: await as(TEAM), path: jurysUrl(), params: { callId }, fields })
const juryPage = async () => (await app.call(juriesPage.loader, { user: await as(TEAM), path: jurysUrl(), params: { callId } })).data
const planned = async () => (await planAssignment(app.db, await call())).result.assignments.filter((a) => a.reviewerId === users[REVIEWER])

describe('conflit détecté depuis l’organisation (SIRET ProConnect)', () => {
  it('est montré avec sa raison, bloque la paire comme un conflit déclaré, et s’écarte seulement avec un motif', async () => {
    const reviewerId = users[REVIEWER]!
    // A saved assignment from before the SIRET was known: it disappears from the reviewer's queue at once.
    await app.db.insertInto('scoring_assignments').values({ call_id: callId, application_id: figeac.id, user_id: reviewerId, jury: 'administration', source: 'forced' }).execute()
    await app.db.updateTable('users').set({ siret: figeac.siret }).where('id', '=', reviewerId).execute()

    const page = await juryPage()
    const detected = page.detected.items.find((c: { applicationId: string; reviewerId: string }) => c.applicationId === figeac.id && c.reviewerId === reviewerId)
    expect(detected).toMatchObject({ blocked: true, dismissible: true })
    expect(detected!.reasons[0]!.message).toBe(`Même organisation : le SIRET de cette personne (${figeac.siret}) est celui de la structure candidate « Ville de Figeac avec l’association Mobil’Aide ».`)

    const reviewer = await sessionUser(app.services, reviewerId)
    expect((await reviewerQueue(app.db, reviewer, callId)).items.map((i) => i.applicationId)).not.toContain(figeac.id)
    expect(await reviewAccess(app.db, reviewer, callId, figeac.id)).toEqual({ ok: false, reason: 'conflict' })
    await app.db.deleteFrom('scoring_assignments').where('call_id', '=', callId).execute()
    expect((await planned()).map((a) => a.applicationId)).not.toContain(figeac.id)
    const forced = await setOverride(app.db, await sessionUser(app.services, users[TEAM]!), callId, { applicationId: figeac.id, reviewerId, kind: 'forced' })
    expect(forced).toMatchObject({ ok: false, message: expect.stringContaining('conflit d’intérêts') })

    // Without a motivation: refused, French message next to the field, nothing written.
    const auditBefore = (await app.db.selectFrom('audit_log').select('id').execute()).length
    const refused = await postJurys({ intent: 'dismiss_detected', applicationId: figeac.id, reviewerId, motivation: '   ' })
    expect(refused.status).toBe(400)
    expect(refused.data.dismiss).toMatchObject({ pair: `${figeac.id}:${reviewerId}`, motivation: 'Indiquez pourquoi ce lien ne pose pas problème : le motif est obligatoire.' })
    expect(await app.db.selectFrom('scoring_conflict_dismissals').selectAll().execute()).toEqual([])
    expect((await app.db.selectFrom('audit_log').select('id').execute()).length).toBe(auditBefore)

    const done = await postJurys({ intent: 'dismiss_detected', applicationId: figeac.id, reviewerId, motivation: 'Agent d’un autre service de la mairie, sans lien avec le projet.' })
    expect(done.status).toBe(302)
    expect(done.location).toBe(`${jurysUrl()}?fait=ecarte#conflits-detectes`)
    const audit = await app.db.selectFrom('audit_log').select(['action', 'actor_id', 'subject_id', 'data']).where('action', '=', 'scoring.detected_conflict_dismissed').executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ actor_id: users[TEAM], subject_id: figeac.id, data: { reviewerId, motivation: 'Agent d’un autre service de la mairie, sans lien avec le projet.' } })
    const after = (await juryPage()).detected.items.find((c: { applicationId: string }) => c.applicationId === figeac.id)
    expect(after!.blocked).toBe(false)
    expect(after!.reasons[0]!.dismissal!.motivation).toBe('Agent d’un autre service de la mairie, sans lien avec le projet.')

    // Now assignable: the team may impose it, and the reviewer may open it.
    expect(await setOverride(app.db, await sessionUser(app.services, users[TEAM]!), callId, { applicationId: figeac.id, reviewerId, kind: 'forced' })).toEqual({ ok: true })
    expect(await reviewAccess(app.db, reviewer, callId, figeac.id)).toEqual({ ok: true, jury: 'administration' })
    // A second dismissal of the same pair: nothing left to dismiss.
    expect((await postJurys({ intent: 'dismiss_detected', applicationId: figeac.id, reviewerId, motivation: 'Encore' })).status).toBe(400)
  })

  it('refuse un motif trop long ou une paire inconnue, en français, sans rien écrire', async () => {
    await app.db.updateTable('users').set({ siret: figeac.siret }).where('id', '=', users[REVIEWER]!).execute()
    const long = await postJurys({ intent: 'dismiss_detected', applicationId: figeac.id, reviewerId: users[REVIEWER]!, motivation: 'x'.repeat(1001) })
    expect(long.status).toBe(400)
    expect(long.data.dismiss!.motivation).toBe('Le motif ne doit pas dépasser 1000 caractères.')
    const unknown = await postJurys({ intent: 'dismiss_detected', applicationId: 'pas-un-id', reviewerId: users[REVIEWER]!, motivation: 'Motif' })
    expect(unknown.status).toBe(400)
    expect(unknown.data.message).toBe('Ce conflit détecté est introuvable.')
    expect(await app.db.selectFrom('scoring_conflict_dismissals').selectAll().execute()).toEqual([])
  })
})

describe('les autres sources de conflit', () => {
  it('même domaine d’e-mail qu’un co-porteur (pas pour un webmail), autre candidature de la même structure, conflit d’un appel précédent', async () => {
    const db = app.db
    // An agent of the town hall joins the administration jury; a co-leader of Figeac writes from the town hall's domain.
    const agent = await db.insertInto('users').values({ email: 'agent@mairie-figeac.fr', display_name: 'Agent Mairie' }).returning('id').executeTakeFirstOrThrow()
    const webmail = await db.insertInto('users').values({ email: 'jean@gmail.com', display_name: 'Jean Webmail' }).returning('id').executeTakeFirstOrThrow()
    const coLeader = await db.insertInto('users').values({ email: 'elu@mairie-figeac.fr', display_name: 'Élu Figeac' }).returning('id').executeTakeFirstOrThrow()
    const gmailLeader = await db.insertInto('users').values({ email: 'asso@gmail.com', display_name: 'Asso Gmail' }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('application_members').values([
      { application_id: figeac.id, user_id: coLeader.id, role: 'co_leader' },
      { application_id: figeac.id, user_id: gmailLeader.id, role: 'co_leader' },
    ]).execute()
    for (const id of [agent.id, webmail.id]) {
      await db.insertInto('role_assignments').values({ user_id: id, role: 'admin_reviewer', scope_type: 'call', scope_id: callId }).execute()
    }
    // The reviewer « instructeur » co-leads another application of this call with the same SIREN as Figeac.
    const others = await db.selectFrom('applications').select(['id', 'answers', 'reference']).where('call_id', '=', callId).where('id', '!=', figeac.id).where('state', '=', 'en_instruction').execute()
    const sibling = others[0]!
    await db.updateTable('applications').set({ answers: { ...sibling.answers, structure: { ...sibling.answers.structure, siret: `${figeac.siret.slice(0, 9)}00099` } } }).where('id', '=', sibling.id).execute()
    const instructeur = users['instructeur@demo.aic.gouv.fr']!
    await db.insertInto('application_members').values({ application_id: sibling.id, user_id: instructeur, role: 'co_leader' }).execute()
    // On the open call, « instructrice » declared a conflict with an application whose owner also leads one here.
    const openCall = (await db.selectFrom('calls').select('id').where('slug', '=', 'edition-3').executeTakeFirstOrThrow()).id
    const earlier = await db.selectFrom('applications').select(['id', 'owner_id']).where('call_id', '=', openCall).where('state', '=', 'deposee').executeTakeFirstOrThrow()
    const sameLeaderHere = await db.selectFrom('applications').select('id').where('call_id', '=', callId).where('owner_id', '=', earlier.owner_id).executeTakeFirstOrThrow()
    const instructrice = users['instructrice@demo.aic.gouv.fr']!
    await db.insertInto('scoring_conflicts').values({ call_id: openCall, application_id: earlier.id, user_id: instructrice, kind: 'personal', details: 'Ma cousine', source: 'reviewer', status: 'declared' }).execute()

    const items: Array<{ applicationId: string; reviewerId: string; reasons: Array<{ rule: string; message: string; dismissible: boolean }> }> = (await juryPage()).detected.items
    const find = (applicationId: string, reviewerId: string) => items.find((c) => c.applicationId === applicationId && c.reviewerId === reviewerId)
    expect(find(figeac.id, agent.id)?.reasons.map((r) => r.message)).toEqual(['Même domaine d’adresse e-mail (@mairie-figeac.fr) que Élu Figeac, qui porte cette candidature.'])
    expect(items.some((c) => c.reviewerId === webmail.id)).toBe(false)
    expect(find(figeac.id, instructeur)?.reasons.map((r) => r.rule)).toContain('same_call_leader')
    expect(find(sibling.id, instructeur)?.reasons[0]).toMatchObject({ rule: 'own_application', dismissible: false })
    expect(find(sameLeaderHere.id, instructrice)?.reasons.map((r) => r.message)).toEqual([
      expect.stringMatching(/^Un conflit d’intérêts a été déclaré lors de l’appel « Appel à projets, 3e édition » entre cette personne et .+, qui porte cette candidature\.$/),
    ])

    // None of these pairs is ever planned; the own application cannot be dismissed.
    const plan = (await planAssignment(db, await call())).result.assignments.map((a) => `${a.applicationId}:${a.reviewerId}`)
    for (const pair of [`${figeac.id}:${agent.id}`, `${figeac.id}:${instructeur}`, `${sibling.id}:${instructeur}`, `${sameLeaderHere.id}:${instructrice}`]) expect(plan).not.toContain(pair)
    const own = await postJurys({ intent: 'dismiss_detected', applicationId: sibling.id, reviewerId: instructeur, motivation: 'Essai' })
    expect(own.status).toBe(400)
    expect(own.data.message).toBe('Cette personne porte la candidature : ce conflit ne peut pas être écarté.')
  })
})

describe('avant d’inviter', () => {
  it('la page prévient quand la personne invitée a des conflits détectés ; « Inviter quand même » envoie l’invitation', async () => {
    const warned = await postJurys({ intent: 'invite', email: 'Nouvel.Agent@Exemple.fr', jury: 'administration' })
    expect(warned.status).toBe(200)
    const body = warned.data
    expect(body.warning!.conflicts.length).toBeGreaterThan(0)
    expect(body.warning!.conflicts[0]!.reasons[0]).toMatch(/^Même domaine d’adresse e-mail \(@exemple\.fr\) que .+, qui porte cette candidature\.$/)
    expect(await app.db.selectFrom('invitations').select('id').where('email', 'ilike', 'nouvel.agent@exemple.fr').execute()).toEqual([])

    const confirmed = await postJurys({ intent: 'invite', email: 'Nouvel.Agent@Exemple.fr', jury: 'administration', confirmer: 'oui' })
    expect(confirmed.status).toBe(302)
    expect(await app.db.selectFrom('invitations').select('id').where('email', 'ilike', 'nouvel.agent@exemple.fr').execute()).toHaveLength(1)

    // An address at a webmail, with no account: no warning, sent at once.
    expect((await postJurys({ intent: 'invite', email: 'quelqu.un@orange.fr', jury: 'citizen' })).status).toBe(302)
  })
})

// Issue 20 / decision 099 (complément du 7 décembre): a person without ProConnect gives their
// organisation's SIRET on their profile; conflict detection uses it when ProConnect gave none.
import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import { findCall } from '#app/accelerator/calls/calls.server.ts'
import { planAssignment } from '#app/accelerator/scoring/assignment.server.ts'
import { conflictsOfInvitee, detectCallConflicts } from '#app/accelerator/scoring/conflict-detection.server.ts'
import * as profilePage from '#app/routes/profil._index.tsx'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

process.env.UPLOADS_DIR = '/tmp/aic-test-uploads'
const app = useTestApp()
let users: Record<string, string>
let callId: string
let figeac: { id: string; siret: string }

const REVIEWER = 'evaluateur@demo.aic.gouv.fr'

beforeEach(async () => {
  users = (await seedDemoForTest(app.db)).users
  callId = (await app.db.selectFrom('calls').select('id').where('slug', '=', 'edition-2').executeTakeFirstOrThrow()).id
  const apps = await app.db.selectFrom('applications').select(['id', 'answers']).where('call_id', '=', callId).execute()
  const row = apps.find((a) => String(a.answers.structure?.name).startsWith('Ville de Figeac'))!
  figeac = { id: row.id, siret: String(row.answers.structure!.siret) }
})

const as = async (email: string) => sessionUser(app.services, users[email]!)
const postProfile = async (fields: Record<string, string>) => app.call(profilePage.action, { user: await as(REVIEWER), path: '/profil', fields })
const profile = async () => (await app.call(profilePage.loader, { user: await as(REVIEWER), path: '/profil' })).data
const detectedFor = async (reviewerId: string) => (await detectCallConflicts(app.db, callId)).filter((c) => c.reviewerId === reviewerId)
const stored = async () => (await app.db.selectFrom('users').select(['siret', 'profile_siret']).where('id', '=', users[REVIEWER]!).executeTakeFirstOrThrow())
const spaced = (siret: string) => `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`

describe('SIRET donné sur le profil', () => {
  it('fait détecter le conflit « même organisation » sans ProConnect, et l’effacer le retire', async () => {
    const reviewerId = users[REVIEWER]!
    expect(await detectedFor(reviewerId)).toEqual([])

    // Typed with spaces, as on a Kbis extract: stored as 14 digits, audited.
    const saved = await postProfile({ intent: 'organisation', siret: spaced(figeac.siret) })
    expect(saved.status).toBe(302)
    expect(saved.location).toBe('/profil?enregistre=siret#organisation')
    expect(await stored()).toEqual({ siret: null, profile_siret: figeac.siret })
    expect((await profile()).profileSiret).toBe(figeac.siret)
    const audit = await app.db.selectFrom('audit_log').select(['actor_id', 'subject_id', 'data']).where('action', '=', 'user.profile_siret_updated').executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ actor_id: reviewerId, subject_id: reviewerId, data: { siret: figeac.siret, previous: null } })

    const detected = await detectedFor(reviewerId)
    expect(detected.map((c) => c.applicationId)).toEqual([figeac.id])
    expect(detected[0]!.reasons.map((r) => r.rule)).toEqual(['organisation'])
    expect(detected[0]!.reasons[0]!.message).toContain(`le SIRET de cette personne (${figeac.siret})`)
    const plan = await planAssignment(app.db, (await findCall(app.db, callId))!)
    expect(plan.result.assignments.some((a) => a.reviewerId === reviewerId && a.applicationId === figeac.id)).toBe(false)
    expect(plan.result.assignments.some((a) => a.reviewerId === reviewerId)).toBe(true)
    // The invitation page warns as well (the account is known by its address).
    expect((await conflictsOfInvitee(app.db, callId, REVIEWER)).map((c) => c.reasons.join(' '))).toEqual([expect.stringContaining('Même organisation')])

    // Emptying the field removes the SIRET, and the conflict with it.
    const removed = await postProfile({ intent: 'organisation', siret: '' })
    expect(removed.location).toBe('/profil?enregistre=siret-efface#organisation')
    expect(await stored()).toEqual({ siret: null, profile_siret: null })
    expect(await detectedFor(reviewerId)).toEqual([])
    expect(await conflictsOfInvitee(app.db, callId, REVIEWER)).toEqual([])
    const audits = await app.db.selectFrom('audit_log').select('data').where('action', '=', 'user.profile_siret_updated').orderBy('created_at').execute()
    expect(audits.map((a) => a.data)).toEqual([
      { siret: figeac.siret, previous: null },
      { siret: null, previous: figeac.siret },
    ])
  })

  it('passe après le SIRET de ProConnect quand les deux existent', async () => {
    const reviewerId = users[REVIEWER]!
    await postProfile({ intent: 'organisation', siret: figeac.siret })
    // ProConnect vouches for another organisation: its SIRET is the one compared.
    await app.db.updateTable('users').set({ siret: '13002526500013' }).where('id', '=', reviewerId).execute()
    expect(await detectedFor(reviewerId)).toEqual([])
    expect((await profile()).proconnectSiret).toBe('13002526500013')
    await app.db.updateTable('users').set({ siret: null }).where('id', '=', reviewerId).execute()
    expect((await detectedFor(reviewerId)).map((c) => c.applicationId)).toEqual([figeac.id])
  })

  it.each([
    ['1234567890123', 'Le numéro SIRET compte 14 chiffres, sans lettres : vérifiez-le.'],
    ['1300252650001A', 'Le numéro SIRET compte 14 chiffres, sans lettres : vérifiez-le.'],
    ['13002526500014', 'Ce numéro SIRET n’est pas valide : vérifiez les 14 chiffres.'],
    ['1'.repeat(41), 'Le numéro SIRET compte 14 chiffres : vérifiez-le.'],
  ])('refuse « %s » avec un message en français à côté du champ, sans rien enregistrer', async (siret, message) => {
    const response = await postProfile({ intent: 'organisation', siret })
    expect(response.status).toBe(400)
    const body = response.data
    expect(body.result.error!.siret).toEqual([message])
    expect(body.result.initialValue!.siret).toBe(siret)
    expect(await stored()).toEqual({ siret: null, profile_siret: null })
    expect(await app.db.selectFrom('audit_log').select('id').where('action', '=', 'user.profile_siret_updated').execute()).toEqual([])
  })

  it('la base refuse un SIRET qui n’a pas 14 chiffres, même écrit sans passer par le formulaire', async () => {
    await expect(app.db.updateTable('users').set({ profile_siret: '123' }).where('id', '=', users[REVIEWER]!).execute()).rejects.toThrow()
  })

  it('l’export des données et la suppression du compte en tiennent compte', async () => {
    await postProfile({ intent: 'organisation', siret: figeac.siret })
    const { exportUserData } = await import('#app/auth/data-export.server.ts')
    const data = (await exportUserData(app.db, await sessionUser(app.services, users[REVIEWER]!))) as { compte: { profile_siret: string } }
    expect(data.compte.profile_siret).toBe(figeac.siret)
    const { deleteAccount } = await import('#app/auth/account.server.ts')
    await deleteAccount(app.db, await sessionUser(app.services, users[REVIEWER]!))
    expect(await stored()).toEqual({ siret: null, profile_siret: null })
  })
})

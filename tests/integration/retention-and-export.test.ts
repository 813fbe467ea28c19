import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import { sessionIdAtRest } from '#app/auth/lucia-adapter.server.ts'
import { SESSION_ABSOLUTE_MS, validateRequestSession } from '#app/auth/session.server.ts'
import { applyRetention } from '#app/jobs/retention.server.ts'
import * as myData from '#app/routes/profil.mes-donnees.tsx'
import { sessionUser } from '#tests/helpers/context.ts'
import { createApplicationRow, createCallRow } from '#tests/helpers/accelerator.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let users: Record<string, string>
beforeEach(async () => {
  users = (await seedDemoForTest(app.db)).users
})

const DAY = 24 * 3600 * 1000
const retention = (at: Date) => applyRetention({ db: app.db, jobs: app.services.jobs, appUrl: 'http://localhost:3000' }, at)

describe('durées de conservation', () => {
  it('prévient un mois avant, puis supprime un compte sans connexion depuis trois ans', async () => {
    const id = users['porteuse@demo.aic.gouv.fr']!
    const now = new Date()
    await app.db.updateTable('users').set({ last_sign_in_at: new Date(now.getTime() - (3 * 365 - 10) * DAY) }).where('id', '=', id).execute()
    const first = await retention(now)
    expect(first).toMatchObject({ inactiveNotified: 1, inactiveDeleted: 0 })
    expect(await retention(now)).toMatchObject({ inactiveNotified: 0 })
    const notice = await app.db.selectFrom('email_outbox').selectAll().where('template', '=', 'account-inactive').execute()
    expect(notice).toHaveLength(1)
    expect(notice[0]!.to_address).toBe('porteuse@demo.aic.gouv.fr')

    const later = await retention(new Date(now.getTime() + 11 * DAY))
    expect(later.inactiveDeleted).toBe(1)
    const row = await app.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.deleted_at).not.toBeNull()
    expect(row.email).not.toContain('porteuse')
    const log = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.deleted').executeTakeFirstOrThrow()
    expect(log.actor_label).toBe('conservation : compte inactif')
    // Active accounts are untouched.
    const active = await app.db.selectFrom('users').select('deleted_at').where('id', '=', users['equipe@demo.aic.gouv.fr']!).executeTakeFirstOrThrow()
    expect(active.deleted_at).toBeNull()
  })

  it('efface les brouillons jamais déposés un an après la clôture de leur appel, garde les candidatures déposées', async () => {
    const owner = users['porteuse@demo.aic.gouv.fr']!
    const oldCall = await createCallRow(app.db, { state: 'resultats_publies', opensInDays: -500, closesInDays: -400 })
    const recentCall = await createCallRow(app.db, { state: 'resultats_publies', opensInDays: -200, closesInDays: -100 })
    const staleDraft = await createApplicationRow(app.db, { callId: oldCall, ownerId: owner })
    const submitted = await createApplicationRow(app.db, { callId: oldCall, ownerId: users['equipe@demo.aic.gouv.fr']!, state: 'deposee' })
    const recentDraft = await createApplicationRow(app.db, { callId: recentCall, ownerId: owner })
    const report = await retention(new Date())
    expect(report.drafts).toBeGreaterThanOrEqual(1)
    const left = (await app.db.selectFrom('applications').select('id').execute()).map((row) => row.id)
    expect(left).not.toContain(staleDraft)
    expect(left).toContain(submitted)
    expect(left).toContain(recentDraft)
    expect((await retention(new Date())).drafts).toBe(0)
  })

  it('efface les e-mails de plus de 180 jours, garde les récents', async () => {
    const old = new Date(Date.now() - 181 * DAY)
    await app.db
      .insertInto('email_outbox')
      .values([
        { to_address: 'a@exemple.fr', subject: 'ancien', html: '', text: '', template: 't', created_at: old } as never,
        { to_address: 'b@exemple.fr', subject: 'récent', html: '', text: '', template: 't' },
      ])
      .execute()
    const report = await retention(new Date())
    expect(report.emails).toBe(1)
    const left = await app.db.selectFrom('email_outbox').select('subject').where('template', '=', 't').execute()
    expect(left.map((r) => r.subject)).toEqual(['récent'])
  })
})

describe('sessions', () => {
  it('une session expire après 7 jours même utilisée, et quand sa date d’expiration est passée', async () => {
    const user = await sessionUser(app.services, users['porteuse@demo.aic.gouv.fr']!)
    const session = await app.services.auth.createSession(user.id, { auth_method: 'email', id_token_hint: null })
    const cookie = app.services.auth.createSessionCookie(session.id).serialize()
    const valid = await validateRequestSession(app.db, app.services.auth, cookie)
    expect(valid.user?.id).toBe(user.id)

    await app.db
      .updateTable('sessions')
      .set({ created_at: new Date(Date.now() - SESSION_ABSOLUTE_MS - 60_000) })
      .where('id', '=', sessionIdAtRest(session.id))
      .execute()
    const tooOld = await validateRequestSession(app.db, app.services.auth, cookie)
    expect(tooOld.user).toBeNull()
    expect(tooOld.setCookies[0]).toMatch(/__Host-aic-session=;/)
    expect(await app.db.selectFrom('sessions').selectAll().where('id', '=', sessionIdAtRest(session.id)).execute()).toHaveLength(0)

    const idle = await app.services.auth.createSession(user.id, { auth_method: 'email', id_token_hint: null })
    await app.db.updateTable('sessions').set({ expires_at: sql<Date>`now() - interval '1 minute'` }).where('id', '=', sessionIdAtRest(idle.id)).execute()
    const idleResult = await validateRequestSession(app.db, app.services.auth, app.services.auth.createSessionCookie(idle.id).serialize())
    expect(idleResult.user).toBeNull()
  })

  it('le cookie de session est __Host-, HttpOnly, Secure, SameSite=Lax, sans domaine', async () => {
    const cookie = app.services.auth.createSessionCookie('x').serialize()
    expect(cookie).toMatch(/^__Host-aic-session=x;/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/Secure/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).toMatch(/Path=\//)
    expect(cookie).not.toMatch(/Domain=/i)
  })
})

describe('télécharger mes données', () => {
  it('rend un fichier JSON avec le compte, les rôles et les e-mails reçus, et seulement ceux de la personne', async () => {
    const user = await sessionUser(app.services, users['service@demo.aic.gouv.fr']!)
    await app.db.insertInto('email_outbox').values({ to_address: 'service@demo.aic.gouv.fr', subject: 'à moi', html: '', text: '', template: 't' }).execute()
    await app.db.insertInto('email_outbox').values({ to_address: 'autre@exemple.fr', subject: 'pas à moi', html: '', text: '', template: 't' }).execute()
    const response = await app.call(myData.loader, { user, path: '/profil/mes-donnees' })
    expect(response.thrown).toBe(false)
    expect(response.headers.get('Content-Disposition')).toContain('attachment')
    const data = JSON.parse(new TextDecoder().decode(response.bytes))
    expect(data.compte.email).toBe('service@demo.aic.gouv.fr')
    expect(data.roles.map((r: { role: string }) => r.role)).toEqual(['service_team'])
    expect(data.emails_recus.map((e: { subject: string }) => e.subject)).toEqual(['à moi'])
  })

  it('demande d’être connecté', async () => {
    expect(await app.call(myData.loader, { path: '/profil/mes-donnees' })).toMatchObject({ status: 302, thrown: true })
  })
})

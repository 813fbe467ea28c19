import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import { deleteAccount } from '#app/auth/account.server.ts'
import { acceptInvitation, inviteToRole } from '#app/auth/invitations.server.ts'
import { setClockOffset } from '#app/utils/clock.server.ts'
import * as teamPeople from '#app/routes/equipe.personnes.tsx'
import * as teamHome from '#app/routes/equipe._index.tsx'
import * as reviewerHome from '#app/routes/instruction._index.tsx'
import * as leaderHome from '#app/routes/mes-candidatures._index.tsx'
import * as outbox from '#app/routes/dev.boite-mail._index.tsx'
import type { RouteCall, RouteHandler } from '#tests/helpers/call-route.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let users: Record<string, string>
beforeEach(async () => {
  users = (await seedDemoForTest(app.db)).users
})

const as = async (email: string | null) => (email ? sessionUser(app.services, users[email]!) : null)
/** The route called by the demo person `email` (null: anonymous). */
const run = async <H extends RouteHandler>(handler: H, email: string | null, call: RouteCall) => app.call(handler, { user: await as(email), ...call })

describe('vérification des rôles côté serveur', () => {
  it('l’espace de l’équipe refuse les autres rôles et renvoie les anonymes vers la connexion', async () => {
    const team = async (email: string | null) => (await run(teamHome.loader, email, { path: '/equipe' })).status
    expect(await team('equipe@demo.aic.gouv.fr')).toBe(200)
    expect(await team('porteuse@demo.aic.gouv.fr')).toBe(403)
    expect(await team('service@demo.aic.gouv.fr')).toBe(403)
    const anonymous = await team(null)
    expect(anonymous).toBe(302)
    expect((await run(reviewerHome.loader, 'citoyenne@demo.aic.gouv.fr', { path: '/instruction' })).status).toBe(403)
    expect((await run(leaderHome.loader, 'porteuse@demo.aic.gouv.fr', { path: '/mes-candidatures' })).status).toBe(200)
  })

  it('seule l’équipe du programme peut inviter, et jamais sans jeton CSRF', async () => {
    const fields = { intent: 'invite', email: 'nouvel.agent@interieur.gouv.fr', role: 'service_team', scope: '' }
    const organisation = await app.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()
    fields.scope = `organisation:${organisation.id}`
    expect((await run(teamPeople.action, 'porteuse@demo.aic.gouv.fr', { path: '/equipe/personnes', fields })).status).toBe(403)
    const team = 'equipe@demo.aic.gouv.fr'
    expect((await run(teamPeople.action, team, { path: '/equipe/personnes', fields, csrf: false })).status).toBe(403)
    expect(await app.db.selectFrom('invitations').selectAll().execute()).toHaveLength(0)
    const ok = await run(teamPeople.action, team, { path: '/equipe/personnes', fields })
    expect(ok.status).toBe(302)
    expect(await app.db.selectFrom('invitations').selectAll().execute()).toHaveLength(1)
  })

  it('une invitation mal remplie reçoit un message en français et n’écrit rien', async () => {
    const response = await run(teamPeople.action, 'equipe@demo.aic.gouv.fr', { path: '/equipe/personnes', fields: { intent: 'invite', email: 'pas-une-adresse', role: 'mentor', scope: '' } })
    expect(response.status).toBe(400)
    const body = response.body
    expect(JSON.stringify(body)).toContain('adresse e-mail valide')
    expect(await app.db.selectFrom('invitations').selectAll().execute()).toHaveLength(0)
  })

  it('la boîte d’envoi de démonstration n’existe pas hors mode démo', async () => {
    const production = { env: { ...app.services.env, DEMO_MODE: false } }
    expect((await run(outbox.loader, null, { path: '/dev/boite-mail', context: production })).status).toBe(404)
  })
})

describe('invitations', () => {
  async function invite(email: string) {
    const team = await sessionUser(app.services, users['equipe@demo.aic.gouv.fr']!)
    const organisation = await app.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()
    const result = await inviteToRole({ db: app.db, jobs: app.services.jobs, appUrl: 'http://localhost:3000' }, team, {
      email,
      role: 'service_team',
      scopeId: organisation.id,
    })
    expect(result.ok).toBe(true)
    const mail = await app.db.selectFrom('email_outbox').selectAll().where('to_address', '=', email.toLowerCase()).executeTakeFirstOrThrow()
    return mail.text.match(/invitations\/([\w-]+)/)![1]!
  }

  it('donne le rôle à la personne invitée, avec sa propre adresse seulement, une seule fois', async () => {
    const token = await invite('Mentor@demo.aic.gouv.fr')
    const other = await sessionUser(app.services, users['porteuse@demo.aic.gouv.fr']!)
    expect(await acceptInvitation(app.db, other, token)).toEqual({ ok: false, reason: 'wrong-account' })
    const invited = await sessionUser(app.services, users['mentor@demo.aic.gouv.fr']!)
    expect(await acceptInvitation(app.db, invited, token)).toEqual({ ok: true, role: 'service_team' })
    expect(await acceptInvitation(app.db, invited, token)).toEqual({ ok: false, reason: 'accepted' })
    const refreshed = await sessionUser(app.services, invited.id)
    expect(refreshed.roles.map((r) => r.role)).toContain('service_team')
    // The demo's own grants (the 2024 juries) are in the log too: only this invitation's rows.
    const log = await app.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where((eb) => eb.or([eb('action', '=', 'invitation.created'), eb.and([eb('action', '=', 'role.granted'), eb('subject_id', '=', invited.id)])]))
      .execute()
    expect(log.map((l) => l.action).sort()).toEqual(['invitation.created', 'role.granted'])
  })

  it('une invitation expire après 14 jours', async () => {
    const token = await invite('mentor@demo.aic.gouv.fr')
    setClockOffset(15 * 24 * 3600 * 1000)
    const invited = await sessionUser(app.services, users['mentor@demo.aic.gouv.fr']!)
    expect(await acceptInvitation(app.db, invited, token)).toEqual({ ok: false, reason: 'expired' })
  })
})

describe('suppression de compte', () => {
  it('efface l’adresse, le nom, les sessions et les rôles, et garde une trace anonyme', async () => {
    const user = await sessionUser(app.services, users['service@demo.aic.gouv.fr']!)
    await app.services.auth.createSession(user.id, { auth_method: 'email', id_token_hint: null })
    await deleteAccount(app.db, user)
    const row = await app.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow()
    expect(row.email).not.toContain('service@demo')
    expect(row.display_name).toBeNull()
    expect(row.deleted_at).toBeInstanceOf(Date)
    expect(await app.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute()).toHaveLength(0)
    expect(await app.db.selectFrom('role_assignments').selectAll().where('user_id', '=', user.id).execute()).toHaveLength(0)
    const log = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.deleted').execute()
    expect(log).toHaveLength(1)
  })
})

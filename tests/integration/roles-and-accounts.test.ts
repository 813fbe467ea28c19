import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import { seedDemo } from '#db/seed.ts'
import { deleteAccount } from '#app/auth/account.server.ts'
import { acceptInvitation, inviteToRole } from '#app/auth/invitations.server.ts'
import { setClockOffset } from '#app/utils/clock.server.ts'
import type { AppServices } from '#app/context.server.ts'
import * as teamPeople from '#app/routes/equipe.personnes.tsx'
import * as teamHome from '#app/routes/equipe._index.tsx'
import * as reviewerHome from '#app/routes/instruction._index.tsx'
import * as leaderHome from '#app/routes/mes-candidatures._index.tsx'
import * as outbox from '#app/routes/dev.boite-mail._index.tsx'
import { contextFor, createTestServices, formRequest, getRequest, sessionUser } from '#tests/helpers/context.ts'
import { createTestDb, truncateAll } from '#tests/helpers/db.ts'

let handle: DbHandle
let services: AppServices
let users: Record<string, string>
beforeAll(async () => {
  handle = await createTestDb()
  services = await createTestServices(handle)
})
afterAll(() => handle.close())
beforeEach(async () => {
  setClockOffset(0)
  await truncateAll(handle.db)
  users = (await seedDemo(handle.db)).users
})

const as = async (email: string | null) => contextFor(services, email ? await sessionUser(services, users[email]!) : null)

async function statusOf(run: () => Promise<unknown>): Promise<number> {
  try {
    const result = await run()
    return result instanceof Response ? result.status : 200
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status
    throw thrown
  }
}

describe('vérification des rôles côté serveur', () => {
  it('l’espace de l’équipe refuse les autres rôles et renvoie les anonymes vers la connexion', async () => {
    const args = (context: Awaited<ReturnType<typeof as>>) => ({ request: getRequest('/equipe'), context, params: {} })
    expect(await statusOf(async () => teamHome.loader(args(await as('equipe@demo.aic.gouv.fr'))))).toBe(200)
    expect(await statusOf(async () => teamHome.loader(args(await as('porteuse@demo.aic.gouv.fr'))))).toBe(403)
    expect(await statusOf(async () => teamHome.loader(args(await as('service@demo.aic.gouv.fr'))))).toBe(403)
    const anonymous = await statusOf(async () => teamHome.loader(args(await as(null))))
    expect(anonymous).toBe(302)
    expect(await statusOf(async () => reviewerHome.loader({ ...args(await as('citoyenne@demo.aic.gouv.fr')), request: getRequest('/instruction') }))).toBe(403)
    expect(await statusOf(async () => leaderHome.loader({ ...args(await as('porteuse@demo.aic.gouv.fr')), request: getRequest('/mes-candidatures') }))).toBe(200)
  })

  it('seule l’équipe du programme peut inviter, et jamais sans jeton CSRF', async () => {
    const fields = { intent: 'invite', email: 'nouvel.agent@interieur.gouv.fr', role: 'service_team', scope: '' }
    const organisation = await handle.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()
    fields.scope = `organisation:${organisation.id}`
    const leader = await as('porteuse@demo.aic.gouv.fr')
    expect(await statusOf(async () => teamPeople.action({ request: await formRequest(services, '/equipe/personnes', fields), context: leader, params: {} }))).toBe(403)
    const team = await as('equipe@demo.aic.gouv.fr')
    expect(
      await statusOf(async () =>
        teamPeople.action({ request: await formRequest(services, '/equipe/personnes', fields, { csrf: false }), context: team, params: {} }),
      ),
    ).toBe(403)
    expect(await handle.db.selectFrom('invitations').selectAll().execute()).toHaveLength(0)
    const ok = await teamPeople.action({ request: await formRequest(services, '/equipe/personnes', fields), context: team, params: {} })
    expect(ok.status).toBe(302)
    expect(await handle.db.selectFrom('invitations').selectAll().execute()).toHaveLength(1)
  })

  it('une invitation mal remplie reçoit un message en français et n’écrit rien', async () => {
    const team = await as('equipe@demo.aic.gouv.fr')
    const response = await teamPeople.action({
      request: await formRequest(services, '/equipe/personnes', { intent: 'invite', email: 'pas-une-adresse', role: 'mentor', scope: '' }),
      context: team,
      params: {},
    })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(JSON.stringify(body)).toContain('adresse e-mail valide')
    expect(await handle.db.selectFrom('invitations').selectAll().execute()).toHaveLength(0)
  })

  it('la boîte d’envoi de démonstration n’existe pas hors mode démo', async () => {
    const context = await as(null)
    const production = { ...context, env: { ...context.env, DEMO_MODE: false } }
    expect(await statusOf(async () => outbox.loader({ request: getRequest('/dev/boite-mail'), context: production, params: {} }))).toBe(404)
  })
})

describe('invitations', () => {
  async function invite(email: string) {
    const team = await sessionUser(services, users['equipe@demo.aic.gouv.fr']!)
    const organisation = await handle.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()
    const result = await inviteToRole({ db: handle.db, jobs: services.jobs, appUrl: 'http://localhost:3000' }, team, {
      email,
      role: 'service_team',
      scopeId: organisation.id,
    })
    expect(result.ok).toBe(true)
    const mail = await handle.db.selectFrom('email_outbox').selectAll().where('to_address', '=', email.toLowerCase()).executeTakeFirstOrThrow()
    return mail.text.match(/invitations\/([\w-]+)/)![1]!
  }

  it('donne le rôle à la personne invitée, avec sa propre adresse seulement, une seule fois', async () => {
    const token = await invite('Mentor@demo.aic.gouv.fr')
    const other = await sessionUser(services, users['porteuse@demo.aic.gouv.fr']!)
    expect(await acceptInvitation(handle.db, other, token)).toEqual({ ok: false, reason: 'wrong-account' })
    const invited = await sessionUser(services, users['mentor@demo.aic.gouv.fr']!)
    expect(await acceptInvitation(handle.db, invited, token)).toEqual({ ok: true, role: 'service_team' })
    expect(await acceptInvitation(handle.db, invited, token)).toEqual({ ok: false, reason: 'accepted' })
    const refreshed = await sessionUser(services, invited.id)
    expect(refreshed.roles.map((r) => r.role)).toContain('service_team')
    // The demo's own grants (the 2024 juries) are in the log too: only this invitation's rows.
    const log = await handle.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where((eb) => eb.or([eb('action', '=', 'invitation.created'), eb.and([eb('action', '=', 'role.granted'), eb('subject_id', '=', invited.id)])]))
      .execute()
    expect(log.map((l) => l.action).sort()).toEqual(['invitation.created', 'role.granted'])
  })

  it('une invitation expire après 14 jours', async () => {
    const token = await invite('mentor@demo.aic.gouv.fr')
    setClockOffset(15 * 24 * 3600 * 1000)
    const invited = await sessionUser(services, users['mentor@demo.aic.gouv.fr']!)
    expect(await acceptInvitation(handle.db, invited, token)).toEqual({ ok: false, reason: 'expired' })
  })
})

describe('suppression de compte', () => {
  it('efface l’adresse, le nom, les sessions et les rôles, et garde une trace anonyme', async () => {
    const user = await sessionUser(services, users['service@demo.aic.gouv.fr']!)
    await services.auth.createSession(user.id, { auth_method: 'email', id_token_hint: null })
    await deleteAccount(handle.db, user)
    const row = await handle.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow()
    expect(row.email).not.toContain('service@demo')
    expect(row.display_name).toBeNull()
    expect(row.deleted_at).toBeInstanceOf(Date)
    expect(await handle.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute()).toHaveLength(0)
    expect(await handle.db.selectFrom('role_assignments').selectAll().where('user_id', '=', user.id).execute()).toHaveLength(0)
    const log = await handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.deleted').execute()
    expect(log).toHaveLength(1)
  })
})

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import { deleteAccount } from '#app/auth/account.server.ts'
import { inviteToRole, revokeInvitation } from '#app/auth/invitations.server.ts'
import { applyRetention } from '#app/jobs/retention.server.ts'
import {
  beginProConnectLogin,
  beginProConnectLogout,
  completeProConnectLogin,
  completeProConnectLogout,
  linkProConnectAccount,
  proconnectSettings,
  type ProConnectSettings,
} from '#app/auth/proconnect.server.ts'
import { loadRoles } from '#app/auth/session.server.ts'
import type { AppServices } from '#app/context.server.ts'
import * as signInPage from '#app/routes/connexion._index.tsx'
import * as callbackRoute from '#app/routes/connexion.proconnect.retour.tsx'
import { setClockOffset } from '#app/utils/clock.server.ts'
import { sha256 } from '#app/utils/crypto.server.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'
import { PROCONNECT_TEST_USERS, startProConnectTestProvider, testSubject } from '#tests/e2e/proconnect-provider.mjs'

// Runs on PGlite and on PostgreSQL. ProConnect is played by the same local provider as the
// browser journeys, started here on a free loopback port.
const APP_URL = 'http://localhost:3000'
const app = useTestApp()
let users: Record<string, string>
let provider: Awaited<ReturnType<typeof startProConnectTestProvider>>
let settings: ProConnectSettings

beforeAll(async () => {
  provider = await startProConnectTestProvider({ port: 0, appUrl: APP_URL, clientId: 'aic-integration', clientSecret: 'secret-integration-0123456789abcdef' })
  settings = proconnectSettings({
    ...app.services.env,
    PROCONNECT_ISSUER: provider.issuer,
    PROCONNECT_CLIENT_ID: provider.clientId,
    PROCONNECT_CLIENT_SECRET: provider.clientSecret,
  })!
})
afterAll(() => provider.close())
beforeEach(async () => {
  users = (await seedDemoForTest(app.db)).users
})

type TestUser = keyof typeof PROCONNECT_TEST_USERS

/** What a browser does between our redirect and ProConnect's redirect back: returns that URL. */
async function signInAtProvider(authorizationUrl: string, user: TestUser): Promise<URL> {
  const jar = new Map<string, string>()
  const go = async (url: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie } })
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1))
    }
    return response
  }
  let response = await go(authorizationUrl)
  const loginPage = await (await go(new URL(response.headers.get('location')!, provider.issuer).href)).text()
  const action = loginPage.match(/action="([^"]+\/login)"/)![1]!
  response = await go(new URL(action, provider.issuer).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ compte: user }).toString(),
  })
  let location = new URL(response.headers.get('location')!, provider.issuer)
  while (location.origin === provider.issuer) {
    response = await go(location.href)
    location = new URL(response.headers.get('location')!, provider.issuer)
  }
  return location
}

async function startAndSignIn(user: TestUser, redirectTo: string | null = null) {
  const started = await beginProConnectLogin(app.db, settings, { browserToken: null, redirectTo })
  const callbackUrl = await signInAtProvider(started.url, user)
  return { browserToken: started.browserToken, callbackUrl, authorizationUrl: new URL(started.url) }
}

const userCount = async () => Number((await app.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

async function inviteAgent(email: string, role: 'service_team' | 'programme_team' = 'service_team') {
  const team = await sessionUser(app.services, users['equipe@demo.aic.gouv.fr']!)
  const organisation = await app.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()
  const result = await inviteToRole(
    { db: app.db, jobs: app.services.jobs, appUrl: APP_URL },
    team,
    { email, role, scopeId: role === 'service_team' ? organisation.id : '' },
  )
  if (!result.ok) throw new Error(result.error)
  return { invitationId: result.invitationId, organisationId: organisation.id, team }
}

describe('liaison d’un compte ProConnect', () => {
  const identity = {
    email: 'camille.durand@interieur.gouv.fr',
    givenName: 'Camille',
    usualName: 'Durand',
    siret: '11000201100044',
    organisation: 'Ministère de l’Intérieur',
    issuer: 'https://auth.agentconnect.gouv.fr/api/v2',
    sub: 'sub-1',
  }

  it('un agent inconnu obtient un compte sans rôle, avec son SIRET et son organisation', async () => {
    const result = await linkProConnectAccount(app.db, identity)
    expect(result).toMatchObject({ created: true, acceptedRoles: [] })
    const row = await app.db.selectFrom('users').selectAll().where('id', '=', result.userId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      email: 'camille.durand@interieur.gouv.fr',
      display_name: 'Camille Durand',
      siret: '11000201100044',
      organisation: 'Ministère de l’Intérieur',
      proconnect_issuer: identity.issuer,
      proconnect_sub: 'sub-1',
    })
    expect(await loadRoles(app.db, result.userId)).toEqual([])
    const actions = await app.db.selectFrom('audit_log').select('action').where('subject_id', '=', result.userId).orderBy('id').execute()
    expect(actions.map((a) => a.action)).toEqual(['user.created', 'user.proconnect_linked'])
  })

  it('un agent invité reçoit les rôles de ses invitations en attente, acceptées et tracées', async () => {
    const { invitationId, organisationId } = await inviteAgent('Camille.Durand@Interieur.gouv.fr')
    const global = await inviteAgent('camille.durand@interieur.gouv.fr', 'programme_team')
    const result = await linkProConnectAccount(app.db, identity)
    expect(result.acceptedRoles).toEqual(['service_team', 'programme_team'])
    expect(await loadRoles(app.db, result.userId)).toEqual([
      { role: 'service_team', scopeType: 'organisation', scopeId: organisationId },
      { role: 'programme_team', scopeType: 'global', scopeId: '' },
    ])
    const invitation = await app.db.selectFrom('invitations').selectAll().where('id', '=', invitationId).executeTakeFirstOrThrow()
    expect(invitation.accepted_by).toBe(result.userId)
    expect(invitation.accepted_at).toBeInstanceOf(Date)
    const accepted = await app.db.selectFrom('audit_log').select(['subject_id', 'data']).where('action', '=', 'invitation.accepted').orderBy('id').execute()
    expect(accepted.map((a) => a.subject_id)).toEqual([invitationId, global.invitationId])
    expect(accepted[0]!.data).toMatchObject({ method: 'proconnect', role: 'service_team' })
    const granted = await app.db.selectFrom('audit_log').select('data').where('action', '=', 'role.granted').where('subject_id', '=', result.userId).execute()
    expect(granted.map((g) => g.data.invitationId)).toEqual([invitationId, global.invitationId])

    // Signing in again changes nothing: no second acceptance, no duplicate role.
    const again = await linkProConnectAccount(app.db, identity)
    expect(again).toMatchObject({ userId: result.userId, created: false, acceptedRoles: [] })
    expect(await loadRoles(app.db, result.userId)).toHaveLength(2)
    const linked = await app.db.selectFrom('audit_log').select('id').where('action', '=', 'user.proconnect_linked').execute()
    expect(linked).toHaveLength(1)
  })

  it('une invitation expirée ou annulée ne donne aucun rôle', async () => {
    const expired = await inviteAgent(identity.email)
    const revoked = await inviteAgent(identity.email, 'programme_team')
    await revokeInvitation(app.db, revoked.team, revoked.invitationId)
    setClockOffset(15 * 24 * 3600 * 1000)
    const result = await linkProConnectAccount(app.db, identity)
    expect(result.acceptedRoles).toEqual([])
    expect(await loadRoles(app.db, result.userId)).toEqual([])
    const rows = await app.db.selectFrom('invitations').select(['id', 'accepted_at']).execute()
    expect(rows.every((row) => row.accepted_at === null)).toBe(true)
    expect(rows.map((row) => row.id).sort()).toEqual([expired.invitationId, revoked.invitationId].sort())
  })

  it('un compte ouvert par e-mail est retrouvé par son adresse vérifiée, et garde son nom', async () => {
    const existingId = users['service@demo.aic.gouv.fr']!
    const result = await linkProConnectAccount(app.db, { ...identity, email: 'service@demo.aic.gouv.fr', sub: 'sub-service' })
    expect(result).toMatchObject({ userId: existingId, created: false })
    const row = await app.db.selectFrom('users').selectAll().where('id', '=', existingId).executeTakeFirstOrThrow()
    expect(row.display_name).toBe('Hugo Service')
    expect(row.proconnect_sub).toBe('sub-service')
    expect((await loadRoles(app.db, existingId)).map((grant) => grant.role)).toEqual(['service_team'])
  })

  it('un autre identifiant ProConnect pour la même adresse remplace le précédent, et c’est tracé', async () => {
    const first = await linkProConnectAccount(app.db, identity)
    const second = await linkProConnectAccount(app.db, { ...identity, sub: 'sub-2' })
    expect(second.userId).toBe(first.userId)
    const linked = await app.db.selectFrom('audit_log').select('data').where('action', '=', 'user.proconnect_linked').orderBy('id').execute()
    expect(linked.map((entry) => entry.data.replacedPrevious)).toEqual([false, true])
  })

  it('la suppression du compte efface aussi ce que ProConnect a transmis', async () => {
    const { userId } = await linkProConnectAccount(app.db, identity)
    await deleteAccount(app.db, await sessionUser(app.services, userId))
    const row = await app.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ siret: null, organisation: null, proconnect_sub: null, proconnect_issuer: null })
  })
})

describe('connexion complète auprès du fournisseur de test', () => {
  it('un agent invité est connecté avec ses rôles, ses données et le jeton pour la déconnexion', async () => {
    await inviteAgent(PROCONNECT_TEST_USERS['agent-invite'].email)
    const { browserToken, callbackUrl, authorizationUrl } = await startAndSignIn('agent-invite', '/services')
    // What ProConnect is asked for: PKCE S256, state and nonce, the registered redirect URI.
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(`${APP_URL}/connexion/proconnect/retour`)
    expect(authorizationUrl.searchParams.get('scope')).toBe('openid email given_name usual_name siret organization_label')
    expect(authorizationUrl.searchParams.get('state')!.length).toBeGreaterThanOrEqual(32)
    expect(authorizationUrl.searchParams.get('nonce')!.length).toBeGreaterThanOrEqual(32)
    const stored = await app.db.selectFrom('proconnect_requests').selectAll().executeTakeFirstOrThrow()
    expect(stored.state_hash).toBe(sha256(authorizationUrl.searchParams.get('state')!))
    expect(stored.browser_hash).toBe(sha256(browserToken))

    const result = await completeProConnectLogin(app.db, settings, { callbackUrl, browserToken })
    if (!result.ok) throw new Error(result.reason)
    expect(result).toMatchObject({ created: true, redirectTo: '/services', acceptedRoles: ['service_team'] })
    expect(result.idToken.split('.')).toHaveLength(3)
    const row = await app.db.selectFrom('users').selectAll().where('id', '=', result.userId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      email: 'camille.durand@interieur.gouv.fr',
      display_name: 'Camille Durand',
      siret: '11000201100044',
      organisation: 'Ministère de l’Intérieur',
      proconnect_issuer: provider.issuer,
      proconnect_sub: testSubject('agent-invite'),
    })

    // The same answer from ProConnect works only once.
    expect(await completeProConnectLogin(app.db, settings, { callbackUrl, browserToken })).toEqual({ ok: false, reason: 'used-state' })
  })

  it('un state modifié, absent, ou venu d’un autre navigateur est refusé sans créer de compte', async () => {
    const before = await userCount()
    const { browserToken, callbackUrl } = await startAndSignIn('agent-inconnu')
    const tampered = new URL(callbackUrl)
    tampered.searchParams.set('state', 'A'.repeat(43))
    expect(await completeProConnectLogin(app.db, settings, { callbackUrl: tampered, browserToken })).toEqual({ ok: false, reason: 'unknown-state' })
    const missing = new URL(callbackUrl)
    missing.searchParams.delete('state')
    expect(await completeProConnectLogin(app.db, settings, { callbackUrl: missing, browserToken })).toEqual({ ok: false, reason: 'missing-state' })
    expect(await completeProConnectLogin(app.db, settings, { callbackUrl, browserToken: 'B'.repeat(43) })).toEqual({ ok: false, reason: 'unknown-state' })
    expect(await completeProConnectLogin(app.db, settings, { callbackUrl, browserToken: null })).toEqual({ ok: false, reason: 'unknown-state' })
    expect(await userCount()).toBe(before)
    // None of these used up the real state: the genuine answer still works.
    expect(await completeProConnectLogin(app.db, settings, { callbackUrl, browserToken })).toMatchObject({ ok: true, created: true })
  })

  it('une connexion commencée il y a plus de 10 minutes a expiré', async () => {
    const { browserToken, callbackUrl } = await startAndSignIn('agent-inconnu')
    setClockOffset(11 * 60_000)
    expect(await completeProConnectLogin(app.db, settings, { callbackUrl, browserToken })).toEqual({ ok: false, reason: 'expired-state' })
  })

  it('un code expiré ou déjà échangé est refusé par ProConnect, sans session', async () => {
    const before = await userCount()
    const expired = await startAndSignIn('agent-inconnu')
    expect(provider.expireCode(expired.callbackUrl.searchParams.get('code')!)).toBe(true)
    expect(await completeProConnectLogin(app.db, settings, expired)).toEqual({ ok: false, reason: 'invalid-code' })

    const first = await startAndSignIn('agent-inconnu')
    expect(await completeProConnectLogin(app.db, settings, first)).toMatchObject({ ok: true })
    const second = await startAndSignIn('agent-inconnu')
    second.callbackUrl.searchParams.set('code', first.callbackUrl.searchParams.get('code')!)
    expect(await completeProConnectLogin(app.db, settings, second)).toEqual({ ok: false, reason: 'invalid-code' })
    expect(await userCount()).toBe(before + 1)
  })

  it('un jeton d’identité émis pour un autre service, ou une adresse non vérifiée, ne crée aucun compte', async () => {
    const before = await userCount()
    expect(await completeProConnectLogin(app.db, settings, await startAndSignIn('jeton-autre-service'))).toEqual({ ok: false, reason: 'invalid-response' })
    expect(await completeProConnectLogin(app.db, settings, await startAndSignIn('adresse-non-verifiee'))).toEqual({ ok: false, reason: 'unverified-email' })
    expect(await userCount()).toBe(before)
    expect(await app.db.selectFrom('users').select('id').where('email', 'in', ['alix.petit@finances.gouv.fr', 'claude.bernard@exemple.gouv.fr']).execute()).toEqual([])
  })

  it('un fournisseur injoignable donne une réponse « indisponible », pas une erreur', async () => {
    const unreachable = { ...settings, issuer: 'http://127.0.0.1:9' }
    await app.db
      .insertInto('proconnect_requests')
      .values({ kind: 'login', state_hash: sha256('S'.repeat(43)), browser_hash: sha256('B'.repeat(43)), nonce: 'n', code_verifier: 'v', expires_at: new Date(Date.now() + 60_000) })
      .execute()
    const callbackUrl = new URL(`${APP_URL}/connexion/proconnect/retour?code=abc&state=${'S'.repeat(43)}`)
    expect(await completeProConnectLogin(app.db, unreachable, { callbackUrl, browserToken: 'B'.repeat(43) })).toEqual({ ok: false, reason: 'unavailable' })
    await expect(beginProConnectLogin(app.db, unreachable, { browserToken: null, redirectTo: null })).rejects.toThrow()
  })

  it('la déconnexion renvoie vers ProConnect avec le jeton, puis le retour n’est accepté qu’une fois', async () => {
    const login = await startAndSignIn('agent-inconnu')
    const result = await completeProConnectLogin(app.db, settings, login)
    if (!result.ok) throw new Error(result.reason)
    const logout = await beginProConnectLogout(app.db, settings, { idTokenHint: result.idToken, browserToken: login.browserToken })
    const url = new URL(logout!.url)
    expect(url.origin + url.pathname).toBe(`${provider.issuer}/session/end`)
    expect(url.searchParams.get('id_token_hint')).toBe(result.idToken)
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${APP_URL}/deconnexion/proconnect`)
    const state = url.searchParams.get('state')!
    expect(await completeProConnectLogout(app.db, { state, browserToken: 'B'.repeat(43) })).toBe(false)
    expect(await completeProConnectLogout(app.db, { state, browserToken: logout!.browserToken })).toBe(true)
    expect(await completeProConnectLogout(app.db, { state, browserToken: logout!.browserToken })).toBe(false)
  })

  it('la maintenance efface les allers-retours terminés depuis plus d’un jour', async () => {
    await startAndSignIn('agent-inconnu')
    const retention = (at: Date) => applyRetention({ db: app.db, jobs: app.services.jobs, appUrl: 'http://localhost:3000' }, at)
    expect((await retention(new Date())).proconnectRequests).toBe(0)
    const purged = await retention(new Date(Date.now() + 25 * 3600 * 1000))
    expect(purged.proconnectRequests).toBe(1)
  })
})

describe('pages', () => {
  it('le bouton ProConnect n’apparaît que si ProConnect est configuré', async () => {
    const read = async (env: AppServices['env']) => (await app.call(signInPage.loader, { path: '/connexion', context: { env } })).body as { proconnect: boolean }
    expect((await read(app.services.env)).proconnect).toBe(false)
    expect((await read({ ...app.services.env, PROCONNECT_ISSUER: provider.issuer, PROCONNECT_CLIENT_ID: 'x' })).proconnect).toBe(false)
    expect(
      (await read({ ...app.services.env, PROCONNECT_ISSUER: provider.issuer, PROCONNECT_CLIENT_ID: 'x', PROCONNECT_CLIENT_SECRET: 'y' })).proconnect,
    ).toBe(true)
  })

  it('un retour sans state répond 400 en français, sans ouvrir de session', async () => {
    const env = { ...app.services.env, PROCONNECT_ISSUER: provider.issuer, PROCONNECT_CLIENT_ID: provider.clientId, PROCONNECT_CLIENT_SECRET: provider.clientSecret }
    const response = await app.call(callbackRoute.loader, { path: '/connexion/proconnect/retour?code=abc', context: { env } })
    expect(response.status).toBe(400)
    expect(response.headers.get('Set-Cookie')).toBeNull()
    expect((response.body as { message: string }).message).toContain('La réponse de ProConnect est incomplète')
    expect(await app.db.selectFrom('sessions').select('id').execute()).toEqual([])
  })
})

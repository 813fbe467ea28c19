import { sql } from 'kysely'
import * as oidc from 'openid-client'
import type { Db } from '#db/client.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { randomToken, sha256 } from '#app/utils/crypto.server.ts'
import { proconnectConfigured, type Env } from '#app/utils/env.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { EmailSchema } from '#app/utils/validation.ts'
import { grantRole } from './invitations.server.ts'
import { isRole, type Role } from './roles.ts'
import { findOrCreateUser, normaliseEmail, safeRedirect } from './sign-in.server.ts'

// Sign-in of public agents with ProConnect, the State's OpenID Connect federation
// (docs/decisions/030-*.md to 033-*.md). The protocol work (PKCE, state, nonce, ID token and
// UserInfo signatures and claims) is done by `openid-client`; this module keeps the per-login
// state, links the identity to an account and accepts the agent's pending invitations.

export const PROCONNECT_CALLBACK_PATH = '/connexion/proconnect/retour'
export const PROCONNECT_POST_LOGOUT_PATH = '/deconnexion/proconnect'
export const PROCONNECT_WAITING_PATH = '/connexion/proconnect/bienvenue'
/** Binds a round trip to the browser that started it (a random value; only its hash is stored). */
export const PROCONNECT_BROWSER_COOKIE = '__Host-aic-proconnect'
export const PROCONNECT_REQUEST_MINUTES = 10
/**
 * Scopes given by default to every ProConnect service provider, plus `organization_label`
 * (computed by ProConnect). `organizational_unit` needs an extra authorisation: add it with
 * PROCONNECT_SCOPES once ProConnect has granted it.
 */
export const DEFAULT_PROCONNECT_SCOPES = 'openid email given_name usual_name siret organization_label'

export interface ProConnectSettings {
  issuer: string
  clientId: string
  clientSecret: string
  scopes: string
  redirectUri: string
  postLogoutRedirectUri: string
}

/** The ProConnect settings of this deployment, or null when ProConnect is not configured. */
export function proconnectSettings(env: Env): ProConnectSettings | null {
  if (!proconnectConfigured(env)) return null
  const scopes = new Set((env.PROCONNECT_SCOPES ?? DEFAULT_PROCONNECT_SCOPES).split(/\s+/).filter(Boolean))
  scopes.add('openid')
  scopes.add('email')
  return {
    issuer: env.PROCONNECT_ISSUER!,
    clientId: env.PROCONNECT_CLIENT_ID!,
    clientSecret: env.PROCONNECT_CLIENT_SECRET!,
    scopes: [...scopes].join(' '),
    redirectUri: `${env.APP_URL}${PROCONNECT_CALLBACK_PATH}`,
    postLogoutRedirectUri: `${env.APP_URL}${PROCONNECT_POST_LOGOUT_PATH}`,
  }
}

/** Plain HTTP is only ever allowed towards a provider on this machine (the test provider). */
export function isLoopbackHttp(issuer: string): boolean {
  const url = new URL(issuer)
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
}

const configurations = new Map<string, Promise<oidc.Configuration>>()

/**
 * The provider's metadata (discovery) and our client, cached per process. A failed discovery is
 * not cached, so the next sign-in tries again.
 */
export function proconnectConfiguration(settings: ProConnectSettings): Promise<oidc.Configuration> {
  const key = `${settings.issuer}\n${settings.clientId}`
  let configuration = configurations.get(key)
  if (!configuration) {
    configuration = oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        // ProConnect signs both the ID token and the UserInfo response (a JWT).
        { id_token_signed_response_alg: 'RS256', userinfo_signed_response_alg: 'RS256' },
        oidc.ClientSecretPost(settings.clientSecret),
        { execute: isLoopbackHttp(settings.issuer) ? [oidc.allowInsecureRequests] : [], timeout: 10 },
      )
      .then((config) => {
        // Verify the signatures of the ID token and of the UserInfo JWT against the provider's keys.
        oidc.enableNonRepudiationChecks(config)
        return config
      })
    configuration.catch(() => configurations.delete(key))
    configurations.set(key, configuration)
  }
  return configuration
}

// --- The browser-binding cookie -------------------------------------------------------------

const BROWSER_TOKEN = /^[\w-]{43}$/

export function readBrowserToken(cookieHeader: string | null): string | null {
  for (const part of (cookieHeader ?? '').split(/;\s*/)) {
    const [name, ...rest] = part.split('=')
    if (name === PROCONNECT_BROWSER_COOKIE) {
      const value = rest.join('=')
      return BROWSER_TOKEN.test(value) ? value : null
    }
  }
  return null
}

export function browserCookie(token: string): string {
  return `${PROCONNECT_BROWSER_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=${PROCONNECT_REQUEST_MINUTES * 60}`
}

// --- Sign-in --------------------------------------------------------------------------------

/**
 * Starts a sign-in: stores a fresh state, nonce and PKCE verifier (ten minutes, single use,
 * bound to this browser) and returns the ProConnect authorisation URL to redirect to.
 */
export async function beginProConnectLogin(
  db: Db,
  settings: ProConnectSettings,
  input: { browserToken: string | null; redirectTo: string | null },
): Promise<{ url: string; browserToken: string }> {
  const config = await proconnectConfiguration(settings)
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const codeVerifier = oidc.randomPKCECodeVerifier()
  // One value per browser is enough: two tabs may sign in at the same time.
  const browserToken = input.browserToken ?? randomToken(32)
  await db
    .insertInto('proconnect_requests')
    .values({
      kind: 'login',
      state_hash: sha256(state),
      browser_hash: sha256(browserToken),
      nonce,
      code_verifier: codeVerifier,
      redirect_to: safeRedirect(input.redirectTo, '') || null,
      expires_at: new Date(now().getTime() + PROCONNECT_REQUEST_MINUTES * 60_000),
    })
    .execute()
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri,
    scope: settings.scopes,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  })
  return { url: url.href, browserToken }
}

export type ProConnectFailure =
  | 'missing-state'
  | 'unknown-state'
  | 'used-state'
  | 'expired-state'
  | 'cancelled'
  | 'provider-error'
  | 'invalid-code'
  | 'invalid-response'
  | 'missing-email'
  | 'unverified-email'
  | 'unavailable'

export type ProConnectLoginResult =
  | {
      ok: true
      userId: string
      created: boolean
      redirectTo: string | null
      idToken: string
      acceptedRoles: Role[]
    }
  | { ok: false; reason: ProConnectFailure }

/**
 * Finishes a sign-in from ProConnect's redirect: the state must be one this browser started,
 * not used and not expired (it is used up here, whatever happens next); then the code is
 * exchanged (PKCE), the ID token and UserInfo are verified, and the account is found or created.
 */
export async function completeProConnectLogin(
  db: Db,
  settings: ProConnectSettings,
  input: { callbackUrl: URL; browserToken: string | null },
): Promise<ProConnectLoginResult> {
  const params = input.callbackUrl.searchParams
  const state = params.get('state')
  if (!state || state.length > 512) return { ok: false, reason: 'missing-state' }
  const request = await consumeRequest(db, 'login', state, input.browserToken)
  if (!request.ok) return request
  const { row } = request

  const error = params.get('error')
  if (error) {
    logger.warn({ error, description: params.get('error_description')?.slice(0, 200) }, 'ProConnect : connexion refusée par le fournisseur')
    return { ok: false, reason: error === 'access_denied' ? 'cancelled' : 'provider-error' }
  }

  // The redirect URI sent to the token endpoint must be exactly the registered one, whatever
  // host name the request reached us under (proxies).
  const currentUrl = new URL(settings.redirectUri)
  currentUrl.search = input.callbackUrl.search

  let idToken: string
  let userInfo: oidc.UserInfoResponse
  let issuer: string
  let subject: string
  try {
    const config = await proconnectConfiguration(settings)
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: row.code_verifier ?? undefined,
      expectedState: state,
      expectedNonce: row.nonce ?? undefined,
      idTokenExpected: true,
    })
    const claims = tokens.claims()
    if (!claims || !tokens.id_token) return { ok: false, reason: 'invalid-response' }
    idToken = tokens.id_token
    issuer = claims.iss
    subject = claims.sub
    userInfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)
  } catch (error) {
    const reason = classifyError(error)
    logger.warn({ err: error, reason }, 'ProConnect : échec de la vérification de la connexion')
    return { ok: false, reason }
  }

  const identity = readProConnectIdentity(userInfo)
  if (!identity.ok) {
    logger.warn({ reason: identity.reason }, 'ProConnect : identité refusée')
    return identity
  }
  const linked = await linkProConnectAccount(db, { ...identity.identity, issuer, sub: subject })
  return {
    ok: true,
    userId: linked.userId,
    created: linked.created,
    redirectTo: row.redirect_to,
    idToken,
    acceptedRoles: linked.acceptedRoles,
  }
}

type RequestRow = { nonce: string | null; code_verifier: string | null; redirect_to: string | null }

async function consumeRequest(
  db: Db,
  kind: 'login' | 'logout',
  state: string,
  browserToken: string | null,
): Promise<{ ok: true; row: RequestRow } | { ok: false; reason: 'unknown-state' | 'used-state' | 'expired-state' }> {
  // Without the cookie of the browser that started it, a state means nothing: this stops a
  // callback URL from being replayed in, or forced on, another browser.
  if (!browserToken) return { ok: false, reason: 'unknown-state' }
  const row = await db
    .updateTable('proconnect_requests')
    .set({ used_at: now() })
    .where('state_hash', '=', sha256(state))
    .where('browser_hash', '=', sha256(browserToken))
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now())
    .returning(['nonce', 'code_verifier', 'redirect_to'])
    .executeTakeFirst()
  if (row) return { ok: true, row }
  const existing = await db
    .selectFrom('proconnect_requests')
    .select(['used_at', 'expires_at'])
    .where('state_hash', '=', sha256(state))
    .where('browser_hash', '=', sha256(browserToken))
    .where('kind', '=', kind)
    .executeTakeFirst()
  if (!existing) return { ok: false, reason: 'unknown-state' }
  return { ok: false, reason: existing.used_at ? 'used-state' : 'expired-state' }
}

function classifyError(error: unknown): ProConnectFailure {
  if (error instanceof oidc.ResponseBodyError) return error.error === 'invalid_grant' ? 'invalid-code' : 'provider-error'
  if (error instanceof oidc.AuthorizationResponseError) return 'provider-error'
  const name = (error as Error | null)?.name
  if (name === 'TimeoutError' || name === 'AbortError') return 'unavailable'
  // fetch() failures (provider unreachable) are TypeErrors without a code.
  if (error instanceof TypeError && !(error as TypeError & { code?: string }).code) return 'unavailable'
  return 'invalid-response'
}

// --- Identity and account linking -----------------------------------------------------------

export interface ProConnectIdentity {
  email: string
  givenName: string | null
  usualName: string | null
  siret: string | null
  organisation: string | null
}

function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null
  const cleaned = value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim()
  return cleaned ? cleaned.slice(0, max) : null
}

/**
 * Reads what an account needs from ProConnect's UserInfo claims. An address the provider says
 * is not verified is refused. ProConnect itself sends no `email_verified`: its identity
 * providers vouch for the address (docs/decisions/031-*.md).
 */
export function readProConnectIdentity(
  claims: Record<string, unknown>,
): { ok: true; identity: ProConnectIdentity } | { ok: false; reason: 'missing-email' | 'unverified-email' } {
  if (claims.email_verified !== undefined && claims.email_verified !== true) return { ok: false, reason: 'unverified-email' }
  const email = EmailSchema.safeParse(claims.email)
  if (!email.success) return { ok: false, reason: 'missing-email' }
  const siret = typeof claims.siret === 'string' ? claims.siret.replace(/\s/g, '') : ''
  return {
    ok: true,
    identity: {
      email: normaliseEmail(email.data),
      givenName: text(claims.given_name, 100),
      usualName: text(claims.usual_name ?? claims.family_name, 100),
      siret: /^\d{14}$/.test(siret) ? siret : null,
      organisation: text(claims.organization_label, 200) ?? text(claims.organizational_unit, 200),
    },
  }
}

/**
 * Signs a verified ProConnect identity in: finds the account by e-mail (or creates it, with no
 * role), records the ProConnect claims on it, and accepts the agent's pending invitations,
 * which grant the roles they were invited to. One transaction; every change is audited.
 */
export async function linkProConnectAccount(
  db: Db,
  identity: ProConnectIdentity & { issuer: string; sub: string },
): Promise<{ userId: string; created: boolean; acceptedRoles: Role[] }> {
  return db.transaction().execute(async (trx) => {
    const { id, created } = await findOrCreateUser(trx, identity.email, 'proconnect')
    const before = await trx
      .selectFrom('users')
      .select(['display_name', 'proconnect_issuer', 'proconnect_sub'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    const fullName = [identity.givenName, identity.usualName].filter(Boolean).join(' ') || null
    await trx
      .updateTable('users')
      .set({
        proconnect_issuer: identity.issuer,
        proconnect_sub: identity.sub,
        siret: identity.siret,
        organisation: identity.organisation,
        // A name the person chose stays; ProConnect only fills an empty one.
        display_name: before.display_name ?? fullName,
      })
      .where('id', '=', id)
      .execute()
    if (before.proconnect_issuer !== identity.issuer || before.proconnect_sub !== identity.sub) {
      await audit(trx, {
        actorId: id,
        action: 'user.proconnect_linked',
        subjectType: 'user',
        subjectId: id,
        data: { issuer: identity.issuer, siret: identity.siret, organisation: identity.organisation, replacedPrevious: before.proconnect_sub !== null },
      })
    }

    const pending = await trx
      .selectFrom('invitations')
      .select(['id', 'role', 'scope_type', 'scope_id'])
      .where(sql`lower(email)`, '=', identity.email)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now())
      .orderBy('created_at')
      .execute()
    const acceptedRoles: Role[] = []
    for (const invitation of pending) {
      if (!isRole(invitation.role)) continue
      const accepted = await trx
        .updateTable('invitations')
        .set({ accepted_at: now(), accepted_by: id })
        .where('id', '=', invitation.id)
        .where('accepted_at', 'is', null)
        .executeTakeFirst()
      if (Number(accepted.numUpdatedRows) === 0) continue
      await audit(trx, {
        actorId: id,
        action: 'invitation.accepted',
        subjectType: 'invitation',
        subjectId: invitation.id,
        data: { method: 'proconnect', role: invitation.role },
      })
      await grantRole(trx, {
        actorId: id,
        userId: id,
        role: invitation.role,
        scopeType: invitation.scope_type,
        scopeId: invitation.scope_id,
        via: invitation.id,
      })
      acceptedRoles.push(invitation.role)
    }
    return { userId: id, created, acceptedRoles }
  })
}

// --- Sign-out -------------------------------------------------------------------------------

/**
 * Prepares the end of the ProConnect session after ours has ended: the browser is sent to
 * ProConnect's end-session endpoint with the ID token and a single-use state, and comes back to
 * PROCONNECT_POST_LOGOUT_PATH. Null when the provider has no end-session endpoint.
 */
export async function beginProConnectLogout(
  db: Db,
  settings: ProConnectSettings,
  input: { idTokenHint: string; browserToken: string | null },
): Promise<{ url: string; browserToken: string } | null> {
  const config = await proconnectConfiguration(settings)
  if (!config.serverMetadata().end_session_endpoint) return null
  const state = oidc.randomState()
  const browserToken = input.browserToken ?? randomToken(32)
  await db
    .insertInto('proconnect_requests')
    .values({
      kind: 'logout',
      state_hash: sha256(state),
      browser_hash: sha256(browserToken),
      expires_at: new Date(now().getTime() + PROCONNECT_REQUEST_MINUTES * 60_000),
    })
    .execute()
  const url = oidc.buildEndSessionUrl(config, {
    id_token_hint: input.idTokenHint,
    state,
    post_logout_redirect_uri: settings.postLogoutRedirectUri,
  })
  return { url: url.href, browserToken }
}

/** True when ProConnect came back with the state of a sign-out this browser started. */
export async function completeProConnectLogout(db: Db, input: { state: string | null; browserToken: string | null }): Promise<boolean> {
  if (!input.state || input.state.length > 512) return false
  const result = await consumeRequest(db, 'logout', input.state, input.browserToken)
  return result.ok
}

/** Removes round trips that ended or expired more than a day ago. */
export async function purgeProConnectRequests(db: Db, at: Date): Promise<number> {
  const result = await db
    .deleteFrom('proconnect_requests')
    .where('expires_at', '<', new Date(at.getTime() - 24 * 3600 * 1000))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

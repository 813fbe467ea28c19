import { Lucia, TimeSpan, type Session } from 'lucia'
import type { Db } from '#db/client.ts'
import { SESSION_COOKIE } from '#app/utils/session-cookie.ts'
import { KyselyLuciaAdapter } from './lucia-adapter.server.ts'
import { isRole, type RoleGrant, type ScopeType, type SessionUser } from './roles.ts'

/** A session ends after this long without activity… */
export const SESSION_IDLE = new TimeSpan(12, 'h')
/** …and in any case this long after sign-in. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 3600 * 1000

export { SESSION_COOKIE }

declare module 'lucia' {
  interface Register {
    Lucia: Auth
    DatabaseSessionAttributes: {
      auth_method: string
      id_token_hint: string | null
      created_at?: Date
    }
    DatabaseUserAttributes: { email: string; display_name: string | null; roles: RoleRow[] }
  }
}

export type Auth = ReturnType<typeof createAuth>

export function createAuth(db: Db) {
  return new Lucia(new KyselyLuciaAdapter(db), {
    sessionExpiresIn: SESSION_IDLE,
    sessionCookie: {
      name: SESSION_COOKIE,
      expires: false,
      // __Host- cookies must be Secure; browsers accept Secure cookies on http://localhost.
      attributes: { secure: true, sameSite: 'lax' },
    },
    getSessionAttributes: (attributes) => ({
      createdAt: attributes.created_at ?? new Date(),
      authMethod: attributes.auth_method,
      idTokenHint: attributes.id_token_hint,
    }),
    getUserAttributes: (attributes) => ({ email: attributes.email, displayName: attributes.display_name, roles: toRoleGrants(attributes.roles) }),
  })
}

export interface ValidatedSession {
  session: Session | null
  user: SessionUser | null
  /** Set-Cookie header values to send back (refreshed or cleared cookie). */
  setCookies: string[]
}

/** Validates the session cookie of a request, enforcing idle and absolute expiry. */
export async function validateRequestSession(db: Db, auth: Auth, cookieHeader: string | null): Promise<ValidatedSession> {
  const sessionId = auth.readSessionCookie(cookieHeader ?? '')
  if (!sessionId) return { session: null, user: null, setCookies: [] }
  const { session, user } = await auth.validateSession(sessionId)
  if (!session || !user) {
    return { session: null, user: null, setCookies: [auth.createBlankSessionCookie().serialize()] }
  }
  if (Date.now() - session.createdAt.getTime() > SESSION_ABSOLUTE_MS) {
    await auth.invalidateSession(session.id)
    return { session: null, user: null, setCookies: [auth.createBlankSessionCookie().serialize()] }
  }
  return {
    session,
    user: { id: user.id, email: user.email, displayName: user.displayName, roles: user.roles },
    setCookies: session.fresh ? [auth.createSessionCookie(session.id).serialize()] : [],
  }
}

interface RoleRow {
  role: string
  scope_type: string
  scope_id: string
}

export async function loadRoles(db: Db, userId: string): Promise<RoleGrant[]> {
  const rows = await db
    .selectFrom('role_assignments')
    .select(['role', 'scope_type', 'scope_id'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute()
  return toRoleGrants(rows)
}

function toRoleGrants(rows: RoleRow[]): RoleGrant[] {
  return rows
    .filter((row) => isRole(row.role))
    .map((row) => ({ role: row.role as RoleGrant['role'], scopeType: row.scope_type as ScopeType, scopeId: row.scope_id }))
}

export async function startSession(
  auth: Auth,
  userId: string,
  options: { authMethod?: 'email' | 'proconnect'; idTokenHint?: string | null } = {},
): Promise<string> {
  const session = await auth.createSession(userId, {
    auth_method: options.authMethod ?? 'email',
    id_token_hint: options.idTokenHint ?? null,
  })
  return auth.createSessionCookie(session.id).serialize()
}

export async function endSession(auth: Auth, sessionId: string): Promise<string> {
  await auth.invalidateSession(sessionId)
  return auth.createBlankSessionCookie().serialize()
}

export async function endAllSessions(auth: Auth, userId: string): Promise<string> {
  await auth.invalidateUserSessions(userId)
  return auth.createBlankSessionCookie().serialize()
}

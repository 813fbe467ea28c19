import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { Adapter, DatabaseSession, DatabaseUser } from 'lucia'
import type { Db } from '#db/client.ts'
import { sha256 } from '#app/utils/crypto.server.ts'

/**
 * The session table keeps the SHA-256 of each session id, never the cookie value: a copy of the
 * database opens no session (decision 083). Every method gets the id lucia has (the cookie's) and
 * looks up its hash.
 */
export function sessionIdAtRest(sessionId: string): string {
  return sha256(sessionId)
}

/**
 * lucia v3 adapter on Kysely. lucia is in maintenance: everything that touches it lives in this
 * file and session.server.ts, so it can be replaced without touching routes
 * (docs/decisions/003-sessions-lucia.md).
 */
export class KyselyLuciaAdapter implements Adapter {
  constructor(private readonly db: Db) {}

  /** The session, its user and the user's roles, in one query: it runs on every signed-in request. */
  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.user_id',
        'sessions.expires_at',
        'sessions.created_at as session_created_at',
        'sessions.auth_method',
        'sessions.id_token_hint',
        'users.email',
        'users.display_name',
        'users.deleted_at',
        (eb) =>
          jsonArrayFrom(
            eb
              .selectFrom('role_assignments')
              .select(['role', 'scope_type', 'scope_id'])
              .whereRef('role_assignments.user_id', '=', 'users.id')
              .orderBy('created_at'),
          ).as('roles'),
      ])
      .where('sessions.id', '=', sessionIdAtRest(sessionId))
      .executeTakeFirst()
    if (!row || row.deleted_at) return [null, null]
    return [
      {
        id: sessionId,
        userId: row.user_id,
        expiresAt: row.expires_at,
        attributes: {
          created_at: row.session_created_at,
          auth_method: row.auth_method,
          id_token_hint: row.id_token_hint,
        },
      },
      { id: row.user_id, attributes: { email: row.email, display_name: row.display_name, roles: row.roles } },
    ]
  }

  /** The ids returned are the stored hashes: they can be counted, not used as a cookie or passed back. */
  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await this.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).execute()
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      expiresAt: row.expires_at,
      attributes: { created_at: row.created_at, auth_method: row.auth_method, id_token_hint: row.id_token_hint },
    }))
  }

  async setSession(session: DatabaseSession): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: sessionIdAtRest(session.id),
        user_id: session.userId,
        expires_at: session.expiresAt,
        auth_method: session.attributes.auth_method,
        id_token_hint: session.attributes.id_token_hint,
      })
      .execute()
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await this.db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', sessionIdAtRest(sessionId)).execute()
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', sessionIdAtRest(sessionId)).execute()
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute()
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', new Date()).execute()
  }
}

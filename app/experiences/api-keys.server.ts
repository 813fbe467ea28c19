// API keys for services' own tools: created by a member of the whole organisation, shown once,
// stored as a SHA-256 hash (a 256-bit random key needs no slow hash), scoped to the organisation,
// revocable, rate-limited per key.
import type { Db } from '#db/client.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { randomToken, sha256 } from '#app/utils/crypto.server.ts'
import { hitRateLimit } from '#app/utils/rate-limit.server.ts'

export const API_KEY_PREFIX = 'spp_'
export const API_RATE_LIMIT = { limit: 600, windowSeconds: 3600 }

export async function createApiKey(db: Db, user: SessionUser, organisationId: string, name: string): Promise<{ id: string; key: string }> {
  const key = `${API_KEY_PREFIX}${randomToken(32)}`
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_keys')
      .values({ organisation_id: organisationId, name, prefix: key.slice(0, 10), key_hash: sha256(key), created_by: user.id, created_at: now() })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, { actorId: user.id, action: 'api-key.created', subjectType: 'api_key', subjectId: row.id, data: { organisationId, name } })
    return { id: row.id, key }
  })
}

export async function revokeApiKey(db: Db, user: SessionUser, organisationId: string, keyId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('api_keys')
      .set({ revoked_at: now() })
      .where('id', '=', keyId)
      .where('organisation_id', '=', organisationId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) return false
    await audit(trx, { actorId: user.id, action: 'api-key.revoked', subjectType: 'api_key', subjectId: keyId, data: { organisationId } })
    return true
  })
}

export async function listApiKeys(db: Db, organisationId: string) {
  return db
    .selectFrom('api_keys as k')
    .leftJoin('users as u', 'u.id', 'k.created_by')
    .select(['k.id', 'k.name', 'k.prefix', 'k.created_at', 'k.last_used_at', 'k.revoked_at', 'u.display_name', 'u.email'])
    .where('k.organisation_id', '=', organisationId)
    .orderBy('k.created_at', 'desc')
    .execute()
}

export type ApiAuth = { ok: true; organisationId: string; keyId: string } | { ok: false; status: 401 | 429; message: string; retryAfter?: number }

/** The organisation a request's key gives access to, or why not. */
export async function authenticateApiKey(db: Db, request: Request): Promise<ApiAuth> {
  const header = request.headers.get('Authorization') ?? ''
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match || !match[1]!.startsWith(API_KEY_PREFIX) || match[1]!.length > 100) {
    return { ok: false, status: 401, message: 'Clé d’API absente ou mal formée. Envoyez l’en-tête « Authorization: Bearer <clé> ».' }
  }
  const row = await db.selectFrom('api_keys').select(['id', 'organisation_id', 'revoked_at']).where('key_hash', '=', sha256(match[1]!)).executeTakeFirst()
  if (!row || row.revoked_at) return { ok: false, status: 401, message: 'Cette clé d’API n’est pas valable ou a été révoquée.' }
  const limit = await hitRateLimit(db, `api:${row.id}`, API_RATE_LIMIT)
  if (!limit.allowed) return { ok: false, status: 429, message: 'Trop de requêtes avec cette clé. Réessayez plus tard.', retryAfter: limit.retryAfter }
  await db.updateTable('api_keys').set({ last_used_at: now() }).where('id', '=', row.id).execute()
  return { ok: true, organisationId: row.organisation_id, keyId: row.id }
}

// « Moi aussi » on a published experience (issue 19, decision 102): no account, no cookie. A signed-in
// person counts once per experience; an anonymous visitor once per experience and per day, keyed by
// the daily hashed address every public form uses (context.ipHash), hashed again with the
// experience so the keys of two experiences cannot be joined. Nothing else about the visitor is kept.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { hmac } from '#app/utils/crypto.server.ts'
import { hitRateLimit } from '#app/utils/rate-limit.server.ts'

/** A visitor may say « moi aussi » on at most this many experiences an hour (floods from one address). */
export const ME_TOO_LIMIT = { limit: 30, windowSeconds: 3600 }

export function meTooVoterKey(secret: string, experienceId: string, voter: { user: SessionUser | null; ipHash: string }): string {
  return voter.user ? hmac(secret, `moi-aussi:personne:${experienceId}:${voter.user.id}`) : hmac(secret, `moi-aussi:appareil:${experienceId}:${voter.ipHash}`)
}

export type MeTooResult = { kind: 'counted' | 'already'; count: number } | { kind: 'notfound' } | { kind: 'limited'; retryAfter: number }

export async function sayMeToo(db: Db, experienceId: string, voter: { key: string; ipHash: string }): Promise<MeTooResult> {
  const experience = await db
    .selectFrom('experiences')
    .select(['id', 'me_too_count'])
    .where('id', '=', experienceId)
    .where('status', '=', 'published')
    .executeTakeFirst()
  if (!experience) return { kind: 'notfound' }
  const already = await db
    .selectFrom('experience_me_too')
    .select('voter_key')
    .where('experience_id', '=', experienceId)
    .where('voter_key', '=', voter.key)
    .executeTakeFirst()
  if (already) return { kind: 'already', count: experience.me_too_count }
  const limit = await hitRateLimit(db, `moi-aussi:ip:${voter.ipHash}`, ME_TOO_LIMIT)
  if (!limit.allowed) return { kind: 'limited', retryAfter: limit.retryAfter }
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('experience_me_too')
      .values({ experience_id: experienceId, voter_key: voter.key, created_at: now() })
      .onConflict((oc) => oc.columns(['experience_id', 'voter_key']).doNothing())
      .returning('experience_id')
      .executeTakeFirst()
    if (!inserted) {
      const current = await trx.selectFrom('experiences').select('me_too_count').where('id', '=', experienceId).executeTakeFirstOrThrow()
      return { kind: 'already' as const, count: current.me_too_count }
    }
    const updated = await trx
      .updateTable('experiences')
      .set({ me_too_count: sql`me_too_count + 1` })
      .where('id', '=', experienceId)
      .returning('me_too_count')
      .executeTakeFirstOrThrow()
    await audit(trx, {
      actorId: null,
      actorLabel: 'usager',
      action: 'experience.me-too',
      subjectType: 'experience',
      subjectId: experienceId,
      data: { count: updated.me_too_count },
    })
    return { kind: 'counted' as const, count: updated.me_too_count }
  })
}

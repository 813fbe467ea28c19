import type { Db } from '#db/client.ts'
import { purgeProConnectRequests } from './proconnect.server.ts'

/** Deletes sign-in tokens, ProConnect round trips and invitations past their use, and expired sessions. */
export async function purgeExpiredAuthData(db: Db, at: Date) {
  const dayAgo = new Date(at.getTime() - 24 * 3600 * 1000)
  const tokens = await db.deleteFrom('sign_in_tokens').where('expires_at', '<', dayAgo).executeTakeFirst()
  const sessions = await db.deleteFrom('sessions').where('expires_at', '<', at).executeTakeFirst()
  const invitations = await db
    .deleteFrom('invitations')
    .where('accepted_at', 'is', null)
    .where('expires_at', '<', new Date(at.getTime() - 30 * 24 * 3600 * 1000))
    .executeTakeFirst()
  const proconnectRequests = await purgeProConnectRequests(db, at)
  return {
    tokens: Number(tokens.numDeletedRows),
    proconnectRequests,
    sessions: Number(sessions.numDeletedRows),
    invitations: Number(invitations.numDeletedRows),
  }
}

import type { Db } from '#db/client.ts'

/** Deletes sign-in tokens and invitations past their use, and expired sessions. */
export async function purgeExpiredAuthData(db: Db, at: Date) {
  const dayAgo = new Date(at.getTime() - 24 * 3600 * 1000)
  const tokens = await db.deleteFrom('sign_in_tokens').where('expires_at', '<', dayAgo).executeTakeFirst()
  const sessions = await db.deleteFrom('sessions').where('expires_at', '<', at).executeTakeFirst()
  const invitations = await db
    .deleteFrom('invitations')
    .where('accepted_at', 'is', null)
    .where('expires_at', '<', new Date(at.getTime() - 30 * 24 * 3600 * 1000))
    .executeTakeFirst()
  return {
    tokens: Number(tokens.numDeletedRows),
    sessions: Number(sessions.numDeletedRows),
    invitations: Number(invitations.numDeletedRows),
  }
}

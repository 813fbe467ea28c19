import type { Db } from '#db/client.ts'
import { now } from '#app/utils/clock.server.ts'
import { storageFor } from '#app/utils/file-storage.server.ts'

/**
 * Run when a person deletes their account (app/auth/account.server.ts): drafts they started and
 * never submitted are erased with their files; they leave the applications they co-lead.
 * Submitted applications stay (they are records of the programme), pointing to « compte supprimé ».
 */
export async function eraseApplicationDrafts(db: Db, userId: string, uploadsDir = process.env.UPLOADS_DIR || './data/uploads'): Promise<void> {
  const drafts = await db
    .selectFrom('applications')
    .select('id')
    .where('owner_id', '=', userId)
    .where('submission_count', '=', 0)
    .execute()
  if (drafts.length) {
    const ids = drafts.map((d) => d.id)
    const files = await db.selectFrom('application_files').select('storage_key').where('application_id', 'in', ids).execute()
    await db.deleteFrom('audit_log').where('subject_type', '=', 'application').where('subject_id', 'in', ids).where('action', 'in', ['application.created']).execute()
    await db.deleteFrom('applications').where('id', 'in', ids).execute()
    const storage = storageFor(uploadsDir)
    for (const file of files) await storage.remove(file.storage_key).catch(() => {})
  }
  await db
    .updateTable('application_members')
    .set({ removed_at: now() })
    .where('user_id', '=', userId)
    .where('role', '=', 'co_porteur')
    .where('removed_at', 'is', null)
    .execute()
  await db
    .updateTable('application_invitations')
    .set({ revoked_at: now() })
    .where('invited_by', '=', userId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute()
}

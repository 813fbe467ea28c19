import type { Db } from '#db/client.ts'
import { now } from '#app/utils/clock.server.ts'
import { storageFor, type FileStorage } from '#app/utils/file-storage.server.ts'

/**
 * Run when a person deletes their account (app/auth/account.server.ts): drafts they started and
 * never submitted are erased with their files; they leave the applications they co-lead.
 * Submitted applications stay (they are records of the programme), pointing to « compte supprimé ».
 */
export async function eraseApplicationDrafts(db: Db, userId: string, storage: FileStorage = storageFor(process.env)): Promise<void> {
  const drafts = await db
    .selectFrom('applications')
    .select('id')
    .where('owner_id', '=', userId)
    .where('submission_count', '=', 0)
    .execute()
  await eraseDrafts(db, drafts.map((d) => d.id), storage)
  await db
    .updateTable('application_members')
    .set({ removed_at: now() })
    .where('user_id', '=', userId)
    .where('role', '=', 'co_leader')
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

/**
 * Erases never-submitted applications with their files: the files first, so that a storage that
 * cannot be reached stops the erasure (StorageUnavailableError: the job retries, the person is
 * asked to retry) instead of leaving files no row points to any more.
 */
async function eraseDrafts(db: Db, ids: string[], storage: FileStorage): Promise<number> {
  if (!ids.length) return 0
  const files = await db.selectFrom('application_files').select('storage_key').where('application_id', 'in', ids).execute()
  for (const file of files) await storage.remove(file.storage_key)
  await db.deleteFrom('audit_log').where('subject_type', '=', 'application').where('subject_id', 'in', ids).where('action', 'in', ['application.created']).execute()
  await db.deleteFrom('applications').where('id', 'in', ids).execute()
  return ids.length
}

/** Drafts never submitted are kept one year after their call closed (docs/rgpd.md), then erased. */
export const DRAFT_RETENTION_DAYS = 365

export async function purgeStaleDrafts(db: Db, at: Date, storage: FileStorage = storageFor(process.env)): Promise<number> {
  const cutoff = new Date(at.getTime() - DRAFT_RETENTION_DAYS * 24 * 3600 * 1000)
  const drafts = await db
    .selectFrom('applications as a')
    .innerJoin('calls as c', 'c.id', 'a.call_id')
    .select('a.id')
    .where('a.submission_count', '=', 0)
    .where('c.closes_at', '<', cutoff)
    .execute()
  return eraseDrafts(db, drafts.map((d) => d.id), storage)
}

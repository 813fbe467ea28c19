import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { accountInactiveEmail } from '#emails/account-inactive.tsx'
import { purgeStaleDrafts } from '#app/accelerator/account-deletion.server.ts'
import { deleteAccount } from '#app/auth/account.server.ts'
import { purgeProConnectRequests } from '#app/auth/proconnect.server.ts'
import { loadRoles } from '#app/auth/session.server.ts'
import { queueEmail } from '#app/email/send.server.ts'
import type { JobQueue } from '#app/jobs/types.ts'
import { formatDate } from '#app/utils/format.ts'

const DAY = 24 * 3600 * 1000

/**
 * How long personal data is kept (docs/rgpd.md and the « Données personnelles » page say the same).
 * Each area applies its own periods in its jobs (drafts, free text of reviews…).
 */
export const RETENTION = {
  signInTokensAfterExpiryDays: 1,
  unacceptedInvitationsAfterExpiryDays: 30,
  emailOutboxDays: 180,
  finishedJobsDays: 30,
  auditLogYears: 5,
  inactiveAccountYears: 3,
  inactiveNoticeDays: 30,
} as const

export interface RetentionReport {
  tokens: number
  proconnectRequests: number
  sessions: number
  invitations: number
  emails: number
  jobs: number
  auditEntries: number
  drafts: number
  inactiveNotified: number
  inactiveDeleted: number
}

/** Deletes what has outlived its retention period. Idempotent: run daily by `maintenance.daily`. */
export async function applyRetention(services: { db: Db; jobs: JobQueue; appUrl: string }, at: Date): Promise<RetentionReport> {
  const { db } = services
  const count = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows)
  const tokens = count(
    await db.deleteFrom('sign_in_tokens').where('expires_at', '<', new Date(at.getTime() - RETENTION.signInTokensAfterExpiryDays * DAY)).executeTakeFirst(),
  )
  const proconnectRequests = await purgeProConnectRequests(db, at)
  const sessions = count(await db.deleteFrom('sessions').where('expires_at', '<', at).executeTakeFirst())
  const invitations = count(
    await db
      .deleteFrom('invitations')
      .where('accepted_at', 'is', null)
      .where('expires_at', '<', new Date(at.getTime() - RETENTION.unacceptedInvitationsAfterExpiryDays * DAY))
      .executeTakeFirst(),
  )
  const emails = count(await db.deleteFrom('email_outbox').where('created_at', '<', new Date(at.getTime() - RETENTION.emailOutboxDays * DAY)).executeTakeFirst())
  const jobs = count(
    await db
      .deleteFrom('local_jobs')
      .where('state', 'in', ['completed', 'failed'])
      .where('created_at', '<', new Date(at.getTime() - RETENTION.finishedJobsDays * DAY))
      .executeTakeFirst(),
  )
  const auditEntries = count(
    await db.deleteFrom('audit_log').where('created_at', '<', new Date(at.getTime() - RETENTION.auditLogYears * 365 * DAY)).executeTakeFirst(),
  )
  const drafts = await purgeStaleDrafts(db, at)

  // Inactive accounts: a notice a month before, then deletion (anonymisation).
  const lastActivity = sql<Date>`coalesce(last_sign_in_at, created_at)`
  const deadline = new Date(at.getTime() - RETENTION.inactiveAccountYears * 365 * DAY)
  const noticeFrom = new Date(deadline.getTime() + RETENTION.inactiveNoticeDays * DAY)
  const toNotify = await db
    .selectFrom('users')
    .select(['id', 'email', lastActivity.as('last_activity')])
    .where('deleted_at', 'is', null)
    .where(lastActivity, '<', noticeFrom)
    .where(lastActivity, '>=', deadline)
    .execute()
  let inactiveNotified = 0
  for (const user of toNotify) {
    const deletionDate = formatDate(new Date(user.last_activity.getTime() + RETENTION.inactiveAccountYears * 365 * DAY))
    const queued = await queueEmail(
      { db, jobs: services.jobs },
      user.email,
      accountInactiveEmail({ signInUrl: `${services.appUrl}/connexion`, deletionDate }),
      { idempotencyKey: `inactive-notice:${user.id}:${user.last_activity.toISOString()}` },
    )
    if (queued) inactiveNotified++
  }
  const toDelete = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('deleted_at', 'is', null)
    .where(lastActivity, '<', deadline)
    .execute()
  for (const user of toDelete) {
    await deleteAccount(db, { id: user.id, email: user.email, displayName: user.display_name, roles: await loadRoles(db, user.id) }, { reason: 'inactive' })
  }
  return { tokens, proconnectRequests, sessions, invitations, emails, jobs, auditEntries, drafts, inactiveNotified, inactiveDeleted: toDelete.length }
}

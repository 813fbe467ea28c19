// Alerts for service teams: an e-mail when « Pas bien » reviews arrive (debounced: grouped until
// the flow pauses, at most one e-mail per wait), and a digest at the hour (and day) each person chooses.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { feedbackNegativeAlertEmail } from '#emails/feedback-negative-alert.tsx'
import { feedbackDigestEmail } from '#emails/feedback-digest.tsx'
import type { SessionUser } from '#app/auth/roles.ts'
import { queueEmail } from '#app/email/send.server.ts'
import type { JobQueue } from '#app/jobs/types.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { logger } from '#app/utils/logger.server.ts'
import { DEFAULT_DIGEST_PREFERENCE, groupDigest, latestDueDigest, periodBounds, WEEKDAYS, type DigestPreference } from './digest-schedule.ts'
import { periodLabel } from './periods.ts'
import { notHeldAsSpam } from './spam.server.ts'

/** Send when no new « Pas bien » review arrived for this long… */
export const ALERT_QUIET_MS = 5 * 60 * 1000
/** …or when the oldest one waiting is this old, whichever comes first. */
export const ALERT_MAX_WAIT_MS = 30 * 60 * 1000

export async function findSubscription(db: Db, user: SessionUser, serviceId: string) {
  return (
    (await db
      .selectFrom('feedback_alert_subscriptions')
      .select(['negative_reviews', 'weekly_digest', 'updated_at'])
      .where('user_id', '=', user.id)
      .where('service_id', '=', serviceId)
      .executeTakeFirst()) ?? { negative_reviews: false, weekly_digest: false, updated_at: null }
  )
}

export async function saveSubscription(db: Db, user: SessionUser, serviceId: string, input: { negativeReviews: boolean; weeklyDigest: boolean }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const at = now()
    await trx
      .insertInto('feedback_alert_subscriptions')
      .values({ user_id: user.id, service_id: serviceId, negative_reviews: input.negativeReviews, weekly_digest: input.weeklyDigest, notified_until: at, created_at: at, updated_at: at })
      .onConflict((oc) =>
        oc.columns(['user_id', 'service_id']).doUpdateSet({
          negative_reviews: input.negativeReviews,
          weekly_digest: input.weeklyDigest,
          updated_at: at,
          // Turning alerts on does not announce the past.
          notified_until: sql`CASE WHEN feedback_alert_subscriptions.negative_reviews THEN feedback_alert_subscriptions.notified_until ELSE ${at}::timestamptz END`,
        }),
      )
      .execute()
    await audit(trx, {
      actorId: user.id,
      action: 'feedback.alerts.updated',
      subjectType: 'feedback_service',
      subjectId: serviceId,
      data: { negativeReviews: input.negativeReviews, weeklyDigest: input.weeklyDigest },
    })
  })
}

/** Subscriptions whose person still belongs to the service (a removed member gets nothing). */
function activeSubscriptions(db: Db) {
  return db
    .selectFrom('feedback_alert_subscriptions as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('feedback_services as s', 's.id', 'a.service_id')
    .where('u.deleted_at', 'is', null)
    .where('s.archived_at', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('role_assignments as ra')
          .select('ra.id')
          .whereRef('ra.user_id', '=', 'a.user_id')
          .where('ra.role', '=', 'service_team')
          .where((eb) =>
            eb.or([
              eb('ra.scope_type', '=', 'global'),
              eb.and([eb('ra.scope_type', '=', 'organisation'), eb('ra.scope_id', '=', sql<string>`s.organisation_id::text`)]),
              eb.and([eb('ra.scope_type', '=', 'service'), eb('ra.scope_id', '=', sql<string>`s.id::text`)]),
            ]),
          ),
      ),
    )
}

function shorten(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** Sends the grouped « Pas bien » alerts that are due. Returns the number of e-mails queued. */
export async function sendNegativeAlerts(services: { db: Db; jobs: JobQueue; appUrl: string }, at: Date): Promise<number> {
  const subscriptions = await activeSubscriptions(services.db)
    .select(['a.id', 'a.service_id', 'a.notified_until', 'a.created_at', 'u.email', 's.name as service_name'])
    .where('a.negative_reviews', '=', true)
    .execute()
  let sent = 0
  for (const subscription of subscriptions) {
    const since = subscription.notified_until ?? subscription.created_at
    const pending = await services.db
      .selectFrom('feedback_reviews')
      .select([
        sql<number>`count(*)::int`.as('count'),
        sql<Date | null>`min(created_at)`.as('oldest'),
        sql<Date | null>`max(created_at)`.as('newest'),
      ])
      .where('service_id', '=', subscription.service_id)
      .where('satisfaction', '=', 0)
      .where(notHeldAsSpam('feedback_reviews'))
      .where('created_at', '>', since)
      .where('created_at', '<=', at)
      .executeTakeFirstOrThrow()
    if (!pending.count || !pending.oldest || !pending.newest) continue
    const quiet = at.getTime() - pending.newest.getTime() >= ALERT_QUIET_MS
    const waitedEnough = at.getTime() - pending.oldest.getTime() >= ALERT_MAX_WAIT_MS
    if (!quiet && !waitedEnough) continue
    const excerpts = await services.db
      .selectFrom('feedback_reviews')
      .select('comment')
      .where('service_id', '=', subscription.service_id)
      .where('satisfaction', '=', 0)
      .where(notHeldAsSpam('feedback_reviews'))
      .where('created_at', '>', since)
      .where('created_at', '<=', pending.newest)
      .where('comment', 'is not', null)
      .where('pii_status', '<>', 'flagged')
      .orderBy('created_at', 'desc')
      .limit(3)
      .execute()
    const link = `${services.appUrl}/services/${subscription.service_id}/avis?reponse=pas-bien&periode=7j`
    await services.db.transaction().execute(async (trx) => {
      await trx.updateTable('feedback_alert_subscriptions').set({ notified_until: pending.newest! }).where('id', '=', subscription.id).execute()
      const queued = await queueEmail(
        { db: trx, jobs: services.jobs },
        subscription.email,
        feedbackNegativeAlertEmail({
          serviceName: subscription.service_name,
          count: pending.count,
          excerpts: excerpts.map((row) => shorten(row.comment!)),
          link,
          settingsLink: `${services.appUrl}/services/${subscription.service_id}/alertes`,
        }),
        { idempotencyKey: `feedback-alert:${subscription.id}:${pending.newest!.toISOString()}` },
      )
      if (queued) sent += 1
    })
  }
  return sent
}

export async function findDigestPreference(db: Db, user: SessionUser): Promise<DigestPreference> {
  const row = await db.selectFrom('feedback_digest_preferences').select(['frequency', 'hour', 'weekday']).where('user_id', '=', user.id).executeTakeFirst()
  return row ?? DEFAULT_DIGEST_PREFERENCE
}

/** The hour (and day, weekly) of all of a person's digests. Audited. */
export async function saveDigestPreference(db: Db, user: SessionUser, preference: DigestPreference): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('feedback_digest_preferences')
      .values({ user_id: user.id, ...preference, updated_at: now() })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...preference, updated_at: now() }))
      .execute()
    await audit(trx, { actorId: user.id, action: 'feedback.digest.schedule-updated', subjectType: 'user', subjectId: user.id, data: { ...preference } })
  })
}

/** « chaque lundi à 8 h », « chaque jour à 18 h ». */
export function digestScheduleLabel(preference: DigestPreference): string {
  return preference.frequency === 'weekly' ? `chaque ${WEEKDAYS[preference.weekday - 1]} à ${preference.hour} h` : `chaque jour à ${preference.hour} h`
}

const DIGEST_COMMENTS_PER_SERVICE = 5

/**
 * Sends the digests that are due: one e-mail per person, at the hour (and day) they chose, with the
 * services they follow grouped, newest comments first. Each person's digest is written in its own
 * transaction with the day it covers: a failure rolls back and the next run (every 15 minutes)
 * retries it; a digest already queued is never queued again. Returns the number queued.
 */
export async function sendDigests(
  services: { db: Db; jobs: JobQueue; appUrl: string },
  at: Date,
  hooks: { beforeQueue?: (userId: string) => void } = {},
): Promise<number> {
  const subscriptions = await activeSubscriptions(services.db)
    .leftJoin('feedback_digest_preferences as p', 'p.user_id', 'a.user_id')
    .select(['a.user_id', 'a.service_id', 'u.email', 's.name as service_name', 'p.frequency', 'p.hour', 'p.weekday', 'p.last_period_start'])
    .where('a.weekly_digest', '=', true)
    .orderBy('a.user_id')
    .execute()
  const byUser = new Map<string, typeof subscriptions>()
  for (const row of subscriptions) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row])
  let sent = 0
  for (const [userId, rows] of byUser) {
    const first = rows[0]!
    const preference: DigestPreference = first.frequency ? { frequency: first.frequency, hour: first.hour!, weekday: first.weekday! } : DEFAULT_DIGEST_PREFERENCE
    const due = latestDueDigest(preference, at)
    if (first.last_period_start !== null && first.last_period_start >= due.from) continue
    try {
      const queued = await services.db.transaction().execute(async (trx) => {
        // Claim the period first: a second process running the same job waits here, then skips.
        const claimed = await trx
          .insertInto('feedback_digest_preferences')
          .values({ user_id: userId, ...preference, last_period_start: due.from })
          .onConflict((oc) =>
            oc
              .column('user_id')
              .doUpdateSet({ last_period_start: due.from })
              .where(sql<boolean>`feedback_digest_preferences.last_period_start IS NULL OR feedback_digest_preferences.last_period_start < ${due.from}::date`),
          )
          .returning('user_id')
          .executeTakeFirst()
        if (!claimed) return false
        const { start, end } = periodBounds(due.from, due.to)
        const serviceIds = rows.map((row) => row.service_id)
        const counts = await trx
          .selectFrom('feedback_reviews')
          .select(['service_id', sql<number>`count(*)::int`.as('n')])
          .where('service_id', 'in', serviceIds)
          .where(notHeldAsSpam('feedback_reviews'))
          .where('created_at', '>=', start)
          .where('created_at', '<', end)
          .groupBy('service_id')
          .execute()
        const comments = await trx
          .selectFrom('feedback_reviews')
          .select(['service_id', 'created_at', 'comment'])
          .where('service_id', 'in', serviceIds)
          .where(notHeldAsSpam('feedback_reviews'))
          .where('created_at', '>=', start)
          .where('created_at', '<', end)
          .where('comment', 'is not', null)
          .where('pii_status', 'in', ['none', 'cleared'])
          .where('text_purged_at', 'is', null)
          .orderBy('created_at', 'desc')
          .limit(DIGEST_COMMENTS_PER_SERVICE * serviceIds.length * 4)
          .execute()
        const names = new Map(rows.map((row) => [row.service_id, row.service_name]))
        const groups = groupDigest(
          rows.map((row) => ({ serviceId: row.service_id, serviceName: row.service_name, reviews: counts.find((c) => c.service_id === row.service_id)?.n ?? 0 })),
          comments.map((c) => ({ serviceId: c.service_id, serviceName: names.get(c.service_id)!, at: c.created_at, text: shorten(c.comment!) })),
          DIGEST_COMMENTS_PER_SERVICE,
        )
        hooks.beforeQueue?.(userId)
        const id = await queueEmail(
          { db: trx, jobs: services.jobs },
          first.email,
          feedbackDigestEmail({
            frequency: preference.frequency,
            period: periodLabel(due.from, due.to),
            schedule: digestScheduleLabel(preference),
            settingsLink: `${services.appUrl}/services/${first.service_id}/alertes`,
            groups: groups.map((group) => ({
              serviceName: group.serviceName,
              reviews: group.reviews,
              link: `${services.appUrl}/services/${group.serviceId}/avis?periode=perso&du=${due.from}&au=${due.to}`,
              items: group.items.map((item) => ({ when: formatDateTime(item.at), text: item.text })),
            })),
          }),
          { idempotencyKey: `feedback-digest:${userId}:${preference.frequency}:${due.from}` },
        )
        return id !== null
      })
      if (queued) sent += 1
    } catch (error) {
      // One person's failure does not stop the others; the next run tries again.
      logger.error({ err: error, userId }, 'résumé des avis non envoyé, nouvel essai au prochain passage')
    }
  }
  return sent
}

/** The former name: the Monday digest is now a digest at the chosen hour. */
export const sendWeeklyDigests = sendDigests

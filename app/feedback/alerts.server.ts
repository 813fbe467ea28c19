// Alerts for service teams: an e-mail when « Pas bien » reviews arrive (debounced: grouped until
// the flow pauses, at most one e-mail per wait), and a weekly digest every Monday morning.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { feedbackNegativeAlertEmail } from '#emails/feedback-negative-alert.tsx'
import { feedbackWeeklyDigestEmail } from '#emails/feedback-weekly-digest.tsx'
import type { SessionUser } from '#app/auth/roles.ts'
import { queueEmail } from '#app/email/send.server.ts'
import type { JobQueue } from '#app/jobs/types.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { serviceSummary } from './dashboard.server.ts'
import { formatIndicator } from './indicators.ts'
import { addDays, periodLabel, weekStart } from './periods.ts'
import { parisDay } from '#app/utils/paris-time.ts'

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

/** The Monday digest of the previous week (Monday to Sunday, Paris time). */
export async function sendWeeklyDigests(services: { db: Db; jobs: JobQueue; appUrl: string }, at: Date): Promise<number> {
  const thisWeek = weekStart(parisDay(at))
  const from = addDays(thisWeek, -7)
  const to = addDays(thisWeek, -1)
  const subscriptions = await activeSubscriptions(services.db)
    .select(['a.id', 'a.service_id', 's.organisation_id', 'u.email', 's.name as service_name'])
    .where('a.weekly_digest', '=', true)
    .execute()
  let sent = 0
  for (const subscription of subscriptions) {
    const summary = await serviceSummary(
      services.db,
      { organisationId: subscription.organisation_id, serviceId: subscription.service_id },
      { preset: 'perso', from, to, granularity: 'jour', placementId: null, versionId: null, satisfaction: null },
    )
    const lines = summary.indicators.map((indicator, index) => ({
      label: indicator.label,
      value: formatIndicator(indicator),
      previous: formatIndicator(summary.previousIndicators[index]!),
      answers: indicator.answers,
    }))
    const queued = await queueEmail(
      { db: services.db, jobs: services.jobs },
      subscription.email,
      feedbackWeeklyDigestEmail({
        serviceName: subscription.service_name,
        period: periodLabel(from, to),
        reviews: summary.totals.reviews,
        previousReviews: summary.previousTotals.reviews,
        lines,
        link: `${services.appUrl}/services/${subscription.service_id}?periode=perso&du=${from}&au=${to}`,
        settingsLink: `${services.appUrl}/services/${subscription.service_id}/alertes`,
      }),
      { idempotencyKey: `feedback-digest:${subscription.id}:${from}` },
    )
    if (queued) sent += 1
  }
  return sent
}

// Public figures of Services Publics+, per service (or for every service): computed from the
// experiences themselves (a few thousand rows per service, not the review volumes of decision 020).
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'

export interface PublicStats {
  received: number
  published: number
  answered: number
  /** Share of published experiences with at least one public answer, 0–100, null without any. */
  answeredRate: number | null
  /** Median time between publication and the first answer, in hours. */
  medianAnswerHours: number | null
  linkedToChange: number
  linkedRate: number | null
  changesPlanned: number
  changesDone: number
}

export async function publicStats(db: Db, scope: { serviceId?: string; organisationId?: string } = {}): Promise<PublicStats> {
  const where = scope.serviceId
    ? sql`e.service_id = ${scope.serviceId}`
    : scope.organisationId
      ? sql`e.organisation_id = ${scope.organisationId}`
      : sql`true`
  const changeWhere = scope.serviceId
    ? sql`c.service_id = ${scope.serviceId}`
    : scope.organisationId
      ? sql`c.organisation_id = ${scope.organisationId}`
      : sql`true`
  const { rows } = await sql<{
    received: number
    published: number
    answered: number
    median_hours: number | null
    linked: number
    planned: number
    done: number
  }>`
    SELECT
      (SELECT count(*)::int FROM experiences e WHERE ${where}) AS received,
      (SELECT count(*)::int FROM experiences e WHERE ${where} AND e.status = 'published') AS published,
      (SELECT count(*)::int FROM experiences e WHERE ${where} AND e.status = 'published' AND e.first_answered_at IS NOT NULL) AS answered,
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.first_answered_at - e.published_at) / 3600)
         FROM experiences e WHERE ${where} AND e.status = 'published' AND e.first_answered_at IS NOT NULL)::float8 AS median_hours,
      (SELECT count(*)::int FROM experiences e WHERE ${where} AND e.status = 'published'
         AND EXISTS (SELECT 1 FROM service_change_sources l WHERE l.experience_id = e.id)) AS linked,
      (SELECT count(*)::int FROM service_changes c WHERE ${changeWhere} AND c.status = 'prevu') AS planned,
      (SELECT count(*)::int FROM service_changes c WHERE ${changeWhere} AND c.status = 'realise') AS done`.execute(db)
  const row = rows[0]!
  const rate = (part: number) => (row.published ? Math.round((part / row.published) * 1000) / 10 : null)
  return {
    received: row.received,
    published: row.published,
    answered: row.answered,
    answeredRate: rate(row.answered),
    medianAnswerHours: row.median_hours === null ? null : Math.round(row.median_hours * 10) / 10,
    linkedToChange: row.linked,
    linkedRate: rate(row.linked),
    changesPlanned: row.planned,
    changesDone: row.done,
  }
}

/** « 3 h », « 2,5 jours »: a delay a person reads easily. */
export function formatDelay(hours: number | null): string {
  if (hours === null) return '—'
  if (hours < 48) return `${String(Math.round(hours * 10) / 10).replace('.', ',')} h`
  return `${String(Math.round((hours / 24) * 10) / 10).replace('.', ',')} jours`
}

/**
 * The feedback indicators of « Je donne mon avis » for services (aggregates only), read from the
 * rollup tables plus the deltas not folded yet (decision 020): number of reviews and satisfaction /10.
 */
export async function reviewAggregates(db: Db, scope: { organisationId: string; serviceId?: string }): Promise<Map<string, { reviews: number; satisfaction: number | null }>> {
  const service = scope.serviceId ? sql`AND service_id = ${scope.serviceId}` : sql``
  const { rows } = await sql<{ service_id: string; reviews: number; sat_points: number }>`
    SELECT service_id, sum(reviews)::int AS reviews, sum(sat_points)::int AS sat_points FROM (
      SELECT service_id, reviews, sat_points FROM feedback_stats_service_monthly WHERE organisation_id = ${scope.organisationId} ${service}
      UNION ALL
      SELECT service_id, reviews, sat_points FROM feedback_stat_deltas WHERE organisation_id = ${scope.organisationId} ${service}
    ) t GROUP BY service_id`.execute(db)
  return new Map(rows.map((row) => [row.service_id, { reviews: row.reviews, satisfaction: row.reviews > 0 ? Math.round((row.sat_points / row.reviews) * 10) / 10 : null }]))
}

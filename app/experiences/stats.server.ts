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

// The figures, as aggregates over `experiences e` and `service_changes c`: one definition for a
// scope (publicStats) and for every service at once (publicStatsByService).
const PUBLISHED = sql`e.status = 'published'`
const ANSWERED = sql`${PUBLISHED} AND e.first_answered_at IS NOT NULL`
const EXPERIENCE_FIGURES = sql`count(*)::int AS received,
  count(*) FILTER (WHERE ${PUBLISHED})::int AS published,
  count(*) FILTER (WHERE ${ANSWERED})::int AS answered,
  (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.first_answered_at - e.published_at) / 3600) FILTER (WHERE ${ANSWERED}))::float8 AS median_hours,
  count(*) FILTER (WHERE ${PUBLISHED} AND EXISTS (SELECT 1 FROM service_change_sources l WHERE l.experience_id = e.id))::int AS linked`
const CHANGE_FIGURES = sql`count(*) FILTER (WHERE c.status = 'planned')::int AS planned, count(*) FILTER (WHERE c.status = 'done')::int AS done`

interface StatsRow {
  received: number
  published: number
  answered: number
  median_hours: number | null
  linked: number
  planned: number
  done: number
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
  const { rows } = await sql<StatsRow>`
    SELECT * FROM (SELECT ${EXPERIENCE_FIGURES} FROM experiences e WHERE ${where}) AS e,
      (SELECT ${CHANGE_FIGURES} FROM service_changes c WHERE ${changeWhere}) AS c`.execute(db)
  return toPublicStats(rows[0]!)
}

/** The same figures for every service at once, in one query (the open-data file of services). */
export async function publicStatsByService(db: Db, scope: { organisationId?: string } = {}): Promise<Map<string, PublicStats>> {
  const organisation = scope.organisationId ? sql`WHERE s.organisation_id = ${scope.organisationId}` : sql``
  const { rows } = await sql<StatsRow & { service_id: string }>`
    WITH e AS (SELECT e.service_id, ${EXPERIENCE_FIGURES} FROM experiences e GROUP BY e.service_id),
      c AS (SELECT c.service_id, ${CHANGE_FIGURES} FROM service_changes c GROUP BY c.service_id)
    SELECT s.id AS service_id, coalesce(e.received, 0) AS received, coalesce(e.published, 0) AS published, coalesce(e.answered, 0) AS answered,
      e.median_hours, coalesce(e.linked, 0) AS linked, coalesce(c.planned, 0) AS planned, coalesce(c.done, 0) AS done
    FROM feedback_services s LEFT JOIN e ON e.service_id = s.id LEFT JOIN c ON c.service_id = s.id ${organisation}`.execute(db)
  return new Map(rows.map((row) => [row.service_id, toPublicStats(row)]))
}

function toPublicStats(row: StatsRow): PublicStats {
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

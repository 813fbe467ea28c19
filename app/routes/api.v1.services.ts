import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { sql } from 'kysely'
import { requireApiKey } from '#app/experiences/api.server.ts'
import { serviceStatRows } from '#app/experiences/open-data.server.ts'

/** GET /api/v1/services: the organisation's services with their public figures and review aggregates (from the rollups). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const organisationId = await requireApiKey(context.db, request)
  const rows = await serviceStatRows(context.db, { organisationId })
  const reviews = await sql<{ service_id: string; reviews: number; sat_points: number }>`
    SELECT service_id, sum(reviews)::int AS reviews, sum(sat_points)::int AS sat_points FROM (
      SELECT service_id, reviews, sat_points FROM feedback_stats_service_monthly WHERE organisation_id = ${organisationId}
      UNION ALL
      SELECT service_id, reviews, sat_points FROM feedback_stat_deltas WHERE organisation_id = ${organisationId}
    ) t GROUP BY service_id`.execute(context.db)
  const byService = new Map(reviews.rows.map((row) => [row.service_id, row]))
  return json(
    {
      donnees: rows.map((row) => {
        const review = byService.get(row.service_id)
        return {
          ...row,
          avis_recus: review?.reviews ?? 0,
          avis_satisfaction_sur_10: review && review.reviews > 0 ? Math.round((review.sat_points / review.reviews) * 10) / 10 : null,
        }
      }),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

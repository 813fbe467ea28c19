import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { requireApiKey } from '#app/experiences/api.server.ts'
import { serviceStatRows } from '#app/experiences/open-data.server.ts'
import { reviewAggregates } from '#app/experiences/stats.server.ts'

/** GET /api/v1/services: the organisation's services with their public figures and review aggregates (from the rollups). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const organisationId = await requireApiKey(context.db, request)
  const rows = await serviceStatRows(context.db, { organisationId })
  const byService = await reviewAggregates(context.db, { organisationId })
  return json(
    {
      donnees: rows.map((row) => {
        const review = byService.get(row.service_id)
        return {
          ...row,
          avis_recus: review?.reviews ?? 0,
          avis_satisfaction_sur_10: review?.satisfaction ?? null,
        }
      }),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { apiError, requireApiKey } from '#app/experiences/api.server.ts'
import { cursorPage, REVIEW_SAFETY_LAG_MS, reviewDataPage, reviewRecord } from '#app/feedback/data-api.server.ts'
import { now } from '#app/utils/clock.server.ts'

/** GET /api/v1/avis: the organisation's reviews, de-identified, page after page by cursor (decision 103). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const organisationId = await requireApiKey(context.db, request)
  const page = await cursorPage(
    context.db,
    { secret: context.env.SESSION_SECRET, kind: 'avis', organisationId, params: new URL(request.url).searchParams, now: now(), lagMs: REVIEW_SAFETY_LAG_MS },
    (pageRequest) => reviewDataPage(context.db, pageRequest),
    (rows) => rows.map(reviewRecord),
  )
  if (!page.ok) return apiError(page.status, page.message)
  return json(page.body, { headers: { 'Cache-Control': 'no-store' } })
}

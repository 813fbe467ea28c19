import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { apiError, requireApiKey } from '#app/experiences/api.server.ts'
import { changeDataPage, changeRecord, cursorPage, RECORD_SAFETY_LAG_MS } from '#app/feedback/data-api.server.ts'
import { now } from '#app/utils/clock.server.ts'

/** GET /api/v1/changements: the changes recorded by the organisation's services, page after page by cursor. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const organisationId = await requireApiKey(context.db, request)
  const page = await cursorPage(
    context.db,
    {
      secret: context.env.SESSION_SECRET,
      kind: 'changements',
      organisationId,
      params: new URL(request.url).searchParams,
      now: now(),
      lagMs: RECORD_SAFETY_LAG_MS,
    },
    (pageRequest) => changeDataPage(context.db, pageRequest),
    (rows) => rows.map(changeRecord),
  )
  if (!page.ok) return apiError(page.status, page.message)
  return json(page.body, { headers: { 'Cache-Control': 'no-store' } })
}

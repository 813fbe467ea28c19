import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { API_PAGE_SIZE, apiError, ExperiencesQuerySchema, requireApiKey } from '#app/experiences/api.server.ts'
import { experienceRecord, publishedExperienceRows } from '#app/experiences/open-data.server.ts'
import { cursorPage, experiencePositions, RECORD_SAFETY_LAG_MS } from '#app/feedback/data-api.server.ts'
import { now } from '#app/utils/clock.server.ts'

/**
 * GET /api/v1/experiences: the organisation's published experiences with their answers, by page
 * number (newest first), or by cursor from `depuis` (oldest first, for data teams; decision 103).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const organisationId = await requireApiKey(context.db, request)
  const url = new URL(request.url)
  if (['curseur', 'depuis', 'since'].some((name) => url.searchParams.has(name))) {
    const db = context.db
    const result = await cursorPage(
      db,
      { secret: context.env.SESSION_SECRET, kind: 'experiences', organisationId, params: url.searchParams, now: now(), lagMs: RECORD_SAFETY_LAG_MS },
      (pageRequest) => experiencePositions(db, pageRequest),
      async (positions) => {
        const rows = await publishedExperienceRows(db, { organisationId, ids: positions.map((row) => row.id) })
        const byId = new Map(rows.map((row) => [row.id, row]))
        return positions.flatMap((position) => (byId.has(position.id) ? [experienceRecord(byId.get(position.id)!)] : []))
      },
    )
    if (!result.ok) return apiError(result.status, result.message)
    return json(result.body, { headers: { 'Cache-Control': 'no-store' } })
  }
  const parsed = ExperiencesQuerySchema.safeParse(Object.fromEntries(url.searchParams))
  if (!parsed.success) return apiError(400, parsed.error.issues[0]?.message ?? 'Paramètres invalides.')
  const { page, service } = parsed.data
  if (service) {
    const owned = await context.db.selectFrom('feedback_services').select('organisation_id').where('id', '=', service).executeTakeFirst()
    if (!owned) return apiError(404, 'Ce service n’existe pas.')
    if (owned.organisation_id !== organisationId) return apiError(403, 'Ce service n’appartient pas à l’organisation de votre clé.')
  }
  const { total } = await context.db
    .selectFrom('experiences')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'published')
    .$if(Boolean(service), (qb) => qb.where('service_id', '=', service!))
    .executeTakeFirstOrThrow()
  const rows = await publishedExperienceRows(context.db, { organisationId, serviceId: service, limit: API_PAGE_SIZE, offset: (page - 1) * API_PAGE_SIZE })
  const count = Number(total)
  const next =
    page * API_PAGE_SIZE < count ? `${url.origin}/api/v1/experiences?${new URLSearchParams({ ...(service ? { service } : {}), page: String(page + 1) })}` : null
  return json(
    { donnees: rows.map(experienceRecord), page, par_page: API_PAGE_SIZE, total: count, page_suivante: next },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

// Verbatims (« Souhaitez-vous nous en dire plus ? »): keyword search with PostgreSQL's French
// full-text search, pagination and highlighted matches. Texts flagged as personal data are never
// sent to the browser until a team member has checked them.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import type { PiiStatus } from '#db/schema/feedback.ts'
import type { ReviewFilters } from './filters.ts'
import { MARK_END, MARK_START } from './highlight.ts'
import { frenchWebsearch } from '#app/utils/search.server.ts'
import { notHeldAsSpam } from './spam.server.ts'
import { addDays } from '#app/utils/days.ts'

export const VERBATIMS_PER_PAGE = 20
/** Counting every match of a common word over millions of reviews is pointless: stop here. */
export const VERBATIM_COUNT_CAP = 10_000


export interface Verbatim {
  id: string
  createdAt: Date
  satisfaction: number
  serviceId: string
  serviceName: string
  placementName: string
  piiStatus: PiiStatus
  piiKinds: string[]
  /** The text (with MARK_START/MARK_END around matches), or null while masked. */
  text: string | null
}

export type VerbatimScope = { serviceId: string; organisationId: string } | { organisationId: string; serviceId?: undefined }

export function normaliseQuery(query: string | null | undefined): string | null {
  const trimmed = (query ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 200)
  return trimmed || null
}

/** Masked comments that match a search: never their text, only where to check them. */
export interface MaskedMatches {
  total: number
  /** The most recent ones (at most MASKED_MATCHES_LISTED), to open their detail page and decide. */
  items: Array<{ id: string; createdAt: Date }>
}

export const MASKED_MATCHES_LISTED = 10

export async function searchVerbatims(
  db: Db,
  scope: VerbatimScope,
  filters: ReviewFilters,
  options: {
    query: string | null
    page: number
    perPage?: number
    count?: boolean
    /**
     * Also count the masked comments that match (issue 17 #7: a search that silently skipped them
     * answered « 0 commentaire » while two masked ones contained the words). Only for people who
     * may open those comments' detail page to check them; their text never leaves this function.
     */
    includeMasked?: boolean
  },
): Promise<{ items: Verbatim[]; total: number; capped: boolean; page: number; pageCount: number; masked: MaskedMatches | null }> {
  const perPage = options.perPage ?? VERBATIMS_PER_PAGE
  const query = normaliseQuery(options.query)
  const tsquery = query ? frenchWebsearch(query) : null
  // Day bounds in Paris time, as the rollups count them.
  const fromTs = sql`(${filters.from}::date)::timestamp AT TIME ZONE 'Europe/Paris'`
  const toTs = sql`(${addDays(filters.to, 1)}::date)::timestamp AT TIME ZONE 'Europe/Paris'`
  const common = sql`r.has_comment AND r.comment IS NOT NULL AND ${notHeldAsSpam('r')}
    AND r.organisation_id = ${scope.organisationId}::uuid
    ${scope.serviceId ? sql`AND r.service_id = ${scope.serviceId}::uuid` : sql``}
    AND r.created_at >= ${fromTs} AND r.created_at < ${toTs}
    ${filters.placementId ? sql`AND r.placement_id = ${filters.placementId}::uuid` : sql``}
    ${filters.versionId ? sql`AND r.form_version_id = ${filters.versionId}::uuid` : sql``}
    ${filters.satisfaction !== null ? sql`AND r.satisfaction = ${filters.satisfaction}::smallint` : sql``}`
  const where = sql`${common} ${tsquery ? sql`AND r.pii_status <> 'flagged' AND r.comment_tsv @@ ${tsquery}` : sql``}`
  const masked = tsquery && options.includeMasked ? await maskedMatches(db, sql`${common} AND r.pii_status = 'flagged' AND r.comment_tsv @@ ${tsquery}`) : null

  // The dashboards show the latest comments only: no count needed there.
  const rawTotal =
    options.count === false
      ? 0
      : ((
          await sql<{ total: number }>`
            SELECT count(*)::int AS total FROM (SELECT 1 FROM feedback_reviews r WHERE ${where} LIMIT ${VERBATIM_COUNT_CAP + 1}) AS capped`.execute(db)
        ).rows[0]?.total ?? 0)
  const capped = rawTotal > VERBATIM_COUNT_CAP
  const total = Math.min(rawTotal, VERBATIM_COUNT_CAP)
  const pageCount = Math.max(1, Math.ceil(total / perPage))
  const page = options.count === false ? 1 : Math.min(Math.max(1, options.page), pageCount)

  const headline = tsquery
    ? sql`ts_headline('french', page.comment, ${tsquery}, ${`StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`})`
    : sql`page.comment`
  const { rows } = await sql<{
    id: string
    created_at: Date
    satisfaction: number
    service_id: string
    service_name: string
    placement_name: string
    pii_status: PiiStatus
    pii_kinds: string[]
    text: string | null
  }>`
    SELECT page.id, page.created_at, page.satisfaction, page.service_id, s.name AS service_name, p.name AS placement_name,
           page.pii_status, page.pii_kinds,
           CASE WHEN page.pii_status = 'flagged' THEN NULL ELSE ${headline} END AS text
    FROM (
      SELECT r.id, r.created_at, r.satisfaction, r.service_id, r.placement_id, r.pii_status, r.pii_kinds, r.comment
      FROM feedback_reviews r
      WHERE ${where}
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT ${perPage} OFFSET ${(page - 1) * perPage}
    ) AS page
    JOIN feedback_services s ON s.id = page.service_id
    JOIN feedback_placements p ON p.id = page.placement_id
    ORDER BY page.created_at DESC, page.id DESC`.execute(db)
  return {
    items: rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      satisfaction: row.satisfaction,
      serviceId: row.service_id,
      serviceName: row.service_name,
      placementName: row.placement_name,
      piiStatus: row.pii_status,
      piiKinds: row.pii_kinds,
      text: row.text,
    })),
    total,
    capped,
    page,
    pageCount,
    masked,
  }
}

async function maskedMatches(db: Db, where: ReturnType<typeof sql>): Promise<MaskedMatches> {
  const [{ rows: counted }, { rows: latest }] = await Promise.all([
    sql<{ total: number }>`
      SELECT count(*)::int AS total FROM (SELECT 1 FROM feedback_reviews r WHERE ${where} LIMIT ${VERBATIM_COUNT_CAP}) AS capped`.execute(db),
    sql<{ id: string; created_at: Date }>`
      SELECT r.id, r.created_at FROM feedback_reviews r WHERE ${where}
      ORDER BY r.created_at DESC, r.id DESC LIMIT ${MASKED_MATCHES_LISTED}`.execute(db),
  ])
  return { total: counted[0]?.total ?? 0, items: latest.map((row) => ({ id: row.id, createdAt: row.created_at })) }
}

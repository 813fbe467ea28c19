// What data teams pull (decision 103): the de-identified reviews, the published experiences and the
// changes, page after page by an opaque cursor on (date, id). A page only holds rows older than a
// horizon (now minus a safety lag), so a row committed late with an earlier date is never jumped
// over: every row is served exactly once to a client that follows the cursors.
import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '#db/client.ts'
import type { ReviewAnswerColumns } from '#db/schema/feedback.ts'
import { hmac, safeEqual } from '#app/utils/crypto.server.ts'
import { parisLocalToDate } from '#app/utils/paris-time.ts'
import { publishedChangeStatus } from '#app/experiences/labels.ts'
import { channelLabel, satisfactionLabel } from './questionnaire.ts'
import { reviewSourceLabel } from './review-sources.ts'
import { REVIEW_EDIT_WINDOW_MS } from './reviews.server.ts'
import { notHeldAsSpam } from './spam.server.ts'

export const DATA_PAGE_SIZE = 200
export const DATA_PAGE_MAX = 1000

/**
 * A review is served once it can no longer change (its person may add answers for an hour) and
 * five more minutes, far longer than any write transaction: by then every review with an earlier
 * date has been committed.
 */
export const REVIEW_SAFETY_LAG_MS = REVIEW_EDIT_WINDOW_MS + 5 * 60 * 1000
/** Experiences (date of publication) and changes (date of recording): written in short transactions. */
export const RECORD_SAFETY_LAG_MS = 5 * 60 * 1000

export type DataKind = 'avis' | 'experiences' | 'changements'
export type Position = { at: string; id: string }

const PositionSchema = z.object({
  k: z.enum(['avis', 'experiences', 'changements']),
  o: z.string().uuid(),
  t: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  i: z.string().uuid(),
})

/** An opaque cursor: the position, signed, so a cursor the server did not give is refused. */
export function encodeCursor(secret: string, kind: DataKind, organisationId: string, position: Position): string {
  const payload = Buffer.from(JSON.stringify({ k: kind, o: organisationId, t: position.at, i: position.id })).toString('base64url')
  return `${payload}.${hmac(`${secret}:api-cursor`, payload).slice(0, 32)}`
}

export type CursorResult = { ok: true; position: Position } | { ok: false; message: string }

export function decodeCursor(secret: string, kind: DataKind, organisationId: string, cursor: string, at: Date): CursorResult {
  const invalid = { ok: false as const, message: 'Ce curseur n’est pas valide : reprenez le « curseur_suivant » d’une réponse précédente, sans le modifier.' }
  const [payload, signature, ...rest] = cursor.split('.')
  if (!payload || !signature || rest.length) return invalid
  if (!safeEqual(signature, hmac(`${secret}:api-cursor`, payload).slice(0, 32))) return invalid
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    return invalid
  }
  const parsed = PositionSchema.safeParse(decoded)
  if (!parsed.success || parsed.data.k !== kind || parsed.data.o !== organisationId) return invalid
  const moment = new Date(parsed.data.t)
  if (Number.isNaN(moment.getTime())) return invalid
  if (moment.getTime() > at.getTime())
    return { ok: false, message: 'Ce curseur désigne un moment à venir : reprenez le « curseur_suivant » d’une réponse précédente.' }
  return { ok: true, position: { at: parsed.data.t, id: parsed.data.i } }
}

const dateOrDateTime = z
  .string()
  .max(40)
  .refine((value) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) && !Number.isNaN(new Date(value).getTime()), {
    message: 'Le paramètre « depuis » doit être une date (AAAA-MM-JJ) ou une date et heure ISO 8601 avec fuseau (2026-12-01T00:00:00Z).',
  })

export const DataQuerySchema = z.object({
  curseur: z.string().max(400, 'Ce curseur n’est pas valide.').optional(),
  depuis: dateOrDateTime.optional(),
  since: dateOrDateTime.optional(),
  service: z.string().uuid('Le paramètre « service » doit être un identifiant de service.').optional(),
  par_page: z.coerce
    .number({ error: 'Le paramètre « par_page » doit être un entier.' })
    .int('Le paramètre « par_page » doit être un entier.')
    .min(1, 'Le paramètre « par_page » va de 1 à 1000.')
    .max(DATA_PAGE_MAX, 'Le paramètre « par_page » va de 1 à 1000.')
    .default(DATA_PAGE_SIZE),
})
export type DataQuery = z.infer<typeof DataQuerySchema>

/** A date alone is midnight in Paris (the day the person means); null for a day that does not exist. */
export function sinceInstant(value: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return parisLocalToDate(`${value}T00:00`)
  return new Date(value)
}

export type PageRequest = { organisationId: string; serviceId?: string; after: Position | null; since: Date | null; horizon: Date; limit: number }

/**
 * Microsecond text of a timestamptz, so the cursor compares exactly what the database holds. The
 * cursor's text is cast `::text::timestamptz`: a parameter typed timestamptz goes through
 * postgres.js's Date serializer, which drops the microseconds (the same row would come back forever).
 */
const micro = (column: string) => sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

// ---------------------------------------------------------------------------------------------
// Reviews

export interface ReviewDataRow extends ReviewAnswerColumns {
  id: string
  at: string
  service_id: string
  service_name: string
  placement_id: string
  form_version: number | null
}

/**
 * The one query behind the reviews API and the daily open-data file: every filter on which reviews
 * leave the product is here (reviews held as spam will be excluded here too).
 */
export function publicReviewsQuery(db: Db, scope: { organisationId?: string; serviceId?: string }) {
  return db
    .selectFrom('feedback_reviews as r')
    .innerJoin('feedback_services as s', 's.id', 'r.service_id')
    .leftJoin('feedback_form_versions as v', 'v.id', 'r.form_version_id')
    .select([
      'r.id',
      micro('r.created_at').as('at'),
      'r.service_id',
      's.name as service_name',
      'r.placement_id',
      'v.version as form_version',
      'r.source',
      'r.satisfaction',
      'r.clarity',
      'r.help_needed',
      'r.help_channels',
      'r.help_reached',
      'r.help_quality',
      'r.comment',
      'r.pii_status',
      'r.text_purged_at',
      'r.completed_at',
    ])
    // Held as spam (suspected or marked): out of every data that leaves the product (decision 101).
    .where(notHeldAsSpam('r'))
    .$if(Boolean(scope.organisationId), (qb) => qb.where('r.organisation_id', '=', scope.organisationId!))
    .$if(Boolean(scope.serviceId), (qb) => qb.where('r.service_id', '=', scope.serviceId!))
}

export async function reviewDataPage(db: Db, request: PageRequest): Promise<ReviewDataRow[]> {
  const { after, since } = request
  return publicReviewsQuery(db, request)
    .where('r.created_at', '<', request.horizon)
    .$if(Boolean(after), (qb) => qb.where(sql<boolean>`(r.created_at, r.id) > (${after!.at}::text::timestamptz, ${after!.id}::uuid)`))
    .$if(!after && Boolean(since), (qb) => qb.where('r.created_at', '>=', since!))
    .orderBy('r.created_at')
    .orderBy('r.id')
    .limit(request.limit)
    .execute() as Promise<ReviewDataRow[]>
}

/** De-identified: no contact e-mail, and no text that may hold personal data (flagged, masked or purged). */
export function reviewRecord(row: ReviewDataRow) {
  const shown = row.comment !== null && !row.text_purged_at && (row.pii_status === 'none' || row.pii_status === 'cleared')
  return {
    id: row.id,
    cree_le: row.at,
    service_id: row.service_id,
    service: row.service_name,
    emplacement_id: row.placement_id,
    version_questionnaire: row.form_version,
    source: reviewSourceLabel(row.source),
    de_facon_generale: satisfactionLabel(row.satisfaction),
    clarte_sur_5: row.clarity,
    aide: row.help_needed === null ? null : row.help_needed ? 'A cherché de l’aide' : 'Pas besoin d’aide',
    moyens_d_aide: row.help_channels.map(channelLabel),
    aide_obtenue: row.help_reached,
    qualite_aide_sur_5: row.help_quality,
    commentaire: shown ? row.comment : null,
    commentaire_retire: row.comment !== null && !shown,
    avis_complet: row.completed_at !== null,
  }
}

export const REVIEW_FIELDS = [
  { name: 'id', description: 'Identifiant de l’avis' },
  { name: 'cree_le', description: 'Date et heure de l’avis (ISO 8601, UTC, à la microseconde)' },
  { name: 'service_id', description: 'Identifiant du service' },
  { name: 'service', description: 'Nom du service' },
  { name: 'emplacement_id', description: 'Identifiant du bouton ou de la fenêtre d’où vient l’avis' },
  { name: 'version_questionnaire', description: 'Version du questionnaire à laquelle la personne a répondu' },
  { name: 'source', description: 'Bouton, fenêtre intégrée ou avis en un clic' },
  { name: 'de_facon_generale', description: 'Réponse à « De façon générale, comment ça s’est passé ? » : Très bien, Moyen, Pas bien' },
  { name: 'clarte_sur_5', description: 'Clarté des informations, de 1 (pas clair du tout) à 5 (très clair), vide sans réponse' },
  { name: 'aide', description: 'A cherché de l’aide ou pas besoin d’aide, vide sans réponse' },
  { name: 'moyens_d_aide', description: 'Moyens d’aide utilisés (séparés par « | » dans le CSV)' },
  { name: 'aide_obtenue', description: 'La personne a-t-elle obtenu de l’aide (vrai / faux), vide sans réponse' },
  { name: 'qualite_aide_sur_5', description: 'Qualité de l’aide, de 1 à 5, vide sans réponse' },
  {
    name: 'commentaire',
    description: 'Commentaire libre ; vide s’il contient peut-être des données personnelles ou a été effacé après la durée de conservation',
  },
  { name: 'commentaire_retire', description: 'Vrai quand un commentaire existait mais n’est pas publié (données personnelles possibles ou effacé)' },
  { name: 'avis_complet', description: 'La personne est allée jusqu’au bout du questionnaire' },
] as const

// ---------------------------------------------------------------------------------------------
// Experiences and changes: positions only (the records come from the open-data module)

export async function experiencePositions(db: Db, request: PageRequest): Promise<Array<{ id: string; at: string }>> {
  const { after, since } = request
  return db
    .selectFrom('experiences as e')
    .select(['e.id', micro('e.published_at').as('at')])
    .where('e.organisation_id', '=', request.organisationId)
    .where('e.status', '=', 'published')
    .where('e.published_at', 'is not', null)
    .where('e.published_at', '<', request.horizon)
    .$if(Boolean(request.serviceId), (qb) => qb.where('e.service_id', '=', request.serviceId!))
    .$if(Boolean(after), (qb) => qb.where(sql<boolean>`(e.published_at, e.id) > (${after!.at}::text::timestamptz, ${after!.id}::uuid)`))
    .$if(!after && Boolean(since), (qb) => qb.where('e.published_at', '>=', since!))
    .orderBy('e.published_at')
    .orderBy('e.id')
    .limit(request.limit)
    .execute()
}

export async function changeDataPage(db: Db, request: PageRequest) {
  const { after, since } = request
  return db
    .selectFrom('service_changes as c')
    .innerJoin('feedback_services as s', 's.id', 'c.service_id')
    .select([
      'c.id',
      micro('c.created_at').as('at'),
      'c.service_id',
      's.name as service',
      'c.title',
      'c.description',
      'c.status',
      'c.planned_on',
      'c.done_on',
      sql<
        string[]
      >`coalesce((SELECT array_agg(l.experience_id::text ORDER BY l.experience_id) FROM service_change_sources l JOIN experiences e ON e.id = l.experience_id AND e.status = 'published' WHERE l.change_id = c.id), '{}')`.as(
        'experience_ids',
      ),
    ])
    .where('c.organisation_id', '=', request.organisationId)
    .where('c.created_at', '<', request.horizon)
    .$if(Boolean(request.serviceId), (qb) => qb.where('c.service_id', '=', request.serviceId!))
    .$if(Boolean(after), (qb) => qb.where(sql<boolean>`(c.created_at, c.id) > (${after!.at}::text::timestamptz, ${after!.id}::uuid)`))
    .$if(!after && Boolean(since), (qb) => qb.where('c.created_at', '>=', since!))
    .orderBy('c.created_at')
    .orderBy('c.id')
    .limit(request.limit)
    .execute()
}

export type ChangeDataRow = Awaited<ReturnType<typeof changeDataPage>>[number]

export function changeRecord(row: ChangeDataRow) {
  return {
    id: row.id,
    cree_le: row.at,
    service_id: row.service_id,
    service: row.service,
    titre: row.title,
    description: row.description,
    statut: publishedChangeStatus(row.status),
    prevu_le: row.planned_on ?? null,
    realise_le: row.done_on ?? null,
    experiences: row.experience_ids,
  }
}

// ---------------------------------------------------------------------------------------------
// One page, for the three routes

export type PageOutcome<T> =
  | { ok: false; status: 400 | 403 | 404; message: string }
  | { ok: true; body: { donnees: T[]; curseur_suivant: string | null; a_jour: boolean; servi_jusqu_au: string; par_page: number } }

/**
 * Validates the query, reads one page after the cursor (or from `depuis`) up to the horizon and
 * gives the next cursor. The next cursor is given even on an empty page: a client keeps it and
 * asks again tomorrow. `a_jour` tells whether the page reached the horizon.
 */
export async function cursorPage<R extends { id: string; at: string }, T>(
  db: Db,
  input: { secret: string; kind: DataKind; organisationId: string; params: URLSearchParams; now: Date; lagMs: number },
  read: (request: PageRequest) => Promise<R[]>,
  toRecord: (rows: R[]) => Promise<T[]> | T[],
): Promise<PageOutcome<T>> {
  const parsed = DataQuerySchema.safeParse(Object.fromEntries(input.params))
  if (!parsed.success) return { ok: false, status: 400, message: parsed.error.issues[0]?.message ?? 'Paramètres invalides.' }
  const query = parsed.data
  const horizon = new Date(input.now.getTime() - input.lagMs)
  let after: Position | null = null
  if (query.curseur !== undefined) {
    const decoded = decodeCursor(input.secret, input.kind, input.organisationId, query.curseur, input.now)
    if (!decoded.ok) return { ok: false, status: 400, message: decoded.message }
    after = decoded.position
  }
  const sinceText = query.depuis ?? query.since
  let since: Date | null = null
  if (sinceText !== undefined) {
    since = sinceInstant(sinceText)
    if (!since) return { ok: false, status: 400, message: 'Le paramètre « depuis » désigne une heure qui n’existe pas à Paris.' }
    if (since.getTime() > input.now.getTime()) return { ok: false, status: 400, message: 'Le paramètre « depuis » est dans le futur.' }
  }
  if (query.service) {
    const owned = await db.selectFrom('feedback_services').select('organisation_id').where('id', '=', query.service).executeTakeFirst()
    if (!owned) return { ok: false, status: 404, message: 'Ce service n’existe pas.' }
    if (owned.organisation_id !== input.organisationId) return { ok: false, status: 403, message: 'Ce service n’appartient pas à l’organisation de votre clé.' }
  }
  const rows = await read({ organisationId: input.organisationId, serviceId: query.service, after, since, horizon, limit: query.par_page })
  const last = rows.at(-1)
  const position = last ? { at: last.at, id: last.id } : after
  // With no row and no cursor yet, the next one starts just before `depuis` (or at the beginning).
  const start = position ?? { at: microIso(since ?? new Date(0)), id: '00000000-0000-0000-0000-000000000000' }
  return {
    ok: true,
    body: {
      donnees: await toRecord(rows),
      curseur_suivant: encodeCursor(input.secret, input.kind, input.organisationId, start),
      a_jour: rows.length < query.par_page,
      servi_jusqu_au: horizon.toISOString(),
      par_page: query.par_page,
    },
  }
}

/** An instant as the cursor's microsecond text. */
function microIso(value: Date): string {
  return `${value.toISOString().slice(0, 23)}000Z`
}

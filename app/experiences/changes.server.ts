// « Vous nous l'avez dit, nous l'avons fait »: changes a service plans or makes, linked to the
// published experiences that led to them.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import type { ChangeStatus } from '#db/schema/experiences.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { PAGE_SIZE } from './experiences.server.ts'
import { isUuid } from '#app/utils/uuid.ts'

export interface ChangeInput {
  token: string
  title: string
  description: string
  status: ChangeStatus
  plannedOn: string | null
  doneOn: string | null
  experienceIds: string[]
  /** Short reviews (« Je donne mon avis ») of this service behind the change. */
  reviewIds: string[]
}

export async function recordChange(db: Db, user: SessionUser, service: { id: string; organisation_id: string }, input: ChangeInput): Promise<'recorded' | 'duplicate'> {
  return db.transaction().execute(async (trx) => {
    const at = now()
    const inserted = await trx
      .insertInto('service_changes')
      .values({
        id: input.token,
        organisation_id: service.organisation_id,
        service_id: service.id,
        title: input.title,
        description: input.description,
        status: input.status,
        planned_on: input.plannedOn,
        done_on: input.status === 'done' ? input.doneOn : null,
        created_by: user.id,
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) return 'duplicate'
    // Only published experiences of this very service can be sources.
    const sources = input.experienceIds.length
      ? await trx.selectFrom('experiences').select('id').where('id', 'in', input.experienceIds).where('service_id', '=', service.id).where('status', '=', 'published').execute()
      : []
    if (sources.length) {
      await trx.insertInto('service_change_sources').values(sources.map((source) => ({ change_id: inserted.id, experience_id: source.id }))).execute()
    }
    // Only reviews of this very service: an id from elsewhere is left out, silently as for experiences.
    const reviews = input.reviewIds.length
      ? await trx.selectFrom('feedback_reviews').select('id').where('id', 'in', input.reviewIds).where('service_id', '=', service.id).execute()
      : []
    if (reviews.length) {
      await trx.insertInto('service_change_review_sources').values(reviews.map((review) => ({ change_id: inserted.id, review_id: review.id }))).execute()
    }
    await audit(trx, {
      actorId: user.id,
      action: 'change.recorded',
      subjectType: 'service_change',
      subjectId: inserted.id,
      data: { serviceId: service.id, status: input.status, sources: sources.map((s) => s.id), reviews: reviews.map((r) => r.id) },
    })
    for (const source of sources) {
      await audit(trx, { actorId: user.id, action: 'experience.linked-to-change', subjectType: 'experience', subjectId: source.id, data: { changeId: inserted.id } })
    }
    return 'recorded'
  })
}

/** Marks a planned change as made. */
export async function markChangeDone(db: Db, user: SessionUser, serviceId: string, changeId: string, doneOn: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('service_changes')
      .set({ status: 'done', done_on: doneOn, updated_at: now() })
      .where('id', '=', changeId)
      .where('service_id', '=', serviceId)
      .where('status', '=', 'planned')
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) return false
    await audit(trx, { actorId: user.id, action: 'change.done', subjectType: 'service_change', subjectId: changeId, data: { doneOn } })
    return true
  })
}

export async function listChanges(db: Db, filters: { serviceId?: string; page: number }) {
  let query = db.selectFrom('service_changes as c').innerJoin('feedback_services as s', 's.id', 'c.service_id')
  if (filters.serviceId) query = query.where('c.service_id', '=', filters.serviceId)
  const { total } = await query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow()
  const rows = await query
    .select(['c.id', 'c.title', 'c.description', 'c.status', 'c.planned_on', 'c.done_on', 'c.created_at', 'c.service_id', 's.name as service_name'])
    .orderBy(sql`coalesce(c.done_on, c.planned_on, c.created_at::date)`, 'desc')
    .orderBy('c.id')
    .limit(PAGE_SIZE)
    .offset((filters.page - 1) * PAGE_SIZE)
    .execute()
  const ids = rows.map((row) => row.id)
  const sources = ids.length
    ? await db
        .selectFrom('service_change_sources as l')
        .innerJoin('experiences as e', 'e.id', 'l.experience_id')
        .select(['l.change_id', 'e.id', 'e.title'])
        .where('l.change_id', 'in', ids)
        .where('e.status', '=', 'published')
        .orderBy('e.published_at')
        .execute()
    : []
  const reviewCounts = await countReviewSources(db, ids)
  return {
    total,
    rows: rows.map((row) => ({
      ...row,
      sources: sources.filter((source) => source.change_id === row.id).map(({ id, title }) => ({ id, title })),
      reviewCount: reviewCounts.get(row.id) ?? 0,
    })),
  }
}

/** How many short reviews led to each change (reviews since purged still count: the link stays). */
async function countReviewSources(db: Db, changeIds: string[]): Promise<Map<string, number>> {
  if (!changeIds.length) return new Map()
  const rows = await db
    .selectFrom('service_change_review_sources')
    .select(['change_id', sql<number>`count(*)::int`.as('count')])
    .where('change_id', 'in', changeIds)
    .groupBy('change_id')
    .execute()
  return new Map(rows.map((row) => [row.change_id, row.count]))
}

/** One change as the public reads it: the published experiences behind it and how many short reviews. */
export async function findPublicChange(db: Db, changeId: string | undefined) {
  if (!changeId || !isUuid(changeId)) return null
  const change = await db
    .selectFrom('service_changes as c')
    .innerJoin('feedback_services as s', 's.id', 'c.service_id')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select(['c.id', 'c.title', 'c.description', 'c.status', 'c.planned_on', 'c.done_on', 'c.created_at', 'c.service_id', 's.name as service_name', 'o.name as organisation_name'])
    .where('c.id', '=', changeId)
    .executeTakeFirst()
  if (!change) return null
  const experiences = await db
    .selectFrom('service_change_sources as l')
    .innerJoin('experiences as e', 'e.id', 'l.experience_id')
    .select(['e.id', 'e.title', 'e.feeling', 'e.published_at'])
    .where('l.change_id', '=', changeId)
    .where('e.status', '=', 'published')
    .orderBy('e.published_at')
    .orderBy('e.id')
    .execute()
  const reviewCount = (await countReviewSources(db, [changeId])).get(changeId) ?? 0
  return { change, experiences, reviewCount }
}

/** Recent finished reviews of the service with a comment, to link to a change (the team's page). */
export async function reviewsToLink(db: Db, serviceId: string) {
  return db
    .selectFrom('feedback_reviews')
    .select(['id', 'comment', 'satisfaction', 'created_at'])
    .where('service_id', '=', serviceId)
    .where('has_comment', '=', true)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(50)
    .execute()
}

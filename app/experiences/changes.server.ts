// « Vous nous l'avez dit, nous l'avons fait »: changes a service plans or makes, linked to the
// published experiences that led to them.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import type { ChangeStatus } from '#db/schema/experiences.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { PAGE_SIZE } from './experiences.server.ts'

export interface ChangeInput {
  token: string
  title: string
  description: string
  status: ChangeStatus
  plannedOn: string | null
  doneOn: string | null
  experienceIds: string[]
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
        done_on: input.status === 'realise' ? input.doneOn : null,
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
    await audit(trx, { actorId: user.id, action: 'change.recorded', subjectType: 'service_change', subjectId: inserted.id, data: { serviceId: service.id, status: input.status, sources: sources.map((s) => s.id) } })
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
      .set({ status: 'realise', done_on: doneOn, updated_at: now() })
      .where('id', '=', changeId)
      .where('service_id', '=', serviceId)
      .where('status', '=', 'prevu')
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
  return { total, rows: rows.map((row) => ({ ...row, sources: sources.filter((source) => source.change_id === row.id).map(({ id, title }) => ({ id, title })) })) }
}

import { sql } from 'kysely'
import type { Db } from '../client.ts'

/**
 * Many reviews at once for one service (test hooks only), so that a browser journey can watch an
 * export long enough to see its progress: written in one statement, dated over the 20 days before
 * `now`, through the service's first placement (one is made if the service has none yet).
 */
export async function seedJourneyReviews(db: Db, input: { serviceId: string; count: number; now: Date }) {
  const service = await db
    .selectFrom('feedback_services as s')
    .innerJoin('feedback_forms as f', 'f.service_id', 's.id')
    .select(['s.id', 's.organisation_id', 'f.id as form_id', 'f.current_version_id'])
    .where('s.id', '=', input.serviceId)
    .where('f.current_version_id', 'is not', null)
    .executeTakeFirstOrThrow()
  const existing = await db.selectFrom('feedback_placements').select('id').where('service_id', '=', service.id).executeTakeFirst()
  const placement =
    existing ??
    (await db
      .insertInto('feedback_placements')
      .values({ service_id: service.id, form_id: service.form_id, name: 'Bouton du parcours', allowed_origins: [] })
      .returning('id')
      .executeTakeFirstOrThrow())
  await sql`
    INSERT INTO feedback_reviews (id, organisation_id, service_id, placement_id, form_version_id, satisfaction, created_at, updated_at)
    SELECT gen_random_uuid(), ${service.organisation_id}, ${service.id}, ${placement.id}, ${service.current_version_id},
      g % 3, ${input.now}::timestamptz - (g % 20) * interval '1 day' - interval '2 hours', ${input.now}::timestamptz - (g % 20) * interval '1 day' - interval '2 hours'
    FROM generate_series(1, ${input.count}) AS g`.execute(db)
  return { placementId: placement.id, count: input.count }
}

import { randomUUID } from 'node:crypto'
import type { AppServices } from '#app/context.server.ts'
import { reviewToken, submitFirstAnswer } from '#app/feedback/reviews.server.ts'
import { now } from '#app/utils/clock.server.ts'

/**
 * The feedback part of the test world: a service of the demo organisation with a placement, a
 * review in progress (with its token), a review of the team's dashboard, and an export.
 */
export async function feedbackWorld(services: AppServices, world: { userIds: Record<string, string>; ids: Record<string, string> }) {
  const { db } = services
  const { ids, userIds } = world
  const placement = await db
    .selectFrom('feedback_placements as p')
    .innerJoin('feedback_services as s', 's.id', 'p.service_id')
    .innerJoin('feedback_forms as f', 'f.id', 'p.form_id')
    .select(['p.id', 'p.service_id', 'f.current_version_id'])
    .where('s.organisation_id', '=', ids.organisation!)
    .where('p.enabled', '=', true)
    .orderBy('s.name')
    .executeTakeFirstOrThrow()
  ids.service = placement.service_id
  ids.placement = placement.id
  const review = await db.selectFrom('feedback_reviews').select('id').where('service_id', '=', placement.service_id).orderBy('created_at', 'desc').executeTakeFirstOrThrow()
  ids.review = review.id

  const outcome = await submitFirstAnswer(db, services.env.SESSION_SECRET, {
    placementId: placement.id,
    fields: new URLSearchParams({ name__confirm: '', avis: randomUUID(), version: placement.current_version_id!, satisfaction: 'tres-bien', source: 'link' }),
    ipHash: 'monde-de-test',
    at: now(),
  })
  if (outcome.kind !== 'recorded') throw new Error(`avis de test non enregistré : ${outcome.kind}`)
  ids.reviewInProgress = outcome.reviewId
  ids.reviewInProgressToken = reviewToken(services.env.SESSION_SECRET, outcome.reviewId)

  const exported = await db
    .insertInto('feedback_exports')
    .values({
      requested_by: userIds.serviceTeam!,
      scope_type: 'service',
      scope_id: placement.service_id,
      format: 'csv',
      status: 'ready',
      file_name: 'avis.csv',
      error: null,
      rows_total: null,
      byte_size: null,
      expires_at: new Date(Date.now() + 7 * 24 * 3600 * 1000),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  ids.export = exported.id
}

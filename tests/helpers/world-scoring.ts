import type { AppServices } from '#app/context.server.ts'

/**
 * The scoring part of the test world: on the call in evaluation, the panelist has accepted the
 * charter, and the reviewer is assigned one instructed application (ids.scoringApplication).
 */
export async function scoringWorld(services: AppServices, world: { userIds: Record<string, string>; ids: Record<string, string> }) {
  const { db } = services
  const { userIds, ids } = world
  const callId = ids.evaluationCall!
  const application = await db
    .selectFrom('applications')
    .select('id')
    .where('call_id', '=', callId)
    .where('state', '=', 'en_instruction')
    .where('id', '!=', ids.leaderSubmittedApplication ?? '00000000-0000-4000-8000-000000000000')
    .orderBy('reference')
    .executeTakeFirstOrThrow()
  ids.scoringApplication = application.id
  await db
    .insertInto('scoring_assignments')
    .values({ call_id: callId, application_id: application.id, user_id: userIds.reviewer!, jury: 'administration', source: 'forced' })
    .execute()
  await db
    .insertInto('scoring_jury_members')
    .values({ call_id: callId, user_id: userIds.panelist!, jury: 'citizen', charter_accepted_at: new Date() })
    .onConflict((oc) => oc.columns(['call_id', 'user_id']).doUpdateSet({ charter_accepted_at: new Date() }))
    .execute()
}

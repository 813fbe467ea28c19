import type { Db } from '../client.ts'

/**
 * A second organisation for one browser journey (test hooks only): the demo has a single one, and
 * creating organisations is not a feature of the product. Its one agent, with the service-team role
 * there, then does everything else through the pages (creating a service, answering a transfer).
 */
export async function seedJourneyOrganisation(db: Db, input: { slug: string; name: string; agentEmail: string; agentName: string }) {
  const team = await db.selectFrom('users').select('id').where('email', '=', 'equipe@demo.aic.gouv.fr').executeTakeFirstOrThrow()
  const organisation = await db.insertInto('organisations').values({ slug: input.slug, name: input.name }).returning('id').executeTakeFirstOrThrow()
  const agent = await db.insertInto('users').values({ email: input.agentEmail, display_name: input.agentName }).returning('id').executeTakeFirstOrThrow()
  await db
    .insertInto('role_assignments')
    .values({ user_id: agent.id, role: 'service_team', scope_type: 'organisation', scope_id: organisation.id, granted_by: team.id })
    .execute()
  return { organisationId: organisation.id }
}

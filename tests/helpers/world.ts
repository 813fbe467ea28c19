import { seedDemoForTest } from './demo-snapshot.ts'
import type { AppServices } from '#app/context.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { sessionUser } from './context.ts'
import { acceleratorWorld } from './world-accelerator.ts'
import { feedbackWorld } from './world-feedback.ts'
import { scoringWorld } from './world-scoring.ts'
import { experiencesWorld } from './world-experiences.ts'
import { mentoringWorld } from './world-mentoring.ts'

/** The people the authorisation matrix and the fuzz tests act as (issue 11's list). */
export const PERSONAS = [
  'anonymous',
  'leader',
  'coLeader',
  'otherLeader',
  'panelist',
  'otherCallPanelist',
  'reviewer',
  'programmeTeam',
  'mentor',
  'otherCohortMentor',
  'serviceTeam',
  'otherOrganisationMember',
] as const
export type Persona = (typeof PERSONAS)[number]

export interface World {
  users: Record<Exclude<Persona, 'anonymous'>, SessionUser>
  /** Ids of things routes take as parameters (filled by each area's world step). */
  ids: Record<string, string>
}

/**
 * A small world built on the demo seed: the demo people, plus the « other » people who must
 * never see the first ones' data. Each area adds its records in `worldSteps`.
 */
export type WorldStep = (services: AppServices, world: { userIds: Record<string, string>; ids: Record<string, string> }) => Promise<void>
const worldSteps: WorldStep[] = [acceleratorWorld, feedbackWorld, scoringWorld, experiencesWorld, mentoringWorld]

export async function buildWorld(services: AppServices): Promise<World> {
  const db = services.db
  const seeded = await seedDemoForTest(db)
  const extra = async (email: string, name: string) =>
    (await db.insertInto('users').values({ email, display_name: name }).returning('id').executeTakeFirstOrThrow()).id
  const otherOrganisation = await db
    .insertInto('organisations')
    .values({ slug: 'autre-ministere', name: 'Autre ministère' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const userIds: Record<string, string> = {
    leader: seeded.users['porteuse@demo.aic.gouv.fr']!,
    coLeader: await extra('copilote@exemple.fr', 'Co-porteur'),
    otherLeader: await extra('autre-porteur@exemple.fr', 'Autre porteur'),
    panelist: seeded.users['citoyenne@demo.aic.gouv.fr']!,
    otherCallPanelist: await extra('autre-panel@exemple.fr', 'Panel d’un autre appel'),
    reviewer: seeded.users['instructeur@demo.aic.gouv.fr']!,
    programmeTeam: seeded.users['equipe@demo.aic.gouv.fr']!,
    mentor: seeded.users['mentor@demo.aic.gouv.fr']!,
    otherCohortMentor: await extra('autre-mentor@exemple.fr', 'Mentor d’une autre cohorte'),
    serviceTeam: seeded.users['service@demo.aic.gouv.fr']!,
    otherOrganisationMember: await extra('autre-organisation@exemple.fr', 'Agent d’un autre ministère'),
  }
  await db
    .insertInto('role_assignments')
    .values({ user_id: userIds.otherOrganisationMember!, role: 'service_team', scope_type: 'organisation', scope_id: otherOrganisation.id, granted_by: null })
    .execute()
  const ids: Record<string, string> = { organisation: seeded.organisationId, otherOrganisation: otherOrganisation.id }
  for (const step of worldSteps) await step(services, { userIds, ids })
  const users = {} as World['users']
  for (const [persona, id] of Object.entries(userIds)) users[persona as keyof World['users']] = await sessionUser(services, id)
  return { users, ids }
}

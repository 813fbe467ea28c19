import type { AppServices } from '#app/context.server.ts'

/**
 * Mentoring's part of the test world: the leader's retained project (with the co-leader) in the
 * seeded cohort followed by the demo mentor, the seeded cohort published, and another cohort
 * (another leader's project) whose mentor must never see the first one.
 */
export async function mentoringWorld(services: AppServices, world: { userIds: Record<string, string>; ids: Record<string, string> }) {
  const { db } = services
  const { userIds, ids } = world
  const cohort = await db.selectFrom('mentoring_cohorts').select(['id', 'call_id']).where('name', '=', 'Première promotion').executeTakeFirstOrThrow()
  ids.cohort = cohort.id
  await db.updateTable('mentoring_cohorts').set({ published_at: new Date() }).where('id', '=', cohort.id).execute()

  const retained = async (owner: string, title: string, members: string[], reference: string) => {
    const application = await db
      .insertInto('applications')
      .values({ call_id: cohort.call_id, owner_id: owner, state: 'retenue', reference, submitted_at: new Date('2024-03-01T10:00:00Z'), last_submitted_at: new Date('2024-03-01T10:00:00Z'), answers: { project: { title }, impact: { indicatorName: 'Personnes accompagnées', unit: 'personnes', startValue: '10', targetValue: '50' } } })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('application_members')
      .values(members.map((user, i) => ({ application_id: application.id, user_id: user, role: i === 0 ? ('leader' as const) : ('co_leader' as const), added_by: null })))
      .execute()
    return application.id
  }
  const leaderApplication = await retained(userIds.leader!, 'Projet accompagné du porteur', [userIds.leader!, userIds.coLeader!], 'AIC-2024-99998')
  const project = await db
    .insertInto('mentoring_projects')
    .values({ cohort_id: cohort.id, application_id: leaderApplication, mentor_id: userIds.mentor! })
    .returning('id')
    .executeTakeFirstOrThrow()
  ids.mentoredProject = project.id
  const committee = await db.selectFrom('mentoring_committees').select('id').where('cohort_id', '=', cohort.id).where('kind', '=', 'acceleration').executeTakeFirstOrThrow()
  ids.committee = committee.id
  await db.insertInto('mentoring_committee_items').values({ committee_id: committee.id, project_id: project.id }).execute()

  const otherCohort = await db
    .insertInto('mentoring_cohorts')
    .values({ call_id: cohort.call_id, name: 'Autre cohorte', starts_on: '2026-01-05', ends_on: '2026-04-05', created_by: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  ids.otherCohort = otherCohort.id
  const otherApplication = await retained(userIds.otherLeader!, 'Projet d’une autre cohorte', [userIds.otherLeader!], 'AIC-2024-99997')
  const otherProject = await db
    .insertInto('mentoring_projects')
    .values({ cohort_id: otherCohort.id, application_id: otherApplication, mentor_id: userIds.otherCohortMentor! })
    .returning('id')
    .executeTakeFirstOrThrow()
  ids.otherMentoredProject = otherProject.id
  await db
    .insertInto('role_assignments')
    .values({ user_id: userIds.otherCohortMentor!, role: 'mentor', scope_type: 'cohort', scope_id: otherCohort.id, granted_by: null })
    .execute()
}

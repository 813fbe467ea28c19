// Cohorts: built by the programme team from a call's retained applications; each project gets a
// mentor (who is granted the `mentor` role on the cohort) and ministry referents.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { mentoringReferentEmail } from '#emails/mentoring-referent.tsx'
import { mentoringWelcomeEmail } from '#emails/mentoring-welcome.tsx'
import { hasRole, scopeIds, type SessionUser } from '#app/auth/roles.ts'
import { normaliseEmail } from '#app/auth/sign-in.server.ts'
import { queueEmail } from '#app/email/send.server.ts'
import type { JobQueue } from '#app/jobs/types.ts'
import { audit } from '#app/utils/audit.server.ts'
import { UuidSchema } from '#app/utils/validation.ts'
import { projectTitle, type Answers } from '../applications/application-form.ts'
import { isOpenNeed, isOverdue, type CohortSort, type Health } from './mentoring.ts'
import { addMonths, daysBetween, formatDay } from '#app/utils/days.ts'

export interface MentoringServices {
  db: Db
  jobs: JobQueue
  appUrl: string
}

export type Result<T = { id: string }> = ({ ok: true } & T) | { ok: false; field: string; message: string }

/** Cohorts a person may open: all for the team, their own for a mentor. */
export async function listCohorts(db: Db, user: SessionUser) {
  let query = db
    .selectFrom('mentoring_cohorts as c')
    .innerJoin('calls', 'calls.id', 'c.call_id')
    .select((eb) => [
      'c.id',
      'c.name',
      'c.starts_on',
      'c.ends_on',
      'c.published_at',
      'calls.title as callTitle',
      eb.selectFrom('mentoring_projects as p').select(sql<number>`count(*)::int`.as('n')).whereRef('p.cohort_id', '=', 'c.id').as('projects'),
    ])
    .orderBy('c.starts_on', 'desc')
  if (!hasRole(user, 'programme_team')) {
    const ids = scopeIds(user, 'mentor').filter((id) => UuidSchema.safeParse(id).success)
    if (!ids.length) return []
    query = query.where('c.id', 'in', ids)
  }
  return query.execute()
}

export async function findCohort(db: Db, cohortId: string) {
  if (!UuidSchema.safeParse(cohortId).success) return null
  return (
    (await db
      .selectFrom('mentoring_cohorts as c')
      .innerJoin('calls', 'calls.id', 'c.call_id')
      .select(['c.id', 'c.name', 'c.starts_on', 'c.ends_on', 'c.published_at', 'c.call_id', 'calls.title as callTitle'])
      .where('c.id', '=', cohortId)
      .executeTakeFirst()) ?? null
  )
}

/** Calls with retained applications that are not in a cohort yet. */
export async function callsWithRetainedProjects(db: Db) {
  return db
    .selectFrom('applications as a')
    .innerJoin('calls', 'calls.id', 'a.call_id')
    .select(['calls.id', 'calls.title', sql<number>`count(*)::int`.as('available')])
    .where('a.state', '=', 'retenue')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('mentoring_projects as p').select('p.id').whereRef('p.application_id', '=', 'a.id'))))
    .groupBy(['calls.id', 'calls.title', 'calls.opens_at'])
    .orderBy('calls.opens_at', 'desc')
    .execute()
}

/**
 * Creates a cohort with every retained application of the call not yet followed. The end date
 * defaults to three months after the start. Submitting the same form twice gives the same cohort.
 */
export async function createCohort(
  services: MentoringServices,
  user: SessionUser,
  input: { callId: string; name: string; startsOn: string; endsOn?: string | undefined },
): Promise<Result> {
  const endsOn = input.endsOn || addMonths(input.startsOn, 3)
  if (endsOn <= input.startsOn) return { ok: false, field: 'endsOn', message: 'La fin doit venir après le début.' }
  if (daysBetween(input.startsOn, endsOn) > 366) return { ok: false, field: 'endsOn', message: 'Une cohorte dure au plus un an (trois mois en général).' }
  return services.db.transaction().execute(async (trx) => {
    const same = await trx
      .selectFrom('mentoring_cohorts')
      .select('id')
      .where('call_id', '=', input.callId)
      .where(sql`lower(name)`, '=', input.name.toLowerCase())
      .executeTakeFirst()
    if (same) return { ok: true, id: same.id }
    const retained = await trx
      .selectFrom('applications as a')
      .select('a.id')
      .where('a.call_id', '=', input.callId)
      .where('a.state', '=', 'retenue')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('mentoring_projects as p').select('p.id').whereRef('p.application_id', '=', 'a.id'))))
      .execute()
    if (!retained.length) return { ok: false, field: 'callId', message: 'Cet appel n’a aucun projet retenu qui ne soit pas déjà accompagné.' }
    const cohort = await trx
      .insertInto('mentoring_cohorts')
      .values({ call_id: input.callId, name: input.name, starts_on: input.startsOn, ends_on: endsOn, created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    const projects = await trx
      .insertInto('mentoring_projects')
      .values(retained.map((row) => ({ cohort_id: cohort.id, application_id: row.id })))
      .returning(['id', 'application_id'])
      .execute()
    // Each project's leaders learn where to follow their mentoring.
    const leaders = await trx
      .selectFrom('application_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .innerJoin('applications as a', 'a.id', 'm.application_id')
      .select(['u.id', 'u.email', 'm.application_id', 'a.answers'])
      .where('m.application_id', 'in', retained.map((row) => row.id))
      .where('m.removed_at', 'is', null)
      .where('u.deleted_at', 'is', null)
      .execute()
    for (const leader of leaders) {
      const projectId = projects.find((p) => p.application_id === leader.application_id)!.id
      await queueEmail(
        { db: trx, jobs: services.jobs },
        leader.email,
        mentoringWelcomeEmail({
          projectTitle: projectTitle(leader.answers as Answers),
          cohortName: input.name,
          period: `du ${formatDay(input.startsOn)} au ${formatDay(endsOn)}`,
          link: `${services.appUrl}/accompagnement/projets/${projectId}`,
        }),
        { idempotencyKey: `mentoring-welcome:${projectId}:${leader.id}` },
      )
    }
    await audit(trx, {
      actorId: user.id,
      action: 'cohort.created',
      subjectType: 'cohort',
      subjectId: cohort.id,
      data: { callId: input.callId, startsOn: input.startsOn, endsOn, projects: retained.length },
    })
    return { ok: true, id: cohort.id }
  })
}

export async function updateCohortDates(db: Db, user: SessionUser, cohortId: string, input: { startsOn: string; endsOn: string }): Promise<Result> {
  if (input.endsOn <= input.startsOn) return { ok: false, field: 'endsOn', message: 'La fin doit venir après le début.' }
  if (daysBetween(input.startsOn, input.endsOn) > 366) return { ok: false, field: 'endsOn', message: 'Une cohorte dure au plus un an (trois mois en général).' }
  return db.transaction().execute(async (trx) => {
    // Nothing already recorded may fall outside the new dates (check-ins, introductions, measures, actions, committees).
    const { rows } = await sql<{ first: string | null; last: string | null }>`
      SELECT min(day)::text AS first, max(day)::text AS last FROM (
        SELECT x.held_on AS day FROM mentoring_check_ins x JOIN mentoring_projects p ON p.id = x.project_id WHERE p.cohort_id = ${cohortId}
        UNION ALL SELECT x.made_on FROM mentoring_introductions x JOIN mentoring_projects p ON p.id = x.project_id WHERE p.cohort_id = ${cohortId}
        UNION ALL SELECT x.measured_on FROM mentoring_indicator_values x JOIN mentoring_projects p ON p.id = x.project_id WHERE p.cohort_id = ${cohortId}
        UNION ALL SELECT x.due_on FROM mentoring_actions x JOIN mentoring_projects p ON p.id = x.project_id WHERE p.cohort_id = ${cohortId}
        UNION ALL SELECT held_on FROM mentoring_committees WHERE cohort_id = ${cohortId}
      ) days`.execute(trx)
    const span = rows[0]
    if (span?.first && span.first < input.startsOn) return { ok: false, field: 'startsOn', message: `Des éléments du suivi sont datés du ${formatDay(span.first)} : le début ne peut pas être après cette date.` }
    if (span?.last && span.last > input.endsOn) return { ok: false, field: 'endsOn', message: `Des éléments du suivi sont datés du ${formatDay(span.last)} : la fin ne peut pas être avant cette date.` }
    await trx.updateTable('mentoring_cohorts').set({ starts_on: input.startsOn, ends_on: input.endsOn }).where('id', '=', cohortId).execute()
    await audit(trx, { actorId: user.id, action: 'cohort.dates-changed', subjectType: 'cohort', subjectId: cohortId, data: input })
    return { ok: true, id: cohortId }
  })
}

/** People who may be chosen as mentors: anyone holding the mentor role somewhere. */
export async function mentorCandidates(db: Db) {
  return db
    .selectFrom('users')
    .select(['users.id', 'users.email', 'users.display_name'])
    .where('users.deleted_at', 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('role_assignments as r').select('r.id').whereRef('r.user_id', '=', 'users.id').where('r.role', '=', 'mentor')))
    .orderBy('users.display_name')
    .execute()
}

/** Gives a project its mentor, who is granted the mentor role on the cohort if needed. */
export async function assignMentor(db: Db, user: SessionUser, cohortId: string, projectId: string, mentorId: string): Promise<Result> {
  const candidates = await mentorCandidates(db)
  if (!candidates.some((candidate) => candidate.id === mentorId)) return { ok: false, field: 'mentorId', message: 'Choisissez un·e chargé·e d’accélération de la liste.' }
  return db.transaction().execute(async (trx) => {
    const project = await trx.selectFrom('mentoring_projects').select(['id', 'mentor_id']).where('id', '=', projectId).where('cohort_id', '=', cohortId).executeTakeFirst()
    if (!project) return { ok: false, field: 'projectId', message: 'Ce projet n’est pas dans cette cohorte.' }
    if (project.mentor_id === mentorId) return { ok: true, id: projectId }
    await trx.updateTable('mentoring_projects').set({ mentor_id: mentorId }).where('id', '=', projectId).execute()
    const granted = await trx
      .selectFrom('role_assignments')
      .select('id')
      .where('user_id', '=', mentorId)
      .where('role', '=', 'mentor')
      .where('scope_type', '=', 'cohort')
      .where('scope_id', '=', cohortId)
      .executeTakeFirst()
    if (!granted) {
      await trx.insertInto('role_assignments').values({ user_id: mentorId, role: 'mentor', scope_type: 'cohort', scope_id: cohortId, granted_by: user.id }).execute()
    }
    await audit(trx, { actorId: user.id, action: 'mentoring.mentor-assigned', subjectType: 'mentoring_project', subjectId: projectId, data: { mentorId, previous: project.mentor_id } })
    return { ok: true, id: projectId }
  })
}

/**
 * Adds a ministry referent by e-mail. They see the project once signed in with that address
 * (an account is created at first sign-in), and get an e-mail with the link.
 */
export async function addReferent(
  services: MentoringServices,
  user: SessionUser,
  projectId: string,
  input: { email: string; name: string | null; organisation: string | null },
): Promise<Result> {
  const email = normaliseEmail(input.email)
  return services.db.transaction().execute(async (trx) => {
    const project = await trx
      .selectFrom('mentoring_projects as p')
      .innerJoin('applications as a', 'a.id', 'p.application_id')
      .innerJoin('mentoring_cohorts as c', 'c.id', 'p.cohort_id')
      .select(['p.id', 'a.answers', 'c.name'])
      .where('p.id', '=', projectId)
      .executeTakeFirstOrThrow()
    const row = await trx
      .insertInto('mentoring_referents')
      .values({ project_id: projectId, email, name: input.name, organisation: input.organisation, added_by: user.id })
      .onConflict((oc) => oc.columns(['project_id', 'email']).doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!row) return { ok: false, field: 'email', message: 'Cette personne est déjà référente de ce projet.' }
    await audit(trx, { actorId: user.id, action: 'mentoring.referent-added', subjectType: 'mentoring_project', subjectId: projectId, data: { email } })
    await queueEmail(
      { db: trx, jobs: services.jobs },
      email,
      mentoringReferentEmail({
        projectTitle: projectTitle(project.answers as Answers),
        cohortName: project.name,
        link: `${services.appUrl}/accompagnement/projets/${projectId}`,
      }),
      { idempotencyKey: `mentoring-referent:${projectId}:${email}` },
    )
    return { ok: true, id: row.id }
  })
}

/**
 * Removes a ministry referent from a project. Access is read from `mentoring_referents` on every
 * request, so the person loses the project at once.
 */
export async function removeReferent(db: Db, user: SessionUser, projectId: string, input: { referentId: string }): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('mentoring_referents')
      .where('id', '=', input.referentId)
      .where('project_id', '=', projectId)
      .returning(['id', 'email', 'name', 'organisation'])
      .executeTakeFirst()
    if (!removed) return { ok: false, field: 'referentId', message: 'Cette personne n’est plus référente de ce projet.' }
    await audit(trx, {
      actorId: user.id,
      action: 'mentoring.referent-removed',
      subjectType: 'mentoring_project',
      subjectId: projectId,
      data: { referentId: removed.id, email: removed.email, name: removed.name, organisation: removed.organisation },
    })
    return { ok: true, id: removed.id }
  })
}

export interface CohortRow {
  id: string
  title: string
  structure: string
  mentorId: string | null
  mentorName: string | null
  health: Health
  lastCheckIn: string | null
  openNeeds: number
  overdueActions: number
  alerts: string[]
  nextCommittee: string | null
}

const HEALTH_ORDER: Record<Health, number> = { stuck: 0, at_risk: 1, on_track: 2 }

/** Every project of a cohort on one line, filtered and sorted (a cohort has a few dozen projects at most). */
export async function cohortOverview(
  db: Db,
  cohortId: string,
  today: string,
  filters: { health?: Health | undefined; mentorId?: string | undefined; alertsOnly?: boolean; sort?: CohortSort },
): Promise<CohortRow[]> {
  const projects = await db
    .selectFrom('mentoring_projects as p')
    .innerJoin('applications as a', 'a.id', 'p.application_id')
    .leftJoin('users as m', 'm.id', 'p.mentor_id')
    .select(['p.id', 'p.health', 'p.mentor_id', 'a.answers', 'm.display_name as mentorName', 'm.email as mentorEmail'])
    .where('p.cohort_id', '=', cohortId)
    .execute()
  const ids = projects.map((p) => p.id)
  if (!ids.length) return []
  const [checkIns, needs, actions, alerts, committees] = await Promise.all([
    db.selectFrom('mentoring_check_ins').select(['project_id', sql<string>`max(held_on)::text`.as('last')]).where('project_id', 'in', ids).groupBy('project_id').execute(),
    db.selectFrom('mentoring_needs').select(['project_id', 'status']).where('project_id', 'in', ids).execute(),
    db.selectFrom('mentoring_actions').select(['project_id', 'status', 'due_on']).where('project_id', 'in', ids).execute(),
    db.selectFrom('mentoring_alerts').select(['project_id', 'message']).where('project_id', 'in', ids).where('resolved_at', 'is', null).orderBy('created_at').execute(),
    db
      .selectFrom('mentoring_committee_items as i')
      .innerJoin('mentoring_committees as c', 'c.id', 'i.committee_id')
      .select(['i.project_id', sql<string>`min(c.held_on)::text`.as('next')])
      .where('i.project_id', 'in', ids)
      .where('c.held_on', '>=', today)
      .groupBy('i.project_id')
      .execute(),
  ])
  let rows: CohortRow[] = projects.map((p) => {
    const answers = p.answers as Answers
    return {
      id: p.id,
      title: projectTitle(answers),
      structure: String(answers.structure?.name ?? ''),
      mentorId: p.mentor_id,
      mentorName: p.mentorName ?? p.mentorEmail ?? null,
      health: p.health,
      lastCheckIn: checkIns.find((c) => c.project_id === p.id)?.last ?? null,
      openNeeds: needs.filter((n) => n.project_id === p.id && isOpenNeed(n.status)).length,
      overdueActions: actions.filter((a) => a.project_id === p.id && isOverdue(a, today)).length,
      alerts: alerts.filter((a) => a.project_id === p.id).map((a) => a.message),
      nextCommittee: committees.find((c) => c.project_id === p.id)?.next ?? null,
    }
  })
  if (filters.health) rows = rows.filter((row) => row.health === filters.health)
  if (filters.mentorId) rows = rows.filter((row) => (filters.mentorId === 'aucun' ? row.mentorId === null : row.mentorId === filters.mentorId))
  if (filters.alertsOnly) rows = rows.filter((row) => row.alerts.length > 0)
  const byTitle = (a: CohortRow, b: CohortRow) => a.title.localeCompare(b.title, 'fr')
  const sorts: Record<CohortSort, (a: CohortRow, b: CohortRow) => number> = {
    titre: byTitle,
    sante: (a, b) => HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] || byTitle(a, b),
    // Oldest check-in first: those are the projects to call.
    'dernier-point': (a, b) => (a.lastCheckIn ?? '').localeCompare(b.lastCheckIn ?? '') || byTitle(a, b),
    retards: (a, b) => b.overdueActions - a.overdueActions || byTitle(a, b),
  }
  return rows.sort(sorts[filters.sort ?? 'titre'])
}

// Who may see a mentored project, and as what. A person with no link to the project (another
// cohort's mentor, another leader) gets null: the routes answer 404, never a hint it exists.
import type { AppLoadContext } from '@remix-run/node'
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { notFound, requireAnyRole, requireUser } from '#app/auth/authorize.server.ts'
import { hasRole, type SessionUser } from '#app/auth/roles.ts'
import { UuidSchema } from '#app/utils/validation.ts'

export type ProjectRole = 'team' | 'mentor' | 'leader' | 'referent'

export interface ProjectPermissions {
  role: ProjectRole
  /** Diagnosis, needs, actions, check-ins, introductions, indicator values. */
  editRecord: boolean
  /** The mentor's private notes on check-ins. */
  seePrivateNotes: boolean
  /** Adding their own view to a check-in. */
  addLeaderView: boolean
  /** Marking the leader's own actions done. */
  updateLeaderActions: boolean
  /** Adding a referent (sends them the link). */
  manageReferents: boolean
  /** Removing a referent: they lose access at once. */
  removeReferents: boolean
  editReport: boolean
  validateReport: boolean
  editPublicText: boolean
}

export function permissionsFor(role: ProjectRole): ProjectPermissions {
  const staff = role === 'team' || role === 'mentor'
  return {
    role,
    editRecord: staff,
    seePrivateNotes: staff,
    addLeaderView: role === 'leader',
    updateLeaderActions: staff || role === 'leader',
    manageReferents: role === 'team',
    removeReferents: staff,
    editReport: staff || role === 'leader',
    validateReport: role === 'team',
    editPublicText: role === 'leader',
  }
}

export function canSeeCohort(user: SessionUser | null, cohortId: string): boolean {
  return hasRole(user, 'programme_team') || hasRole(user, 'mentor', cohortId)
}

/** The project's cohort and the person's role on it, or null (→ 404). */
export async function projectRoleFor(db: Db, user: SessionUser, projectId: string): Promise<{ cohortId: string; role: ProjectRole } | null> {
  if (!UuidSchema.safeParse(projectId).success) return null
  const project = await db.selectFrom('mentoring_projects').select(['id', 'cohort_id', 'application_id']).where('id', '=', projectId).executeTakeFirst()
  if (!project) return null
  if (hasRole(user, 'programme_team')) return { cohortId: project.cohort_id, role: 'team' }
  if (hasRole(user, 'mentor', project.cohort_id)) return { cohortId: project.cohort_id, role: 'mentor' }
  const member = await db
    .selectFrom('application_members')
    .select('user_id')
    .where('application_id', '=', project.application_id)
    .where('user_id', '=', user.id)
    .where('removed_at', 'is', null)
    .executeTakeFirst()
  if (member) return { cohortId: project.cohort_id, role: 'leader' }
  const referent = await db
    .selectFrom('mentoring_referents')
    .select('id')
    .where('project_id', '=', project.id)
    .where(sql`lower(email)`, '=', user.email.toLowerCase())
    .executeTakeFirst()
  if (referent) return { cohortId: project.cohort_id, role: 'referent' }
  return null
}

/** Projects a person follows as leader or referent (their entry point to the follow-up pages). */
export async function projectsFollowedBy(db: Db, user: SessionUser) {
  return db
    .selectFrom('mentoring_projects as p')
    .innerJoin('applications as a', 'a.id', 'p.application_id')
    .innerJoin('mentoring_cohorts as c', 'c.id', 'p.cohort_id')
    .select(['p.id', 'a.answers', 'c.name as cohortName', 'p.health'])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('application_members as m')
            .select('m.user_id')
            .whereRef('m.application_id', '=', 'a.id')
            .where('m.user_id', '=', user.id)
            .where('m.removed_at', 'is', null),
        ),
        eb.exists(
          eb
            .selectFrom('mentoring_referents as r')
            .select('r.id')
            .whereRef('r.project_id', '=', 'p.id')
            .where(sql`lower(r.email)`, '=', user.email.toLowerCase()),
        ),
      ]),
    )
    .orderBy('c.starts_on', 'desc')
    .execute()
}

/** The mentoring project of an application, if it entered a cohort (the leader's link to it). */
export async function mentoringProjectOf(db: Db, applicationId: string) {
  return db.selectFrom('mentoring_projects').select('id').where('application_id', '=', applicationId).executeTakeFirst()
}

/** The signed-in person and what they may do on this project; anyone unrelated gets a 404. */
export async function requireProject(context: AppLoadContext, request: Request, projectId: string) {
  const user = requireUser(context, request)
  const found = await projectRoleFor(context.db, user, projectId)
  if (!found) throw notFound()
  return { user, cohortId: found.cohortId, can: permissionsFor(found.role) }
}

/** The team or a mentor of this cohort (a mentor of another cohort gets a 404). */
export function requireCohortStaff(context: AppLoadContext, request: Request, cohortId: string): SessionUser {
  const user = requireAnyRole(context, request, ['programme_team', 'mentor'])
  if (!canSeeCohort(user, cohortId)) throw notFound()
  return user
}

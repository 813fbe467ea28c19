// Who may see and manage which services. A service team member holds `service_team` on an
// organisation (every service of it, and may create services there) or on one service.
// Anything outside a person's scope answers 404, as if it did not exist.
import type { AppLoadContext } from '@remix-run/node'
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { notFound, requireRole } from '#app/auth/authorize.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { isUuid } from '#app/utils/uuid.ts'

export interface FeedbackScope {
  /** A global grant: every organisation. */
  all: boolean
  organisationIds: string[]
  serviceIds: string[]
}

export function feedbackScope(user: SessionUser): FeedbackScope {
  const grants = user.roles.filter((grant) => grant.role === 'service_team')
  return {
    all: grants.some((grant) => grant.scopeType === 'global'),
    organisationIds: grants.filter((grant) => grant.scopeType === 'organisation').map((grant) => grant.scopeId),
    serviceIds: grants.filter((grant) => grant.scopeType === 'service').map((grant) => grant.scopeId),
  }
}


export interface AccessibleService {
  id: string
  name: string
  description: string | null
  procedure_url: string | null
  organisation_id: string
  organisation_name: string
  /** True when the person holds the role on the whole organisation. */
  organisationWide: boolean
}

/** The service if the person may manage it (not archived), otherwise null. */
export async function findAccessibleService(db: Db, user: SessionUser, serviceId: string): Promise<AccessibleService | null> {
  if (!isUuid(serviceId)) return null
  const scope = feedbackScope(user)
  const row = await db
    .selectFrom('feedback_services as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['s.id', 's.name', 's.description', 's.procedure_url', 's.organisation_id', 'o.name as organisation_name'])
    .where('s.id', '=', serviceId)
    .where('s.archived_at', 'is', null)
    .executeTakeFirst()
  if (!row) return null
  const organisationWide = scope.all || scope.organisationIds.includes(row.organisation_id)
  if (!organisationWide && !scope.serviceIds.includes(row.id)) return null
  return { ...row, organisationWide }
}

// A service page runs two loaders (the service layout and the page) on one request context: on a
// GET, they share one lookup. Not on a POST: the action may change the service before loaders run.
const lookupsByRequest = new WeakMap<AppLoadContext, Map<string, Promise<AccessibleService | null>>>()

function lookupService(context: AppLoadContext, request: Request, user: SessionUser, serviceId: string) {
  if (request.method !== 'GET') return findAccessibleService(context.db, user, serviceId)
  let lookups = lookupsByRequest.get(context)
  if (!lookups) lookupsByRequest.set(context, (lookups = new Map()))
  let lookup = lookups.get(serviceId)
  if (!lookup) lookups.set(serviceId, (lookup = findAccessibleService(context.db, user, serviceId)))
  return lookup
}

/** Loader/action guard: the signed-in service team member and the service, or 404. */
export async function requireService(context: AppLoadContext, request: Request, serviceId: string | undefined) {
  const user = requireRole(context, request, 'service_team')
  const service = serviceId ? await lookupService(context, request, user, serviceId) : null
  if (!service) throw notFound('Ce service n’existe pas ou vous n’en faites pas partie.')
  return { user, service }
}

/** Organisations on which the person holds the role as a whole (may see all, create services). */
export async function manageableOrganisations(db: Db, user: SessionUser): Promise<Array<{ id: string; name: string }>> {
  const scope = feedbackScope(user)
  const organisationIds = scope.organisationIds.filter(isUuid)
  if (!scope.all && organisationIds.length === 0) return []
  let query = db.selectFrom('organisations').select(['id', 'name']).orderBy('name')
  if (!scope.all) query = query.where('id', 'in', organisationIds)
  return query.execute()
}

export async function requireOrganisation(context: AppLoadContext, request: Request, organisationId: string | undefined) {
  const user = requireRole(context, request, 'service_team')
  const organisations = await manageableOrganisations(context.db, user)
  const organisation = organisations.find((candidate) => candidate.id === organisationId)
  if (!organisation) throw notFound('Cette organisation n’existe pas ou vous n’en faites pas partie.')
  return { user, organisation }
}

export interface ServiceListItem {
  id: string
  name: string
  organisation_id: string
  organisation_name: string
  reviews: number
  sat_points: number
}

/** Every service the person may open, with its review count over the last 12 months (from rollups). */
export async function listAccessibleServices(db: Db, user: SessionUser, since: string): Promise<ServiceListItem[]> {
  const scope = feedbackScope(user)
  const organisationIds = scope.organisationIds.filter(isUuid)
  const serviceIds = scope.serviceIds.filter(isUuid)
  if (!scope.all && organisationIds.length === 0 && serviceIds.length === 0) return []
  let query = db
    .selectFrom('feedback_services as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select([
      's.id',
      's.name',
      's.organisation_id',
      'o.name as organisation_name',
      sql<number>`coalesce((SELECT sum(m.reviews) FROM feedback_stats_service_monthly m WHERE m.organisation_id = s.organisation_id AND m.service_id = s.id AND m.month >= ${since}::date), 0)
        + coalesce((SELECT sum(d.reviews) FROM feedback_stat_deltas d WHERE d.organisation_id = s.organisation_id AND d.service_id = s.id AND d.day >= ${since}::date), 0)`.as('reviews'),
      sql<number>`coalesce((SELECT sum(m.sat_points) FROM feedback_stats_service_monthly m WHERE m.organisation_id = s.organisation_id AND m.service_id = s.id AND m.month >= ${since}::date), 0)
        + coalesce((SELECT sum(d.sat_points) FROM feedback_stat_deltas d WHERE d.organisation_id = s.organisation_id AND d.service_id = s.id AND d.day >= ${since}::date), 0)`.as('sat_points'),
    ])
    .where('s.archived_at', 'is', null)
    .orderBy('o.name')
    .orderBy('s.name')
  if (!scope.all) {
    query = query.where((eb) =>
      eb.or([
        ...(organisationIds.length ? [eb('s.organisation_id', 'in', organisationIds)] : []),
        ...(serviceIds.length ? [eb('s.id', 'in', serviceIds)] : []),
      ]),
    )
  }
  return query.execute()
}

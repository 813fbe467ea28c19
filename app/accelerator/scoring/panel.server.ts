// Juries of a call (issue 5): who sits on which jury, the citizen charter, availability, and the
// conflicts of interest. A person belongs to a call's administration jury through the role
// `admin_reviewer` on that call, to its citizen panel through `citizen_panelist` on that call
// (granted by an invitation, app/auth/invitations.server.ts). The table scoring_jury_members only
// keeps what is personal to the scoring: charter accepted, unavailability.
import type { Db } from '#db/client.ts'
import type { ConflictKind, ScoringJury } from '#db/schema/scoring.ts'
import type { CallState } from '#db/schema/accelerator.ts'
import { hasRole, type SessionUser } from '#app/auth/roles.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { objectionsOpen } from '../calls/call-states.ts'
import { isUuid } from '#app/utils/uuid.ts'
import { detectionState } from './conflict-detection.server.ts'
import { blockedPairs } from './conflict-detection.ts'

export { CONFLICT_KINDS, CONFLICT_KIND_LABELS, CONFLICT_STATUS_LABELS } from './labels.ts'

/** Which jury of this call a person sits on (administration first), or null. */
export function juryOf(user: SessionUser | null, callId: string): ScoringJury | null {
  if (!user || !isUuid(callId)) return null
  if (user.roles.some((g) => g.role === 'admin_reviewer' && g.scopeType === 'call' && g.scopeId === callId)) return 'administration'
  if (user.roles.some((g) => g.role === 'citizen_panelist' && g.scopeType === 'call' && g.scopeId === callId)) return 'citizen'
  return null
}

export function isProgrammeTeam(user: SessionUser | null): boolean {
  return hasRole(user, 'programme_team')
}

export interface JuryMember {
  userId: string
  name: string
  email: string
  jury: ScoringJury
  charterAcceptedAt: Date | null
  unavailable: boolean
}

/** Every member of both juries of a call, administration first, then by name. */
export async function listJuryMembers(db: Db, callId: string): Promise<JuryMember[]> {
  const rows = await db
    .selectFrom('role_assignments as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('scoring_jury_members as m', (join) => join.onRef('m.user_id', '=', 'r.user_id').on('m.call_id', '=', callId))
    .select(['r.user_id', 'r.role', 'u.display_name', 'u.email', 'm.charter_accepted_at', 'm.unavailable'])
    .where('r.scope_type', '=', 'call')
    .where('r.scope_id', '=', callId)
    .where('r.role', 'in', ['admin_reviewer', 'citizen_panelist'])
    .where('u.deleted_at', 'is', null)
    .execute()
  const byUser = new Map<string, JuryMember>()
  for (const row of rows) {
    const jury: ScoringJury = row.role === 'admin_reviewer' ? 'administration' : 'citizen'
    const existing = byUser.get(row.user_id)
    if (existing && existing.jury === 'administration') continue
    byUser.set(row.user_id, {
      userId: row.user_id,
      name: row.display_name ?? row.email,
      email: row.email,
      jury,
      charterAcceptedAt: row.charter_accepted_at,
      unavailable: row.unavailable ?? false,
    })
  }
  return [...byUser.values()].sort((a, b) => (a.jury === b.jury ? a.name.localeCompare(b.name, 'fr') : a.jury === 'administration' ? -1 : 1))
}

/** Citizens must accept the charter before they see any application; administration reviewers need not. */
export async function needsCharter(db: Db, user: SessionUser, callId: string): Promise<boolean> {
  if (juryOf(user, callId) !== 'citizen') return false
  const row = await db
    .selectFrom('scoring_jury_members')
    .select('charter_accepted_at')
    .where('call_id', '=', callId)
    .where('user_id', '=', user.id)
    .executeTakeFirst()
  return !row?.charter_accepted_at
}

/** Idempotent: a second acceptance keeps the first date. */
export async function acceptCharter(db: Db, user: SessionUser, callId: string): Promise<void> {
  const jury = juryOf(user, callId)
  if (!jury) return
  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('scoring_jury_members')
      .select('charter_accepted_at')
      .where('call_id', '=', callId)
      .where('user_id', '=', user.id)
      .forUpdate()
      .executeTakeFirst()
    if (existing?.charter_accepted_at) return
    const at = now()
    await trx
      .insertInto('scoring_jury_members')
      .values({ call_id: callId, user_id: user.id, jury, charter_accepted_at: at })
      .onConflict((oc) => oc.columns(['call_id', 'user_id']).doUpdateSet({ charter_accepted_at: at }))
      .execute()
    await audit(trx, { actorId: user.id, action: 'scoring.charter_accepted', subjectType: 'call', subjectId: callId, data: { jury } })
  })
}

/** The team sets the date by which reviews are due. Audited. */
export async function setReviewDeadline(db: Db, actor: SessionUser, callId: string, deadline: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('calls').set({ review_deadline: deadline, updated_at: now() }).where('id', '=', callId).execute()
    await audit(trx, { actorId: actor.id, action: 'scoring.deadline_set', subjectType: 'call', subjectId: callId, data: { deadline: deadline.toISOString() } })
  })
}

/** The team marks a member (un)available: an unavailable member gets no new assignment. */
export async function setAvailability(db: Db, actor: SessionUser, callId: string, userId: string, unavailable: boolean): Promise<boolean> {
  const member = (await listJuryMembers(db, callId)).find((m) => m.userId === userId)
  if (!member) return false
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('scoring_jury_members')
      .values({ call_id: callId, user_id: userId, jury: member.jury, unavailable })
      .onConflict((oc) => oc.columns(['call_id', 'user_id']).doUpdateSet({ unavailable }))
      .execute()
    await audit(trx, { actorId: actor.id, action: 'scoring.availability_changed', subjectType: 'call', subjectId: callId, data: { userId, unavailable } })
  })
  return true
}

/**
 * A reviewer declares a conflict on an application of the call. It takes effect at once (never
 * assigned, cannot open it) until the team dismisses it. A second declaration updates the text.
 */
export async function declareConflict(db: Db, user: SessionUser, callId: string, applicationId: string, input: { kind: ConflictKind; details: string }) {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('scoring_conflicts')
      .values({ call_id: callId, application_id: applicationId, user_id: user.id, kind: input.kind, details: input.details, source: 'reviewer', status: 'declared' })
      .onConflict((oc) =>
        oc.columns(['application_id', 'user_id']).doUpdateSet({ kind: input.kind, details: input.details, status: 'declared', decided_by: null, decided_at: null }),
      )
      .returning('id')
      .executeTakeFirstOrThrow()
    // An automatic assignment is withdrawn at once; a draft review is kept for the record but never counts.
    await trx.deleteFrom('scoring_assignments').where('application_id', '=', applicationId).where('user_id', '=', user.id).execute()
    await audit(trx, {
      actorId: user.id,
      action: 'scoring.conflict_declared',
      subjectType: 'application',
      subjectId: applicationId,
      data: { conflictId: row.id, kind: input.kind },
    })
  })
}

export async function listConflicts(db: Db, callId: string) {
  return db
    .selectFrom('scoring_conflicts as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .innerJoin('applications as a', 'a.id', 'c.application_id')
    .select(['c.id', 'c.application_id', 'c.user_id', 'c.kind', 'c.details', 'c.source', 'c.status', 'c.created_at', 'u.display_name', 'u.email', 'a.reference', 'a.answers'])
    .where('c.call_id', '=', callId)
    .orderBy('c.created_at', 'desc')
    .execute()
}

/** Declared conflicts still in force: declared by the reviewer (not dismissed) or upheld by the team. */
export async function declaredConflicts(db: Db, callId: string, userId?: string): Promise<Array<{ applicationId: string; reviewerId: string }>> {
  let query = db.selectFrom('scoring_conflicts').select(['application_id', 'user_id', 'source', 'status']).where('call_id', '=', callId).where('status', '!=', 'dismissed')
  if (userId) query = query.where('user_id', '=', userId)
  const rows = await query.execute()
  return rows.filter((r) => r.source === 'reviewer' || r.status === 'upheld').map((r) => ({ applicationId: r.application_id, reviewerId: r.user_id }))
}

/**
 * Pairs that must never meet: declared conflicts still in force, plus the detected ones
 * (decision 099) with a reason the team has not dismissed.
 */
export async function activeConflicts(db: Db, callId: string): Promise<Array<{ applicationId: string; reviewerId: string }>> {
  const [declared, { detected, dismissals }] = await Promise.all([declaredConflicts(db, callId), detectionState(db, callId)])
  return blockedPairs(declared, detected, dismissals)
}

/** The applications of the call this reviewer must never see: declared or detected (not dismissed) conflicts. */
export async function conflictedApplicationsOf(db: Db, callId: string, userId: string): Promise<Set<string>> {
  if (!isUuid(callId) || !isUuid(userId)) return new Set()
  const [declared, { detected, dismissals }] = await Promise.all([declaredConflicts(db, callId, userId), detectionState(db, callId, { reviewerIds: [userId] })])
  return new Set(blockedPairs(declared, detected, dismissals).filter((pair) => pair.reviewerId === userId).map((pair) => pair.applicationId))
}

export async function hasActiveConflict(db: Db, userId: string, applicationId: string): Promise<boolean> {
  if (!isUuid(userId) || !isUuid(applicationId)) return false
  const application = await db.selectFrom('applications').select('call_id').where('id', '=', applicationId).executeTakeFirst()
  if (!application) return false
  return (await conflictedApplicationsOf(db, application.call_id, userId)).has(applicationId)
}

/** The team decides on a declaration: upheld (kept apart) or dismissed (may be assigned again). */
export async function decideConflict(db: Db, actor: SessionUser, callId: string, conflictId: string, decision: 'upheld' | 'dismissed'): Promise<boolean> {
  if (!isUuid(conflictId)) return false
  return db.transaction().execute(async (trx) => {
    const conflict = await trx.selectFrom('scoring_conflicts').selectAll().where('id', '=', conflictId).where('call_id', '=', callId).forUpdate().executeTakeFirst()
    if (!conflict) return false
    if (conflict.status === decision) return true
    await trx.updateTable('scoring_conflicts').set({ status: decision, decided_by: actor.id, decided_at: now() }).where('id', '=', conflictId).execute()
    if (decision === 'upheld') {
      await trx.deleteFrom('scoring_assignments').where('application_id', '=', conflict.application_id).where('user_id', '=', conflict.user_id).execute()
    }
    await audit(trx, {
      actorId: actor.id,
      action: decision === 'upheld' ? 'scoring.conflict_upheld' : 'scoring.conflict_dismissed',
      subjectType: 'application',
      subjectId: conflict.application_id,
      data: { conflictId, reviewerId: conflict.user_id },
    })
    return true
  })
}

/** A leader names people or organisations in conflict with their project. */
export async function addLeaderObjection(
  db: Db,
  user: SessionUser,
  application: { id: string; call_id: string; state: string },
  call: { state: CallState },
  input: { names: string; reason: string },
): Promise<{ ok: true } | { ok: false; message: string }> {
  if (application.state === 'brouillon') return { ok: false, message: 'Déposez d’abord votre candidature.' }
  if (!objectionsOpen(call.state)) return { ok: false, message: 'La sélection est terminée : il n’est plus possible de signaler un conflit.' }
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('scoring_leader_objections')
      .values({ call_id: application.call_id, application_id: application.id, names: input.names, reason: input.reason, created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, { actorId: user.id, action: 'scoring.leader_objection', subjectType: 'application', subjectId: application.id, data: { objectionId: row.id } })
  })
  return { ok: true }
}

export async function listLeaderObjections(db: Db, filter: { callId?: string; applicationId?: string }) {
  let query = db
    .selectFrom('scoring_leader_objections as o')
    .innerJoin('applications as a', 'a.id', 'o.application_id')
    .select(['o.id', 'o.application_id', 'o.names', 'o.reason', 'o.handled_at', 'o.created_at', 'a.reference', 'a.answers'])
  if (filter.callId) query = query.where('o.call_id', '=', filter.callId)
  if (filter.applicationId) query = query.where('o.application_id', '=', filter.applicationId)
  return query.orderBy('o.created_at', 'desc').execute()
}

/**
 * The team handles a leader's objection: with a member, it records an upheld conflict for that
 * member (assignment withdrawn); without, it is only marked as read. Idempotent.
 */
export async function handleLeaderObjection(db: Db, actor: SessionUser, callId: string, objectionId: string, memberId: string | null): Promise<boolean> {
  if (!isUuid(objectionId) || (memberId !== null && !isUuid(memberId))) return false
  if (memberId && !(await listJuryMembers(db, callId)).some((m) => m.userId === memberId)) return false
  return db.transaction().execute(async (trx) => {
    const objection = await trx.selectFrom('scoring_leader_objections').selectAll().where('id', '=', objectionId).where('call_id', '=', callId).forUpdate().executeTakeFirst()
    if (!objection) return false
    const at = now()
    if (memberId) {
      await trx
        .insertInto('scoring_conflicts')
        .values({
          call_id: callId,
          application_id: objection.application_id,
          user_id: memberId,
          kind: 'other',
          details: `Signalé par le porteur : ${objection.reason}`,
          source: 'leader',
          status: 'upheld',
          decided_by: actor.id,
          decided_at: at,
        })
        .onConflict((oc) => oc.columns(['application_id', 'user_id']).doUpdateSet({ status: 'upheld', decided_by: actor.id, decided_at: at }))
        .execute()
      await trx.deleteFrom('scoring_assignments').where('application_id', '=', objection.application_id).where('user_id', '=', memberId).execute()
    }
    await trx.updateTable('scoring_leader_objections').set({ handled_at: at, handled_by: actor.id }).where('id', '=', objectionId).execute()
    await audit(trx, {
      actorId: actor.id,
      action: memberId ? 'scoring.conflict_upheld' : 'scoring.leader_objection_read',
      subjectType: 'application',
      subjectId: objection.application_id,
      data: { objectionId, reviewerId: memberId },
    })
    return true
  })
}

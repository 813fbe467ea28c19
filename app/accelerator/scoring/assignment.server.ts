// Assignment of reviewers to applications (issue 5, decision 046 for the maths, 051 for the
// wiring): the pure `assignReviewers` is fed with the call's scorable applications, both juries'
// members with their availability, the active conflicts, the team's overrides and the cells whose
// review is already started (forced, so a new run never moves them).
import type { Db } from '#db/client.ts'
import type { ScoringJury } from '#db/schema/scoring.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { audit } from '#app/utils/audit.server.ts'
import { isUuid } from '#app/utils/uuid.ts'
import { projectTitle, type Answers } from '../applications/application-form.ts'
import { assignReviewers, type AssignmentResult, type Override } from './assignment.ts'
import { activeConflicts, listJuryMembers, type JuryMember } from './panel.server.ts'

/**
 * Applications that passed instruction and may be scored: « recevable » (decision 086), and still
 * « en instruction » (calls instructed before that step existed, or not declared yet at the close).
 */
export const SCORABLE_STATES = ['en_instruction', 'recevable', 'preselectionnee'] as const

export async function listScorableApplications(db: Db, callId: string) {
  return db
    .selectFrom('applications')
    .leftJoin('scoring_decisions as d', 'd.application_id', 'applications.id')
    .select(['applications.id', 'applications.reference', 'applications.answers', 'applications.state', 'd.decision'])
    .where('applications.call_id', '=', callId)
    .where('applications.state', 'in', [...SCORABLE_STATES, 'retenue', 'non_retenue'])
    .orderBy('applications.reference')
    .execute()
}

/**
 * The applications of the scoring: those that passed instruction, plus (for results) those already
 * moved to « retenue » or « non retenue » by a scoring decision — never one rejected at instruction.
 */
export async function scorableApplications(db: Db, callId: string, includeDecided = false) {
  const rows = await listScorableApplications(db, callId)
  return rows
    .filter((row) => (SCORABLE_STATES as readonly string[]).includes(row.state) || (includeDecided && row.decision !== null))
    .map((row) => ({ id: row.id, reference: row.reference ?? '', title: projectTitle(row.answers as Answers), state: row.state, answers: row.answers as Answers }))
}

export interface AssignmentPlan {
  result: AssignmentResult
  members: JuryMember[]
  applications: Array<{ id: string; reference: string; title: string }>
  current: Array<{ applicationId: string; reviewerId: string; jury: ScoringJury; source: 'automatic' | 'forced' }>
  overrides: Override[]
  started: Set<string>
  /** Pairs kept apart: declared conflicts and detected ones not dismissed. */
  conflicts: Array<{ applicationId: string; reviewerId: string }>
}

const cellKey = (applicationId: string, reviewerId: string) => `${applicationId}:${reviewerId}`

/**
 * Computes (without saving) the assignment the algorithm proposes now. `citizenPool`: for a call
 * whose rule is « en deux temps », the applications the administration pre-selected — the citizen
 * panel is assigned only those (decision 052).
 */
export async function planAssignment(
  db: Db,
  call: { id: string; admin_reviews_per_application: number; citizen_reviews_per_application: number },
  citizenPool?: readonly string[],
): Promise<AssignmentPlan> {
  const [applications, members, conflicts, overrideRows, current, reviews] = await Promise.all([
    scorableApplications(db, call.id),
    listJuryMembers(db, call.id),
    activeConflicts(db, call.id),
    db.selectFrom('scoring_overrides').select(['application_id', 'user_id', 'kind']).where('call_id', '=', call.id).execute(),
    db.selectFrom('scoring_assignments').select(['application_id', 'user_id', 'jury', 'source']).where('call_id', '=', call.id).execute(),
    db.selectFrom('scoring_reviews').select(['application_id', 'user_id']).where('call_id', '=', call.id).execute(),
  ])
  const started = new Set(reviews.map((r) => cellKey(r.application_id, r.user_id)))
  const conflictSet = new Set(conflicts.map((c) => cellKey(c.applicationId, c.reviewerId)))
  const overrides: Override[] = overrideRows.map((o) => ({ applicationId: o.application_id, reviewerId: o.user_id, kind: o.kind }))
  const overridden = new Set(overrides.map((o) => cellKey(o.applicationId, o.reviewerId)))
  const memberIds = new Set(members.map((m) => m.userId))
  const applicationIds = new Set(applications.map((a) => a.id))
  // A started review keeps its reviewer (unless a conflict was declared since), even one who
  // became unavailable.
  for (const cell of current) {
    const key = cellKey(cell.application_id, cell.user_id)
    if (started.has(key) && !overridden.has(key) && !conflictSet.has(key) && memberIds.has(cell.user_id) && applicationIds.has(cell.application_id)) {
      overrides.push({ applicationId: cell.application_id, reviewerId: cell.user_id, kind: 'forced', started: true })
    }
  }
  const reviewers = members.map((m) => ({ id: m.userId, jury: m.jury, available: !m.unavailable }))
  const k = call.admin_reviews_per_application
  const m = call.citizen_reviews_per_application
  let result: AssignmentResult
  if (!citizenPool) {
    result = assignReviewers({ applications: applications.map((a) => ({ id: a.id })), reviewers, reviewsPerApplication: { administration: k, citizen: m }, conflicts, overrides, seed: call.id })
  } else {
    // Two stages: the administration on every application, the panel on the pre-selected ones only.
    const juryOfMember = new Map(members.map((member) => [member.userId, member.jury]))
    const pool = new Set(citizenPool)
    const first = assignReviewers({
      applications: applications.map((a) => ({ id: a.id })),
      reviewers: reviewers.filter((r) => r.jury === 'administration'),
      reviewsPerApplication: { administration: k, citizen: 0 },
      conflicts,
      overrides: overrides.filter((o) => juryOfMember.get(o.reviewerId) === 'administration'),
      seed: call.id,
    })
    const second = assignReviewers({
      applications: applications.filter((a) => pool.has(a.id)).map((a) => ({ id: a.id })),
      reviewers: reviewers.filter((r) => r.jury === 'citizen'),
      reviewsPerApplication: { administration: 0, citizen: m },
      conflicts,
      overrides: overrides.filter((o) => juryOfMember.get(o.reviewerId) === 'citizen' && pool.has(o.applicationId)),
      seed: call.id,
    })
    result = {
      status: first.status === 'complete' && second.status === 'complete' ? 'complete' : 'incomplete',
      assignments: [...first.assignments, ...second.assignments],
      shortfalls: [...first.shortfalls, ...second.shortfalls],
      overrideIssues: [...first.overrideIssues, ...second.overrideIssues],
      loads: [...first.loads.filter((l) => l.jury === 'administration'), ...second.loads.filter((l) => l.jury === 'citizen')],
      balance: { administration: first.balance.administration, citizen: second.balance.citizen },
      summary:
        `Sélection en deux temps : le panel citoyen évalue les ${pool.size} candidatures présélectionnées par l’administration` +
        `${pool.size === 0 ? ' (aucune pour le moment : la présélection se fait sur les évaluations de l’administration envoyées)' : ''}. ` +
        `${first.summary} ${second.summary}`,
    }
  }
  return {
    result,
    members,
    applications: applications.map((a) => ({ id: a.id, reference: a.reference, title: a.title })),
    current: current.map((c) => ({ applicationId: c.application_id, reviewerId: c.user_id, jury: c.jury, source: c.source })),
    overrides,
    started,
    conflicts,
  }
}

/** Replaces the saved assignment by the proposed one, in one transaction. */
export async function saveAssignment(
  db: Db,
  actor: SessionUser,
  call: { id: string; admin_reviews_per_application: number; citizen_reviews_per_application: number },
  citizenPool?: readonly string[],
) {
  const plan = await planAssignment(db, call, citizenPool)
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('scoring_assignments').where('call_id', '=', call.id).execute()
    if (plan.result.assignments.length) {
      await trx
        .insertInto('scoring_assignments')
        .values(plan.result.assignments.map((a) => ({ call_id: call.id, application_id: a.applicationId, user_id: a.reviewerId, jury: a.jury, source: a.source })))
        .execute()
    }
    await audit(trx, {
      actorId: actor.id,
      action: 'scoring.assignment_saved',
      subjectType: 'call',
      subjectId: call.id,
      data: { assignments: plan.result.assignments.length, status: plan.result.status, shortfalls: plan.result.shortfalls.length },
    })
  })
  return plan
}

/** The team forces, forbids or frees one cell. The saved assignment follows at once for that cell. */
export async function setOverride(
  db: Db,
  actor: SessionUser,
  callId: string,
  input: { applicationId: string; reviewerId: string; kind: 'forced' | 'forbidden' | 'none' },
): Promise<{ ok: true } | { ok: false; message: string }> {
  if (!isUuid(input.applicationId) || !isUuid(input.reviewerId)) return { ok: false, message: 'Cette case n’existe pas.' }
  const [members, applications, conflicts] = await Promise.all([listJuryMembers(db, callId), scorableApplications(db, callId), activeConflicts(db, callId)])
  const member = members.find((m) => m.userId === input.reviewerId)
  if (!member || !applications.some((a) => a.id === input.applicationId)) return { ok: false, message: 'Cette case n’existe pas.' }
  if (input.kind === 'forced' && conflicts.some((c) => c.applicationId === input.applicationId && c.reviewerId === input.reviewerId)) {
    return {
      ok: false,
      message:
        'Cette personne a un conflit d’intérêts avec cette candidature : elle ne peut pas l’évaluer. Un conflit détecté automatiquement peut être écarté, avec un motif, sur la page des jurys.',
    }
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('scoring_overrides').where('application_id', '=', input.applicationId).where('user_id', '=', input.reviewerId).execute()
    if (input.kind !== 'none') {
      await trx
        .insertInto('scoring_overrides')
        .values({ call_id: callId, application_id: input.applicationId, user_id: input.reviewerId, kind: input.kind, created_by: actor.id })
        .execute()
    }
    if (input.kind === 'forced') {
      await trx
        .insertInto('scoring_assignments')
        .values({ call_id: callId, application_id: input.applicationId, user_id: input.reviewerId, jury: member.jury, source: 'forced' })
        .onConflict((oc) => oc.columns(['application_id', 'user_id']).doUpdateSet({ source: 'forced' }))
        .execute()
    } else if (input.kind === 'forbidden') {
      await trx.deleteFrom('scoring_assignments').where('application_id', '=', input.applicationId).where('user_id', '=', input.reviewerId).execute()
    }
    await audit(trx, {
      actorId: actor.id,
      action: 'scoring.assignment_overridden',
      subjectType: 'application',
      subjectId: input.applicationId,
      data: { reviewerId: input.reviewerId, kind: input.kind },
    })
  })
  return { ok: true }
}

export async function isAssigned(db: Db, userId: string, applicationId: string): Promise<boolean> {
  const row = await db.selectFrom('scoring_assignments').select('user_id').where('application_id', '=', applicationId).where('user_id', '=', userId).executeTakeFirst()
  return Boolean(row)
}

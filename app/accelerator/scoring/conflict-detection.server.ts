// Detected conflicts of interest, wired to the database (decision 099). The pure rules are in
// scoring/conflict-detection.ts; this module loads what the product knows — the reviewers' SIRET
// (ProConnect's, or the one given on the profile) and e-mail, the applications' structure and leaders, the conflicts of earlier
// calls — and keeps the team's dismissals. Nothing detected is stored: a SIRET or a co-leader
// added later is taken into account at once.
import type { Db } from '#db/client.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { audit } from '#app/utils/audit.server.ts'
import { projectTitle, type Answers } from '../applications/application-form.ts'
import { isUuid } from '#app/utils/uuid.ts'
import {
  detectConflicts,
  detectPairReasons,
  undismissedReasons,
  type DetectedConflict,
  type DetectionApplication,
  type DetectionLeader,
  type DetectionReviewer,
  type Dismissal,
  type PreviousConflict,
} from './conflict-detection.ts'

const text = (value: unknown) => (typeof value === 'string' ? value : '')

/** The person's organisation: ProConnect's SIRET (vouched for by the federation) first, the one given on the profile otherwise. */
export const reviewerSiret = (user: { siret: string | null; profile_siret: string | null }) => user.siret ?? user.profile_siret

/** Every application of the call (drafts included: a reviewer is checked before the close), with its leaders. */
export async function detectionApplications(db: Db, callId: string): Promise<DetectionApplication[]> {
  const [rows, members] = await Promise.all([
    db.selectFrom('applications').select(['id', 'reference', 'answers']).where('call_id', '=', callId).orderBy('reference').orderBy('id').execute(),
    db
      .selectFrom('application_members as m')
      .innerJoin('applications as a', 'a.id', 'm.application_id')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.application_id', 'm.user_id', 'u.email', 'u.display_name'])
      .where('a.call_id', '=', callId)
      .where('m.removed_at', 'is', null)
      .execute(),
  ])
  const leadersOf = new Map<string, DetectionLeader[]>()
  for (const member of members) {
    const list = leadersOf.get(member.application_id) ?? []
    list.push({ userId: member.user_id, name: member.display_name ?? member.email, email: member.email })
    leadersOf.set(member.application_id, list)
  }
  return rows.map((row) => {
    const answers = (row.answers ?? {}) as Answers
    const structure = (answers.structure ?? {}) as Record<string, unknown>
    const contacts = (answers.contacts ?? {}) as Record<string, unknown>
    const leaders = [...(leadersOf.get(row.id) ?? [])]
    for (const n of [1, 2]) {
      const email = text(contacts[`contact${n}Email`]).trim()
      if (email && !leaders.some((leader) => leader.email.toLowerCase() === email.toLowerCase())) {
        leaders.push({ userId: null, name: text(contacts[`contact${n}Name`]) || email, email })
      }
    }
    return {
      id: row.id,
      reference: row.reference ?? '',
      title: projectTitle(answers),
      structureName: text(structure.name) || 'sans nom',
      siret: text(structure.siret),
      rna: text(structure.rna),
      leaders,
    }
  })
}

/** Members of both juries of the call, with what detection needs (e-mail, SIRET). */
async function detectionReviewers(db: Db, callId: string): Promise<DetectionReviewer[]> {
  const rows = await db
    .selectFrom('role_assignments as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.email', 'u.siret', 'u.profile_siret'])
    .distinct()
    .where('r.scope_type', '=', 'call')
    .where('r.scope_id', '=', callId)
    .where('r.role', 'in', ['admin_reviewer', 'citizen_panelist'])
    .where('u.deleted_at', 'is', null)
    .execute()
  return rows.map((row) => ({ id: row.id, email: row.email, siret: reviewerSiret(row) }))
}

/** Conflicts declared (by the reviewer, or upheld by the team) on earlier calls by these people, with that application's leaders. */
async function previousConflicts(db: Db, callId: string, reviewerIds: readonly string[]): Promise<PreviousConflict[]> {
  if (reviewerIds.length === 0) return []
  const rows = await db
    .selectFrom('scoring_conflicts as c')
    .innerJoin('calls', 'calls.id', 'c.call_id')
    .select(['c.id', 'c.user_id', 'c.application_id', 'c.source', 'c.status', 'calls.title'])
    .where('c.call_id', '!=', callId)
    .where('c.user_id', 'in', [...reviewerIds])
    .where('c.status', '!=', 'dismissed')
    .execute()
  const active = rows.filter((row) => row.source === 'reviewer' || row.status === 'upheld')
  if (active.length === 0) return []
  const leaders = await db
    .selectFrom('application_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.application_id', 'm.user_id', 'u.email'])
    .where('m.application_id', 'in', [...new Set(active.map((row) => row.application_id))])
    .execute()
  return active.map((row) => {
    const of = leaders.filter((leader) => leader.application_id === row.application_id)
    return { id: row.id, reviewerId: row.user_id, callTitle: row.title, leaderUserIds: of.map((l) => l.user_id), leaderEmails: of.map((l) => l.email) }
  })
}

export async function listDismissals(db: Db, callId: string) {
  return db
    .selectFrom('scoring_conflict_dismissals as d')
    .leftJoin('users as u', 'u.id', 'd.dismissed_by')
    .select(['d.application_id', 'd.user_id', 'd.reason_key', 'd.reason_message', 'd.motivation', 'd.dismissed_at', 'u.display_name', 'u.email'])
    .where('d.call_id', '=', callId)
    .orderBy('d.dismissed_at')
    .execute()
}

const toDismissals = (rows: Awaited<ReturnType<typeof listDismissals>>): Dismissal[] =>
  rows.map((row) => ({ applicationId: row.application_id, reviewerId: row.user_id, reasonKey: row.reason_key }))

/** Every detected conflict between the call's jury members (or only `reviewerIds`) and its applications. */
export async function detectCallConflicts(db: Db, callId: string, options: { reviewerIds?: readonly string[] } = {}): Promise<DetectedConflict[]> {
  if (!isUuid(callId)) return []
  const [applications, allReviewers] = await Promise.all([detectionApplications(db, callId), detectionReviewers(db, callId)])
  const reviewers = options.reviewerIds ? allReviewers.filter((r) => r.id !== null && options.reviewerIds!.includes(r.id)) : allReviewers
  const previous = await previousConflicts(db, callId, reviewers.map((r) => r.id!))
  return detectConflicts({ reviewers, applications, previousConflicts: previous })
}

/** The detected conflicts and the team's dismissals, as `blockedPairs` takes them. */
export async function detectionState(db: Db, callId: string, options: { reviewerIds?: readonly string[] } = {}) {
  const [detected, dismissals] = await Promise.all([detectCallConflicts(db, callId, options), listDismissals(db, callId)])
  return { detected, dismissals: toDismissals(dismissals) }
}

/** What the jury page shows: each detected pair, its reasons, which are dismissed and why. */
export async function detectedConflictsView(db: Db, callId: string) {
  const [detected, dismissals, applications, reviewers] = await Promise.all([
    detectCallConflicts(db, callId),
    listDismissals(db, callId),
    db.selectFrom('applications').select(['id', 'reference', 'answers']).where('call_id', '=', callId).execute(),
    db
      .selectFrom('role_assignments as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['u.id', 'u.display_name', 'u.email'])
      .where('r.scope_type', '=', 'call')
      .where('r.scope_id', '=', callId)
      .execute(),
  ])
  const applicationOf = new Map(applications.map((a) => [a.id, a]))
  const nameOf = new Map(reviewers.map((r) => [r.id, r.display_name ?? r.email]))
  const plain = toDismissals(dismissals)
  return detected.map((conflict) => {
    const application = applicationOf.get(conflict.applicationId)
    const open = new Set(undismissedReasons(conflict, plain).map((reason) => reason.key))
    const reasons = conflict.reasons.map((reason) => {
      const dismissal = open.has(reason.key)
        ? null
        : dismissals.find((d) => d.application_id === conflict.applicationId && d.user_id === conflict.reviewerId && d.reason_key === reason.key)
      return {
        key: reason.key,
        rule: reason.rule,
        message: reason.message,
        dismissible: reason.dismissible,
        dismissal: dismissal ? { motivation: dismissal.motivation, at: dismissal.dismissed_at, by: dismissal.display_name ?? dismissal.email ?? 'compte supprimé' } : null,
      }
    })
    return {
      applicationId: conflict.applicationId,
      reviewerId: conflict.reviewerId!,
      reviewer: nameOf.get(conflict.reviewerId!) ?? '',
      reference: application?.reference ?? '',
      title: projectTitle((application?.answers ?? {}) as Answers),
      blocked: open.size > 0,
      dismissible: reasons.some((reason) => reason.dismissible && reason.dismissal === null),
      reasons,
    }
  })
}

/**
 * Before an invitation: the applications of the call this e-mail address (and, when it already
 * has an account, its SIRET, its applications and its earlier conflicts) would be in conflict with.
 */
export async function conflictsOfInvitee(db: Db, callId: string, email: string) {
  const account = await db
    .selectFrom('users')
    .select(['id', 'email', 'siret', 'profile_siret'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  const reviewer: DetectionReviewer = account ? { id: account.id, email: account.email, siret: reviewerSiret(account) } : { id: null, email: email.trim(), siret: null }
  const applications = await detectionApplications(db, callId)
  const previous = account ? await previousConflicts(db, callId, [account.id]) : []
  return applications
    .map((application) => ({ application, reasons: detectPairReasons(reviewer, application, { applications, previousConflicts: previous }) }))
    .filter((found) => found.reasons.length > 0)
    .map(({ application, reasons }) => ({ reference: application.reference, title: application.title, reasons: reasons.map((reason) => reason.message) }))
}

export type DismissResult = { ok: true; dismissed: number } | { ok: false; field: 'motivation' | 'form'; message: string }

export const DISMISSAL_MOTIVATION_MAX = 1000

/**
 * The team dismisses a detected conflict: every reason of the pair still open is dismissed, with
 * the same motivation (mandatory), audited. A reason found later blocks the pair again.
 */
export async function dismissDetectedConflict(
  db: Db,
  actor: SessionUser,
  callId: string,
  input: { applicationId: string; reviewerId: string; motivation: string },
): Promise<DismissResult> {
  const motivation = input.motivation.trim()
  if (!motivation) return { ok: false, field: 'motivation', message: 'Indiquez pourquoi ce lien ne pose pas problème : le motif est obligatoire.' }
  if (motivation.length > DISMISSAL_MOTIVATION_MAX) return { ok: false, field: 'motivation', message: `Le motif ne doit pas dépasser ${DISMISSAL_MOTIVATION_MAX} caractères.` }
  if (!isUuid(input.applicationId) || !isUuid(input.reviewerId)) return { ok: false, field: 'form', message: 'Ce conflit détecté est introuvable.' }
  const [detected, dismissals] = await Promise.all([detectCallConflicts(db, callId, { reviewerIds: [input.reviewerId] }), listDismissals(db, callId)])
  const conflict = detected.find((c) => c.applicationId === input.applicationId && c.reviewerId === input.reviewerId)
  if (!conflict) return { ok: false, field: 'form', message: 'Ce conflit détecté est introuvable : les informations ont peut-être changé.' }
  const open = undismissedReasons(conflict, toDismissals(dismissals))
  const toDismiss = open.filter((reason) => reason.dismissible)
  if (toDismiss.length === 0) {
    return {
      ok: false,
      field: 'form',
      message: open.length > 0 ? 'Cette personne porte la candidature : ce conflit ne peut pas être écarté.' : 'Ce conflit est déjà écarté.',
    }
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('scoring_conflict_dismissals')
      .values(
        toDismiss.map((reason) => ({
          call_id: callId,
          application_id: input.applicationId,
          user_id: input.reviewerId,
          reason_key: reason.key,
          reason_message: reason.message,
          motivation,
          dismissed_by: actor.id,
        })),
      )
      .onConflict((oc) => oc.columns(['application_id', 'user_id', 'reason_key']).doNothing())
      .execute()
    await audit(trx, {
      actorId: actor.id,
      action: 'scoring.detected_conflict_dismissed',
      subjectType: 'application',
      subjectId: input.applicationId,
      data: { reviewerId: input.reviewerId, reasons: toDismiss.map((reason) => reason.key), motivation, stillBlocked: open.length > toDismiss.length },
    })
  })
  return { ok: true, dismissed: toDismiss.length }
}

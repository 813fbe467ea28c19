import type { Db } from '#db/client.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { isUuid } from '#app/utils/uuid.ts'
import { DECISION_LABELS } from './scoring/labels.ts'
import { deliberationView } from './scoring/deliberation.server.ts'
import { JURY_LABELS } from './scoring/types.ts'

// The decision committee of a call (issue 20, decision 100): a list of programme-team members kept
// per call by the team; each member records « d'accord / pas d'accord » with a note on every
// proposed decision while the call deliberates, and the team sees the tally before publishing.

type CallRef = Parameters<typeof deliberationView>[1] & { id: string; state: string }
export type CommitteeResult = { ok: true } | { ok: false; status: 400 | 403 | 404; message: string; field?: 'email' | 'agrees' | 'note' }

export const OPINION_NOTE_MAX = 2000

export async function listCommittee(db: Db, callId: string) {
  const rows = await db
    .selectFrom('committee_members')
    .innerJoin('users', 'users.id', 'committee_members.user_id')
    .select(['users.id', 'users.email', 'users.display_name', 'committee_members.added_at'])
    .where('committee_members.call_id', '=', callId)
    .orderBy('users.display_name')
    .orderBy('users.email')
    .execute()
  return rows.map((r) => ({ id: r.id, email: r.email, name: r.display_name ?? r.email, addedAt: new Date(r.added_at).toISOString() }))
}

export async function isCommitteeMember(db: Db, callId: string, userId: string): Promise<boolean> {
  return !!(await db.selectFrom('committee_members').select('user_id').where('call_id', '=', callId).where('user_id', '=', userId).executeTakeFirst())
}

/** Adds a member of the programme team to the call's committee, found by e-mail. */
export async function addCommitteeMember(db: Db, actor: SessionUser, call: { id: string }, email: string): Promise<CommitteeResult> {
  const address = email.trim().toLowerCase()
  if (!address) return { ok: false, status: 400, message: 'Indiquez l’adresse e-mail d’un membre de l’équipe du programme.', field: 'email' }
  const user = await db
    .selectFrom('users')
    .innerJoin('role_assignments', 'role_assignments.user_id', 'users.id')
    .select(['users.id'])
    .where(db.fn('lower', ['users.email']), '=', address)
    .where('users.deleted_at', 'is', null)
    .where('role_assignments.role', '=', 'programme_team')
    .executeTakeFirst()
  if (!user)
    return {
      ok: false,
      status: 400,
      message: 'Aucun membre de l’équipe du programme n’a cette adresse : le comité réunit des membres de l’équipe.',
      field: 'email',
    }
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('committee_members')
      .values({ call_id: call.id, user_id: user.id, added_by: actor.id, added_at: now() })
      .onConflict((oc) => oc.columns(['call_id', 'user_id']).doNothing())
      .executeTakeFirst()
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return
    await audit(trx, { actorId: actor.id, action: 'committee.member_added', subjectType: 'call', subjectId: call.id, data: { userId: user.id } })
  })
  return { ok: true }
}

export async function removeCommitteeMember(db: Db, actor: SessionUser, call: { id: string }, userId: string): Promise<CommitteeResult> {
  if (!isUuid(userId)) return { ok: false, status: 404, message: 'Ce membre du comité est introuvable.' }
  const removed = await db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('committee_members').where('call_id', '=', call.id).where('user_id', '=', userId).executeTakeFirst()
    if (Number(row.numDeletedRows) === 0) return false
    await audit(trx, { actorId: actor.id, action: 'committee.member_removed', subjectType: 'call', subjectId: call.id, data: { userId } })
    return true
  })
  return removed ? { ok: true } : { ok: false, status: 404, message: 'Ce membre du comité est introuvable.' }
}

/**
 * A committee member's opinion on one proposed decision. Refused (nothing stored) for someone
 * outside the committee — the refusal itself is audited —, outside the deliberation, for an
 * application without a proposed decision, without a choice or with a note over 2,000 characters.
 */
export async function recordOpinion(
  db: Db,
  actor: SessionUser,
  call: { id: string; state: string },
  input: { applicationId: string; agrees: string; note: string },
): Promise<CommitteeResult> {
  if (!isUuid(input.applicationId)) return { ok: false, status: 404, message: 'Cette candidature est introuvable.' }
  if (!(await isCommitteeMember(db, call.id, actor.id))) {
    await audit(db, {
      actorId: actor.id,
      action: 'committee.opinion_refused',
      subjectType: 'application',
      subjectId: input.applicationId,
      data: { callId: call.id, reason: 'not_a_member' },
    })
    return { ok: false, status: 403, message: 'Seuls les membres du comité de cet appel donnent un avis sur les décisions proposées.' }
  }
  if (call.state !== 'en_deliberation')
    return { ok: false, status: 400, message: 'Les avis du comité se donnent pendant la délibération, avant la publication des résultats.' }
  if (input.agrees !== 'oui' && input.agrees !== 'non')
    return { ok: false, status: 400, message: 'Choisissez « d’accord » ou « pas d’accord ».', field: 'agrees' }
  const note = input.note.trim()
  if (note.length > OPINION_NOTE_MAX) return { ok: false, status: 400, message: 'La note fait 2 000 caractères au plus.', field: 'note' }
  if (input.agrees === 'non' && !note) return { ok: false, status: 400, message: 'Expliquez en une phrase pourquoi vous n’êtes pas d’accord.', field: 'note' }
  const application = await db.selectFrom('applications').select('id').where('id', '=', input.applicationId).where('call_id', '=', call.id).executeTakeFirst()
  if (!application) return { ok: false, status: 404, message: 'Cette candidature est introuvable.' }
  const decision = await db
    .selectFrom('scoring_decisions')
    .select('decision')
    .where('application_id', '=', input.applicationId)
    .where('call_id', '=', call.id)
    .executeTakeFirst()
  if (!decision)
    return { ok: false, status: 400, message: 'Aucune décision n’est encore proposée pour cette candidature : l’avis porte sur une décision proposée.' }
  const agrees = input.agrees === 'oui'
  await db.transaction().execute(async (trx) => {
    const previous = await trx
      .selectFrom('committee_opinions')
      .select(['agrees', 'note', 'decision_seen'])
      .where('application_id', '=', input.applicationId)
      .where('user_id', '=', actor.id)
      .forUpdate()
      .executeTakeFirst()
    if (previous && previous.agrees === agrees && previous.note === note && previous.decision_seen === decision.decision) return
    const values = { agrees, note, decision_seen: decision.decision, recorded_at: now() }
    await trx
      .insertInto('committee_opinions')
      .values({ application_id: input.applicationId, user_id: actor.id, call_id: call.id, ...values })
      .onConflict((oc) => oc.columns(['application_id', 'user_id']).doUpdateSet(values))
      .execute()
    await audit(trx, {
      actorId: actor.id,
      action: 'committee.opinion_recorded',
      subjectType: 'application',
      subjectId: input.applicationId,
      data: { agrees, note, decision: decision.decision, previous: previous ? previous.agrees : null },
    })
  })
  return { ok: true }
}

/**
 * Everything the decision pack shows: the deliberation view (ranking under the published rule,
 * both juries raw and corrected, flags, reviews and comments, proposed decisions), each
 * application's summary, the committee, its opinions and their tally, and what is missing —
 * reviews expected but not sent, decisions not proposed — listed so the pack never hides it.
 */
export async function decisionPack(db: Db, call: CallRef, viewer: SessionUser) {
  const [view, members, opinionRows] = await Promise.all([
    deliberationView(db, call, 'toutes'),
    listCommittee(db, call.id),
    db
      .selectFrom('committee_opinions')
      .innerJoin('users', 'users.id', 'committee_opinions.user_id')
      .select([
        'committee_opinions.application_id',
        'committee_opinions.user_id',
        'committee_opinions.agrees',
        'committee_opinions.note',
        'committee_opinions.decision_seen',
        'committee_opinions.recorded_at',
        'users.display_name',
        'users.email',
      ])
      .where('committee_opinions.call_id', '=', call.id)
      .orderBy('committee_opinions.recorded_at')
      .execute(),
  ])
  const memberIds = new Set(members.map((m) => m.id))
  const rows = view.rows.map((row) => {
    const opinions = opinionRows
      .filter((o) => o.application_id === row.id && memberIds.has(o.user_id))
      .map((o) => ({
        userId: o.user_id,
        name: o.display_name ?? o.email,
        agrees: o.agrees,
        note: o.note,
        recordedAt: new Date(o.recorded_at).toISOString(),
        // Given on an earlier proposal: the decision changed since.
        stale: !row.decision || row.decision.value !== o.decision_seen,
        decisionSeen: DECISION_LABELS[o.decision_seen],
      }))
    const current = opinions.filter((o) => !o.stale)
    const missing = row.juries
      .filter((j) => j.count < j.expected)
      .map(
        (j) =>
          `${j.label} : ${j.count} évaluation${j.count > 1 ? 's' : ''} envoyée${j.count > 1 ? 's' : ''} sur ${j.expected} attendue${j.expected > 1 ? 's' : ''}`,
      )
    return {
      ...row,
      opinions,
      tally: { agree: current.filter((o) => o.agrees).length, disagree: current.filter((o) => !o.agrees).length, members: members.length },
      mine: opinions.find((o) => o.userId === viewer.id) ?? null,
      missing,
    }
  })
  const missing = [
    ...rows.filter((r) => r.missing.length).map((r) => `${r.reference} – ${r.title} : ${r.missing.join(' ; ')}`),
    ...rows.filter((r) => !r.decision).map((r) => `${r.reference} – ${r.title} : aucune décision proposée`),
  ]
  return {
    ...view,
    rows,
    committee: members,
    viewerIsMember: memberIds.has(viewer.id),
    missing,
    juryLabels: JURY_LABELS,
  }
}

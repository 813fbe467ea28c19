// Reviews (issue 5): the reviewer's queue, the review form's data, drafts and final submission,
// blindness (others' reviews only after one's own is submitted, never the other jury's before
// deliberation), and the reminder before the scoring deadline.
import { z } from 'zod'
import type { Db } from '#db/client.ts'
import type { ScoringJury } from '#db/schema/scoring.ts'
import { scoringReminderEmail } from '#emails/scoring-reminder.tsx'
import type { SessionUser } from '#app/auth/roles.ts'
import { queueEmail } from '#app/email/send.server.ts'
import type { JobQueue } from '#app/jobs/types.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { formatDateAtTime } from '#app/utils/format.ts'
import { projectTitle, type Answers } from '../applications/application-form.ts'
import { getGrid } from '../calls/calls.server.ts'
import { isUuid } from '#app/utils/uuid.ts'
import { MENTIONS, type Mention } from './types.ts'
import { conflictedApplicationsOf, hasActiveConflict, juryOf } from './panel.server.ts'

export type ReviewMode = 'numbers' | 'majority_judgment'

export function juryMode(call: { citizen_scoring_mode: string }, jury: ScoringJury): ReviewMode {
  return jury === 'citizen' && call.citizen_scoring_mode === 'majority_judgment' ? 'majority_judgment' : 'numbers'
}

/** The reviewer's assigned applications, with the state of their review (never one they are in conflict with). */
export async function reviewerQueue(db: Db, user: SessionUser, callId: string) {
  const conflicted = await conflictedApplicationsOf(db, callId, user.id)
  const assigned = await db
    .selectFrom('scoring_assignments as s')
    .innerJoin('applications as a', 'a.id', 's.application_id')
    .leftJoin('scoring_reviews as r', (join) => join.onRef('r.application_id', '=', 's.application_id').onRef('r.user_id', '=', 's.user_id'))
    .select(['s.application_id', 'a.reference', 'a.answers', 'r.status', 'r.updated_at'])
    .where('s.call_id', '=', callId)
    .where('s.user_id', '=', user.id)
    .orderBy('a.reference')
    .execute()
  // A conflict detected after the assignment was saved (a SIRET added, a co-leader who joined) hides it at once.
  const rows = assigned.filter((row) => !conflicted.has(row.application_id))
  const items = rows.map((row) => ({
    applicationId: row.application_id,
    reference: row.reference ?? '',
    title: projectTitle(row.answers as Answers),
    status: (row.status ?? 'todo') as 'todo' | 'draft' | 'submitted',
    updatedAt: row.updated_at,
  }))
  return { items, done: items.filter((i) => i.status === 'submitted').length, total: items.length }
}

export type ReviewAccess =
  | { ok: true; jury: ScoringJury }
  | { ok: false; reason: 'not-member' | 'conflict' | 'not-assigned' }

/** May this person review (or open) this application? A conflict or no assignment means « not found ». */
export async function reviewAccess(db: Db, user: SessionUser, callId: string, applicationId: string): Promise<ReviewAccess> {
  const jury = juryOf(user, callId)
  if (!jury || !isUuid(applicationId)) return { ok: false, reason: 'not-member' }
  if (await hasActiveConflict(db, user.id, applicationId)) return { ok: false, reason: 'conflict' }
  const assigned = await db
    .selectFrom('scoring_assignments')
    .select('user_id')
    .where('call_id', '=', callId)
    .where('application_id', '=', applicationId)
    .where('user_id', '=', user.id)
    .executeTakeFirst()
  if (!assigned) return { ok: false, reason: 'not-assigned' }
  return { ok: true, jury }
}

/** Criteria of the grid that this jury scores (its own and the shared ones). */
export async function juryCriteriaOf(db: Db, callId: string, jury: ScoringJury) {
  const grid = await getGrid(db, callId)
  return (grid?.criteria ?? []).filter((c) => c.jury === jury || c.jury === 'both')
}

export async function findOwnReview(db: Db, userId: string, applicationId: string) {
  return db.selectFrom('scoring_reviews').selectAll().where('application_id', '=', applicationId).where('user_id', '=', userId).executeTakeFirst()
}

const MAX_COMMENT = 3000

export interface ReviewFormInput {
  scores: Record<string, string | null>
  mention: string | null
  confidence: string | null
  commentTeam: string | null
  commentLeader: string | null
}

export type SaveReviewResult =
  | { ok: true; submitted: boolean; already?: boolean }
  | { ok: false; status: 400 | 404; message: string; fieldErrors?: Record<string, string> }

/**
 * Saves a draft, or submits the review for good. Checked here, whatever the form sent: the
 * call is in evaluation, the person is assigned and not in conflict, each level is 1–5, the
 * mention is one of the seven, a submitted review is never changed again.
 */
export async function saveReview(
  db: Db,
  user: SessionUser,
  call: { id: string; state: string; citizen_scoring_mode: string },
  applicationId: string,
  input: ReviewFormInput,
  submit: boolean,
): Promise<SaveReviewResult> {
  const access = await reviewAccess(db, user, call.id, applicationId)
  if (!access.ok) return { ok: false, status: 404, message: 'Cette candidature ne vous est pas confiée.' }
  if (call.state !== 'en_evaluation') return { ok: false, status: 400, message: 'L’évaluation de cet appel est terminée : les évaluations ne peuvent plus être modifiées.' }
  const mode = juryMode(call, access.jury)
  const criteria = await juryCriteriaOf(db, call.id, access.jury)
  const fieldErrors: Record<string, string> = {}
  const scores: Record<string, number> = {}
  let mention: Mention | null = null
  if (mode === 'numbers') {
    for (const criterion of criteria) {
      const raw = input.scores[criterion.id]
      if (raw === null || raw === undefined || raw === '') {
        if (submit) fieldErrors[`score-${criterion.id}`] = `Choisissez un niveau pour « ${criterion.title} ».`
        continue
      }
      const level = z.coerce.number().int().min(1).max(5).safeParse(raw)
      if (!level.success) fieldErrors[`score-${criterion.id}`] = `Le niveau de « ${criterion.title} » doit être un nombre entier de 1 à 5.`
      else scores[criterion.id] = level.data
    }
  } else {
    if (input.mention) {
      if ((MENTIONS as readonly string[]).includes(input.mention)) mention = input.mention as Mention
      else fieldErrors.mention = 'Choisissez une des sept mentions proposées.'
    } else if (submit) fieldErrors.mention = 'Choisissez une mention pour ce projet.'
  }
  let confidence: number | null = null
  if (input.confidence) {
    const parsed = z.coerce.number().int().min(1).max(3).safeParse(input.confidence)
    if (!parsed.success) fieldErrors.confidence = 'La confiance est 1, 2 ou 3.'
    else confidence = parsed.data
  }
  const commentTeam = (input.commentTeam ?? '').trim()
  const commentLeader = (input.commentLeader ?? '').trim()
  if (commentTeam.length > MAX_COMMENT) fieldErrors.commentTeam = `Ce commentaire fait ${MAX_COMMENT} caractères au plus.`
  if (commentLeader.length > MAX_COMMENT) fieldErrors.commentLeader = `Ce commentaire fait ${MAX_COMMENT} caractères au plus.`
  if (Object.keys(fieldErrors).length) {
    return { ok: false, status: 400, message: 'L’évaluation n’est pas enregistrée : corrigez les points signalés.', fieldErrors }
  }

  return db.transaction().execute(async (trx): Promise<SaveReviewResult> => {
    const existing = await trx
      .selectFrom('scoring_reviews')
      .select(['id', 'status'])
      .where('application_id', '=', applicationId)
      .where('user_id', '=', user.id)
      .forUpdate()
      .executeTakeFirst()
    if (existing?.status === 'submitted') {
      return { ok: false, status: 400, message: 'Votre évaluation est déjà envoyée : elle ne peut plus être modifiée. Écrivez à l’équipe du programme pour la rouvrir.' }
    }
    const at = now()
    const values = {
      scores,
      mention,
      confidence,
      comment_team: commentTeam,
      comment_leader: commentLeader,
      status: submit ? ('submitted' as const) : ('draft' as const),
      submitted_at: submit ? at : null,
      updated_at: at,
    }
    let reviewId: string
    if (existing) {
      await trx.updateTable('scoring_reviews').set(values).where('id', '=', existing.id).execute()
      reviewId = existing.id
    } else {
      reviewId = (
        await trx
          .insertInto('scoring_reviews')
          .values({ ...values, call_id: call.id, application_id: applicationId, user_id: user.id, jury: access.jury })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    }
    await audit(trx, {
      actorId: user.id,
      action: submit ? 'scoring.review_submitted' : 'scoring.review_draft_saved',
      subjectType: 'application',
      subjectId: applicationId,
      data: { reviewId, jury: access.jury },
    })
    return { ok: true, submitted: submit }
  })
}

/** The team reopens a submitted review (it becomes a draft again). */
export async function reopenReview(db: Db, actor: SessionUser, callId: string, reviewId: string): Promise<boolean> {
  if (!isUuid(reviewId)) return false
  return db.transaction().execute(async (trx) => {
    const review = await trx.selectFrom('scoring_reviews').select(['id', 'status', 'application_id', 'user_id']).where('id', '=', reviewId).where('call_id', '=', callId).forUpdate().executeTakeFirst()
    if (!review) return false
    if (review.status === 'draft') return true
    await trx.updateTable('scoring_reviews').set({ status: 'draft', submitted_at: null, updated_at: now() }).where('id', '=', reviewId).execute()
    await audit(trx, { actorId: actor.id, action: 'scoring.review_reopened', subjectType: 'application', subjectId: review.application_id, data: { reviewId, reviewerId: review.user_id } })
    return true
  })
}

/**
 * Others' submitted reviews of an application, as this reviewer may see them: nothing before
 * their own is submitted; their own jury only until the call is in deliberation.
 */
export async function visibleOtherReviews(db: Db, user: SessionUser, call: { id: string; state: string }, applicationId: string, jury: ScoringJury) {
  const own = await findOwnReview(db, user.id, applicationId)
  if (own?.status !== 'submitted') return { unlocked: false, reviews: [] }
  const deliberation = call.state === 'en_deliberation' || call.state === 'resultats_publies'
  let query = db
    .selectFrom('scoring_reviews')
    .select(['id', 'jury', 'scores', 'mention', 'confidence', 'comment_team', 'comment_leader', 'submitted_at'])
    .where('application_id', '=', applicationId)
    .where('user_id', '!=', user.id)
    .where('status', '=', 'submitted')
  if (!deliberation) query = query.where('jury', '=', jury)
  const reviews = await query.orderBy('submitted_at').execute()
  return { unlocked: true, reviews }
}

/**
 * Reminder e-mails, three days before the scoring deadline, to every jury member who has reviews
 * left. One e-mail per person and deadline (idempotency key), however often the job runs.
 */
export async function sendScoringReminders(services: { db: Db; jobs: JobQueue; appUrl: string }, at: Date): Promise<number> {
  const horizon = new Date(at.getTime() + 3 * 24 * 3600 * 1000)
  const calls = await services.db
    .selectFrom('calls')
    .select(['id', 'title', 'review_deadline'])
    .where('state', '=', 'en_evaluation')
    .where('review_deadline', 'is not', null)
    .where('review_deadline', '>', at)
    .where('review_deadline', '<=', horizon)
    .execute()
  let sent = 0
  for (const call of calls) {
    const rows = await services.db
      .selectFrom('scoring_assignments as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .leftJoin('scoring_reviews as r', (join) => join.onRef('r.application_id', '=', 's.application_id').onRef('r.user_id', '=', 's.user_id'))
      .select(['s.user_id', 'u.email', 'r.status'])
      .where('s.call_id', '=', call.id)
      .where('u.deleted_at', 'is', null)
      .execute()
    const byUser = new Map<string, { email: string; done: number; total: number }>()
    for (const row of rows) {
      const entry = byUser.get(row.user_id) ?? { email: row.email, done: 0, total: 0 }
      entry.total++
      if (row.status === 'submitted') entry.done++
      byUser.set(row.user_id, entry)
    }
    for (const [userId, entry] of byUser) {
      if (entry.done >= entry.total) continue
      await services.db.transaction().execute(async (trx) => {
        const id = await queueEmail(
          { db: trx, jobs: services.jobs },
          entry.email,
          scoringReminderEmail({
            callTitle: call.title,
            deadline: formatDateAtTime(call.review_deadline!),
            done: entry.done,
            total: entry.total,
            link: `${services.appUrl}/evaluation/${call.id}`,
          }),
          { idempotencyKey: `scoring.reminder:${call.id}:${userId}:${call.review_deadline!.toISOString()}` },
        )
        if (id) sent++
      })
    }
  }
  return sent
}

// Spam held out of everything the team and the public read (issue 19, decision 101). THE one
// place that says which reviews are held: dashboards, verbatims, alerts, exports, open data and
// the API call `reviewCounts` / `notHeldAsSpam`; the rollups get the same rule from the delta
// trigger (migration 0011, whose frozen copy tests/integration/spam.test.ts compares with this one).
import { sql, type RawBuilder } from 'kysely'
import type { Db } from '#db/client.ts'
import type { SpamStatus } from '#db/schema/feedback.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { audit, type AuditEntry } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { sha256 } from '#app/utils/crypto.server.ts'
import { isUuid } from '#app/utils/uuid.ts'
import { FLOOD_COMMENTS, FLOOD_WINDOW_MS, normaliseForRepeat, REPEAT_MIN_LENGTH, REPEAT_WINDOW_MS, type SpamReason } from './spam.ts'

/** Statuses held out: « suspected » (the score reached the threshold) and « spam » (an agent said so). */
export const SPAM_HELD_STATUSES: readonly SpamStatus[] = ['suspected', 'spam']

const heldList = SPAM_HELD_STATUSES.map((status) => `'${status}'`).join(', ')

/** SQL condition: the review `alias` is NOT held as spam. Use it in every query that shows or counts reviews. */
export function notHeldAsSpam(alias: string): RawBuilder<boolean> {
  return sql.raw<boolean>(notHeldAsSpamText(alias))
}

/** The same condition as SQL text, for statements written as text (rollups.server.ts). */
export function notHeldAsSpamText(alias: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`alias SQL invalide : ${alias}`)
  return `${alias}.spam_status NOT IN (${heldList})`
}

export function isHeldAsSpam(status: SpamStatus): boolean {
  return SPAM_HELD_STATUSES.includes(status)
}

/** The fingerprint of a comment for « same text from the same address », or null when too short to mean anything. */
export function commentFingerprint(text: string | null): string | null {
  if (!text) return null
  const normalised = normaliseForRepeat(text)
  return normalised.length >= REPEAT_MIN_LENGTH ? sha256(normalised).slice(0, 32) : null
}

/**
 * What the database knows for the comment step, in ONE statement: earlier reviews with the same
 * fingerprint from the same hashed address, and other comments on the placement in the flood window.
 */
export async function commentSpamLookup(
  db: Db,
  review: { id: string; placementId: string; ipHash: string | null },
  fingerprint: string | null,
  at: Date,
): Promise<{ sameTextFromAddress: number; placementComments: number }> {
  const repeatSince = new Date(at.getTime() - REPEAT_WINDOW_MS)
  const floodSince = new Date(at.getTime() - FLOOD_WINDOW_MS)
  const { rows } = await sql<{ same: number; flood: number }>`
    SELECT
      ${
        fingerprint && review.ipHash
          ? sql`(SELECT count(*) FROM (SELECT 1 FROM feedback_reviews r WHERE r.ip_hash = ${review.ipHash} AND r.comment_fingerprint = ${fingerprint}
               AND r.id <> ${review.id}::uuid AND r.created_at > ${repeatSince}::timestamptz LIMIT 5) AS s)::int`
          : sql`0`
      } AS same,
      (SELECT count(*) FROM (SELECT 1 FROM feedback_reviews r WHERE r.placement_id = ${review.placementId}::uuid AND r.has_comment
         AND r.id <> ${review.id}::uuid AND r.created_at > ${floodSince}::timestamptz LIMIT ${FLOOD_COMMENTS}) AS f)::int AS flood`.execute(db)
  return { sameTextFromAddress: rows[0]?.same ?? 0, placementComments: rows[0]?.flood ?? 0 }
}

// ---------------------------------------------------------------------------------------------
// The « Spam probable » queue of a service

export const SPAM_QUEUE_PER_PAGE = 25

export interface SpamQueueItem {
  id: string
  createdAt: Date
  satisfaction: number
  placementName: string
  score: number
  reasons: SpamReason[]
  status: SpamStatus
  /** Null while the text is flagged as personal data (never sent before a person checked it). */
  comment: string | null
  hasComment: boolean
}

export type SpamQueueTab = 'probable' | 'spam' | 'pas-spam'
const TAB_STATUSES: Record<SpamQueueTab, SpamStatus[]> = { probable: ['suspected'], spam: ['spam'], 'pas-spam': ['cleared'] }

export async function listSpamQueue(db: Db, serviceId: string, tab: SpamQueueTab, page: number) {
  const statuses = TAB_STATUSES[tab]
  const counts = await db
    .selectFrom('feedback_reviews')
    .select(['spam_status', sql<number>`count(*)::int`.as('n')])
    .where('service_id', '=', serviceId)
    .where('spam_status', 'in', ['suspected', 'spam', 'cleared'])
    .groupBy('spam_status')
    .execute()
  const countOf = (status: SpamStatus) => counts.find((row) => row.spam_status === status)?.n ?? 0
  const total = statuses.reduce((sum, status) => sum + countOf(status), 0)
  const pageCount = Math.max(1, Math.ceil(total / SPAM_QUEUE_PER_PAGE))
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount)
  const rows = await db
    .selectFrom('feedback_reviews as r')
    .innerJoin('feedback_placements as p', 'p.id', 'r.placement_id')
    .select(['r.id', 'r.created_at', 'r.satisfaction', 'p.name as placement_name', 'r.spam_score', 'r.spam_reasons', 'r.spam_status', 'r.comment', 'r.has_comment', 'r.pii_status'])
    .where('r.service_id', '=', serviceId)
    .where('r.spam_status', 'in', statuses)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(SPAM_QUEUE_PER_PAGE)
    .offset((current - 1) * SPAM_QUEUE_PER_PAGE)
    .execute()
  const items: SpamQueueItem[] = rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at,
    satisfaction: row.satisfaction,
    placementName: row.placement_name,
    score: row.spam_score,
    reasons: row.spam_reasons as SpamReason[],
    status: row.spam_status,
    comment: row.pii_status === 'flagged' ? null : row.comment,
    hasComment: row.has_comment,
  }))
  return { items, total, page: current, pageCount, counts: { probable: countOf('suspected'), spam: countOf('spam'), 'pas-spam': countOf('cleared') } }
}

export type SpamDecision = 'spam' | 'not_spam'

export type MarkResult = { ok: true; changed: number } | { ok: false; reason: 'unknown' }

/**
 * An agent marks reviews of ONE service as spam or not spam (reversible: the other decision undoes
 * it). All or nothing: if any id is not a review of this service (another organisation's, or
 * none), nothing changes. Each change is audited; the rollups follow through the delta trigger.
 */
export async function markSpam(db: Db, user: SessionUser, serviceId: string, reviewIds: readonly string[], decision: SpamDecision): Promise<MarkResult> {
  const status: SpamStatus = decision === 'spam' ? 'spam' : 'cleared'
  return setSpamStatus(db, user, { table: 'feedback_reviews', serviceId, ids: reviewIds, status }, (row, bulk) => ({
    action: decision === 'spam' ? 'feedback.review.marked_spam' : 'feedback.review.marked_not_spam',
    subjectType: 'feedback_review',
    data: { serviceId, previousStatus: row.spam_status, score: row.spam_score, reasons: row.spam_reasons, bulk },
  }))
}

export interface HeldRow {
  id: string
  spam_status: SpamStatus
  spam_score: number
  spam_reasons: string[]
}

/**
 * « Spam » / « pas spam » on reviews and on public experiences (app/feedback/experience-spam.server.ts),
 * which carry the same spam columns (migrations 0016 and 0018): the rows of ONE service are locked in id
 * order, all or nothing (one id that is not there, or not waiting when `waitingOnly`, changes nothing),
 * the status is set and each change audited in the same transaction.
 */
export async function setSpamStatus(
  db: Db,
  user: SessionUser,
  target: { table: 'feedback_reviews' | 'experiences'; serviceId: string; ids: readonly string[]; status: SpamStatus; waitingOnly?: boolean },
  auditEntry: (row: HeldRow, bulk: boolean) => Omit<AuditEntry, 'actorId' | 'subjectId'>,
): Promise<MarkResult> {
  const ids = [...new Set(target.ids.map((id) => id.toLowerCase()))]
  if (ids.length === 0 || !ids.every(isUuid)) return { ok: false, reason: 'unknown' }
  // Typed as the reviews' table: both tables have these columns (the experiences' `status` is raw SQL).
  const table = target.table as 'feedback_reviews'
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom(table)
      .select(['id', 'spam_status', 'spam_score', 'spam_reasons'])
      .where('id', 'in', ids)
      .where('service_id', '=', target.serviceId)
      .$if(target.waitingOnly === true, (query) => query.where(sql.ref('status'), '=', 'pending'))
      .orderBy('id')
      .forUpdate()
      .execute()
    if (rows.length !== ids.length) return { ok: false, reason: 'unknown' } as const
    const changing = rows.filter((row) => row.spam_status !== target.status)
    if (changing.length === 0) return { ok: true, changed: 0 } as const
    await trx
      .updateTable(table)
      .set({ spam_status: target.status, spam_reviewed_by: user.id, spam_reviewed_at: now() })
      .where(
        'id',
        'in',
        changing.map((row) => row.id),
      )
      .execute()
    for (const row of changing) await audit(trx, { actorId: user.id, subjectId: row.id, ...auditEntry(row, ids.length > 1) })
    return { ok: true, changed: changing.length } as const
  })
}

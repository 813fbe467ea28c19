// The spam score of a public experience (issue 19, decision 101, complément du 7 décembre): the
// reviews' signals (app/feedback/spam.ts) on the title and the story. An experience is read by a
// person before publication anyway: a suspected one is only held out of the moderation queue's
// default view, into « Spam probable », until an agent clears it (or confirms it). Nothing public changes.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import type { SpamStatus } from '#db/schema/feedback.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { now } from '#app/utils/clock.server.ts'
import { FLOOD_COMMENTS, FLOOD_WINDOW_MS, REPEAT_WINDOW_MS, scoreSpam, statusAfterScore, type SpamReason } from './spam.ts'
import { commentFingerprint, setSpamStatus, SPAM_HELD_STATUSES, type MarkResult, type SpamDecision } from './spam.server.ts'

export { SPAM_HELD_STATUSES as EXPERIENCE_HELD_STATUSES }

export interface ExperienceSpam {
  score: number
  reasons: SpamReason[]
  status: SpamStatus
  fingerprint: string | null
}

/**
 * Scores a new experience before it is written, in ONE query: the same story (normalised) already
 * sent in the last 24 hours from the same hashed address, and the experiences of the service in the
 * flood window (both bounded by LIMIT). The time to submit is a low bound only (decision 101).
 */
export async function scoreExperienceSpam(
  db: Db,
  input: { serviceId: string; title: string; body: string; ipHash: string | null; elapsedMs: number | null },
  at: Date = now(),
): Promise<ExperienceSpam> {
  const fingerprint = commentFingerprint(input.body)
  const repeatSince = new Date(at.getTime() - REPEAT_WINDOW_MS)
  const floodSince = new Date(at.getTime() - FLOOD_WINDOW_MS)
  const { rows } = await sql<{ same: number; flood: number }>`
    SELECT
      ${
        fingerprint && input.ipHash
          ? sql`(SELECT count(*) FROM (SELECT 1 FROM experiences e WHERE e.ip_hash = ${input.ipHash} AND e.body_fingerprint = ${fingerprint}
               AND e.created_at > ${repeatSince}::timestamptz LIMIT 5) AS s)::int`
          : sql`0`
      } AS same,
      (SELECT count(*) FROM (SELECT 1 FROM experiences e WHERE e.service_id = ${input.serviceId}::uuid
         AND e.created_at > ${floodSince}::timestamptz LIMIT ${FLOOD_COMMENTS}) AS f)::int AS flood`.execute(db)
  const { score, reasons } = scoreSpam({
    elapsedMs: input.elapsedMs,
    text: `${input.title}\n${input.body}`,
    sameTextFromAddress: rows[0]?.same ?? 0,
    placementComments: rows[0]?.flood ?? 0,
  })
  return { score, reasons, status: statusAfterScore(score), fingerprint }
}

/**
 * An agent marks experiences of ONE service waiting for moderation as spam or not spam. Reversible:
 * « pas spam » brings one back into the queue, « spam » holds it again. All or nothing: if one id
 * is not a waiting experience of this service, nothing changes. Each change is audited.
 */
export async function markExperiencesSpam(
  db: Db,
  user: SessionUser,
  serviceId: string,
  experienceIds: readonly string[],
  decision: SpamDecision,
): Promise<MarkResult> {
  const status: SpamStatus = decision === 'spam' ? 'spam' : 'cleared'
  return setSpamStatus(db, user, { table: 'experiences', serviceId, ids: experienceIds, status, waitingOnly: true }, (row) => ({
    action: decision === 'spam' ? 'experience.marked_spam' : 'experience.marked_not_spam',
    subjectType: 'experience',
    data: { serviceId, from: row.spam_status, to: status, score: row.spam_score, reasons: row.spam_reasons },
  }))
}

// Retention: free texts and contact addresses are erased 24 months after the review (answers to
// the closed questions and the rollups stay, so the statistics do not change). Decision 024.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { addMonths } from '#app/utils/days.ts'

export const RETENTION_MONTHS = 24

export function retentionCutoff(at: Date): Date {
  // Midnight (Paris) of the same calendar day, RETENTION_MONTHS earlier.
  const day = addMonths(parisDay(at), -RETENTION_MONTHS)
  return new Date(`${day}T00:00:00+01:00`)
}

/** Erases free texts older than the retention period, in batches. Returns how many reviews. */
export async function purgeOldTexts(db: Db, at: Date, batchSize = 5000): Promise<number> {
  const cutoff = retentionCutoff(at)
  let purged = 0
  for (;;) {
    const result = await sql`
      UPDATE feedback_reviews SET comment = NULL, contact_email = NULL, text_purged_at = ${at}::timestamptz
      WHERE id IN (
        SELECT id FROM feedback_reviews
        WHERE created_at < ${cutoff}::timestamptz AND (comment IS NOT NULL OR contact_email IS NOT NULL)
        LIMIT ${batchSize}
      )`.execute(db)
    const count = Number(result.numAffectedRows ?? 0)
    purged += count
    if (count < batchSize) break
  }
  return purged
}

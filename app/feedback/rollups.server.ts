// Rollup tables: a trigger on feedback_reviews appends each change (+new, −old) to
// feedback_stat_deltas; `foldStatDeltas` moves them into four rollup tables. Dashboards read the
// rollups plus the few deltas not folded yet, so figures are exact at any moment and never need
// a scan of the reviews. See docs/decisions/020-agregats-des-avis.md.
import { sql, type RawBuilder } from 'kysely'
import type { Db } from '#db/client.ts'
import { MEASURE_NAMES } from './indicators.ts'
import { notHeldAsSpamText } from './spam.server.ts'

/** Integer expression of each measure over one review row `r` (same as the migration's trigger). */
export const MEASURE_SQL: Record<(typeof MEASURE_NAMES)[number], string> = {
  reviews: '1',
  sat_points: '(r.satisfaction * 5)',
  clarity_count: '(r.clarity IS NOT NULL)::int',
  clarity_sum: 'coalesce(r.clarity - 1, 0)',
  help_answered: '(r.help_needed IS NOT NULL)::int',
  help_none: '(r.help_needed IS FALSE)::int',
  reached_answered: '(r.help_reached IS NOT NULL)::int',
  reached_yes: '(r.help_reached IS TRUE)::int',
  quality_count: '(r.help_quality IS NOT NULL)::int',
  quality_sum: 'coalesce(r.help_quality - 1, 0)',
  comments: 'r.has_comment::int',
  completed: '(r.completed_at IS NOT NULL)::int',
  ch_counter: "('counter' = ANY(r.help_channels))::int",
  ch_phone: "('phone' = ANY(r.help_channels))::int",
  ch_email: "('email' = ANY(r.help_channels))::int",
  ch_chat: "('chat' = ANY(r.help_channels))::int",
  ch_relative: "('relative' = ANY(r.help_channels))::int",
  ch_association: "('association' = ANY(r.help_channels))::int",
  ch_internet: "('internet' = ANY(r.help_channels))::int",
  ch_other: "('other' = ANY(r.help_channels))::int",
}

const measureList = MEASURE_NAMES.join(', ')
const sumList = (alias = '') => MEASURE_NAMES.map((name) => `sum(${alias}${name})::int8 AS ${name}`).join(', ')
const addOnConflict = (table: string) => MEASURE_NAMES.map((name) => `${name} = ${table}.${name} + EXCLUDED.${name}`).join(', ')

/** `sum(m) AS m` for every measure, for the dashboards' queries. */
export function sumMeasures(alias = ''): RawBuilder<unknown> {
  return sql.raw(sumList(alias))
}
export const MEASURE_COLUMNS = sql.raw(measureList)

const ROLLUP_TARGETS = [
  {
    table: 'feedback_stats_daily',
    keys: 'service_id, day, placement_id, form_version_id, satisfaction, organisation_id',
    select: 'service_id, day, placement_id, form_version_id, satisfaction, organisation_id',
    conflict: 'service_id, day, placement_id, form_version_id, satisfaction',
  },
  {
    table: 'feedback_stats_service_daily',
    keys: 'organisation_id, day, service_id, satisfaction',
    select: 'organisation_id, day, service_id, satisfaction',
    conflict: 'organisation_id, day, service_id, satisfaction',
  },
  {
    table: 'feedback_stats_service_monthly',
    keys: 'organisation_id, month, service_id, satisfaction',
    select: "organisation_id, date_trunc('month', day)::date, service_id, satisfaction",
    conflict: 'organisation_id, month, service_id, satisfaction',
  },
  {
    table: 'feedback_stats_org_daily',
    keys: 'organisation_id, day, satisfaction',
    select: 'organisation_id, day, satisfaction',
    conflict: 'organisation_id, day, satisfaction',
  },
] as const

function upsertFrom(source: string, target: (typeof ROLLUP_TARGETS)[number]): string {
  const groupCount = target.keys.split(',').length
  const groupBy = Array.from({ length: groupCount }, (_, index) => index + 1).join(', ')
  return `INSERT INTO ${target.table} (${target.keys}, ${measureList})
    SELECT ${target.select}, ${sumList()} FROM ${source} GROUP BY ${groupBy} ORDER BY ${groupBy}
    ON CONFLICT (${target.conflict}) DO UPDATE SET ${addOnConflict(target.table)}`
}

/**
 * Moves pending deltas into the rollup tables, in batches, each batch in one statement (the
 * deltas it deletes are exactly the ones it adds). Safe to run from several processes: a
 * transaction-level advisory lock lets one fold at a time. Returns the number of deltas folded.
 */
export async function foldStatDeltas(db: Db, options: { batchSize?: number; maxBatches?: number; pauseMs?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 5_000
  const maxBatches = options.maxBatches ?? 1_000
  let folded = 0
  for (let batch = 0; batch < maxBatches; batch++) {
    const moved = await db.transaction().execute(async (trx) => {
      const { rows: lock } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext('feedback_stat_fold')) AS locked`.execute(trx)
      if (!lock[0]?.locked) return -1
      return foldBatch(trx, batchSize)
    })
    if (moved <= 0) break
    folded += moved
    if (moved < batchSize) break
    // Small batches with a pause: the fold never holds the database long enough to slow the ingest.
    if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs))
  }
  return folded
}

/** One batch of the fold, in the caller's transaction (the seed uses it directly). */
export async function foldBatch(trx: Db, batchSize: number): Promise<number> {
  const statement = `
    WITH batch AS (
      DELETE FROM feedback_stat_deltas
      WHERE ctid = ANY (ARRAY(SELECT ctid FROM feedback_stat_deltas LIMIT ${Math.floor(Number(batchSize))}))
      RETURNING *
    ),
    d AS (
      SELECT service_id, day, placement_id, form_version_id, satisfaction, organisation_id, ${sumList()}
      FROM batch GROUP BY 1, 2, 3, 4, 5, 6
    ),
    a AS (${upsertFrom('d', ROLLUP_TARGETS[0])}),
    b AS (${upsertFrom('d', ROLLUP_TARGETS[1])}),
    c AS (${upsertFrom('d', ROLLUP_TARGETS[2])}),
    e AS (${upsertFrom('d', ROLLUP_TARGETS[3])})
    SELECT count(*)::int AS moved FROM batch`
  const { rows } = await sql<{ moved: number }>`${sql.raw(statement)}`.execute(trx)
  return rows[0]?.moved ?? 0
}

/**
 * Recomputes every rollup table from the reviews (after a bulk load, or to repair). Blocks
 * writes to reviews while it runs, so nothing is counted twice or missed.
 */
export async function rebuildRollups(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE feedback_reviews IN SHARE MODE`.execute(trx)
    await sql`TRUNCATE feedback_stat_deltas, feedback_stats_daily, feedback_stats_service_daily, feedback_stats_service_monthly, feedback_stats_org_daily`.execute(trx)
    const perReview = MEASURE_NAMES.map((name) => `${MEASURE_SQL[name]} AS ${name}`).join(', ')
    const source = `(SELECT r.service_id, (r.created_at AT TIME ZONE 'Europe/Paris')::date AS day, r.placement_id, r.form_version_id, r.satisfaction, r.organisation_id, ${perReview} FROM feedback_reviews r WHERE ${notHeldAsSpamText('r')}) AS v`
    await sql.raw(upsertFrom(source, ROLLUP_TARGETS[0])).execute(trx)
    // The coarser tables come from the finest one (far fewer rows than the reviews).
    for (const target of ROLLUP_TARGETS.slice(1)) {
      await sql.raw(upsertFrom('feedback_stats_daily', target)).execute(trx)
    }
  })
}

/** Rows whose every measure went back to zero (answers changed) count for nothing: remove them. */
export async function pruneEmptyRollups(db: Db): Promise<number> {
  let removed = 0
  for (const target of ROLLUP_TARGETS) {
    const result = await sql.raw(`DELETE FROM ${target.table} WHERE reviews = 0 AND ${MEASURE_NAMES.map((name) => `${name} = 0`).join(' AND ')}`).execute(db)
    removed += Number(result.numAffectedRows ?? 0)
  }
  return removed
}

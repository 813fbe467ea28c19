// Reviews ingested in batches (issue 21, decision 090). The first answers that arrive within a few
// milliseconds are written by ONE statement, so one transaction and one commit (synchronous: each
// person is answered only once their review is on disk). The statement keeps what the single one
// does, row by row: placement check, rate limit counted exactly (as if the answers had come one
// after the other, in arrival order), insert or double-click update.
import { REVIEW_RATE_LIMIT, FIRST_ANSWER_SQL, firstAnswerStatementParameters, type FirstAnswerParams, type FirstAnswerRow, type FirstAnswerWriter, type StatementExecutor } from './reviews.server.ts'

/**
 * $1: a JSON array of answers, each with its position `n` in the batch. Per rate-limit key and
 * window, `counted` numbers the batch's answers in arrival order; `rl` adds them all to the
 * counter at once (a row may be updated only once per statement) and returns the new total, so
 * the k-th answer of m for that key saw `total - m + k` hits, as one statement per answer would.
 * Review ids are unique within a batch (the batcher keeps a second answer with the same id for
 * the next one). Rows are locked in key order: two batches running at once never deadlock.
 */
export const FIRST_ANSWER_BATCH_SQL = `
WITH input AS (
  SELECT * FROM json_to_recordset($1::text::json)
    AS t(n int, placement_id uuid, rl_key text, window_start timestamptz, version_id uuid, review_id uuid, source text, satisfaction smallint, at timestamptz,
         ip_hash text, spam_score smallint, spam_reasons text, spam_status text)
), pl AS (
  SELECT i.n, p.id, p.service_id, s.organisation_id, f.current_version_id
  FROM input i
  JOIN feedback_placements p ON p.id = i.placement_id AND p.enabled
  JOIN feedback_services s ON s.id = p.service_id AND s.archived_at IS NULL
  JOIN feedback_forms f ON f.id = p.form_id
), counted AS (
  SELECT i.n, i.rl_key, i.window_start,
         row_number() OVER (PARTITION BY i.rl_key, i.window_start ORDER BY i.n) AS ordinal,
         count(*) OVER (PARTITION BY i.rl_key, i.window_start) AS in_batch
  FROM input i JOIN pl ON pl.n = i.n
  WHERE pl.current_version_id = i.version_id
), rl AS (
  INSERT INTO rate_limits (key, window_start, hits)
  SELECT rl_key, window_start, count(*)::int FROM counted GROUP BY rl_key, window_start ORDER BY rl_key, window_start
  ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + EXCLUDED.hits
  RETURNING key, window_start, hits
), hit AS (
  SELECT c.n, (rl.hits - c.in_batch + c.ordinal)::int AS hits
  FROM counted c JOIN rl ON rl.key = c.rl_key AND rl.window_start = c.window_start
), ins AS (
  INSERT INTO feedback_reviews (id, organisation_id, service_id, placement_id, form_version_id, source, satisfaction, created_at, updated_at,
                                ip_hash, spam_score, spam_reasons, spam_status)
  SELECT i.review_id, pl.organisation_id, pl.service_id, pl.id, pl.current_version_id, i.source, i.satisfaction, i.at, i.at,
         i.ip_hash, i.spam_score, string_to_array(i.spam_reasons, ','), i.spam_status
  FROM input i JOIN pl ON pl.n = i.n JOIN hit ON hit.n = i.n
  WHERE hit.hits <= ${REVIEW_RATE_LIMIT.limit}
  ORDER BY i.review_id
  ON CONFLICT (id) DO UPDATE SET satisfaction = EXCLUDED.satisfaction, updated_at = EXCLUDED.updated_at
    WHERE feedback_reviews.placement_id = EXCLUDED.placement_id
      AND feedback_reviews.clarity IS NULL AND feedback_reviews.help_needed IS NULL AND feedback_reviews.completed_at IS NULL
      AND feedback_reviews.created_at > EXCLUDED.created_at - interval '1 hour'
  RETURNING id
)
SELECT i.n, (CASE WHEN pl.n IS NULL THEN 0 ELSE 1 END)::int AS placements, pl.current_version_id, hit.hits, ins.id AS review_id
FROM input i
LEFT JOIN pl ON pl.n = i.n
LEFT JOIN hit ON hit.n = i.n
LEFT JOIN ins ON ins.id = i.review_id
ORDER BY i.n`

export function batchParameter(answers: readonly FirstAnswerParams[]): string {
  return JSON.stringify(
    answers.map((answer, n) => ({
      n,
      placement_id: answer.placementId,
      rl_key: answer.rateLimitKey,
      window_start: answer.windowStart.toISOString(),
      version_id: answer.versionId,
      review_id: answer.reviewId,
      source: answer.source,
      satisfaction: answer.satisfaction,
      at: answer.at.toISOString(),
      // The spam score, computed in memory before the batch (decision 101).
      ip_hash: answer.ipHash,
      spam_score: answer.spamScore,
      spam_reasons: answer.spamReasons.join(','),
      spam_status: answer.spamStatus,
    })),
  )
}

export interface BatchOptions {
  /** Most answers in one statement. */
  maxSize: number
  /** Longest an answer waits for others before its batch leaves (ms). */
  maxWaitMs: number
  /** Batches sent at once (each on its own connection). */
  maxInFlight: number
  /** Answers waiting beyond this are refused at once (503): memory stays bounded under a flood. */
  maxQueued: number
}

/**
 * Measured with the ingest bench (decision 090, complement of 7 December, quiet machine): one batch
 * at a time, sent at the next turn of the event loop, did best (×0.90 of the bare server against
 * ×0.71 for two at once and ×0.75 with a 1 ms wait). What arrives while a batch is written leaves
 * as the next batch as soon as it is committed, so batches grow with the traffic.
 */
export const DEFAULT_BATCH_OPTIONS: BatchOptions = { maxSize: 64, maxWaitMs: 0, maxInFlight: 1, maxQueued: 2_000 }

/** Too many answers already waiting: the caller answers 503 with a delay. */
export class IngestOverloadedError extends Error {
  constructor() {
    super('trop d’avis en attente d’écriture')
    this.name = 'IngestOverloadedError'
  }
}

export interface BatchStats {
  /** Statements sent that wrote a batch (one transaction each), single answers included. */
  batches: number
  answers: number
  largest: number
  /** Batches refused by the database and retried answer by answer. */
  retriedOneByOne: number
  overloaded: number
  queued: number
  inFlight: number
}

interface Pending {
  answer: FirstAnswerParams
  resolve: (row: FirstAnswerRow) => void
  reject: (error: unknown) => void
}

/**
 * A statement refused by PostgreSQL (a constraint, a trigger, a deadlock) may come from one bad
 * answer: the batch is retried answer by answer, each in its own transaction, so the others are
 * still recorded. A lost or refused connection, or a server shutting down, fails every answer
 * of the batch at once (503) without sending more to a database that is not there.
 */
export function isStatementError(error: unknown): boolean {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown }
  return typeof severity === 'string' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|53|57)/.test(code)
}

export function createFirstAnswerBatcher(execute: StatementExecutor, options: Partial<BatchOptions> = {}): FirstAnswerWriter & {
  stats(): BatchStats
  /** Sends what waits and resolves once every batch has been answered. */
  drain(): Promise<void>
} {
  const settings = { ...DEFAULT_BATCH_OPTIONS, ...options }
  const queue: Pending[] = []
  const running = new Set<Promise<void>>()
  /** Review ids of the batches being written: a second answer with one of them waits for that batch. */
  const writing = new Set<string>()
  let timer: NodeJS.Timeout | null = null
  const stats = { batches: 0, answers: 0, largest: 0, retriedOneByOne: 0, overloaded: 0 }

  const writeOne = async (answer: FirstAnswerParams) => {
    stats.batches += 1
    return (await execute(FIRST_ANSWER_SQL, firstAnswerStatementParameters(answer)))[0]!
  }

  async function run(batch: Pending[]): Promise<void> {
    for (const pending of batch) writing.add(pending.answer.reviewId)
    try {
      await write(batch)
    } finally {
      for (const pending of batch) writing.delete(pending.answer.reviewId)
    }
  }

  async function write(batch: Pending[]): Promise<void> {
    stats.answers += batch.length
    stats.largest = Math.max(stats.largest, batch.length)
    try {
      if (batch.length === 1) {
        batch[0]!.resolve(await writeOne(batch[0]!.answer))
        return
      }
      stats.batches += 1
      const rows = await execute(FIRST_ANSWER_BATCH_SQL, [batchParameter(batch.map((pending) => pending.answer))])
      // Rows come back in batch order (ORDER BY n), one per answer.
      batch.forEach((pending, index) => pending.resolve(rows[index]!))
    } catch (error) {
      if (batch.length === 1 || !isStatementError(error)) {
        for (const pending of batch) pending.reject(error)
        return
      }
      stats.retriedOneByOne += 1
      await Promise.all(batch.map((pending) => writeOne(pending.answer).then(pending.resolve, pending.reject)))
    }
  }

  /**
   * The oldest answers, up to maxSize, at most one per review id: a double click waits until the
   * batch with the first answer is committed, and then updates it, in the order of the clicks.
   */
  function takeBatch(): Pending[] {
    const batch: Pending[] = []
    const ids = new Set<string>()
    for (let index = 0; index < queue.length && batch.length < settings.maxSize; ) {
      const pending = queue[index]!
      if (ids.has(pending.answer.reviewId) || writing.has(pending.answer.reviewId)) {
        index += 1
        continue
      }
      ids.add(pending.answer.reviewId)
      batch.push(pending)
      queue.splice(index, 1)
    }
    return batch
  }

  function flush() {
    if (timer) {
      clearTimeout(timer)
      timer = null
    }
    while (running.size < settings.maxInFlight && queue.length > 0) {
      const batch = takeBatch()
      if (batch.length === 0) break
      const done: Promise<void> = run(batch).finally(() => {
        running.delete(done)
        // What arrived while this batch was written has waited already: it leaves now.
        if (queue.length > 0) flush()
      })
      running.add(done)
    }
  }

  function schedule() {
    if (running.size >= settings.maxInFlight) return
    if (queue.length >= settings.maxSize) flush()
    else if (!timer) timer = setTimeout(flush, settings.maxWaitMs)
  }

  return {
    write(answer) {
      if (queue.length >= settings.maxQueued) {
        stats.overloaded += 1
        return Promise.reject(new IngestOverloadedError())
      }
      return new Promise<FirstAnswerRow>((resolve, reject) => {
        queue.push({ answer, resolve, reject })
        schedule()
      })
    },
    stats: () => ({ ...stats, queued: queue.length, inFlight: running.size }),
    async drain() {
      flush()
      while (running.size > 0 || queue.length > 0) {
        await Promise.allSettled([...running])
        flush()
      }
    },
  }
}

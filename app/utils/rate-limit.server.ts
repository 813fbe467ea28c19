import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { now as clockNow } from './clock.server.ts'

export interface RateLimitRule {
  /** Maximum hits allowed in one window. */
  limit: number
  /** Window length in seconds. */
  windowSeconds: number
}

export interface RateLimitResult {
  allowed: boolean
  hits: number
  /** Seconds until the current window ends. */
  retryAfter: number
}

/**
 * Counts one hit for `key` in a fixed time window stored in PostgreSQL, so the limit holds
 * across every app process. One upsert per call.
 */
export async function hitRateLimit(
  db: Db,
  key: string,
  rule: RateLimitRule,
  at: Date = clockNow(),
): Promise<RateLimitResult> {
  const { windowStart, retryAfter } = rateLimitWindow(rule, at)
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow()
  return { allowed: row.hits <= rule.limit, hits: row.hits, retryAfter }
}

/**
 * The fixed window `at` falls in, and the seconds until it ends. Exported for statements that
 * count a hit in `rate_limits` as part of a larger query (the review ingest does it in one round trip).
 */
export function rateLimitWindow(rule: RateLimitRule, at: Date): { windowStart: Date; retryAfter: number } {
  const windowMs = rule.windowSeconds * 1000
  const windowStart = new Date(Math.floor(at.getTime() / windowMs) * windowMs)
  const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - at.getTime()) / 1000))
  return { windowStart, retryAfter }
}

/** Checks several rules; the request is allowed only if every one allows it. */
export async function hitRateLimits(
  db: Db,
  checks: Array<{ key: string; rule: RateLimitRule }>,
  at: Date = clockNow(),
): Promise<RateLimitResult> {
  let worst: RateLimitResult = { allowed: true, hits: 0, retryAfter: 0 }
  for (const check of checks) {
    const result = await hitRateLimit(db, check.key, check.rule, at)
    if (!result.allowed && (worst.allowed || result.retryAfter > worst.retryAfter)) worst = result
  }
  return worst
}

/** Deletes windows that ended more than a day ago (run by a daily job). */
export async function purgeRateLimits(db: Db, at: Date = clockNow()): Promise<number> {
  const result = await db
    .deleteFrom('rate_limits')
    .where('window_start', '<', new Date(at.getTime() - 24 * 3600 * 1000))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

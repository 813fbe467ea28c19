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

const DAY_SECONDS = 24 * 3600

/**
 * Keys of windows longer than a day start with this prefix: the daily purge keeps their rows
 * until the window is over (a monthly budget purged after a day would start again from zero).
 */
export const LONG_WINDOW_PREFIX = 'long:'
/** The longest window a `long:` key may have; the purge keeps rows that long. */
export const LONGEST_WINDOW_SECONDS = 31 * DAY_SECONDS

function assertPurgeKeepsWindow(key: string, rule: RateLimitRule): void {
  const long = key.startsWith(LONG_WINDOW_PREFIX)
  if ((rule.windowSeconds > DAY_SECONDS && !long) || rule.windowSeconds > LONGEST_WINDOW_SECONDS) {
    throw new Error(`Limite de débit « ${key} » : une fenêtre de plus d’un jour exige le préfixe ${LONG_WINDOW_PREFIX} (31 jours au plus).`)
  }
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
  assertPurgeKeepsWindow(key, rule)
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
 * Gives back one hit counted at `at` (same window): a budget of failures counts every attempt
 * before checking it, so that concurrent attempts cannot overrun it, then refunds the ones
 * that succeeded.
 */
export async function refundRateLimit(db: Db, key: string, rule: RateLimitRule, at: Date): Promise<void> {
  const { windowStart } = rateLimitWindow(rule, at)
  await db
    .updateTable('rate_limits')
    .set({ hits: sql`greatest(rate_limits.hits - 1, 0)` })
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .execute()
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

/**
 * Deletes windows that are over (run by a daily job): windows of a day at most once they started
 * more than a day ago, `long:` windows once they started more than 31 days ago.
 */
export async function purgeRateLimits(db: Db, at: Date = clockNow()): Promise<number> {
  const result = await db
    .deleteFrom('rate_limits')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('window_start', '<', new Date(at.getTime() - DAY_SECONDS * 1000)),
          eb('key', 'not like', `${LONG_WINDOW_PREFIX}%`),
        ]),
        eb('window_start', '<', new Date(at.getTime() - LONGEST_WINDOW_SECONDS * 1000)),
      ]),
    )
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

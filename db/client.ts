import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import postgres from 'postgres'
import type { DB } from './schema.ts'
import { countQuery } from '#app/utils/logger.server.ts'
import { PostgresPoolDialect } from './postgres-dialect.ts'
import { DatabaseUnavailableError, mapUnavailableErrors } from './unavailable.ts'

export type Db = Kysely<DB>

export type DbDriver = 'postgres' | 'pglite'

export interface DbHandle {
  db: Db
  driver: DbDriver
  /** Connection string, only for the postgres driver (pg-boss needs its own pool). */
  url?: string
  /** The embedded database itself, only for the pglite driver. */
  pglite?: PGlite
  close(): Promise<void>
}

export interface CreateDbOptions {
  /** postgres:// URL. When absent, an embedded PGlite database is used. */
  url?: string
  /** PGlite data directory, or 'memory' for an in-memory database. */
  pgliteDir?: string
  /** A PGlite data directory dump to start the in-memory database from (tests: a migrated template). */
  pgliteTemplate?: Blob
  /** Pool size for the postgres driver. */
  max?: number
  /** What to throw when PostgreSQL is unreachable (default: DatabaseUnavailableError). */
  onUnavailable?: (error: unknown) => unknown
}

// Both drivers must return the same JavaScript types: counts and bigints as numbers, numerics as
// numbers, `date` as 'YYYY-MM-DD' strings, timestamps as Date, json as parsed values.
// tests/integration/db-types.test.ts proves it on both.
const INT8 = 20
const NUMERIC = 1700
const DATE = 1082

export async function createDb(options: CreateDbOptions = {}): Promise<DbHandle> {
  if (options.url) {
    const sql = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      connection: { application_name: 'aic', TimeZone: 'UTC' },
      // Fail fast when the server is down instead of leaving requests hanging.
      connect_timeout: 5,
      // postgres.js waits before reconnecting a connection that failed, up to 10–20 s by default
      // after a few failures, and a request queued for that connection waits as long: while
      // PostgreSQL is stopped, pages took more than 15 s to answer their 503
      // (tests/faults/database-mixed-traffic.test.ts). At most 1 s between attempts.
      backoff: (retries: number) => Math.min(0.1 * 2 ** retries, 1),
      types: {
        numberish: { to: NUMERIC, from: [INT8, NUMERIC], parse: Number, serialize: String },
        dateonly: { to: DATE, from: [DATE], parse: (value: string) => value, serialize: String },
      },
    })
    const toThrow = options.onUnavailable ?? ((error: unknown) => new DatabaseUnavailableError(error))
    const db = new Kysely<DB>({ dialect: mapUnavailableErrors(new PostgresPoolDialect(sql), toThrow), log: countQuery })
    return { db, driver: 'postgres', url: options.url, close: () => db.destroy() }
  }

  const dir = options.pgliteDir ?? './data/pglite'
  if (dir !== 'memory') mkdirSync(dir, { recursive: true })
  const pglite = new PGlite({
    dataDir: dir === 'memory' ? 'memory://' : dir,
    loadDataDir: dir === 'memory' ? options.pgliteTemplate : undefined,
    parsers: { [INT8]: Number, [NUMERIC]: Number, [DATE]: (value: string) => value },
  })
  await pglite.waitReady
  await pglite.exec(`SET TIME ZONE 'UTC'`)
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), log: countQuery })
  return { db, driver: 'pglite', pglite, close: () => db.destroy() }
}

/** Reads the database settings from the environment, as the app and the scripts do. */
export function dbOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CreateDbOptions {
  return {
    url: env.DATABASE_URL || undefined,
    pgliteDir: env.PGLITE_DIR || './data/pglite',
    max: env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined,
  }
}

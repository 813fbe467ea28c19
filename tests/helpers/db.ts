import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import postgres from 'postgres'
import { createDb, type Db, type DbHandle } from '#db/client.ts'
import { migrateToLatest } from '#db/migrate.ts'

export type TestDbDriver = 'pglite' | 'postgres'

export function testDriver(): TestDbDriver {
  return process.env.TEST_DB_DRIVER === 'postgres' ? 'postgres' : 'pglite'
}

/**
 * A migrated database of its own for one test file: an in-memory PGlite, or a fresh database
 * on the PostgreSQL server of DATABASE_URL (dropped by `close`). Open it once per file
 * (beforeAll) and `truncateAll` between tests.
 */
export async function createTestDb(): Promise<DbHandle> {
  if (testDriver() === 'pglite') {
    const handle = await createDb({ pgliteDir: 'memory' })
    await migrateToLatest(handle.db)
    return handle
  }
  const adminUrl = process.env.DATABASE_URL
  if (!adminUrl) throw new Error('TEST_DB_DRIVER=postgres demande DATABASE_URL')
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const handle = await createDb({ url: url.toString(), max: 5 })
  await migrateToLatest(handle.db)
  return {
    ...handle,
    async close() {
      await handle.close()
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}

/** Empties every table (not the migration bookkeeping), so each test starts clean. */
export async function truncateAll(db: Db): Promise<void> {
  const { rows } = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables
    WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_migration%'`.execute(db)
  if (!rows.length) return
  await sql.raw(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`).execute(db)
}

import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import postgres from 'postgres'
import { createDb, type Db, type DbHandle } from '#db/client.ts'
import { migrateToLatest } from '#db/migrate.ts'

export type TestDbDriver = 'pglite' | 'postgres'

export function testDriver(): TestDbDriver {
  return process.env.TEST_DB_DRIVER === 'postgres' ? 'postgres' : 'pglite'
}

/**
 * Fingerprint of the migrations: a migrated template is reused while it is unchanged.
 * (Starting PGlite and migrating costs seconds per test file; loading a dump or copying a
 * PostgreSQL template costs a fraction of that.)
 */
function migrationsFingerprint(): string {
  const dir = path.resolve('db/migrations')
  const hash = createHash('sha256')
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(path.join(dir, file)))
  return hash.digest('hex').slice(0, 16)
}

async function pgliteTemplate(): Promise<Blob> {
  const dir = path.join(os.tmpdir(), 'aic-test-templates')
  const file = path.join(dir, `pglite-${migrationsFingerprint()}.tar`)
  if (existsSync(file)) return new Blob([readFileSync(file)])
  const handle = await createDb({ pgliteDir: 'memory' })
  await migrateToLatest(handle.db)
  const dump = await handle.pglite!.dumpDataDir('none')
  await handle.close()
  mkdirSync(dir, { recursive: true })
  // Written aside then renamed: a parallel test file never reads half a template.
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
  renameSync(partial, file)
  return dump
}

async function postgresTemplate(admin: postgres.Sql, adminUrl: string): Promise<string> {
  const name = `aic_tmpl_${migrationsFingerprint()}`
  // One test file builds the template; the others wait for it (session lock: CREATE DATABASE
  // cannot run in a transaction; `admin` has a single connection).
  await admin`SELECT pg_advisory_lock(hashtext(${name}))`
  try {
    const [existing] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`
    if (!existing) {
      const building = `${name}_b${randomBytes(3).toString('hex')}`
      await admin.unsafe(`CREATE DATABASE ${building}`)
      const url = new URL(adminUrl)
      url.pathname = `/${building}`
      const handle = await createDb({ url: url.toString(), max: 1 })
      await migrateToLatest(handle.db)
      await handle.close()
      await admin.unsafe(`ALTER DATABASE ${building} RENAME TO ${name}`)
    }
  } finally {
    await admin`SELECT pg_advisory_unlock(hashtext(${name}))`
  }
  return name
}

/**
 * A migrated database of its own for one test file: an in-memory PGlite, or a fresh database
 * on the PostgreSQL server of DATABASE_URL (dropped by `close`). Open it once per file
 * (beforeAll) and `truncateAll` between tests.
 */
export async function createTestDb(): Promise<DbHandle> {
  if (testDriver() === 'pglite') {
    return createDb({ pgliteDir: 'memory', pgliteTemplate: await pgliteTemplate() })
  }
  const adminUrl = process.env.DATABASE_URL
  if (!adminUrl) throw new Error('TEST_DB_DRIVER=postgres demande DATABASE_URL')
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  const template = await postgresTemplate(admin, adminUrl)
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const handle = await createDb({ url: url.toString(), max: 5 })
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

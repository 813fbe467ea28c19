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

const tablesOf = new WeakMap<Db, string[]>()

/** The application's tables (not the migration bookkeeping), read once per database: the migrations do not change during a file. */
export async function publicTables(db: Db): Promise<string[]> {
  const known = tablesOf.get(db)
  if (known) return known
  const { rows } = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_migration%' ORDER BY tablename`.execute(db)
  const tables = rows.map((r) => r.tablename)
  tablesOf.set(db, tables)
  return tables
}

export const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`

/** Those of the application's tables that hold a row, in one query. */
export async function filledTables(db: Db): Promise<string[]> {
  const tables = await publicTables(db)
  if (!tables.length) return []
  const query = tables.map((name) => `SELECT '${name}' AS name WHERE EXISTS (SELECT 1 FROM public.${quoteName(name)})`).join(' UNION ALL ')
  return (await sql.raw<{ name: string }>(query).execute(db)).rows.map((r) => r.name)
}

/**
 * Empties every table (not the migration bookkeeping), so each test starts clean, and puts every used sequence back
 * at its start. Only the tables that hold rows are truncated, in one statement: on PostgreSQL a TRUNCATE of all
 * ~90 tables cost 1.2–1.8 s per test (each gets a new file), most of them empty.
 */
export async function truncateAll(db: Db): Promise<void> {
  const filled = await filledTables(db)
  if (filled.length) await sql.raw(`TRUNCATE ${filled.map((name) => `public.${quoteName(name)}`).join(', ')} RESTART IDENTITY CASCADE`).execute(db)
  // A sequence of a table emptied by the test itself (rows inserted, then deleted) is not restarted by the TRUNCATE.
  const { rows: used } = await sql<{ name: string }>`
    SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL`.execute(db)
  for (const { name } of used) await sql.raw(`ALTER SEQUENCE public.${quoteName(name)} RESTART`).execute(db)
}

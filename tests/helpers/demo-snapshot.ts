// The demo seed in the integration tests, replayed (decision 114). `seedDemo` goes through the domain verbs people use
// (issue 18, point 7): about 1,400 queries, 2.5–4 s, and some 200 tests seed it before each test, on both drivers.
// The first test of a file seeds it for real, and its rows are copied aside in the file's own database (schema
// `test_snapshot`); the next tests get the same rows back in one transaction, while the clock has not moved.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { seedDemo, type SeedContext } from '#db/seed.ts'
import { sampleFiles } from '#db/seeds/accelerator.ts'
import { clockOffset, now } from '#app/utils/clock.server.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { filledTables, quoteName } from './db.ts'

/** How long a copy stays valid: the seed's "now" (e-mails of today, open reviews…) moves by at most this much. */
const FRESH_MS = 90_000

interface Snapshot {
  takenAt: number
  offset: number
  day: string
  tables: Array<{ name: string; columns: string[] }>
  sequences: Array<{ name: string; value: number }>
  result: Omit<SeedContext, 'db'>
}

const snapshots = new WeakMap<Db, Snapshot>()

/** The columns a copy writes back: not the generated ones (PostgreSQL computes them again). */
async function writableColumns(db: Db, table: string): Promise<string[]> {
  const { rows } = await sql<{ attname: string }>`
    SELECT a.attname FROM pg_attribute a
    WHERE a.attrelid = ${`public.${quoteName(table)}`}::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
    ORDER BY a.attnum`.execute(db)
  return rows.map((r) => r.attname)
}

async function take(db: Db, result: Omit<SeedContext, 'db'>, takenAt: Date): Promise<Snapshot> {
  const names = await filledTables(db)
  const tables: Snapshot['tables'] = []
  await sql`DROP SCHEMA IF EXISTS test_snapshot CASCADE`.execute(db)
  await sql`CREATE SCHEMA test_snapshot`.execute(db)
  for (const name of names) {
    const columns = await writableColumns(db, name)
    const list = columns.map(quoteName).join(', ')
    await sql.raw(`CREATE TABLE test_snapshot.${quoteName(name)} AS SELECT ${list} FROM public.${quoteName(name)}`).execute(db)
    tables.push({ name, columns })
  }
  const { rows } = await sql<{ name: string; value: string }>`
    SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL`.execute(db)
  const sequences = rows.map((r) => ({ name: r.name, value: Number(r.value) }))
  return { takenAt: takenAt.getTime(), offset: clockOffset(), day: parisDay(takenAt), tables, sequences, result }
}

async function restore(db: Db, snapshot: Snapshot): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Rows go back as they were: no trigger (the rollups are copied with the rest), no foreign-key order.
    await sql`SET LOCAL session_replication_role = replica`.execute(trx)
    for (const { name, columns } of snapshot.tables) {
      const list = columns.map(quoteName).join(', ')
      await sql.raw(`INSERT INTO public.${quoteName(name)} (${list}) SELECT ${list} FROM test_snapshot.${quoteName(name)}`).execute(trx)
    }
    for (const { name, value } of snapshot.sequences) await sql`SELECT setval(${`public.${quoteName(name)}`}::regclass, ${value})`.execute(trx)
  })
  // The sample attachments live in the file storage, which no truncation empties; a test may have removed them.
  await sampleFiles()
}

/**
 * `seedDemo` for a test that starts on empty tables: seeded for real the first time in this database, or when the
 * clock has moved since (more than FRESH_MS, another Paris day, another test offset), or when a table is not empty;
 * otherwise the rows of the last real seeding, copied back.
 */
export async function seedDemoForTest(db: Db): Promise<SeedContext> {
  const snapshot = snapshots.get(db)
  const at = now()
  const empty = (await filledTables(db)).length === 0
  const fresh = snapshot && snapshot.offset === clockOffset() && at.getTime() - snapshot.takenAt < FRESH_MS && snapshot.day === parisDay(at)
  if (empty && snapshot && fresh) {
    await restore(db, snapshot)
    return { ...snapshot.result, db }
  }
  const seeded = await seedDemo(db)
  if (empty) snapshots.set(db, await take(db, { users: seeded.users, organisationId: seeded.organisationId }, at))
  return seeded
}

// The Kysely dialect on postgres.js (db/postgres-dialect.ts, decision 080): a query outside a
// transaction goes to the pool (pipelined, no connection reserved); a transaction pins one
// connection from BEGIN to COMMIT or ROLLBACK. PostgreSQL only (PGlite has one connection).
import { Kysely, sql } from 'kysely'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import { PostgresPoolDialect } from '#db/postgres-dialect.ts'
import { createTestDb, testDriver } from '#tests/helpers/db.ts'

describe.runIf(testDriver() === 'postgres')('dialecte PostgreSQL : le pool hors transaction, une connexion par transaction', () => {
  let handle: DbHandle
  let pool: postgres.Sql
  let db: Kysely<unknown>
  let reservations = 0

  beforeAll(async () => {
    handle = await createTestDb()
    pool = postgres(handle.url!, { max: 2, onnotice: () => {} })
    const reserve = pool.reserve.bind(pool)
    pool.reserve = () => (reservations++, reserve())
    db = new Kysely({ dialect: new PostgresPoolDialect(pool) })
  })
  afterAll(async () => {
    await db?.destroy()
    await handle?.close()
  })

  const backend = async (executor: Kysely<unknown>) => (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(executor)).rows[0]!.pid

  it('30 requêtes simultanées sur un pool de 2 : aucune ne réserve de connexion, toutes aboutissent', async () => {
    const before = reservations
    const pids = await Promise.all(Array.from({ length: 30 }, () => backend(db)))
    expect(reservations - before).toBe(0)
    expect(new Set(pids).size).toBeLessThanOrEqual(2)
  })

  it('une transaction garde une seule connexion, et son annulation défait ce qu’elle a écrit', async () => {
    const before = reservations
    await sql`CREATE TABLE IF NOT EXISTS dialect_probe (n int)`.execute(db)
    const pids = await db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('aic.probe', 'pinned', true)`.execute(trx)
      const seen = await sql<{ value: string }>`SELECT current_setting('aic.probe') AS value`.execute(trx)
      expect(seen.rows[0]!.value).toBe('pinned')
      return Promise.all([backend(trx), backend(trx), backend(trx)])
    })
    expect(new Set(pids).size).toBe(1)
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`INSERT INTO dialect_probe VALUES (1)`.execute(trx)
        throw new Error('annulée')
      }),
    ).rejects.toThrow('annulée')
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM dialect_probe`.execute(db)).rows[0]!.n).toBe(0)
    expect(reservations - before).toBe(2)
    // Both reservations were given back: the pool still serves every query.
    expect(await Promise.all(Array.from({ length: 10 }, () => backend(db)))).toHaveLength(10)
  })

  it('une lecture en flux (curseur) rend toutes les lignes, par paquets', async () => {
    const chunks: number[] = []
    const query = sql<{ n: number }>`SELECT generate_series(1, 250) AS n`.compile(db)
    await db.getExecutor().provideConnection(async (connection) => {
      for await (const chunk of connection.streamQuery<{ n: number }>(query, 100)) chunks.push(chunk.rows.length)
    })
    expect(chunks).toEqual([100, 100, 50])
  })
})

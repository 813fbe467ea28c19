import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import { createTestDb, testDriver } from '#tests/helpers/db.ts'

let handle: DbHandle
beforeAll(async () => {
  handle = await createTestDb()
})
afterAll(() => handle.close())

describe(`les deux pilotes rendent les mêmes types (${testDriver()})`, () => {
  it('comptes, bigint, numeric, dates, horodatages, json, tableaux', async () => {
    await sql`CREATE TEMP TABLE types_probe (j jsonb, t text[])`.execute(handle.db)
    await sql`INSERT INTO types_probe VALUES (${JSON.stringify({ a: [1, 'deux'] })}::text::jsonb, ${['x', 'y']})`.execute(handle.db)
    const { rows } = await sql<Record<string, unknown>>`
      SELECT count(*) AS n,
             12345678901::bigint AS big,
             avg(x)::numeric(10, 2) AS average,
             1.5::numeric AS num,
             '2026-01-26'::date AS day,
             '2026-01-26T10:00:00Z'::timestamptz AS at,
             (SELECT j FROM types_probe) AS doc,
             (SELECT t FROM types_probe) AS list,
             true AS flag
      FROM (VALUES (1), (2), (4)) AS v(x)`.execute(handle.db)
    const row = rows[0]!
    expect(row.n).toBe(3)
    expect(row.big).toBe(12345678901)
    expect(row.average).toBe(2.33)
    expect(row.num).toBe(1.5)
    expect(row.day).toBe('2026-01-26')
    expect(row.at).toBeInstanceOf(Date)
    expect((row.at as Date).toISOString()).toBe('2026-01-26T10:00:00.000Z')
    expect(row.doc).toEqual({ a: [1, 'deux'] })
    expect(row.list).toEqual(['x', 'y'])
    expect(row.flag).toBe(true)
  })

  it('un objet JavaScript passé à une colonne jsonb est stocké comme objet', async () => {
    await handle.db
      .insertInto('audit_log')
      .values({ action: 'test', subject_type: 't', subject_id: '1', actor_id: null, actor_label: null, request_id: null, data: { liste: [1, 2], texte: 'é' } })
      .execute()
    const row = await handle.db
      .selectFrom('audit_log')
      .select(['data', sql<string>`jsonb_typeof(data)`.as('kind')])
      .executeTakeFirstOrThrow()
    expect(row.kind).toBe('object')
    expect(row.data).toEqual({ liste: [1, 2], texte: 'é' })
  })
})

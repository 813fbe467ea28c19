// Migration 0023 (issue 18 point 3, decision 111): the ways a person sought help move from French to English, in the
// reviews' arrays and in the names of the rollup measures that count them, and the rollup trigger counts the English
// values from then on. What the rollups already counted is kept (the rewrite is not counted twice), and the way down
// gives the French arrays and columns back. Runs on PGlite and on PostgreSQL.
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import * as m0023 from '#db/migrations/0023-vocabulaire-des-moyens-d-aide.ts'
import { createTestDb } from '#tests/helpers/db.ts'

let handle: DbHandle
beforeAll(async () => {
  handle = await createTestDb()
})
afterAll(() => handle.close())

describe('migration 0023 : les moyens d’aide en anglais', () => {
  it('réécrit les tableaux et renomme les mesures sans compter deux fois, le déclencheur compte ensuite l’anglais, et se défait', async () => {
    const db = handle.db
    const organisation = await db.insertInto('organisations').values({ slug: 'vocabulaire-0023', name: 'Ministère 0023' }).returning('id').executeTakeFirstOrThrow()
    const service = await db.insertInto('feedback_services').values({ organisation_id: organisation.id, name: 'Service 0023' }).returning('id').executeTakeFirstOrThrow()
    const insert = async (channels: string[]) => {
      const id = randomUUID()
      await sql`INSERT INTO feedback_reviews (id, organisation_id, service_id, placement_id, form_version_id, satisfaction, help_needed, help_channels)
                VALUES (${id}, ${organisation.id}, ${service.id}, ${randomUUID()}, ${randomUUID()}, 2, true, ${channels}::text[])`.execute(db)
      return id
    }
    const totals = async (names: string[]) => {
      const sums = names.map((name) => `coalesce(sum(${name}), 0)::int AS ${name}`).join(', ')
      return (await sql.raw<Record<string, number>>(`SELECT ${sums} FROM feedback_stat_deltas`).execute(db)).rows[0]
    }
    const channels = async () => (await db.selectFrom('feedback_reviews').select('help_channels').orderBy('created_at').orderBy('id').execute()).map((r) => [...r.help_channels].sort())

    await m0023.down(db)
    const first = await insert(['guichet', 'telephone'])
    await insert(['proche', 'email', 'autre'])
    await insert(['internet'])
    const french = ['ch_guichet', 'ch_telephone', 'ch_proche', 'ch_autre', 'ch_email', 'ch_internet']
    expect(await totals(french)).toEqual({ ch_guichet: 1, ch_telephone: 1, ch_proche: 1, ch_autre: 1, ch_email: 1, ch_internet: 1 })
    const before = await channels()

    await m0023.up(db)
    const english = ['ch_counter', 'ch_phone', 'ch_relative', 'ch_other', 'ch_email', 'ch_internet']
    // The same counts under the English names: the rewrite of the arrays was not counted again.
    expect(await totals(english)).toEqual({ ch_counter: 1, ch_phone: 1, ch_relative: 1, ch_other: 1, ch_email: 1, ch_internet: 1 })
    expect(await channels()).toEqual([['counter', 'phone'], ['email', 'other', 'relative'], ['internet']])
    for (const table of ['feedback_stats_daily', 'feedback_stats_service_daily', 'feedback_stats_service_monthly', 'feedback_stats_org_daily']) {
      const columns = await sql<{ column_name: string }>`SELECT column_name FROM information_schema.columns WHERE table_name = ${table} AND column_name LIKE 'ch\\_%'`.execute(db)
      expect(columns.rows.map((c) => c.column_name).sort(), table).toEqual(['ch_association', 'ch_chat', 'ch_counter', 'ch_email', 'ch_internet', 'ch_other', 'ch_phone', 'ch_relative'])
    }
    // The trigger counts the English values: a new review, and a change of channels on an old one.
    await insert(['counter'])
    await db.updateTable('feedback_reviews').set({ help_channels: ['phone'] }).where('id', '=', first).execute()
    expect(await totals(english)).toEqual({ ch_counter: 1, ch_phone: 1, ch_relative: 1, ch_other: 1, ch_email: 1, ch_internet: 1 })
    await db.updateTable('feedback_reviews').set({ help_channels: ['counter', 'phone'] }).where('id', '=', first).execute()
    expect(await totals(english)).toEqual({ ch_counter: 2, ch_phone: 1, ch_relative: 1, ch_other: 1, ch_email: 1, ch_internet: 1 })

    await m0023.down(db)
    expect(await totals(french)).toEqual({ ch_guichet: 2, ch_telephone: 1, ch_proche: 1, ch_autre: 1, ch_email: 1, ch_internet: 1 })
    expect((await channels()).slice(0, 3)).toEqual(before)
    await m0023.up(db)
  })
})

// Migration 0024 (issue 18 point 3, decision 112): an application's attachment kinds and its members' roles move from
// French to English, and so do the attachments a correction request names. Rows written with the French values become
// the English ones, the CHECK constraints — found by their definition, whatever their name — then refuse the French
// values, the file names people download do not change, and the way down gives the French rows back. Runs on PGlite
// and on PostgreSQL.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import * as m0024 from '#db/migrations/0024-vocabulaire-des-pieces-jointes-et-des-roles.ts'
import { createApplicationRow, createCallRow, createUser } from '#tests/helpers/accelerator.ts'
import { createTestDb } from '#tests/helpers/db.ts'

let handle: DbHandle
beforeAll(async () => {
  handle = await createTestDb()
})
afterAll(() => handle.close())

type Row = Record<string, unknown>

describe('migration 0024 : les pièces jointes et les rôles des membres en anglais', () => {
  it('réécrit types de pièces, rôles et champs des demandes de correction, refuse ensuite le français, et se défait', async () => {
    const db = handle.db
    const callId = await createCallRow(db)
    const leader = await createUser(db, 'porteuse-0024@exemple.fr', 'Porteuse')
    const coLeader = await createUser(db, 'coporteur-0024@exemple.fr', 'Co-porteur')
    const applicationId = await createApplicationRow(db, { callId, ownerId: leader, withFiles: false })

    await m0024.down(db)
    // The checks under other names than down gives them: up must find them by what they say.
    for (const [table, column, values] of [
      ['application_files', 'kind', `'statuts', 'comptes', 'autre'`],
      ['application_members', 'role', `'porteur', 'co_porteur'`],
    ] as const) {
      await sql.raw(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_${column}_check`).execute(db)
      await sql.raw(`ALTER TABLE ${table} ADD CONSTRAINT ancienne_${column} CHECK (${column} IN (${values}))`).execute(db)
    }
    await expect(sql`UPDATE application_members SET role = 'leader'`.execute(db)).rejects.toThrow(/ancienne_role/)

    // Written as before the migration.
    await sql`INSERT INTO application_members (application_id, user_id, role, added_by) VALUES (${applicationId}, ${coLeader}, 'co_porteur', ${leader})`.execute(db)
    for (const [kind, name] of [
      ['statuts', 'statuts-jardin.pdf'],
      ['comptes', 'comptes-2025-jardin.pdf'],
      ['autre', 'charte-jardin.pdf'],
    ]) {
      await sql`INSERT INTO application_files (application_id, kind, original_name, content_type, size_bytes, sha256, storage_key)
                VALUES (${applicationId}, ${kind}, ${name}, 'application/pdf', 10, 'x', ${`applications/${applicationId}/${kind}`})`.execute(db)
    }
    const frenchFields = [
      { section: 'budget', field: 'projectBudget' },
      { section: 'attachments', field: 'comptes' },
      { section: 'attachments', field: 'statuts' },
      // A project field that happens to bear the same word is not an attachment: it stays.
      { section: 'project', field: 'autre' },
    ]
    await db.updateTable('applications').set({ correction_request: { message: 'Corrigez.', fields: frenchFields, requestedAt: '2026-12-01T10:00:00.000Z' } }).execute()
    await db
      .insertInto('application_messages')
      .values([
        { application_id: applicationId, author_id: leader, from_team: true, body: 'Corrigez.', fields: frenchFields },
        { application_id: applicationId, author_id: leader, from_team: false, body: 'Sans champ.' },
      ])
      .execute()
    const updatedAt = (await sql<{ updated_at: Date }>`SELECT updated_at FROM applications`.execute(db)).rows[0]!.updated_at

    await m0024.up(db)
    const read = async (query: ReturnType<typeof sql<Row>>) =>
      (await query.execute(db)).rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0))
    expect(await read(sql<Row>`SELECT original_name, kind, storage_key FROM application_files`)).toEqual([
      // The names people download and the storage keys are not rewritten.
      { original_name: 'charte-jardin.pdf', kind: 'other', storage_key: `applications/${applicationId}/autre` },
      { original_name: 'comptes-2025-jardin.pdf', kind: 'accounts', storage_key: `applications/${applicationId}/comptes` },
      { original_name: 'statuts-jardin.pdf', kind: 'statutes', storage_key: `applications/${applicationId}/statuts` },
    ])
    expect(await read(sql<Row>`SELECT user_id, role FROM application_members`)).toEqual(
      [
        { user_id: leader, role: 'leader' },
        { user_id: coLeader, role: 'co_leader' },
      ].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
    )
    const englishFields = [
      { section: 'budget', field: 'projectBudget' },
      { section: 'attachments', field: 'accounts' },
      { section: 'attachments', field: 'statutes' },
      { section: 'project', field: 'autre' },
    ]
    const application = (await sql<Row>`SELECT correction_request, updated_at FROM applications`.execute(db)).rows[0]!
    expect(application.correction_request).toEqual({ message: 'Corrigez.', fields: englishFields, requestedAt: '2026-12-01T10:00:00.000Z' })
    expect(application.updated_at).toEqual(updatedAt)
    expect(await read(sql<Row>`SELECT body, fields FROM application_messages`)).toEqual([
      { body: 'Corrigez.', fields: englishFields },
      { body: 'Sans champ.', fields: [] },
    ])

    // The French values are refused from now on, under the names the checks have again.
    await expect(sql`UPDATE application_files SET kind = 'comptes'`.execute(db)).rejects.toThrow(/application_files_kind_check/)
    await expect(sql`UPDATE application_members SET role = 'porteur'`.execute(db)).rejects.toThrow(/application_members_role_check/)
    await expect(sql`UPDATE application_members SET role = 'co_porteur'`.execute(db)).rejects.toThrow(/application_members_role_check/)
    const checks = await sql<{ conname: string }>`
      SELECT conname FROM pg_constraint WHERE conrelid IN ('application_files'::regclass, 'application_members'::regclass) AND contype = 'c' ORDER BY conname`.execute(db)
    expect(checks.rows.map((row) => row.conname)).toEqual(['application_files_kind_check', 'application_members_role_check'])
    // Up again changes nothing.
    await m0024.up(db)
    expect(await read(sql<Row>`SELECT DISTINCT kind FROM application_files`)).toEqual([{ kind: 'accounts' }, { kind: 'other' }, { kind: 'statutes' }])
    expect((await sql<Row>`SELECT correction_request FROM applications`.execute(db)).rows[0]!.correction_request).toMatchObject({ fields: englishFields })

    // The way down gives the French values back, and refuses the English ones.
    await m0024.down(db)
    expect(await read(sql<Row>`SELECT DISTINCT kind FROM application_files`)).toEqual([{ kind: 'autre' }, { kind: 'comptes' }, { kind: 'statuts' }])
    expect(await read(sql<Row>`SELECT DISTINCT role FROM application_members`)).toEqual([{ role: 'co_porteur' }, { role: 'porteur' }])
    expect((await sql<Row>`SELECT correction_request FROM applications`.execute(db)).rows[0]!.correction_request).toMatchObject({ fields: frenchFields })
    expect((await sql<Row>`SELECT fields FROM application_messages WHERE from_team`.execute(db)).rows[0]!.fields).toEqual(frenchFields)
    await expect(sql`UPDATE application_files SET kind = 'accounts'`.execute(db)).rejects.toThrow(/application_files_kind_check/)
    await expect(sql`UPDATE application_members SET role = 'co_leader'`.execute(db)).rejects.toThrow(/application_members_role_check/)
    await m0024.up(db)
    expect(await read(sql<Row>`SELECT DISTINCT role FROM application_members`)).toEqual([{ role: 'co_leader' }, { role: 'leader' }])
  })
})

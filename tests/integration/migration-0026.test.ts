// Migration 0026 (issue 18 point 3, decision 115): the kinds of declared conflicts of interest and the answers of the
// eligibility checklist move from French to English. Conflict rows written in French, under a CHECK renamed, become
// English and the CHECK — found by its definition — then refuses the French kinds; each application's checklist has its
// values rewritten, keys kept, an unknown value kept, « modifié le » and the version untouched; a second run changes
// nothing, and the way down gives the French values back. Runs on PGlite and on PostgreSQL.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import * as m0026 from '#db/migrations/0026-vocabulaire-des-conflits-et-de-la-recevabilite.ts'
import { createApplicationRow, createCallRow, createUser } from '#tests/helpers/accelerator.ts'
import { createTestDb } from '#tests/helpers/db.ts'

let handle: DbHandle
beforeAll(async () => {
  handle = await createTestDb()
})
afterAll(() => handle.close())

describe('migration 0026 : les types de conflits et les réponses de la recevabilité en anglais', () => {
  it('réécrit les conflits et les listes de vérification, garde l’inconnu, refuse ensuite le français, ne touche pas « modifié le », et se défait', async () => {
    const db = handle.db
    const callId = await createCallRow(db)
    const leader = await createUser(db, 'porteuse-0026@exemple.fr', 'Porteuse')
    const reviewers = [] as string[]
    for (const index of [0, 1, 2, 3]) reviewers.push(await createUser(db, `jure-0026-${index}@exemple.fr`, `Juré ${index}`))
    const applicationId = await createApplicationRow(db, { callId, ownerId: leader, withFiles: false })
    const otherIds = [] as string[]
    for (const index of [0, 1, 2]) otherIds.push(await createApplicationRow(db, { callId, ownerId: await createUser(db, `porteur-0026-${index}@exemple.fr`), withFiles: false }))
    const [unknownId, emptyId, englishId] = otherIds as [string, string, string]

    await m0026.down(db)
    // The check under another name than down gives it: up must find it by what it says.
    await sql`ALTER TABLE scoring_conflicts DROP CONSTRAINT scoring_conflicts_kind_check`.execute(db)
    await sql`ALTER TABLE scoring_conflicts ADD CONSTRAINT ancien_type CHECK (kind IN ('personnel', 'professionnel', 'financier', 'autre'))`.execute(db)
    await expect(
      sql`INSERT INTO scoring_conflicts (call_id, application_id, user_id, kind, details, source) VALUES (${callId}, ${applicationId}, ${leader}, 'personal', 'x', 'reviewer')`.execute(db),
    ).rejects.toThrow(/ancien_type/)

    // Written as before the migration.
    const frenchKinds = ['personnel', 'professionnel', 'financier', 'autre']
    for (const [index, kind] of frenchKinds.entries()) {
      await sql`INSERT INTO scoring_conflicts (call_id, application_id, user_id, kind, details, source, status)
                VALUES (${callId}, ${applicationId}, ${reviewers[index]!}, ${kind}, ${`Lien ${index}`}, ${index === 3 ? 'leader' : 'reviewer'}, 'declared')`.execute(db)
    }
    const frenchChecks = { structure_kind: 'oui', legal_identity: 'non', general_interest: 'a_verifier', attachments: 'oui' }
    // The column is typed with today's answers (`as never`): the French ones are what the rows held before the migration.
    await db.updateTable('applications').set({ eligibility: frenchChecks as never }).where('id', '=', applicationId).execute()
    // A value the checklist never had stays as it is, next to one that changes; an empty checklist is not touched.
    await db.updateTable('applications').set({ eligibility: { de_minimis: 'peut-etre', commitment: 'non' } as never }).where('id', '=', unknownId).execute()
    await db.updateTable('applications').set({ eligibility: {} }).where('id', '=', emptyId).execute()
    await db.updateTable('applications').set({ eligibility: { structure_kind: 'yes' } }).where('id', '=', englishId).execute()
    const lastWeek = new Date('2026-12-01T09:30:00Z')
    await db.updateTable('applications').set({ updated_at: lastWeek, version: 4 }).execute()

    const kinds = async () => (await db.selectFrom('scoring_conflicts').select(['user_id', 'kind', 'details']).orderBy('details').execute()).map((row) => row.kind)
    const checklists = async () => {
      const rows = await db.selectFrom('applications').select(['id', 'eligibility', 'updated_at', 'version']).execute()
      return [applicationId, unknownId, emptyId, englishId].map((id) => rows.find((row) => row.id === id)!)
    }
    expect(await kinds()).toEqual(frenchKinds)

    await m0026.up(db)
    const englishKinds = ['personal', 'professional', 'financial', 'other']
    expect(await kinds()).toEqual(englishKinds)
    const englishChecks = { structure_kind: 'yes', legal_identity: 'no', general_interest: 'to_check', attachments: 'yes' }
    const after = await checklists()
    expect(after.map((row) => row.eligibility)).toEqual([englishChecks, { de_minimis: 'peut-etre', commitment: 'no' }, {}, { structure_kind: 'yes' }])
    for (const row of after) expect([row.updated_at, row.version]).toEqual([lastWeek, 4])

    // The French kinds are refused from now on, under the name the check has again; the other checks are still there.
    for (const kind of frenchKinds) await expect(sql`UPDATE scoring_conflicts SET kind = ${kind}`.execute(db)).rejects.toThrow(/scoring_conflicts_kind_check/)
    await expect(sql`UPDATE scoring_conflicts SET source = 'porteur'`.execute(db)).rejects.toThrow(/scoring_conflicts_source_check/)
    const checks = await sql<{ conname: string }>`SELECT conname FROM pg_constraint WHERE conrelid = 'scoring_conflicts'::regclass AND contype = 'c' ORDER BY conname`.execute(db)
    expect(checks.rows.map((row) => row.conname)).toEqual(['scoring_conflicts_kind_check', 'scoring_conflicts_source_check', 'scoring_conflicts_status_check'])

    // Up again changes nothing.
    await m0026.up(db)
    expect(await kinds()).toEqual(englishKinds)
    expect((await checklists()).map((row) => row.eligibility)).toEqual([englishChecks, { de_minimis: 'peut-etre', commitment: 'no' }, {}, { structure_kind: 'yes' }])

    // The way down gives the French values back, and refuses the English kinds.
    await m0026.down(db)
    expect(await kinds()).toEqual(frenchKinds)
    expect((await checklists()).map((row) => row.eligibility)).toEqual([frenchChecks, { de_minimis: 'peut-etre', commitment: 'non' }, {}, { structure_kind: 'oui' }])
    expect((await checklists()).every((row) => row.updated_at.getTime() === lastWeek.getTime())).toBe(true)
    await expect(sql`UPDATE scoring_conflicts SET kind = 'other'`.execute(db)).rejects.toThrow(/scoring_conflicts_kind_check/)
    await m0026.up(db)
    expect(await kinds()).toEqual(englishKinds)
    expect((await checklists())[0]!.eligibility).toEqual(englishChecks)
  })
})

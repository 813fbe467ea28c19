// Migration 0025 (issue 18 point 3, decision 113): the structure kinds move from French to English, in the applications'
// answers (and so in the generated column `structure_kind`) and in every version of a call's grid. Unknown values are
// kept, the rows' « modifié le », version and section versions do not move, a second run changes nothing, and the way
// down gives the French values back. Runs on PGlite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import * as m0025 from '#db/migrations/0025-vocabulaire-des-types-de-structure.ts'
import { completeAnswers, createApplicationRow, createCallRow, createUser } from '#tests/helpers/accelerator.ts'
import { createTestDb } from '#tests/helpers/db.ts'

let handle: DbHandle
beforeAll(async () => {
  handle = await createTestDb()
})
afterAll(() => handle.close())

describe('migration 0025 : les types de structure en anglais', () => {
  it('réécrit les réponses, la colonne calculée et chaque version de grille, garde l’inconnu, ne touche pas « modifié le », et se défait', async () => {
    const db = handle.db
    await m0025.down(db)
    const callId = await createCallRow(db)
    const french = ['association', 'collectif', 'entreprise_ess', 'fondation', 'administration_association']
    await db.updateTable('call_grid_versions').set({ eligible_kinds: french }).where('call_id', '=', callId).execute()
    // A later version of the grid (the history): the order is kept, an unknown value too.
    await db.insertInto('call_grid_versions').values({ call_id: callId, version: 2, eligible_kinds: ['fondation', 'cooperative', 'collectif'], reason: 'Élargi' }).execute()
    await db.insertInto('call_grid_versions').values({ call_id: callId, version: 3, eligible_kinds: ['association'], reason: 'Resserré' }).execute()

    const kinds = ['collectif', 'entreprise_ess', 'fondation', 'association', 'administration_association', 'cooperative', '']
    const ids: string[] = []
    for (const [index, kind] of kinds.entries()) {
      const ownerId = await createUser(db, `porteur-0025-${index}@exemple.fr`)
      ids.push(await createApplicationRow(db, { callId, ownerId, answers: completeAnswers({ structure: { ...completeAnswers().structure, kind } }), withFiles: false }))
    }
    // No structure section at all, and a structure section without a kind: nothing to rewrite.
    const bare = await createApplicationRow(db, { callId, ownerId: await createUser(db, 'sans-structure@exemple.fr'), answers: { project: { title: 'Sans structure' } }, withFiles: false })
    const noKind = await createApplicationRow(db, { callId, ownerId: await createUser(db, 'sans-type@exemple.fr'), answers: { structure: { name: 'Sans type' } }, withFiles: false })
    const lastWeek = new Date('2026-12-01T09:30:00Z')
    const sectionVersions = { structure: { version: 3, by: 'Inès', at: lastWeek.toISOString() } }
    await db.updateTable('applications').set({ updated_at: lastWeek, version: 7, section_versions: sectionVersions }).execute()

    const applications = async () =>
      db.selectFrom('applications').select(['id', 'answers', 'structure_kind', 'updated_at', 'version', 'section_versions']).where('call_id', '=', callId).execute()
    const kindsOf = async () => {
      const rows = await applications()
      return ids.map((id) => {
        const row = rows.find((r) => r.id === id)!
        return [row.answers.structure?.kind, row.structure_kind]
      })
    }
    const grids = async () =>
      (await db.selectFrom('call_grid_versions').select(['version', 'eligible_kinds']).where('call_id', '=', callId).orderBy('version').execute()).map((g) => g.eligible_kinds)
    const before = await applications()
    expect(await kindsOf()).toEqual(kinds.map((kind) => [kind, kind]))

    await m0025.up(db)
    const english = ['collective', 'social_enterprise', 'foundation', 'association', 'administration_association', 'cooperative', '']
    // The JSON value and the generated column read the same English value.
    expect(await kindsOf()).toEqual(english.map((kind) => [kind, kind]))
    expect(await grids()).toEqual([
      ['association', 'collective', 'social_enterprise', 'foundation', 'administration_association'],
      ['foundation', 'cooperative', 'collective'],
      ['association'],
    ])
    const after = await applications()
    for (const row of after) {
      const old = before.find((r) => r.id === row.id)!
      // Only the kind changed: the rest of the answers, « modifié le », the version and the section versions stay.
      const withoutKind = ({ structure, ...rest }: typeof row.answers) => ({ ...rest, structure: structure && { ...structure, kind: undefined } })
      expect(withoutKind(row.answers)).toEqual(withoutKind(old.answers))
      expect([row.updated_at, row.version, row.section_versions]).toEqual([lastWeek, 7, sectionVersions])
    }
    expect(after.find((r) => r.id === bare)!.answers).toEqual({ project: { title: 'Sans structure' } })
    expect(after.find((r) => r.id === noKind)!.answers).toEqual({ structure: { name: 'Sans type' } })
    expect(after.find((r) => r.id === noKind)!.structure_kind).toBeNull()

    // A second run changes nothing.
    await m0025.up(db)
    expect(await kindsOf()).toEqual(english.map((kind) => [kind, kind]))
    expect((await grids())[1]).toEqual(['foundation', 'cooperative', 'collective'])

    await m0025.down(db)
    expect(await kindsOf()).toEqual(kinds.map((kind) => [kind, kind]))
    expect(await grids()).toEqual([french, ['fondation', 'cooperative', 'collectif'], ['association']])
    expect((await applications()).every((row) => row.updated_at.getTime() === lastWeek.getTime())).toBe(true)
    await m0025.up(db)
    expect(await kindsOf()).toEqual(english.map((kind) => [kind, kind]))
  })
})

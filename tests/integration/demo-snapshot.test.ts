import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { setClockOffset } from '#app/utils/clock.server.ts'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import { filledTables, truncateAll } from '#tests/helpers/db.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()

/** Each filled table's rows, as text in a fixed order (a fingerprint of the database's content). */
async function content() {
  const fingerprint: Record<string, string> = {}
  for (const name of await filledTables(app.db)) {
    const { rows } = await sql.raw<{ digest: string }>(`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM public."${name}" t`).execute(app.db)
    fingerprint[name] = rows[0]!.digest
  }
  return fingerprint
}

describe('la graine de démonstration rejouée dans les tests (décision 114)', () => {
  it('rend les mêmes lignes que la graine réelle, séquences comprises, puis resème quand l’horloge a bougé', async () => {
    const first = await seedDemoForTest(app.db)
    const seeded = await content()
    expect(Object.keys(seeded).length).toBeGreaterThan(20)
    const { rows: generated } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM applications WHERE structure_kind IS NOT NULL`.execute(app.db)

    await truncateAll(app.db)
    const replayed = await seedDemoForTest(app.db)
    expect(replayed.users).toEqual(first.users)
    expect(await content()).toEqual(seeded)
    // The generated column is computed again from the copied answers.
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM applications WHERE structure_kind IS NOT NULL`.execute(app.db)).rows).toEqual(generated)
    // The next audit entry follows the copied ones (its bigserial sequence is put back).
    const { rows: last } = await sql<{ id: string }>`SELECT max(id)::text AS id FROM audit_log`.execute(app.db)
    const { rows: next } = await sql<{ id: string }>`INSERT INTO audit_log (action, subject_type, subject_id) VALUES ('test.snapshot', 'test', 'test') RETURNING id::text`.execute(app.db)
    expect(BigInt(next[0]!.id)).toBe(BigInt(last[0]!.id) + 1n)

    // Another test offset: seeded for real (new ids), not copied.
    await truncateAll(app.db)
    setClockOffset(3 * 3600_000)
    const moved = await seedDemoForTest(app.db)
    expect(moved.organisationId).not.toBe(first.organisationId)
  })

  it('sème pour de vrai sur des tables qui ne sont pas vides, sans garder de copie', async () => {
    await app.db.insertInto('organisations').values({ slug: 'deja-la', name: 'Déjà là' }).execute()
    const seeded = await seedDemoForTest(app.db)
    await truncateAll(app.db)
    expect((await seedDemoForTest(app.db)).organisationId).not.toBe(seeded.organisationId)
  })
})

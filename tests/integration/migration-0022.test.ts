// Migration 0022 (issue 18 point 3, decision 111): the spam reasons and the kinds of personal data, stored as arrays
// on reviews and experiences, move from French to English element by element, in their order; a value the
// migration does not know stays as it is, and the way down gives the French arrays back. Runs on PGlite and on PostgreSQL.
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import * as m0022 from '#db/migrations/0022-vocabulaire-du-spam-et-des-donnees-personnelles.ts'
import { createTestDb } from '#tests/helpers/db.ts'

let handle: DbHandle
beforeAll(async () => {
  handle = await createTestDb()
})
afterAll(() => handle.close())

// key, spam reasons, personal-data kinds: before (French) and after (English).
const ROWS: Array<[key: string, reasons: string[], kinds: string[], englishReasons: string[], englishKinds: string[]]> = [
  ['r1', ['piege', 'rapide'], [], ['honeypot', 'too_fast'], []],
  ['r2', ['liens', 'repete', 'flot'], ['telephone', 'email', 'nom'], ['links', 'repeated', 'flood'], ['phone', 'email', 'person_name']],
  ['r3', ['lien'], ['naissance', 'allocataire', 'adresse', 'iban'], ['one_link'], ['birth_date', 'benefit_number', 'address', 'iban']],
  ['r4', [], ['fiscal', 'immatriculation', 'passeport', 'identite', 'nir'], [], ['tax_number', 'licence_plate', 'passport', 'identity_card', 'nir']],
  ['r5', ['inconnue', 'rapide'], ['autre-chose'], ['inconnue', 'too_fast'], ['autre-chose']],
]

describe('migration 0022 : les motifs de spam et les données personnelles en anglais', () => {
  it('réécrit chaque tableau dans son ordre, sur les avis et les expériences, laisse l’inconnu, et se défait', async () => {
    const db = handle.db
    const organisation = await db.insertInto('organisations').values({ slug: 'vocabulaire-0022', name: 'Ministère 0022' }).returning('id').executeTakeFirstOrThrow()
    const service = await db.insertInto('feedback_services').values({ organisation_id: organisation.id, name: 'Service 0022' }).returning('id').executeTakeFirstOrThrow()
    const [organisationId, serviceId] = [organisation.id, service.id]

    await m0022.down(db)
    for (const [key, reasons, kinds] of ROWS) {
      await sql`INSERT INTO feedback_reviews (id, organisation_id, service_id, placement_id, form_version_id, satisfaction, comment, spam_reasons, pii_kinds)
                VALUES (${randomUUID()}, ${organisationId}, ${serviceId}, ${randomUUID()}, ${randomUUID()}, 2, ${key}, ${reasons}::text[], ${kinds}::text[])`.execute(db)
      await sql`INSERT INTO experiences (organisation_id, service_id, title, body, channel, feeling, status, spam_reasons, pii_kinds)
                VALUES (${organisationId}, ${serviceId}, ${key}, 'Récit', 'online', 'neutral', 'pending', ${reasons}::text[], ${kinds}::text[])`.execute(db)
    }
    const read = async () => {
      const reviews = await db.selectFrom('feedback_reviews').select(['comment as key', 'spam_reasons', 'pii_kinds']).execute()
      const experiences = await db.selectFrom('experiences').select(['title as key', 'spam_reasons', 'pii_kinds']).execute()
      const byKey = (rows: Array<{ key: string | null; spam_reasons: string[]; pii_kinds: string[] }>) =>
        Object.fromEntries(rows.map((row) => [row.key, [row.spam_reasons, row.pii_kinds]]))
      return { reviews: byKey(reviews), experiences: byKey(experiences) }
    }
    const french = Object.fromEntries(ROWS.map(([key, reasons, kinds]) => [key, [reasons, kinds]]))
    const english = Object.fromEntries(ROWS.map(([key, , , reasons, kinds]) => [key, [reasons, kinds]]))
    expect(await read()).toEqual({ reviews: french, experiences: french })

    await m0022.up(db)
    expect(await read()).toEqual({ reviews: english, experiences: english })
    // Run twice, the way up changes nothing more.
    await m0022.up(db)
    expect(await read()).toEqual({ reviews: english, experiences: english })

    await m0022.down(db)
    expect(await read()).toEqual({ reviews: french, experiences: french })
    await m0022.up(db)
  })
})

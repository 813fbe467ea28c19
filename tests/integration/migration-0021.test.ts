// Migration 0021 (issue 18 point 3, decision 111): the stored values of reviews and experiences move from French
// to English. Rows written with the French values (and the French default of a review's source) become the English
// ones, the CHECK constraints then refuse the French values — the done change's date check too, named from now on —,
// the default is English, and the way down gives the French rows back. Runs on PGlite and on PostgreSQL.
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import * as m0021 from '#db/migrations/0021-vocabulaire-des-avis.ts'
import { createTestDb } from '#tests/helpers/db.ts'

let handle: DbHandle
beforeAll(async () => {
  handle = await createTestDb()
})
afterAll(() => handle.close())

type Row = Record<string, string | null>

describe('migration 0021 : les valeurs des avis et des expériences en anglais', () => {
  it('réécrit sources, canaux, ressentis, réponses, changements et motifs de refus, refuse ensuite le français, et se défait', async () => {
    const db = handle.db
    const organisation = await db.insertInto('organisations').values({ slug: 'vocabulaire-0021', name: 'Ministère 0021' }).returning('id').executeTakeFirstOrThrow()
    const service = await db.insertInto('feedback_services').values({ organisation_id: organisation.id, name: 'Service 0021' }).returning('id').executeTakeFirstOrThrow()
    const [organisationId, serviceId] = [organisation.id, service.id]

    await m0021.down(db)
    // The date check as 0006 wrote it, unnamed (down names it): up must find the name PostgreSQL generated.
    await sql`ALTER TABLE service_changes DROP CONSTRAINT service_changes_done_on_check`.execute(db)
    await sql`ALTER TABLE service_changes ADD CHECK (status <> 'realise' OR done_on IS NOT NULL)`.execute(db)
    // Written as before the migration: French values, and the French default of a review's source.
    const review = (source: string | null) =>
      source === null
        ? sql`INSERT INTO feedback_reviews (id, organisation_id, service_id, placement_id, form_version_id, satisfaction, comment)
              VALUES (${randomUUID()}, ${organisationId}, ${serviceId}, ${randomUUID()}, ${randomUUID()}, 2, 'défaut')`
        : sql`INSERT INTO feedback_reviews (id, organisation_id, service_id, placement_id, form_version_id, satisfaction, comment, source)
              VALUES (${randomUUID()}, ${organisationId}, ${serviceId}, ${randomUUID()}, ${randomUUID()}, 1, ${source}, ${source})`
    for (const source of [null, 'lien', 'widget', 'sourire']) await review(source).execute(db)
    const experiences = [
      // title (the row's key), channel, feeling, answer_status, status, refusal_reason
      ['e1', 'en-ligne', 'positif', 'en-cours', 'published', null],
      ['e2', 'guichet', 'neutre', 'repondu', 'published', null],
      ['e3', 'telephone', 'negatif', 'transmis', 'published', null],
      ['e4', 'courrier', 'negatif', null, 'published', null],
      ['e5', 'email', 'neutre', null, 'refused', 'injurieux'],
      ['e6', 'autre', 'positif', null, 'refused', 'hors-sujet'],
      ['e7', 'en-ligne', 'neutre', null, 'refused', 'donnees-personnelles'],
      ['e8', 'guichet', 'negatif', null, 'refused', 'doublon'],
      ['e9', 'telephone', 'positif', null, 'refused', 'publicite'],
      ['e10', 'autre', 'neutre', null, 'pending', null],
    ] as const
    const experienceIds: Record<string, string> = {}
    for (const [title, channel, feeling, answerStatus, status, reason] of experiences) {
      const inserted = await sql<{ id: string }>`
        INSERT INTO experiences (organisation_id, service_id, title, body, public_body, channel, feeling, answer_status, status, refusal_reason)
        VALUES (${organisationId}, ${serviceId}, ${title}, 'Récit', ${status === 'published' ? 'Récit' : null}, ${channel}, ${feeling}, ${answerStatus}, ${status}, ${reason})
        RETURNING id`.execute(db)
      experienceIds[title] = inserted.rows[0]!.id
    }
    for (const [body, status] of [['a1', 'en-cours'], ['a2', 'repondu'], ['a3', 'transmis']]) {
      await sql`INSERT INTO experience_answers (experience_id, service_id, signer_role, body, status) VALUES (${experienceIds.e1}, ${serviceId}, 'Agent', ${body}, ${status})`.execute(db)
    }
    for (const [title, reason] of [['t1', 'injurieux'], ['t2', 'hors-sujet'], ['t3', 'donnees-personnelles'], ['t4', 'doublon'], ['t5', 'publicite']]) {
      await sql`INSERT INTO experience_refusal_templates (organisation_id, reason, title, message) VALUES (${organisationId}, ${reason}, ${title}, 'Message')`.execute(db)
    }
    await sql`INSERT INTO service_changes (organisation_id, service_id, title, description, status, planned_on) VALUES (${organisationId}, ${serviceId}, 'c1', 'Prévu', 'prevu', '2027-03-01')`.execute(db)
    await sql`INSERT INTO service_changes (organisation_id, service_id, title, description, status, done_on) VALUES (${organisationId}, ${serviceId}, 'c2', 'Fait', 'realise', '2027-01-15')`.execute(db)
    // Before the migration a done change needs its date too, under the generated name.
    await expect(
      sql`INSERT INTO service_changes (organisation_id, service_id, title, description, status) VALUES (${organisationId}, ${serviceId}, 'sans date', 'Fait', 'realise')`.execute(db),
    ).rejects.toThrow(/service_changes_check/)

    await m0021.up(db)
    // Sorted here, not by the database: the two drivers do not share a collation.
    const read = async (query: ReturnType<typeof sql<Row>>) =>
      (await query.execute(db)).rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0))
    expect(await read(sql<Row>`SELECT comment AS key, source FROM feedback_reviews`)).toEqual([
      { key: 'défaut', source: 'link' },
      { key: 'lien', source: 'link' },
      { key: 'sourire', source: 'smiley' },
      { key: 'widget', source: 'widget' },
    ])
    expect(await read(sql<Row>`SELECT title AS key, channel, feeling, answer_status, refusal_reason FROM experiences`)).toEqual([
      { key: 'e1', channel: 'online', feeling: 'positive', answer_status: 'in_progress', refusal_reason: null },
      { key: 'e10', channel: 'other', feeling: 'neutral', answer_status: null, refusal_reason: null },
      { key: 'e2', channel: 'counter', feeling: 'neutral', answer_status: 'answered', refusal_reason: null },
      { key: 'e3', channel: 'phone', feeling: 'negative', answer_status: 'forwarded', refusal_reason: null },
      { key: 'e4', channel: 'mail', feeling: 'negative', answer_status: null, refusal_reason: null },
      { key: 'e5', channel: 'email', feeling: 'neutral', answer_status: null, refusal_reason: 'abusive' },
      { key: 'e6', channel: 'other', feeling: 'positive', answer_status: null, refusal_reason: 'off_topic' },
      { key: 'e7', channel: 'online', feeling: 'neutral', answer_status: null, refusal_reason: 'personal_data' },
      { key: 'e8', channel: 'counter', feeling: 'negative', answer_status: null, refusal_reason: 'duplicate' },
      { key: 'e9', channel: 'phone', feeling: 'positive', answer_status: null, refusal_reason: 'advertising' },
    ])
    expect(await read(sql<Row>`SELECT body AS key, status FROM experience_answers`)).toEqual([
      { key: 'a1', status: 'in_progress' },
      { key: 'a2', status: 'answered' },
      { key: 'a3', status: 'forwarded' },
    ])
    expect(await read(sql<Row>`SELECT title AS key, reason FROM experience_refusal_templates`)).toEqual([
      { key: 't1', reason: 'abusive' },
      { key: 't2', reason: 'off_topic' },
      { key: 't3', reason: 'personal_data' },
      { key: 't4', reason: 'duplicate' },
      { key: 't5', reason: 'advertising' },
    ])
    expect(await read(sql<Row>`SELECT title AS key, status FROM service_changes`)).toEqual([
      { key: 'c1', status: 'planned' },
      { key: 'c2', status: 'done' },
    ])

    // The French values are refused from now on; the default is English.
    await expect(sql`UPDATE feedback_reviews SET source = 'lien'`.execute(db)).rejects.toThrow(/feedback_reviews_source_check/)
    await expect(sql`UPDATE feedback_reviews SET source = 'sourire'`.execute(db)).rejects.toThrow(/feedback_reviews_source_check/)
    await expect(sql`UPDATE experiences SET channel = 'guichet'`.execute(db)).rejects.toThrow(/experiences_channel_check/)
    await expect(sql`UPDATE experiences SET feeling = 'negatif'`.execute(db)).rejects.toThrow(/experiences_feeling_check/)
    await expect(sql`UPDATE experiences SET answer_status = 'repondu'`.execute(db)).rejects.toThrow(/experiences_answer_status_check/)
    await expect(sql`UPDATE experience_answers SET status = 'en-cours'`.execute(db)).rejects.toThrow(/experience_answers_status_check/)
    await expect(sql`UPDATE experience_refusal_templates SET reason = 'publicite'`.execute(db)).rejects.toThrow(/experience_refusal_templates_reason_check/)
    await expect(sql`UPDATE service_changes SET status = 'realise'`.execute(db)).rejects.toThrow(/service_changes_status_check/)
    // The date check now speaks English, under its own name: a done change without a date is refused.
    await expect(sql`UPDATE service_changes SET done_on = NULL WHERE title = 'c2'`.execute(db)).rejects.toThrow(/service_changes_done_on_check/)
    await sql`UPDATE service_changes SET done_on = NULL WHERE title = 'c1'`.execute(db)
    const checks = await sql<{ conname: string }>`
      SELECT conname FROM pg_constraint WHERE conrelid = 'service_changes'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%done_on%'`.execute(db)
    expect(checks.rows.map((row) => row.conname)).toEqual([m0021.DONE_ON_CHECK])
    const inserted = await db
      .insertInto('feedback_reviews')
      .values({ id: randomUUID(), organisation_id: organisationId, service_id: serviceId, placement_id: randomUUID(), form_version_id: randomUUID(), satisfaction: 0 })
      .returning('source')
      .executeTakeFirstOrThrow()
    expect(inserted.source).toBe('link')

    // The way down gives the French values back, and refuses the English ones.
    await m0021.down(db)
    expect(await read(sql<Row>`SELECT DISTINCT source FROM feedback_reviews`)).toEqual([{ source: 'lien' }, { source: 'sourire' }, { source: 'widget' }])
    expect(await read(sql<Row>`SELECT DISTINCT channel FROM experiences`)).toEqual([
      { channel: 'autre' },
      { channel: 'courrier' },
      { channel: 'email' },
      { channel: 'en-ligne' },
      { channel: 'guichet' },
      { channel: 'telephone' },
    ])
    expect(await read(sql<Row>`SELECT DISTINCT feeling FROM experiences`)).toEqual([{ feeling: 'negatif' }, { feeling: 'neutre' }, { feeling: 'positif' }])
    expect(await read(sql<Row>`SELECT status FROM experience_answers`)).toEqual([{ status: 'en-cours' }, { status: 'repondu' }, { status: 'transmis' }])
    expect(await read(sql<Row>`SELECT refusal_reason FROM experiences WHERE refusal_reason IS NOT NULL`)).toEqual([
      { refusal_reason: 'donnees-personnelles' },
      { refusal_reason: 'doublon' },
      { refusal_reason: 'hors-sujet' },
      { refusal_reason: 'injurieux' },
      { refusal_reason: 'publicite' },
    ])
    expect(await read(sql<Row>`SELECT reason FROM experience_refusal_templates`)).toEqual([
      { reason: 'donnees-personnelles' },
      { reason: 'doublon' },
      { reason: 'hors-sujet' },
      { reason: 'injurieux' },
      { reason: 'publicite' },
    ])
    expect(await read(sql<Row>`SELECT title AS key, status FROM service_changes`)).toEqual([
      { key: 'c1', status: 'prevu' },
      { key: 'c2', status: 'realise' },
    ])
    await expect(sql`UPDATE experiences SET feeling = 'positive'`.execute(db)).rejects.toThrow(/experiences_feeling_check/)
    await expect(sql`UPDATE service_changes SET done_on = NULL WHERE title = 'c2'`.execute(db)).rejects.toThrow(/service_changes_done_on_check/)
    const french = await sql<{ source: string }>`
      INSERT INTO feedback_reviews (id, organisation_id, service_id, placement_id, form_version_id, satisfaction)
      VALUES (${randomUUID()}, ${organisationId}, ${serviceId}, ${randomUUID()}, ${randomUUID()}, 1) RETURNING source`.execute(db)
    expect(french.rows[0]!.source).toBe('lien')
    await m0021.up(db)
    expect(await read(sql<Row>`SELECT DISTINCT status FROM service_changes`)).toEqual([{ status: 'done' }, { status: 'planned' }])
  })
})

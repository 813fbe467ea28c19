// The daily open-data file of reviews (issue 19): exactly the de-identified reviews of the Paris day
// (the data API's selection), one file per day however often the job runs, missed days caught up
// (7 days back), a stable immutable URL, a French 404 for a bad name, the page's listing.
import { createHash, randomUUID } from 'node:crypto'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import { REVIEW_FIELDS } from '#app/feedback/data-api.server.ts'
import { DAILY_FILES_PER_PAGE, dayOfFileName, OPEN_DATA_DAILY_JOB, parisDayBounds, runDailyOpenData } from '#app/feedback/open-data-daily.server.ts'
import { jobMap } from '#app/jobs/registry.server.ts'
import { storageFor, type FileStorage } from '#app/utils/file-storage.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import * as fileRoute from '#app/routes/experiences.donnees.$fichier.ts'
import * as pageRoute from '#app/routes/experiences.donnees._index.tsx'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let storage: FileStorage
let organisationId: string
let placement: { id: string; service_id: string; form_version_id: string }

// 03:30 in Paris on Monday 7 December 2026 (UTC+1): the nightly run.
const NIGHT = new Date('2026-12-07T02:30:00Z')

beforeAll(() => {
  storage = storageFor(app.services.env)
})

beforeEach(async () => {
  const seeded = await seedDemoForTest(app.db)
  organisationId = seeded.organisationId
  await app.db.deleteFrom('feedback_reviews').execute()
  const found = await app.db
    .selectFrom('feedback_placements as p')
    .innerJoin('feedback_services as s', 's.id', 'p.service_id')
    .innerJoin('feedback_forms as f', 'f.id', 'p.form_id')
    .select(['p.id', 'p.service_id', 'f.current_version_id'])
    .where('s.organisation_id', '=', organisationId)
    .where('f.current_version_id', 'is not', null)
    .executeTakeFirstOrThrow()
  placement = { id: found.id, service_id: found.service_id, form_version_id: found.current_version_id! }
})

async function insertReview(at: string, options: { comment?: string; pii?: 'none' | 'flagged'; spam?: 'suspected' | 'spam'; ipHash?: string } = {}) {
  const id = randomUUID()
  await app.db
    .insertInto('feedback_reviews')
    .values({
      id,
      organisation_id: organisationId,
      service_id: placement.service_id,
      placement_id: placement.id,
      form_version_id: placement.form_version_id,
      satisfaction: 2,
      created_at: new Date(at),
      updated_at: new Date(at),
      comment: options.comment ?? null,
      has_comment: options.comment !== undefined,
      pii_status: options.pii ?? 'none',
      contact_email: options.comment ? 'personne@exemple.fr' : null,
      ip_hash: options.ipHash ?? null,
      ...(options.spam ? { spam_status: options.spam, spam_score: 80, spam_reasons: ['repeated'] } : {}),
    })
    .execute()
  return id
}

/** The file `name` as an anonymous visitor downloads it (the answer returned or thrown). */
const download = (name: string) => app.call(fileRoute.loader, { path: `/experiences/donnees/${name}`, params: { fichier: name } })

function csvLines(body: string): string[][] {
  return body
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(';').map((cell) => cell.replace(/^"|"$/g, '').replace(/""/g, '"')))
}

const recordedDays = async () =>
  (await app.db.selectFrom('open_data_daily_files').select('day').orderBy('day').execute()).map((row) => new Date(`${row.day}`).toISOString().slice(0, 10))

describe('fichier quotidien des avis en données ouvertes', () => {
  it('le fichier d’un jour tient exactement les avis désidentifiés de ce jour (heure de Paris)', async () => {
    const plain = await insertReview('2026-12-06T09:00:00Z', { comment: 'Très bien accueilli au guichet' })
    const personal = await insertReview('2026-12-06T10:00:00Z', { comment: 'Rappelez-moi au 06 12 34 56 78', pii: 'flagged' })
    const spam = await insertReview('2026-12-06T11:00:00Z', { comment: 'Achetez ici pas cher', spam: 'suspected' })
    const marked = await insertReview('2026-12-06T11:30:00Z', { spam: 'spam' })
    const withIp = await insertReview('2026-12-06T12:00:00Z', { comment: 'Merci', ipHash: 'empreinte-de-connexion-0123456789' })
    // 23:59 on the 5th and 00:00 on the 7th, Paris time: other days.
    const silent = await insertReview('2026-12-06T13:00:00Z')
    const before = await insertReview('2026-12-05T22:59:59Z')
    const after = await insertReview('2026-12-06T23:00:00Z')

    await runDailyOpenData(app.db, storage, NIGHT)
    const response = await download('avis-2026-12-06.csv')
    expect(response.status).toBe(200)
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable')
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    const bytes = Buffer.from(response.bytes)
    const body = bytes.toString('utf8')
    const [header, ...rows] = csvLines(body)
    expect(header).toEqual(REVIEW_FIELDS.map((field) => field.name))
    expect(rows.map((row) => row[0])).toEqual([plain, personal, withIp, silent])
    for (const id of [spam, marked, before, after]) expect(body).not.toContain(id)
    const column = (name: string) => header!.indexOf(name)
    const byId = new Map(rows.map((row) => [row[0], row]))
    // Same columns as the API; the free text, read by no person before it would leave, is never published.
    for (const id of [plain, personal, withIp]) expect(byId.get(id)![column('commentaire')]).toBe('')
    for (const id of [plain, personal, withIp]) expect(byId.get(id)![column('commentaire_retire')]).toBe('true')
    expect(byId.get(silent)![column('commentaire_retire')]).toBe('false')
    expect(byId.get(plain)![column('de_facon_generale')]).toBe('Très bien')
    expect(byId.get(plain)![column('service_id')]).toBe(placement.service_id)
    expect(body).not.toContain('Très bien accueilli')
    expect(body).not.toContain('Merci')
    expect(body).not.toContain('06 12 34 56 78')
    expect(body).not.toContain('empreinte-de-connexion')
    expect(body).not.toContain('personne@exemple.fr')
    expect(body).not.toContain('Achetez')

    const line = await app.db.selectFrom('open_data_daily_files').selectAll().where('day', '=', '2026-12-06').executeTakeFirstOrThrow()
    expect(line.row_count).toBe(4)
    expect(line.byte_size).toBe(bytes.byteLength)
    expect(line.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(response.headers.get('ETag')).toBe(`"${line.sha256}"`)
  })

  it('lancée deux fois, la tâche n’écrit qu’un fichier par jour ; un jour manqué est rattrapé, sur 7 jours au plus', async () => {
    await insertReview('2026-12-04T09:00:00Z')
    const job = jobMap().get(OPEN_DATA_DAILY_JOB)!
    expect(job.cron).toBe('30 3 * * *')
    const context = (at: Date) => ({ db: app.db, jobs: app.services.jobs, env: app.services.env, mailer: app.services.mailer, logger, now: at }) as never
    // Thursday night (03:30 on the 3rd): the 7 previous days.
    await job.handler({}, context(new Date('2026-12-03T02:30:00Z')))
    expect(await recordedDays()).toEqual(['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'])
    // The nights of the 4th, 5th and 6th were missed; the 7th catches them up, twice in a row (and at once) writes nothing more.
    const first = await runDailyOpenData(app.db, storage, NIGHT)
    expect(first.written).toEqual(['2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'])
    const again = await Promise.all([runDailyOpenData(app.db, storage, NIGHT), runDailyOpenData(app.db, storage, NIGHT)])
    expect(again.map((result) => result.written)).toEqual([[], []])
    expect((await recordedDays()).length).toBe(11)
    const audits = await app.db.selectFrom('audit_log').select('subject_id').where('action', '=', 'open-data.daily-file.written').execute()
    expect(audits.length).toBe(11)
    const fourth = await app.db.selectFrom('open_data_daily_files').select('row_count').where('day', '=', '2026-12-04').executeTakeFirstOrThrow()
    expect(fourth.row_count).toBe(1)
    // Three weeks off: only the last 7 days are written.
    const late = await runDailyOpenData(app.db, storage, new Date('2026-12-28T02:30:00Z'))
    expect(late.written).toEqual(['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-24', '2026-12-25', '2026-12-26', '2026-12-27'])
  })

  it('la veille n’est écrite qu’une fois ses avis figés (après le délai de modification)', async () => {
    const { end } = parisDayBounds('2026-12-06')
    const early = await runDailyOpenData(app.db, storage, new Date(end.getTime() + 30 * 60 * 1000))
    expect(early.written).not.toContain('2026-12-06')
    expect(early.written).toContain('2026-12-05')
  })

  it('un mauvais nom de fichier ou un jour sans fichier donne une page 404 en français', async () => {
    await runDailyOpenData(app.db, storage, NIGHT)
    for (const name of ['avis-2026-13-01.csv', 'avis-2026-02-30.csv', 'avis-06-12-2026.csv', 'avis-2026-12-06.json', '..%2Favis-2026-12-06.csv']) {
      const response = await download(name)
      expect(response.status, name).toBe(404)
      expect((response.body as { message: string }).message).toBe('Ce fichier n’existe pas.')
    }
    const missing = await download('avis-2026-11-01.csv')
    expect(missing.status).toBe(404)
    expect((missing.body as { message: string }).message).toBe('Il n’y a pas de fichier des avis pour le 01/11/2026.')
    expect(dayOfFileName('avis-2026-12-06.csv')).toBe('2026-12-06')
  })

  it('la page des données ouvertes liste les fichiers du plus récent au plus ancien, 30 par page, avec le dictionnaire', async () => {
    const page = async (query = '') => {
      const answer = await app.call(pageRoute.loader, { path: `/experiences/donnees${query}` })
      expect(answer.thrown).toBe(false)
      return answer.body as { daily: { files: Array<{ day: string; name: string }>; total: number; pages: number; page: number }; reviewFields: Array<{ name: string }> }
    }
    const empty = await page()
    expect(empty.daily).toMatchObject({ files: [], total: 0, pages: 1 })
    expect(empty.reviewFields.map((field) => field.name)).toEqual(REVIEW_FIELDS.map((field) => field.name))
    // 35 days: two pages.
    for (let week = 5; week >= 0; week--) await runDailyOpenData(app.db, storage, new Date(NIGHT.getTime() - week * 7 * 24 * 3600 * 1000))
    const first = await page()
    expect(first.daily.total).toBeGreaterThan(DAILY_FILES_PER_PAGE)
    expect(first.daily.pages).toBe(2)
    expect(first.daily.files).toHaveLength(DAILY_FILES_PER_PAGE)
    expect(first.daily.files[0]).toMatchObject({ day: '2026-12-06', name: 'avis-2026-12-06.csv' })
    const days = first.daily.files.map((file) => file.day)
    expect(days).toEqual([...days].sort().reverse())
    const second = await page('?page=2')
    expect(second.daily.page).toBe(2)
    expect(second.daily.files.at(-1)!.day < days.at(-1)!).toBe(true)
    expect((await page('?page=abc')).daily.page).toBe(1)
  })
})


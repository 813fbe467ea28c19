// The daily open-data file (issue 19): each night, one CSV of the previous Paris day's de-identified
// reviews, built by the same query and record as the data API (publicReviewsQuery, reviewRecord: held
// spam out, no comment that may hold personal data, no IP hash, no e-mail), stored through the file
// storage and recorded once per day. One rule more than the API, because the file is public: no free
// text at all (a comment is read by no person before it leaves, and the people who wrote it were told
// only the service's team reads it). Without free text the files hold no personal data and are kept
// (history). Decision 103, « Complément du 7 décembre ».
import { createHash, randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { toCsv } from '#app/experiences/open-data.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import type { FileStorage } from '#app/utils/file-storage.server.ts'
import { addDays } from '#app/utils/days.ts'
import { parisDay, parisLocalToDate } from '#app/utils/paris-time.ts'
import { publicReviewsQuery, REVIEW_FIELDS, REVIEW_SAFETY_LAG_MS, reviewRecord, type ReviewDataRow } from './data-api.server.ts'

export const OPEN_DATA_DAILY_JOB = 'feedback.open-data.daily'
/** A missed day is caught up at the next run, up to this many days back. */
export const CATCH_UP_DAYS = 7
export const DAILY_FILES_PER_PAGE = 30

/** The columns of the data API's review; the comment is never published in the public file. */
export const DAILY_REVIEW_FIELDS = REVIEW_FIELDS.map((field) => {
  if (field.name === 'commentaire') return { name: field.name, description: 'Toujours vide : le texte libre des avis n’est pas publié en données ouvertes' }
  if (field.name === 'commentaire_retire') return { name: field.name, description: 'Vrai quand la personne a écrit un commentaire (non publié)' }
  return { name: field.name, description: field.description }
})
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/

/** The public file name of a day, « avis-2026-12-06.csv ». */
export function dailyFileName(day: string): string {
  return `avis-${day}.csv`
}

/** The day named by a public file name, or null when the name is not one of ours. */
export function dayOfFileName(name: string): string | null {
  const match = /^avis-(\d{4}-\d{2}-\d{2})\.csv$/.exec(name)
  if (!match) return null
  const day = match[1]!
  const date = new Date(`${day}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day ? day : null
}

/** Midnight in Paris at the start of the day and of the next one (23 or 25 hours on a clock change). */
export function parisDayBounds(day: string): { start: Date; end: Date } {
  return { start: parisLocalToDate(`${day}T00:00`)!, end: parisLocalToDate(`${addDays(day, 1)}T00:00`)! }
}

/** The CSV of one day: every de-identified review created that Paris day, oldest first. */
export async function dailyReviewsCsv(db: Db, day: string): Promise<{ csv: string; rows: number }> {
  const { start, end } = parisDayBounds(day)
  const rows = (await publicReviewsQuery(db, {})
    .where('r.created_at', '>=', start)
    .where('r.created_at', '<', end)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute()) as ReviewDataRow[]
  const records = rows.map(reviewRecord).map((record) => ({ ...record, commentaire: null, commentaire_retire: record.commentaire !== null || record.commentaire_retire }))
  const csv = toCsv(
    DAILY_REVIEW_FIELDS.map((field) => field.name),
    records.map((record) =>
      DAILY_REVIEW_FIELDS.map((field) => (field.name === 'moyens_d_aide' ? record.moyens_d_aide.join(' | ') : record[field.name as keyof typeof record])),
    ),
  )
  return { csv, rows: records.length }
}

/**
 * Writes the file of one day unless it exists. The bytes go under a key of their own first; only the
 * run whose line is recorded keeps them (a concurrent run that lost removes its copy), so a day is
 * never written twice and a crash between the two steps leaves no line without its file.
 */
export async function writeDailyFile(db: Db, storage: FileStorage, day: string): Promise<'written' | 'exists'> {
  const existing = await db.selectFrom('open_data_daily_files').select('day').where('day', '=', day).executeTakeFirst()
  if (existing) return 'exists'
  const { csv, rows } = await dailyReviewsCsv(db, day)
  const bytes = new TextEncoder().encode(csv)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const key = `donnees-ouvertes/avis-${day}-${randomUUID()}`
  await storage.put(key, bytes)
  const recorded = await db.transaction().execute(async (trx) => {
    const line = await trx
      .insertInto('open_data_daily_files')
      .values({ day, storage_key: key, row_count: rows, byte_size: bytes.byteLength, sha256 })
      .onConflict((oc) => oc.column('day').doNothing())
      .returning('day')
      .executeTakeFirst()
    if (line) {
      await audit(trx, {
        actorId: null,
        actorLabel: 'tâche planifiée',
        action: 'open-data.daily-file.written',
        subjectType: 'open_data_daily_file',
        subjectId: day,
        data: { rows, bytes: bytes.byteLength, sha256 },
      })
    }
    return Boolean(line)
  })
  if (!recorded) await storage.remove(key)
  return recorded ? 'written' : 'exists'
}

/**
 * The nightly run: the days from CATCH_UP_DAYS ago to yesterday (Paris) that have no file and whose
 * reviews can no longer change (the day ended more than the data API's safety lag ago), oldest first.
 */
export async function runDailyOpenData(db: Db, storage: FileStorage, at: Date): Promise<{ written: string[] }> {
  const today = parisDay(at)
  const written: string[] = []
  for (let back = CATCH_UP_DAYS; back >= 1; back--) {
    const day = addDays(today, -back)
    if (parisDayBounds(day).end.getTime() + REVIEW_SAFETY_LAG_MS > at.getTime()) continue
    if ((await writeDailyFile(db, storage, day)) === 'written') written.push(day)
  }
  return { written }
}

export type DailyFileListing = { day: string; name: string; rows: number; bytes: number; sha256: string }

/** The files, newest first, one page of DAILY_FILES_PER_PAGE. */
export async function listDailyFiles(db: Db, page: number): Promise<{ files: DailyFileListing[]; total: number; pages: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('open_data_daily_files')
      .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'row_count', 'byte_size', 'sha256'])
      .orderBy('day', 'desc')
      .limit(DAILY_FILES_PER_PAGE)
      .offset((page - 1) * DAILY_FILES_PER_PAGE)
      .execute(),
    db.selectFrom('open_data_daily_files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  const total = Number(count.n)
  return {
    files: rows.map((row) => ({ day: row.day, name: dailyFileName(row.day), rows: row.row_count, bytes: row.byte_size, sha256: row.sha256 })),
    total,
    pages: Math.max(1, Math.ceil(total / DAILY_FILES_PER_PAGE)),
  }
}

/** The stored file of a day, or null. */
export async function dailyFile(db: Db, day: string) {
  if (!DAY_PATTERN.test(day)) return null
  return (await db.selectFrom('open_data_daily_files').select(['storage_key', 'byte_size', 'sha256']).where('day', '=', day).executeTakeFirst()) ?? null
}

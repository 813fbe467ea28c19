// Exports of filtered reviews as CSV or XLSX, built by a background job (large exports never
// block a request) into numbered chunks, with progress, then downloaded by the person who asked.
// The chunks are database rows, or objects of the bucket when STORAGE_DRIVER=s3 (decision 092).
import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import type { ReviewAnswerColumns } from '#db/schema/feedback.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import type { JobQueue } from '#app/jobs/types.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import type { FileStorage } from '#app/utils/file-storage.server.ts'
import { isUuid } from '#app/utils/uuid.ts'
import type { ReviewFilters } from './filters.ts'
import { channelLabel, satisfactionLabel } from './questionnaire.ts'
import { RETENTION_MONTHS } from './retention.server.ts'
import { reviewSourceLabel } from './review-sources.ts'
import { notHeldAsSpam } from './spam.server.ts'
import { addDays } from '#app/utils/days.ts'

export const EXPORT_JOB = 'feedback.export'
export const EXPORT_DAYS = 7
export const XLSX_MAX_ROWS = 1_048_575
const BATCH = 2000
const CHUNK_BYTES = 512 * 1024

export const EXPORT_COLUMNS = [
  'Date',
  'Service',
  'Emplacement',
  'Version du questionnaire',
  'Source',
  'De façon générale',
  'Clarté des informations (1 à 5)',
  'Aide',
  'Moyens d’aide',
  'Aide obtenue',
  'Qualité de l’aide (1 à 5)',
  'Commentaire',
  'Avis complet',
]

export const MASKED_TEXT = '[masqué : données personnelles possibles, à vérifier dans le tableau de bord]'
export const PURGED_TEXT = `[effacé après ${RETENTION_MONTHS} mois]`

export type ExportScope = { type: 'service'; id: string; organisationId: string; name: string } | { type: 'organisation'; id: string; name: string }

function slug(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'avis'
  )
}

export async function requestExport(
  services: { db: Db; jobs: JobQueue },
  user: SessionUser,
  scope: ExportScope,
  filters: ReviewFilters,
  format: 'csv' | 'xlsx',
): Promise<string> {
  return services.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('feedback_exports')
      .values({
        requested_by: user.id,
        scope_type: scope.type,
        scope_id: scope.id,
        format,
        filters: filters as unknown as Record<string, unknown>,
        file_name: `avis-${slug(scope.name)}-${filters.from}-${filters.to}.${format}`,
        expires_at: new Date(now().getTime() + EXPORT_DAYS * 24 * 3600 * 1000),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await services.jobs.send(EXPORT_JOB, { exportId: row.id }, { db: trx, singletonKey: row.id })
    await audit(trx, {
      actorId: user.id,
      action: 'feedback.export.requested',
      subjectType: 'feedback_export',
      subjectId: row.id,
      data: { scope: scope.type, scopeId: scope.id, format, filters: filters as unknown as Record<string, unknown> },
    })
    return row.id
  })
}

export async function listExports(db: Db, user: SessionUser) {
  return db
    .selectFrom('feedback_exports')
    .select(['id', 'scope_type', 'scope_id', 'format', 'status', 'rows_total', 'rows_done', 'byte_size', 'file_name', 'error', 'created_at', 'finished_at', 'expires_at', 'filters'])
    .where('requested_by', '=', user.id)
    .where('expires_at', '>', now())
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute()
}

export async function findExportForDownload(db: Db, user: SessionUser, exportId: string) {
  if (!isUuid(exportId)) return null
  return (
    (await db
      .selectFrom('feedback_exports')
      .select(['id', 'format', 'file_name', 'byte_size', 'status'])
      .where('id', '=', exportId)
      .where('requested_by', '=', user.id)
      .where('status', '=', 'ready')
      .where('expires_at', '>', now())
      .executeTakeFirst()) ?? null
  )
}

/** Where chunk `seq` of an export lives in the bucket. */
export function exportChunkKey(exportId: string, seq: number): string {
  return `exports/${exportId}/${seq}`
}

/**
 * The file, chunk by chunk, without loading it whole in memory: each chunk from the database, or
 * from the bucket when it is not there (exports built while STORAGE_DRIVER=s3). Stops at
 * `byteSize`, so objects left by an earlier failed attempt are never appended.
 */
export function exportStream(db: Db, exportId: string, options: { storage?: FileStorage; byteSize?: number | null } = {}): ReadableStream<Uint8Array> {
  let seq = 0
  let sent = 0
  let source: ReadableStream<Uint8Array> | null = null
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null
  const done = () => options.byteSize !== undefined && options.byteSize !== null && sent >= options.byteSize
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (reader) {
          const next = await reader.read()
          if (!next.done) {
            sent += next.value.byteLength
            controller.enqueue(next.value)
            return
          }
          reader = null
          source = null
        }
        if (done()) return controller.close()
        const chunk = await db.selectFrom('feedback_export_chunks').select('data').where('export_id', '=', exportId).where('seq', '=', seq).executeTakeFirst()
        if (chunk) {
          seq += 1
          sent += chunk.data.byteLength
          controller.enqueue(new Uint8Array(chunk.data))
          return
        }
        source = options.storage?.kind === 's3' ? await options.storage.get(exportChunkKey(exportId, seq)) : null
        if (!source) return controller.close()
        seq += 1
        reader = source.getReader()
      }
    },
    async cancel() {
      await reader?.cancel()
    },
  })
}

// ---------------------------------------------------------------------------------------------
// The job

interface ExportRow extends ReviewAnswerColumns {
  id: string
  created_at: Date
  service_name: string
  placement_name: string
  version: number | null
}

function parisDateTime(value: Date): string {
  return value.toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 16)
}

export function exportValues(row: ExportRow): Array<string | number> {
  const text = row.text_purged_at ? PURGED_TEXT : row.comment === null ? '' : row.pii_status === 'flagged' ? MASKED_TEXT : row.comment
  return [
    parisDateTime(row.created_at),
    row.service_name,
    row.placement_name,
    row.version ?? '',
    reviewSourceLabel(row.source),
    satisfactionLabel(row.satisfaction),
    row.clarity ?? '',
    row.help_needed === null ? '' : row.help_needed ? 'A cherché de l’aide' : 'Je n’ai pas eu besoin d’aide',
    row.help_channels.map(channelLabel).join(', '),
    row.help_reached === null ? '' : row.help_reached ? 'Oui' : 'Non',
    row.help_quality ?? '',
    text,
    row.completed_at ? 'Oui' : 'Non',
  ]
}

/** One CSV field: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvField(value: string | number): string {
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function filterSql(filters: ReviewFilters) {
  const fromTs = sql`(${filters.from}::date)::timestamp AT TIME ZONE 'Europe/Paris'`
  const toTs = sql`(${addDays(filters.to, 1)}::date)::timestamp AT TIME ZONE 'Europe/Paris'`
  return sql`r.created_at >= ${fromTs} AND r.created_at < ${toTs} AND ${notHeldAsSpam('r')}
    ${filters.placementId ? sql`AND r.placement_id = ${filters.placementId}::uuid` : sql``}
    ${filters.versionId ? sql`AND r.form_version_id = ${filters.versionId}::uuid` : sql``}
    ${filters.satisfaction !== null ? sql`AND r.satisfaction = ${filters.satisfaction}::smallint` : sql``}`
}

async function countRows(db: Db, serviceIds: string[], filters: ReviewFilters): Promise<number> {
  let total = 0
  for (const serviceId of serviceIds) {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM feedback_reviews r WHERE r.service_id = ${serviceId}::uuid AND ${filterSql(filters)}`.execute(db)
    total += rows[0]?.n ?? 0
  }
  return total
}

async function* reviewBatches(db: Db, serviceIds: string[], filters: ReviewFilters): AsyncGenerator<ExportRow[]> {
  for (const serviceId of serviceIds) {
    let after: { createdAt: Date; id: string } | null = null
    for (;;) {
      const { rows }: { rows: ExportRow[] } = await sql<ExportRow>`
        SELECT r.id, r.created_at, s.name AS service_name, p.name AS placement_name, v.version, r.source, r.satisfaction, r.clarity,
               r.help_needed, r.help_channels, r.help_reached, r.help_quality, r.comment, r.pii_status, r.text_purged_at, r.completed_at
        FROM feedback_reviews r
        JOIN feedback_services s ON s.id = r.service_id
        JOIN feedback_placements p ON p.id = r.placement_id
        LEFT JOIN feedback_form_versions v ON v.id = r.form_version_id
        WHERE r.service_id = ${serviceId}::uuid AND ${filterSql(filters)}
          ${after ? sql`AND (r.created_at, r.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : sql``}
        ORDER BY r.created_at, r.id
        LIMIT ${BATCH}`.execute(db)
      if (!rows.length) break
      yield rows
      const last: ExportRow = rows[rows.length - 1]!
      after = { createdAt: last.created_at, id: last.id }
      if (rows.length < BATCH) break
    }
  }
}

/** Collects bytes and stores them as numbered chunks (rows, or objects when a bucket is configured). */
class ChunkWriter {
  private pending: Buffer[] = []
  private pendingBytes = 0
  seq = 0
  bytes = 0
  constructor(
    private readonly db: Db,
    private readonly exportId: string,
    private readonly storage?: FileStorage,
  ) {}
  push(data: Buffer) {
    this.pending.push(data)
    this.pendingBytes += data.length
    this.bytes += data.length
  }
  async flush(force = false) {
    if (!this.pendingBytes || (!force && this.pendingBytes < CHUNK_BYTES)) return
    const data = Buffer.concat(this.pending)
    this.pending = []
    this.pendingBytes = 0
    if (this.storage?.kind === 's3') await this.storage.put(exportChunkKey(this.exportId, this.seq++), data)
    else await this.db.insertInto('feedback_export_chunks').values({ export_id: this.exportId, seq: this.seq++, data }).execute()
  }
}

/**
 * Builds the file of one export. Idempotent: a retry starts again from scratch (objects of the
 * bucket are overwritten; the download stops at the new size). A storage that cannot be reached
 * fails the attempt: the export is never marked ready without its file.
 */
export async function runExport(db: Db, exportId: string, storage?: FileStorage): Promise<void> {
  const job = await db.selectFrom('feedback_exports').selectAll().where('id', '=', exportId).executeTakeFirst()
  if (!job || job.status === 'ready') return
  const filters = job.filters as unknown as ReviewFilters
  const serviceIds =
    job.scope_type === 'service'
      ? [job.scope_id]
      : (await db.selectFrom('feedback_services').select('id').where('organisation_id', '=', job.scope_id).orderBy('name').execute()).map((s) => s.id)
  await db.deleteFrom('feedback_export_chunks').where('export_id', '=', exportId).execute()
  const total = await countRows(db, serviceIds, filters)
  await db.updateTable('feedback_exports').set({ status: 'running', started_at: now(), rows_total: total, rows_done: 0, error: null }).where('id', '=', exportId).execute()
  if (job.format === 'xlsx' && total > XLSX_MAX_ROWS) {
    await db
      .updateTable('feedback_exports')
      .set({
        status: 'failed',
        finished_at: now(),
        error: `Le format Excel est limité à ${XLSX_MAX_ROWS.toLocaleString('fr-FR')} lignes. Choisissez le format CSV ou une période plus courte.`,
      })
      .where('id', '=', exportId)
      .execute()
    return
  }

  const writer = new ChunkWriter(db, exportId, storage)
  let done = 0
  try {
    if (job.format === 'csv') {
      writer.push(Buffer.from(`\uFEFF${EXPORT_COLUMNS.map(csvField).join(';')}\r\n`, 'utf8'))
      for await (const rows of reviewBatches(db, serviceIds, filters)) {
        writer.push(Buffer.from(rows.map((row) => `${exportValues(row).map(csvField).join(';')}\r\n`).join(''), 'utf8'))
        done += rows.length
        await writer.flush()
        await db.updateTable('feedback_exports').set({ rows_done: done }).where('id', '=', exportId).execute()
      }
    } else {
      const stream = new PassThrough()
      stream.on('data', (data: Buffer) => writer.push(data))
      const finished = new Promise<void>((resolve, reject) => {
        stream.on('end', resolve)
        stream.on('error', reject)
      })
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false })
      const sheet = workbook.addWorksheet('Avis')
      sheet.addRow(EXPORT_COLUMNS).commit()
      for await (const rows of reviewBatches(db, serviceIds, filters)) {
        for (const row of rows) sheet.addRow(exportValues(row)).commit()
        done += rows.length
        await writer.flush()
        await db.updateTable('feedback_exports').set({ rows_done: done }).where('id', '=', exportId).execute()
      }
      sheet.commit()
      await workbook.commit()
      await finished
    }
    await writer.flush(true)
    await db
      .updateTable('feedback_exports')
      .set({ status: 'ready', rows_done: done, rows_total: done, byte_size: writer.bytes, finished_at: now() })
      .where('id', '=', exportId)
      .execute()
  } catch (error) {
    await db
      .updateTable('feedback_exports')
      .set({ status: 'failed', finished_at: now(), error: 'L’export n’a pas pu être préparé. Nous réessayons automatiquement ; vous pouvez aussi le relancer.' })
      .where('id', '=', exportId)
      .execute()
    throw error
  }
}

/**
 * Deletes expired exports: their objects in the bucket first (until the first missing chunk), so a
 * storage that cannot be reached stops the purge (the job retries) and leaves no object behind.
 */
export async function purgeExpiredExports(db: Db, at: Date, storage?: FileStorage): Promise<number> {
  if (storage?.kind === 's3') {
    const expired = await db.selectFrom('feedback_exports').select('id').where('expires_at', '<', at).execute()
    for (const { id } of expired) {
      for (let seq = 0; await storage.exists(exportChunkKey(id, seq)); seq++) await storage.remove(exportChunkKey(id, seq))
    }
  }
  const result = await db.deleteFrom('feedback_exports').where('expires_at', '<', at).executeTakeFirst()
  return Number(result.numDeletedRows)
}

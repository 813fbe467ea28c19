// Exports of a call's submitted applications, one row per application, as CSV and XLSX. Both
// are streamed: rows are read by batches and written as they come, so a call of thousands of
// applications never sits whole in memory. Column names are stable (scripts depend on them).
import { PassThrough, Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { Db } from '#db/client.ts'
import type { ApplicationState } from '#db/schema/accelerator.ts'
import { FUNDER_COUNT, parseFrenchNumber, structureKindLabel, territoryLabel, type Answers } from './applications/application-form.ts'
import { APPLICATION_STATE_LABELS } from './applications/application-states.ts'
import { displayedName } from './applications/attachment-files.server.ts'

const BATCH = 200

export interface ExportRow {
  reference: string | null
  state: ApplicationState
  submitted_at: Date | null
  last_submitted_at: Date | null
  answers: Answers
  files: string[]
  leaders: string[]
}

type Cell = string | number | null

const text = (section: string, field: string) => (row: ExportRow): Cell => {
  const value = row.answers[section]?.[field]
  return Array.isArray(value) ? value.join(', ') : (value ?? null) || null
}
const number = (section: string, field: string) => (row: ExportRow): Cell => {
  const value = row.answers[section]?.[field]
  return typeof value === 'string' && value ? (parseFrenchNumber(value) ?? value) : null
}

/** The columns, in order. Renaming one breaks the scripts that read the file: add, never rename. */
export const EXPORT_COLUMNS: Array<{ key: string; value: (row: ExportRow) => Cell }> = [
  { key: 'reference', value: (row) => row.reference },
  { key: 'etat', value: (row) => APPLICATION_STATE_LABELS[row.state] },
  { key: 'date_premier_depot', value: (row) => row.submitted_at?.toISOString() ?? null },
  { key: 'date_dernier_depot', value: (row) => row.last_submitted_at?.toISOString() ?? null },
  { key: 'structure_nom', value: text('structure', 'name') },
  { key: 'structure_type', value: (row) => (row.answers.structure?.kind ? structureKindLabel(String(row.answers.structure.kind)) : null) },
  { key: 'structure_siret', value: text('structure', 'siret') },
  { key: 'structure_rna', value: text('structure', 'rna') },
  { key: 'structure_adresse', value: text('structure', 'address') },
  { key: 'structure_site', value: text('structure', 'website') },
  { key: 'projet_titre', value: text('project', 'title') },
  { key: 'projet_description', value: text('project', 'summary') },
  { key: 'projet_probleme', value: text('project', 'problem') },
  { key: 'projet_publics', value: text('project', 'audience') },
  {
    key: 'projet_territoires',
    value: (row) => ((row.answers.project?.territories as string[] | undefined) ?? []).map(territoryLabel).join(', ') || null,
  },
  { key: 'indicateur_nom', value: text('impact', 'indicatorName') },
  { key: 'indicateur_unite', value: text('impact', 'unit') },
  { key: 'indicateur_depart', value: number('impact', 'startValue') },
  { key: 'indicateur_cible', value: number('impact', 'targetValue') },
  { key: 'indicateur_mesure', value: text('impact', 'method') },
  { key: 'strategie_six_mois', value: text('strategy', 'strategy') },
  { key: 'objectif_1', value: text('objectives', 'objective1') },
  { key: 'objectif_2', value: text('objectives', 'objective2') },
  { key: 'objectif_3', value: text('objectives', 'objective3') },
  { key: 'budget_annuel_structure', value: number('budget', 'annualBudget') },
  { key: 'budget_projet', value: number('budget', 'projectBudget') },
  { key: 'aides_publiques_3_ans', value: number('budget', 'publicAidThreeYears') },
  {
    key: 'financeurs',
    value: (row) => {
      const budget = row.answers.budget ?? {}
      const list: string[] = []
      for (let n = 1; n <= FUNDER_COUNT; n++) {
        const name = budget[`funder${n}Name`]
        if (!name) continue
        list.push(`${name} (${budget[`funder${n}Amount`] ?? '?'} €, ${budget[`funder${n}Kind`] === 'public' ? 'public' : 'privé'})`)
      }
      return list.join(' ; ') || null
    },
  },
  { key: 'contact_1_nom', value: text('contacts', 'contact1Name') },
  { key: 'contact_1_role', value: text('contacts', 'contact1Role') },
  { key: 'contact_1_email', value: text('contacts', 'contact1Email') },
  { key: 'contact_1_telephone', value: text('contacts', 'contact1Phone') },
  { key: 'contact_2_nom', value: text('contacts', 'contact2Name') },
  { key: 'contact_2_role', value: text('contacts', 'contact2Role') },
  { key: 'contact_2_email', value: text('contacts', 'contact2Email') },
  { key: 'contact_2_telephone', value: text('contacts', 'contact2Phone') },
  { key: 'engagement_2_3_jours_par_mois', value: (row) => (row.answers.contacts?.commitment === 'oui' ? 'oui' : 'non') },
  { key: 'pieces_jointes', value: (row) => row.files.join(' ; ') || null },
  { key: 'porteurs', value: (row) => row.leaders.join(' ; ') || null },
]

/** Submitted applications of a call, by batches, in reference order (keyset pagination). */
export async function* exportRows(db: Db, callId: string): AsyncGenerator<ExportRow[]> {
  let after = ''
  for (;;) {
    const batch = await db
      .selectFrom('applications')
      .select(['id', 'reference', 'state', 'submitted_at', 'last_submitted_at', 'answers'])
      .where('call_id', '=', callId)
      .where('state', '<>', 'brouillon')
      .where('reference', '>', after)
      .orderBy('reference')
      .limit(BATCH)
      .execute()
    if (!batch.length) return
    const ids = batch.map((row) => row.id)
    const [files, leaders] = await Promise.all([
      db.selectFrom('application_files').select(['application_id', 'original_name', 'content_type']).where('application_id', 'in', ids).orderBy('created_at').execute(),
      db
        .selectFrom('application_members')
        .innerJoin('users', 'users.id', 'application_members.user_id')
        .select(['application_members.application_id', 'users.email'])
        .where('application_members.application_id', 'in', ids)
        .where('application_members.removed_at', 'is', null)
        .orderBy('application_members.created_at')
        .execute(),
    ])
    yield batch.map((row) => ({
      reference: row.reference,
      state: row.state,
      submitted_at: row.submitted_at,
      last_submitted_at: row.last_submitted_at,
      answers: row.answers as Answers,
      files: files.filter((f) => f.application_id === row.id).map((f) => displayedName(f.original_name, f.content_type)),
      leaders: leaders.filter((l) => l.application_id === row.id).map((l) => l.email),
    }))
    after = batch[batch.length - 1]!.reference ?? ''
    if (batch.length < BATCH) return
  }
}

/** A CSV cell: quoted when needed; text starting like a formula is neutralised (spreadsheet injection). */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return String(value).replace('.', ',')
  let textValue = value
  if (/^[=+\-@\t\r]/.test(textValue)) textValue = `'${textValue}`
  return /[";\n\r]/.test(textValue) ? `"${textValue.replace(/"/g, '""')}"` : textValue
}

/**
 * CSV as French spreadsheets open it: UTF-8 with a BOM, semicolons, decimal commas, CRLF.
 */
export function csvStream(db: Db, callId: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const rows = exportRows(db, callId)
  let headerSent = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true
        controller.enqueue(encoder.encode(`\uFEFF${EXPORT_COLUMNS.map((c) => c.key).join(';')}\r\n`))
        return
      }
      const next = await rows.next()
      if (next.done) {
        controller.close()
        return
      }
      const lines = next.value.map((row) => EXPORT_COLUMNS.map((column) => csvCell(column.value(row))).join(';')).join('\r\n')
      controller.enqueue(encoder.encode(`${lines}\r\n`))
    },
    async cancel() {
      await rows.return(undefined)
    },
  })
}

/** XLSX written row by row with exceljs' streaming writer. */
export function xlsxStream(db: Db, callId: string): ReadableStream<Uint8Array> {
  const output = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false })
  const sheet = workbook.addWorksheet('candidatures')
  sheet.columns = EXPORT_COLUMNS.map((column) => ({ header: column.key, key: column.key, width: 24 }))
  void (async () => {
    try {
      for await (const batch of exportRows(db, callId)) {
        for (const row of batch) {
          sheet.addRow(Object.fromEntries(EXPORT_COLUMNS.map((column) => [column.key, column.value(row)]))).commit()
        }
      }
      sheet.commit()
      await workbook.commit()
    } catch (error) {
      output.destroy(error as Error)
    }
  })()
  return Readable.toWeb(output) as ReadableStream<Uint8Array>
}

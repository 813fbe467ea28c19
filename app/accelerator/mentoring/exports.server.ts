// The cohort's data as one line per project, for spreadsheets (CSV as French spreadsheets open it,
// or XLSX). A cohort has a few dozen projects: built in memory.
import ExcelJS from 'exceljs'
import type { Db } from '#db/client.ts'
import { csvCell } from '../exports.server.ts'
import { cohortOverview } from './cohorts.server.ts'
import { HEALTH_LABELS } from './mentoring.ts'
import { loadProject } from './projects.server.ts'

type Cell = string | number | null

export async function cohortExportRows(db: Db, cohortId: string, today: string): Promise<{ header: string[]; rows: Cell[][] }> {
  const overview = await cohortOverview(db, cohortId, today, {})
  const ids = overview.map((row) => row.id)
  const [checkIns, introductions, values, funding] = ids.length
    ? await Promise.all([
        db.selectFrom('mentoring_check_ins').select(['project_id', 'minutes_spent']).where('project_id', 'in', ids).execute(),
        db.selectFrom('mentoring_introductions').select(['project_id', 'outcome']).where('project_id', 'in', ids).execute(),
        db.selectFrom('mentoring_indicator_values').select(['project_id', 'value', 'measured_on']).where('project_id', 'in', ids).orderBy('measured_on').execute(),
        db.selectFrom('mentoring_committee_items').select(['project_id', 'amount_euros']).where('project_id', 'in', ids).where('decision', '=', 'approved').execute(),
      ])
    : [[], [], [], []]
  const header = [
    'projet',
    'structure',
    'charge_acceleration',
    'sante',
    'dernier_point_etape',
    'points_etape',
    'heures_accompagnement',
    'besoins_ouverts',
    'actions_en_retard',
    'mises_en_relation',
    'mises_en_relation_avec_suite',
    'indicateur',
    'indicateur_depart',
    'indicateur_cible',
    'indicateur_derniere_valeur',
    'financement_euros',
    'alertes',
  ]
  const rows: Cell[][] = []
  for (const row of overview) {
    const project = await loadProject(db, row.id)
    const own = <T extends { project_id: string }>(list: T[]) => list.filter((item) => item.project_id === row.id)
    const minutes = own(checkIns).reduce((sum, c) => sum + c.minutes_spent, 0)
    rows.push([
      row.title,
      row.structure,
      row.mentorName,
      HEALTH_LABELS[row.health],
      row.lastCheckIn,
      own(checkIns).length,
      Math.round(minutes / 6) / 10,
      row.openNeeds,
      row.overdueActions,
      own(introductions).length,
      own(introductions).filter((i) => i.outcome === 'followed_up').length,
      project.indicator.name,
      Number.isFinite(project.indicator.start) ? project.indicator.start : null,
      Number.isFinite(project.indicator.target) ? project.indicator.target : null,
      own(values).at(-1)?.value ?? null,
      own(funding).reduce((sum, f) => sum + (f.amount_euros ?? 0), 0),
      row.alerts.join(' | '),
    ])
  }
  return { header, rows }
}

export function toCsv({ header, rows }: { header: string[]; rows: Cell[][] }): string {
  return `\uFEFF${[header, ...rows].map((line) => line.map((cell) => csvCell(cell)).join(';')).join('\r\n')}\r\n`
}

export async function toXlsx({ header, rows }: { header: string[]; rows: Cell[][] }): Promise<ArrayBuffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('cohorte')
  sheet.addRow(header)
  for (const row of rows) sheet.addRow(row)
  const buffer = await workbook.xlsx.writeBuffer()
  return new Uint8Array(buffer).slice().buffer
}

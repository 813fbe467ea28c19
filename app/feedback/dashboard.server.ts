// Dashboards of a service and of an organisation, computed from the rollup tables (plus the
// deltas not folded yet): the cost depends on the number of days and services shown, not on
// the number of reviews. bench/feedback/dashboards.ts times them at 1M and 10M reviews.
import { sql, type RawBuilder } from 'kysely'
import type { Db } from '#db/client.ts'
import type { StatMeasures } from '#db/schema/feedback.ts'
import { addMeasures, computeIndicators, contactScore, emptyMeasures, MEASURE_NAMES, type Indicator } from './indicators.ts'
import { bucketLabel, bucketsOf, previousPeriod, splitByMonths, type Granularity } from './periods.ts'
import type { ReviewFilters } from './filters.ts'
import { sumMeasures } from './rollups.server.ts'

export interface SeriesPoint {
  bucket: string
  label: string
  measures: StatMeasures
  /** Reviews answering Très bien, Moyen, Pas bien in this bucket. */
  answers: { tresBien: number; moyen: number; pasBien: number }
  satisfaction: number | null
}

export interface DashboardSummary {
  totals: StatMeasures
  previousTotals: StatMeasures
  indicators: Indicator[]
  previousIndicators: Indicator[]
  contactScore: number | null
  previous: { from: string; to: string }
  answers: { tresBien: number; moyen: number; pasBien: number }
  series: SeriesPoint[]
}

type Row = StatMeasures & { bucket?: string; satisfaction?: number }

const TRUNC: Record<Granularity, RawBuilder<unknown>> = {
  jour: sql.raw('day'),
  semaine: sql.raw(`date_trunc('week', day)::date`),
  mois: sql.raw(`date_trunc('month', day)::date`),
}

function toMeasures(row: Partial<StatMeasures>): StatMeasures {
  return addMeasures(emptyMeasures(), row)
}

function summarise(rows: Row[], previousRows: Row[], filters: ReviewFilters): DashboardSummary {
  const totals = emptyMeasures()
  const answers = { tresBien: 0, moyen: 0, pasBien: 0 }
  const byBucket = new Map<string, SeriesPoint>()
  for (const bucket of bucketsOf(filters.from, filters.to, filters.granularity)) {
    byBucket.set(bucket, { bucket, label: bucketLabel(bucket, filters.granularity), measures: emptyMeasures(), answers: { tresBien: 0, moyen: 0, pasBien: 0 }, satisfaction: null })
  }
  for (const row of rows) {
    addMeasures(totals, row)
    const key = row.satisfaction === 2 ? 'tresBien' : row.satisfaction === 1 ? 'moyen' : 'pasBien'
    answers[key] += Number(row.reviews)
    const point = byBucket.get(String(row.bucket))
    if (point) {
      addMeasures(point.measures, row)
      point.answers[key] += Number(row.reviews)
    }
  }
  const series = [...byBucket.values()].map((point) => ({
    ...point,
    satisfaction: point.measures.reviews > 0 ? point.measures.sat_points / point.measures.reviews : null,
  }))
  const previousTotals = emptyMeasures()
  for (const row of previousRows) addMeasures(previousTotals, row)
  return {
    totals,
    previousTotals,
    indicators: computeIndicators(totals),
    previousIndicators: computeIndicators(previousTotals),
    contactScore: contactScore(totals),
    previous: previousPeriod(filters.from, filters.to),
    answers,
    series,
  }
}

// ---------------------------------------------------------------------------------------------
// One service

function serviceConditions(filters: ReviewFilters, from: string, to: string): RawBuilder<unknown> {
  return sql`day BETWEEN ${from}::date AND ${to}::date
    ${filters.placementId ? sql`AND placement_id = ${filters.placementId}::uuid` : sql``}
    ${filters.versionId ? sql`AND form_version_id = ${filters.versionId}::uuid` : sql``}
    ${filters.satisfaction !== null ? sql`AND satisfaction = ${filters.satisfaction}::smallint` : sql``}`
}

/** The rows of one service (rollup + pending deltas) in [from, to], as a derived table. */
function serviceSource(scope: { organisationId: string; serviceId: string }, filters: ReviewFilters, from: string, to: string, columns: RawBuilder<unknown>) {
  const where = serviceConditions(filters, from, to)
  return sql`(
    SELECT ${columns} FROM feedback_stats_daily WHERE service_id = ${scope.serviceId}::uuid AND ${where}
    UNION ALL
    SELECT ${columns} FROM feedback_stat_deltas WHERE organisation_id = ${scope.organisationId}::uuid AND service_id = ${scope.serviceId}::uuid AND ${where}
  ) AS source`
}

const ALL_COLUMNS = sql.raw(`day, satisfaction, placement_id, form_version_id, ${MEASURE_NAMES.join(', ')}`)

export async function serviceSummary(db: Db, scope: { organisationId: string; serviceId: string }, filters: ReviewFilters): Promise<DashboardSummary> {
  const previous = previousPeriod(filters.from, filters.to)
  // The period and the previous one in one query (one round trip): rows tell which is which.
  const { rows } = await sql<Row & { part: 'current' | 'previous' }>`
    SELECT 'current' AS part, ${TRUNC[filters.granularity]}::text AS bucket, satisfaction, ${sumMeasures()}
      FROM ${serviceSource(scope, filters, filters.from, filters.to, ALL_COLUMNS)}
      GROUP BY 2, 3
    UNION ALL
    SELECT 'previous', NULL, NULL, ${sumMeasures()} FROM ${serviceSource(scope, filters, previous.from, previous.to, ALL_COLUMNS)}`.execute(db)
  const current: Row[] = []
  const before: Row[] = []
  for (const { part, ...row } of rows) (part === 'current' ? current : before).push(row)
  return summarise(current, before, filters)
}

export interface BreakdownRow {
  id: string
  name: string
  measures: StatMeasures
  satisfaction: number | null
}

/** Reviews and satisfaction per placement of a service, over the period. */
export async function placementBreakdown(db: Db, scope: { organisationId: string; serviceId: string }, filters: ReviewFilters): Promise<BreakdownRow[]> {
  // Every placement of the service, with its sums when it has any, in one query.
  const { rows } = await sql<Partial<Row> & { id: string; name: string }>`
    SELECT p.id, p.name, s.* FROM feedback_placements AS p
    LEFT JOIN (
      SELECT placement_id, ${sumMeasures()}
      FROM ${serviceSource(scope, { ...filters, placementId: null }, filters.from, filters.to, ALL_COLUMNS)}
      GROUP BY placement_id
    ) AS s ON s.placement_id = p.id
    WHERE p.service_id = ${scope.serviceId}::uuid
    ORDER BY p.created_at`.execute(db)
  return rows.map((row) => {
    const measures = toMeasures(row)
    return { id: row.id, name: row.name, measures, satisfaction: measures.reviews ? measures.sat_points / measures.reviews : null }
  })
}

/** Everything the service dashboard shows, in parallel queries. */
export async function loadServiceDashboard(db: Db, scope: { organisationId: string; serviceId: string }, filters: ReviewFilters) {
  const [summary, placements, versions] = await Promise.all([
    serviceSummary(db, scope, filters),
    placementBreakdown(db, scope, filters),
    db
      .selectFrom('feedback_form_versions as v')
      .innerJoin('feedback_forms as f', 'f.id', 'v.form_id')
      .select(['v.id', 'v.version', 'f.name as form_name', 'v.retired_at'])
      .where('f.service_id', '=', scope.serviceId)
      .orderBy('f.created_at')
      .orderBy('v.version', 'desc')
      .execute(),
  ])
  return { summary, placements, versions }
}

// ---------------------------------------------------------------------------------------------
// A whole organisation

function satisfactionCondition(filters: ReviewFilters): RawBuilder<unknown> {
  return filters.satisfaction !== null ? sql`AND satisfaction = ${filters.satisfaction}::smallint` : sql``
}

function organisationSource(organisationId: string, filters: ReviewFilters, from: string, to: string) {
  const columns = sql.raw(`day, satisfaction, ${MEASURE_NAMES.join(', ')}`)
  return sql`(
    SELECT ${columns} FROM feedback_stats_org_daily
    WHERE organisation_id = ${organisationId}::uuid AND day BETWEEN ${from}::date AND ${to}::date ${satisfactionCondition(filters)}
    UNION ALL
    SELECT ${columns} FROM feedback_stat_deltas
    WHERE organisation_id = ${organisationId}::uuid AND day BETWEEN ${from}::date AND ${to}::date ${satisfactionCondition(filters)}
  ) AS source`
}

export async function organisationSummary(db: Db, organisationId: string, filters: ReviewFilters): Promise<DashboardSummary> {
  const previous = previousPeriod(filters.from, filters.to)
  const [current, before] = await Promise.all([
    sql<Row>`SELECT ${TRUNC[filters.granularity]}::text AS bucket, satisfaction, ${sumMeasures()}
      FROM ${organisationSource(organisationId, filters, filters.from, filters.to)} GROUP BY 1, 2`.execute(db),
    sql<Row>`SELECT ${sumMeasures()} FROM ${organisationSource(organisationId, filters, previous.from, previous.to)}`.execute(db),
  ])
  return summarise(current.rows, before.rows, filters)
}

/** Reviews and indicators per service of an organisation: whole months from the monthly rollup. */
export async function serviceBreakdown(db: Db, organisationId: string, filters: ReviewFilters): Promise<BreakdownRow[]> {
  const { months, days } = splitByMonths(filters.from, filters.to)
  const measures = sql.raw(MEASURE_NAMES.join(', '))
  const parts: RawBuilder<unknown>[] = []
  if (months) {
    parts.push(sql`SELECT service_id, ${measures} FROM feedback_stats_service_monthly
      WHERE organisation_id = ${organisationId}::uuid AND month BETWEEN ${months.from}::date AND ${months.to}::date ${satisfactionCondition(filters)}`)
  }
  for (const range of days) {
    parts.push(sql`SELECT service_id, ${measures} FROM feedback_stats_service_daily
      WHERE organisation_id = ${organisationId}::uuid AND day BETWEEN ${range.from}::date AND ${range.to}::date ${satisfactionCondition(filters)}`)
  }
  parts.push(sql`SELECT service_id, ${measures} FROM feedback_stat_deltas
    WHERE organisation_id = ${organisationId}::uuid AND day BETWEEN ${filters.from}::date AND ${filters.to}::date ${satisfactionCondition(filters)}`)
  const [{ rows }, services] = await Promise.all([
    sql<Row & { service_id: string }>`SELECT service_id, ${sumMeasures()} FROM (${sql.join(parts, sql` UNION ALL `)}) AS source GROUP BY service_id`.execute(db),
    db.selectFrom('feedback_services').select(['id', 'name']).where('organisation_id', '=', organisationId).where('archived_at', 'is', null).orderBy('name').execute(),
  ])
  const byId = new Map(rows.map((row) => [row.service_id, toMeasures(row)]))
  return services
    .map((service) => {
      const m = byId.get(service.id) ?? emptyMeasures()
      return { id: service.id, name: service.name, measures: m, satisfaction: m.reviews ? m.sat_points / m.reviews : null }
    })
    .sort((a, b) => b.measures.reviews - a.measures.reviews || a.name.localeCompare(b.name, 'fr'))
}

export async function loadOrganisationDashboard(db: Db, organisationId: string, filters: ReviewFilters) {
  const [summary, services] = await Promise.all([organisationSummary(db, organisationId, filters), serviceBreakdown(db, organisationId, filters)])
  return { summary, services }
}

// Periods, buckets and filters of the dashboards. Days are calendar days in Europe/Paris, written
// 'YYYY-MM-DD' (the `day` of the rollup tables). Pure functions, unit-tested.

import { addDays, addMonths, DAY_MS } from '#app/utils/days.ts'

export type Granularity = 'jour' | 'semaine' | 'mois'
export type PeriodPreset = '7j' | '30j' | '3m' | '12m' | 'perso'

export const PERIOD_PRESETS: Array<{ value: PeriodPreset; label: string }> = [
  { value: '7j', label: '7 derniers jours' },
  { value: '30j', label: '30 derniers jours' },
  { value: '3m', label: '3 derniers mois' },
  { value: '12m', label: '12 derniers mois' },
  { value: 'perso', label: 'Période choisie' },
]

export const GRANULARITIES: Array<{ value: Granularity; label: string }> = [
  { value: 'jour', label: 'Par jour' },
  { value: 'semaine', label: 'Par semaine' },
  { value: 'mois', label: 'Par mois' },
]


/** Number of days from `from` to `to`, both included. */
export function dayCount(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1
}

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`
}

export function monthEnd(day: string): string {
  return addDays(addMonths(monthStart(day), 1), -1)
}

/** Monday of the ISO week of `day` (as PostgreSQL's date_trunc('week')). */
export function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay() // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7))
}

export function bucketOf(day: string, granularity: Granularity): string {
  return granularity === 'jour' ? day : granularity === 'semaine' ? weekStart(day) : monthStart(day)
}

/** Every bucket start of the period, in order (empty buckets included, for charts and tables). */
export function bucketsOf(from: string, to: string, granularity: Granularity): string[] {
  const buckets: string[] = []
  let cursor = bucketOf(from, granularity)
  while (cursor <= to) {
    buckets.push(cursor)
    cursor = granularity === 'jour' ? addDays(cursor, 1) : granularity === 'semaine' ? addDays(cursor, 7) : addMonths(cursor, 1)
  }
  return buckets
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre']

export function formatDay(day: string, withYear = true): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  return `${date === 1 ? '1er' : date} ${MONTHS[month - 1]}${withYear ? ` ${year}` : ''}`
}

export function bucketLabel(bucket: string, granularity: Granularity): string {
  if (granularity === 'mois') {
    const [year, month] = bucket.split('-').map(Number) as [number, number]
    return `${MONTHS[month - 1]} ${year}`
  }
  if (granularity === 'semaine') return `semaine du ${formatDay(bucket)}`
  return formatDay(bucket)
}

export function periodLabel(from: string, to: string): string {
  return from === to ? `le ${formatDay(from)}` : `du ${formatDay(from)} au ${formatDay(to)}`
}

export interface Period {
  preset: PeriodPreset
  from: string
  to: string
}

export function presetPeriod(preset: Exclude<PeriodPreset, 'perso'>, today: string): Period {
  switch (preset) {
    case '7j':
      return { preset, from: addDays(today, -6), to: today }
    case '30j':
      return { preset, from: addDays(today, -29), to: today }
    case '3m':
      return { preset, from: addDays(addMonths(today, -3), 1), to: today }
    case '12m':
      return { preset, from: addDays(addMonths(today, -12), 1), to: today }
  }
}

/** The period of the same length just before. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const length = dayCount(from, to)
  const previousTo = addDays(from, -1)
  return { from: addDays(previousTo, -(length - 1)), to: previousTo }
}

export function defaultGranularity(from: string, to: string): Granularity {
  const days = dayCount(from, to)
  return days <= 31 ? 'jour' : days <= 120 ? 'semaine' : 'mois'
}

/**
 * Splits a period into whole calendar months and the days around them, so long periods read the
 * monthly rollup and only the edges read the daily one.
 */
export function splitByMonths(from: string, to: string): { months: { from: string; to: string } | null; days: Array<{ from: string; to: string }> } {
  const firstFull = from === monthStart(from) ? from : monthStart(addMonths(monthStart(from), 1))
  const lastFullEnd = to === monthEnd(to) ? to : addDays(monthStart(to), -1)
  if (firstFull > lastFullEnd) return { months: null, days: [{ from, to }] }
  const days: Array<{ from: string; to: string }> = []
  if (from < firstFull) days.push({ from, to: addDays(firstFull, -1) })
  if (lastFullEnd < to) days.push({ from: addDays(lastFullEnd, 1), to })
  return { months: { from: firstFull, to: monthStart(lastFullEnd) }, days }
}

export const MAX_PERIOD_DAYS = 3 * 366

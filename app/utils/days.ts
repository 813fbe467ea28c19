// Calendar days written « YYYY-MM-DD » (dates of mentoring, rollup days of the dashboards, daily
// open-data files): one home for their arithmetic, in UTC so no time zone or clock change can move
// a day. Which day it is in Paris is app/utils/paris-time.ts's job.

export const DAY_MS = 24 * 60 * 60 * 1000

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar day written « YYYY-MM-DD » (« 2026-02-30 » is not one). */
export function isDay(value: string | null | undefined): value is string {
  const match = value ? DAY_PATTERN.exec(value) : null
  if (!match) return false
  const [y, m, d] = match.slice(1).map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/** Same day `months` later, clamped to the month's last day (31 janvier + 3 mois = 30 avril). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate()
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10)
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/** A day as a French reader expects it (« 3 février 2027 »), from « YYYY-MM-DD » without time-zone drift. */
export function formatDay(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString('fr-FR', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' })
}

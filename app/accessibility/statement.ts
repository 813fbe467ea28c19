// The accessibility statement computed from the RGAA grid (decision 096): the counts, the rate, the
// legal state of conformity, the non-conformities and what was tested how. The page /accessibilite
// and the footer's mention read this, never a hand-written status.
import { conformityLevel, conformityRate, countStatuses, formatRate, type ConformityLevel } from './conformity.ts'
import { RGAA_CRITERIA, RGAA_THEMES } from './rgaa-criteria.ts'
import type { GridCheck, GridEntry, TestCheck } from './rgaa-grid.ts'
import { SAMPLE_PAGES } from './sample.ts'

/** The values of the DSFR footer's `accessibility` prop, for each legal state. */
export const DSFR_MENTION = {
  'totalement conforme': 'fully compliant',
  'partiellement conforme': 'partially compliant',
  'non conforme': 'non compliant',
} as const satisfies Record<ConformityLevel, string>

export type StatementCriterion = { number: string; title: string; theme: string; entry: GridEntry }

export function buildStatement(grid: readonly GridEntry[]) {
  const counts = countStatuses(grid.map((entry) => entry.status))
  const rate = conformityRate(counts)
  const level = conformityLevel(counts)
  const byNumber = new Map(grid.map((entry) => [entry.criterion, entry]))
  const criteria: StatementCriterion[] = RGAA_CRITERIA.flatMap((criterion) => {
    const entry = byNumber.get(criterion.number)
    const theme = RGAA_THEMES.find((t) => t.number === criterion.theme)!
    return entry ? [{ number: criterion.number, title: criterion.title, theme: `${theme.number}. ${theme.title}`, entry }] : []
  })
  const checks = grid.flatMap((entry) => entry.checks)
  const testNames = [...new Map(checks.filter((c) => c.kind === 'test').map((c) => [`${c.file} ${c.test}`, c])).values()]
  const manualMethods = [...new Map(checks.flatMap((c) => (c.kind === 'manuel' ? [[c.method, c] as const] : []))).values()]
  const dates = checks.flatMap((c) => (c.kind === 'manuel' ? [c.date] : [])).sort()
  return {
    counts,
    rate,
    rateLabel: formatRate(rate),
    level,
    mention: DSFR_MENTION[level],
    criteria,
    nonConformities: criteria.filter((c) => c.entry.status === 'non_conforme'),
    automatedChecks: testNames as TestCheck[],
    manualChecks: manualMethods as Extract<GridCheck, { kind: 'manuel' }>[],
    lastCheck: dates.at(-1) ?? null,
    samplePages: SAMPLE_PAGES,
  }
}

export type Statement = ReturnType<typeof buildStatement>

/** « 7 décembre 2026 » from an ISO date. */
export function frenchDate(iso: string): string {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' })
}

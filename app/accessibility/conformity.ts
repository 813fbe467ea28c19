// The RGAA 4.1 conformity rate and the legal state of conformity (decision 096). Pure functions,
// shared by the statement page, the footer and the unit tests.

export const STATUSES = ['conforme', 'non_conforme', 'non_applicable'] as const
export type CriterionStatus = (typeof STATUSES)[number]

export type ConformityCounts = { conformes: number; nonConformes: number; nonApplicables: number }

export type ConformityLevel = 'totalement conforme' | 'partiellement conforme' | 'non conforme'

export function countStatuses(statuses: readonly CriterionStatus[]): ConformityCounts {
  const counts = { conformes: 0, nonConformes: 0, nonApplicables: 0 }
  for (const status of statuses) {
    if (status === 'conforme') counts.conformes++
    else if (status === 'non_conforme') counts.nonConformes++
    else counts.nonApplicables++
  }
  return counts
}

/**
 * The RGAA rate: criteria met divided by applicable criteria (met + not met), the non-applicable
 * ones left out, as a percentage. `null` when no criterion applies: nothing was shown to be met,
 * so no rate is claimed.
 */
export function conformityRate({ conformes, nonConformes }: ConformityCounts): number | null {
  const applicable = conformes + nonConformes
  return applicable === 0 ? null : (100 * conformes) / applicable
}

/**
 * The legal state of conformity (arrêté du 20 septembre 2019): « totalement conforme » only when
 * every applicable criterion is met, « partiellement conforme » from 50 % of them, otherwise « non
 * conforme ». Compared on the counts in integers, so 50 % exactly is never lost to rounding.
 */
export function conformityLevel({ conformes, nonConformes }: ConformityCounts): ConformityLevel {
  if (conformes === 0) return 'non conforme'
  if (nonConformes === 0) return 'totalement conforme'
  return 2 * conformes >= conformes + nonConformes ? 'partiellement conforme' : 'non conforme'
}

/** « 62,5 % »: one decimal at most, rounded down so the statement never claims more than the grid. */
export function formatRate(rate: number | null): string {
  if (rate === null) return 'non calculé'
  const tenths = Math.floor(rate * 10 + 1e-9) / 10
  return `${tenths.toLocaleString('fr-FR', { maximumFractionDigits: 1 })}\u00a0%`
}

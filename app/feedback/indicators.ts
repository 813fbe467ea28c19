// Indicators shown to service teams, computed from the integer sums kept in the rollup tables.
// Pure functions (no database): unit-tested, and used by dashboards, digests and exports.
import { formatNumber } from '#app/utils/format.ts'
import type { StatMeasures } from '#db/schema/feedback.ts'

/** The rollup measures, in the order of the migration. Each is an integer sum. */
export const MEASURE_NAMES = [
  'reviews',
  'sat_points',
  'clarity_count',
  'clarity_sum',
  'help_answered',
  'help_none',
  'reached_answered',
  'reached_yes',
  'quality_count',
  'quality_sum',
  'comments',
  'completed',
  'ch_counter',
  'ch_phone',
  'ch_email',
  'ch_chat',
  'ch_relative',
  'ch_association',
  'ch_internet',
  'ch_other',
] as const satisfies ReadonlyArray<keyof StatMeasures>

export type MeasureName = (typeof MEASURE_NAMES)[number]

export function emptyMeasures(): StatMeasures {
  return Object.fromEntries(MEASURE_NAMES.map((name) => [name, 0])) as unknown as StatMeasures
}

export function addMeasures(target: StatMeasures, source: Partial<StatMeasures>): StatMeasures {
  for (const name of MEASURE_NAMES) target[name] += Number(source[name] ?? 0)
  return target
}

export type IndicatorKey = 'satisfaction' | 'clarity' | 'reached' | 'quality' | 'autonomy'

export interface Indicator {
  key: IndicatorKey
  label: string
  /** Out of 10 (or a percentage for `reached`), null when nobody answered. */
  value: number | null
  unit: '/10' | '%'
  /** Number of answers the value is computed from. */
  answers: number
  /** How the value is computed, in plain French (shown under it). */
  method: string
}

/** Rounds to one decimal, as shown. */
export function round1(value: number): number {
  return Math.round(value * 10) / 10
}

export function computeIndicators(m: StatMeasures): Indicator[] {
  const ratio = (numerator: number, denominator: number, scale: number) => (denominator > 0 ? (numerator / denominator) * scale : null)
  return [
    {
      key: 'satisfaction',
      label: 'Satisfaction',
      // sat_points already holds 10 / 5 / 0 per review.
      value: ratio(m.sat_points, m.reviews, 1),
      unit: '/10',
      answers: m.reviews,
      method: 'Moyenne des réponses à « De façon générale, comment ça s’est passé ? » : Très bien = 10, Moyen = 5, Pas bien = 0.',
    },
    {
      key: 'clarity',
      label: 'Simplicité du langage',
      // clarity_sum holds (level − 1), 0 to 4: × 2.5 gives 0, 2.5, 5, 7.5, 10.
      value: ratio(m.clarity_sum * 2.5, m.clarity_count, 1),
      unit: '/10',
      answers: m.clarity_count,
      method: 'Moyenne des réponses sur la clarté des informations : de « Pas clair du tout » = 0 à « Très clair » = 10 (0 ; 2,5 ; 5 ; 7,5 ; 10).',
    },
    {
      key: 'reached',
      label: 'Aide joignable',
      value: ratio(m.reached_yes, m.reached_answered, 100),
      unit: '%',
      answers: m.reached_answered,
      method: 'Part des « Oui » parmi les personnes qui ont répondu à « Avez-vous réussi à obtenir de l’aide ? ».',
    },
    {
      key: 'quality',
      label: 'Aide efficace',
      value: ratio(m.quality_sum * 2.5, m.quality_count, 1),
      unit: '/10',
      answers: m.quality_count,
      method:
        'Moyenne de la qualité de l’aide, parmi les personnes qui l’ont obtenue : de « Très mauvaise » = 0 à « Très bonne » = 10 (0 ; 2,5 ; 5 ; 7,5 ; 10).',
    },
    {
      key: 'autonomy',
      label: 'Autonomie',
      value: ratio(m.help_none, m.help_answered, 10),
      unit: '/10',
      answers: m.help_answered,
      method: 'Part des personnes qui ont répondu « Je n’ai pas eu besoin d’aide » parmi celles qui ont répondu à la question sur l’aide, ramenée sur 10.',
    },
  ]
}

/**
 * The overall contact score of the national indicator: help quality averaged over everyone who
 * answered whether help was reached, those who did not reach it counting 0.
 */
export function contactScore(m: StatMeasures): number | null {
  const denominator = m.quality_count + (m.reached_answered - m.reached_yes)
  return denominator > 0 ? (m.quality_sum * 2.5) / denominator : null
}

export function formatIndicator(indicator: Pick<Indicator, 'value' | 'unit'>): string {
  if (indicator.value === null) return '—'
  const shown = formatNumber(round1(indicator.value), 1)
  return indicator.unit === '%' ? `${shown} %` : `${shown} / 10`
}

/** Difference with the previous period, in points of the indicator's unit, or null. */
export function indicatorDelta(current: Indicator, previous: Indicator | undefined): number | null {
  if (!previous || current.value === null || previous.value === null) return null
  return round1(current.value) - round1(previous.value)
}

// Dashboard, verbatim and export filters, read from the query string (GET forms: they work
// without JavaScript and can be bookmarked). Bad values fall back to defaults with a French message.
import { satisfactionValue, SATISFACTION_CODES, satisfactionCode, type SatisfactionCode } from './questionnaire.ts'
import { defaultGranularity, MAX_PERIOD_DAYS, dayCount, presetPeriod, type Granularity, type PeriodPreset } from './periods.ts'
import { isUuid } from '#app/utils/uuid.ts'
import { isDay } from '#app/utils/days.ts'

export interface ReviewFilters {
  preset: PeriodPreset
  from: string
  to: string
  granularity: Granularity
  placementId: string | null
  versionId: string | null
  /** 2, 1, 0 (Très bien, Moyen, Pas bien) or null for every answer. */
  satisfaction: number | null
}

export const DEFAULT_PRESET: Exclude<PeriodPreset, 'perso'> = '3m'

export function parseReviewFilters(params: URLSearchParams, today: string): { filters: ReviewFilters; errors: string[] } {
  const errors: string[] = []
  const presetParam = params.get('periode')
  let preset: PeriodPreset = (['7j', '30j', '3m', '12m', 'perso'] as const).find((value) => value === presetParam) ?? DEFAULT_PRESET
  let { from, to } = presetPeriod(preset === 'perso' ? DEFAULT_PRESET : preset, today)
  if (preset === 'perso') {
    const du = params.get('du')
    const au = params.get('au')
    if (!isDay(du) || !isDay(au)) {
      errors.push('Indiquez les deux dates de la période, au format jj/mm/aaaa. Nous affichons les 3 derniers mois.')
      preset = DEFAULT_PRESET
    } else if (du > au) {
      errors.push('La date de début doit être avant la date de fin. Nous affichons les 3 derniers mois.')
      preset = DEFAULT_PRESET
    } else if (dayCount(du, au) > MAX_PERIOD_DAYS) {
      errors.push('Choisissez une période de trois ans au plus. Nous affichons les 3 derniers mois.')
      preset = DEFAULT_PRESET
    } else {
      from = du
      to = au
    }
  }
  const granularityParam = params.get('pas')
  const granularity: Granularity =
    granularityParam === 'jour' || granularityParam === 'semaine' || granularityParam === 'mois' ? granularityParam : defaultGranularity(from, to)
  // A daily chart of several years is unreadable: cap the number of buckets.
  const safeGranularity: Granularity = granularity === 'jour' && dayCount(from, to) > 93 ? 'semaine' : granularity
  const placement = params.get('emplacement')
  const version = params.get('version')
  const answer = params.get('reponse')
  return {
    filters: {
      preset,
      from,
      to,
      granularity: safeGranularity,
      placementId: placement && isUuid(placement) ? placement : null,
      versionId: version && isUuid(version) ? version : null,
      satisfaction: answer && (SATISFACTION_CODES as string[]).includes(answer) ? satisfactionValue(answer as SatisfactionCode) : null,
    },
    errors,
  }
}

/** The query string of these filters (to keep them in links, pagination and exports). */
export function filtersToParams(filters: ReviewFilters, extra: Record<string, string | null | undefined> = {}): URLSearchParams {
  const params = new URLSearchParams()
  params.set('periode', filters.preset)
  if (filters.preset === 'perso') {
    params.set('du', filters.from)
    params.set('au', filters.to)
  }
  params.set('pas', filters.granularity)
  if (filters.placementId) params.set('emplacement', filters.placementId)
  if (filters.versionId) params.set('version', filters.versionId)
  if (filters.satisfaction !== null) params.set('reponse', satisfactionCode(filters.satisfaction)!)
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value)
  return params
}

// Flags that point the deliberation at the applications to discuss first (decision 045):
// the two juries disagree, one jury disagrees with itself, reviews are missing, the panel vetoed,
// a tie was broken by the key, or the application sits at the edge of the places available.
import { formatNumber } from '#app/utils/format.ts'
import { JURY_LABELS, type Jury } from './types.ts'

export interface FlagSettings {
  /** Divergence when the juries' ranks differ by more than this many places (default 5). */
  divergenceGap?: number
  /** High spread when a jury's standard deviation on the 1–5 scale is above this (default 1). */
  spreadThreshold?: number
  /** Near the cut when the final rank is within this many places of the number of places (default 1). */
  nearCutMargin?: number
}

export const DEFAULT_FLAG_SETTINGS: Required<FlagSettings> = { divergenceGap: 5, spreadThreshold: 1, nearCutMargin: 1 }

export type FlagKind = 'divergence' | 'high_spread' | 'missing_reviews' | 'vetoed' | 'near_cut' | 'tie_broken'

/** How much each flag pushes an application up the « to discuss first » list. */
export const FLAG_PRIORITY: Record<FlagKind, number> = {
  divergence: 4,
  high_spread: 3,
  missing_reviews: 2,
  vetoed: 2,
  near_cut: 1,
  tie_broken: 1,
}

export const FLAG_LABELS: Record<FlagKind, string> = {
  divergence: 'Avis divergents entre les jurys',
  high_spread: 'Avis très partagés dans un jury',
  missing_reviews: 'Avis manquants',
  vetoed: 'Écartée par le panel citoyen',
  near_cut: 'À la limite des places',
  tie_broken: 'Ex æquo départagé',
}

export interface Flag {
  kind: FlagKind
  jury?: Jury
  label: string
  /** One French sentence with the figures behind the flag. */
  explanation: string
}

/** What the flags need to know about one application. */
export interface FlagInput {
  id: string
  rank: number
  juries: Record<
    Jury,
    {
      /** Rank in the jury's own order, null when the jury has not reviewed it. */
      rank: number | null
      reviewCount: number
      /** Reviews this jury owes this application (0 when none is expected, e.g. not pre-selected). */
      expectedReviews: number
      /** Standard deviation of the jury's totals on the 1–5 scale, null under two reviews. */
      sd: number | null
      /** « de 1,8 à 4,6 » or « de « Insuffisant » à « Très bien » », for the explanation (built only when needed). */
      rangeText: () => string
    }
  >
  vetoed: boolean
  vetoText?: string
  tieBroken: boolean
}

export interface FlagResult {
  flags: Map<string, Flag[]>
  /** Applications with at least one flag, most urgent first (priority, then rank). */
  discussionOrder: string[]
  priority: Map<string, number>
}

const ordinal = (rank: number) => (rank === 1 ? '1er' : `${rank}e`)
const juryName = (jury: Jury) => (jury === 'administration' ? 'l’administration' : 'le panel citoyen')

/**
 * Divergence compares the two juries on the applications both have reviewed: each jury's ranks are
 * renumbered 1…n inside that common set, so an application the panel never saw does not inflate
 * the gap of the others.
 */
function commonRanks(inputs: readonly FlagInput[]): Map<string, Record<Jury, number>> {
  const common = inputs.filter((input) => input.juries.administration.rank !== null && input.juries.citizen.rank !== null)
  const result = new Map<string, Record<Jury, number>>(common.map((input) => [input.id, { administration: 0, citizen: 0 }]))
  for (const jury of ['administration', 'citizen'] as const) {
    ;[...common]
      .sort((a, b) => a.juries[jury].rank! - b.juries[jury].rank!)
      .forEach((input, index) => (result.get(input.id)![jury] = index + 1))
  }
  return result
}

export function computeFlags(inputs: readonly FlagInput[], settings: FlagSettings = {}, places?: number): FlagResult {
  const { divergenceGap, spreadThreshold, nearCutMargin } = { ...DEFAULT_FLAG_SETTINGS, ...settings }
  const common = commonRanks(inputs)
  const flags = new Map<string, Flag[]>()
  const priority = new Map<string, number>()
  for (const input of inputs) {
    const list: Flag[] = []
    const add = (kind: FlagKind, explanation: string, jury?: Jury) => list.push({ kind, label: FLAG_LABELS[kind], explanation, ...(jury ? { jury } : {}) })
    const both = common.get(input.id)
    if (both && Math.abs(both.administration - both.citizen) > divergenceGap) {
      add(
        'divergence',
        `${ordinal(both.administration)} pour ${juryName('administration')}, ${ordinal(both.citizen)} pour ${juryName('citizen')} ` +
          `parmi les ${common.size} candidatures évaluées par les deux jurys (écart de ${Math.abs(both.administration - both.citizen)} places ; seuil : ${divergenceGap}).`,
      )
    }
    for (const jury of ['administration', 'citizen'] as const) {
      const standing = input.juries[jury]
      if (standing.sd !== null && standing.reviewCount >= 2 && standing.sd > spreadThreshold) {
        add(
          'high_spread',
          `${JURY_LABELS[jury]} : avis ${standing.rangeText()} (écart-type ${formatNumber(standing.sd, 1)} sur l’échelle de 1 à 5 ; seuil : ${formatNumber(spreadThreshold, 1)}).`,
          jury,
        )
      }
    }
    for (const jury of ['administration', 'citizen'] as const) {
      const standing = input.juries[jury]
      if (standing.reviewCount < standing.expectedReviews) {
        add('missing_reviews', `${JURY_LABELS[jury]} : ${standing.reviewCount} avis sur ${standing.expectedReviews} attendus.`, jury)
      }
    }
    if (input.vetoed) add('vetoed', input.vetoText ?? 'Le panel citoyen a écarté cette candidature.')
    if (places !== undefined && places > 0 && Math.abs(input.rank - (places + 0.5)) <= nearCutMargin) {
      add('near_cut', `Rang ${input.rank} pour ${places} place${places > 1 ? 's' : ''} : la décision se joue ici.`)
    }
    if (input.tieBroken) {
      add('tie_broken', 'Mêmes notes qu’une autre candidature : l’ordre vient de la règle d’égalité (ordre de dépôt).')
    }
    flags.set(input.id, list)
    priority.set(
      input.id,
      list.reduce((sum, flag) => sum + FLAG_PRIORITY[flag.kind], 0),
    )
  }
  const rankOf = new Map(inputs.map((input) => [input.id, input.rank]))
  const discussionOrder = inputs
    .filter((input) => priority.get(input.id)! > 0)
    .map((input) => input.id)
    .sort((a, b) => priority.get(b)! - priority.get(a)! || rankOf.get(a)! - rankOf.get(b)!)
  return { flags, discussionOrder, priority }
}

// The call's published rule (decision 044): how the two juries' opinions make one ranking.
//  - combined: a weighted mean of the two juries' scores (e.g. 50/50);
//  - sequential: the administration pre-selects its top N, then the citizen panel ranks the
//    pre-selected applications (or only vetoes them).
// Every order is total and deterministic; the tie-breaking order is documented on each comparator.
import { compareMajority, majorityGradeIndex } from './majority-judgment.ts'
import { compareScoresDesc, compareStrings } from './math.ts'
import { JURY_LABELS, MENTIONS, type Jury, type JuryMode, type Mention } from './types.ts'

export interface VetoRule {
  /** Majority-judgment panel: vetoed when the majority grade is this mention or worse. */
  mentionAtOrBelow?: Mention
  /** Numeric panel: vetoed when the lower median of the panel's totals is at or below this level. */
  lowerMedianAtOrBelow?: number
}

export const DEFAULT_VETO: Required<VetoRule> = { mentionAtOrBelow: 'Insuffisant', lowerMedianAtOrBelow: 2 }

export type CombinationRule =
  | { kind: 'combined'; weights: Readonly<Record<Jury, number>> }
  | {
      kind: 'sequential'
      /** How many applications the administration pre-selects. */
      preselect: number
      /** True: the panel orders the pre-selected applications. False: it may only veto them. */
      citizenRanks: boolean
      /** Null: no veto. Otherwise the thresholds given, the default ones for those left out. */
      veto?: VetoRule | null
    }

/** What the combination needs to know about one jury's opinion of one application. */
export interface JuryStanding {
  mode: JuryMode
  /**
   * The jury's score under the rule, around 0: for a numeric jury the mean of its normalised totals
   * (or raw mean − 3 when the call uses raw scores); for a majority-judgment jury `majorityScore`.
   * Null when the jury has not reviewed the application.
   */
  score: number | null
  /** The same from raw figures (raw mean − 3, or `majorityScore`): first tie-break. */
  rawScore: number | null
  /** Majority-judgment juries: counts per mention, for the exact majority ranking and the veto. */
  profile?: readonly number[]
  /** Numeric juries: lower median of the raw totals, for the veto. */
  lowerMedianTotal?: number | null
}

export interface CombinationEntry {
  id: string
  tieBreakKey?: string
  juries: Readonly<Record<Jury, JuryStanding>>
}

export type SelectionStatus = 'ranked' | 'unranked' | 'preselected' | 'vetoed' | 'not_preselected'

export const STATUS_LABELS: Record<SelectionStatus, string> = {
  ranked: 'Classée',
  unranked: 'Non classée (aucun avis)',
  preselected: 'Présélectionnée par l’administration',
  vetoed: 'Présélectionnée, écartée par le panel citoyen',
  not_preselected: 'Non présélectionnée',
}

export interface CombinedStanding {
  id: string
  rank: number
  /** The figure the final order is based on (see `scoreBasis`); null when unranked. */
  score: number | null
  rawScore: number | null
  scoreBasis: 'combined' | Jury | null
  status: SelectionStatus
  /** Rank inside each jury's own order (1 = its favourite), null when the jury did not review it. */
  juryRanks: Record<Jury, number | null>
  /** True when the score and raw score equal a neighbour's: the tie-break key decided. */
  tieBroken: boolean
}

const byKeyThenId = (a: CombinationEntry, b: CombinationEntry) =>
  compareStrings(a.tieBreakKey ?? '', b.tieBreakKey ?? '') || compareStrings(a.id, b.id)

/**
 * A jury's own order: numeric juries by score, then raw score; majority-judgment juries by the
 * exact majority ranking (Balinski–Laraki tie-breaking). Then tie-break key, then id.
 */
export function compareWithinJury(jury: Jury, a: CombinationEntry, b: CombinationEntry): number {
  const x = a.juries[jury]
  const y = b.juries[jury]
  if (x.mode === 'majority_judgment' && x.profile && y.profile) {
    return compareMajority(x.profile, y.profile) || byKeyThenId(a, b)
  }
  return compareScoresDesc(x.score, y.score) || compareScoresDesc(x.rawScore, y.rawScore) || byKeyThenId(a, b)
}

/** Applications the jury reviewed, in the jury's order. */
export function juryOrder(jury: Jury, entries: readonly CombinationEntry[]): CombinationEntry[] {
  return entries.filter((entry) => entry.juries[jury].score !== null).sort((a, b) => compareWithinJury(jury, a, b))
}

function weightedMean(entry: CombinationEntry, weights: Readonly<Record<Jury, number>>, field: 'score' | 'rawScore'): number | null {
  let sum = 0
  let weight = 0
  for (const jury of ['administration', 'citizen'] as const) {
    const value = entry.juries[jury][field]
    if (value === null || weights[jury] <= 0) continue
    sum += weights[jury] * value
    weight += weights[jury]
  }
  return weight > 0 ? sum / weight : null
}

/** The veto in force: none when the rule says null, the default for any threshold left out. */
export function resolveVeto(veto: VetoRule | null | undefined): Required<VetoRule> | null {
  return veto === null ? null : { ...DEFAULT_VETO, ...veto }
}

/** Is the application vetoed by the citizen panel under `veto`? False when the panel has not reviewed it. */
export function isVetoed(standing: JuryStanding, veto: VetoRule): boolean {
  if (standing.score === null) return false
  if (standing.mode === 'majority_judgment') {
    if (!standing.profile || veto.mentionAtOrBelow === undefined) return false
    // Majority grade (lower median) at or below the threshold ⇔ at least half the judges gave the
    // threshold mention or worse.
    const grade = majorityGradeIndex(standing.profile)
    return grade !== null && grade <= MENTIONS.indexOf(veto.mentionAtOrBelow)
  }
  if (veto.lowerMedianAtOrBelow === undefined || standing.lowerMedianTotal == null) return false
  return standing.lowerMedianTotal <= veto.lowerMedianAtOrBelow
}

function juryRanks(entries: readonly CombinationEntry[]): Map<string, Record<Jury, number | null>> {
  const ranks = new Map<string, Record<Jury, number | null>>()
  for (const entry of entries) ranks.set(entry.id, { administration: null, citizen: null })
  for (const jury of ['administration', 'citizen'] as const) {
    juryOrder(jury, entries).forEach((entry, index) => (ranks.get(entry.id)![jury] = index + 1))
  }
  return ranks
}

interface Scored {
  entry: CombinationEntry
  score: number | null
  rawScore: number | null
  scoreBasis: CombinedStanding['scoreBasis']
  status: SelectionStatus
}

function finish(ordered: Scored[], entries: readonly CombinationEntry[]): CombinedStanding[] {
  const ranks = juryRanks(entries)
  const same = (a: Scored, b: Scored) =>
    a.status === b.status &&
    a.score !== null &&
    compareScoresDesc(a.score, b.score) === 0 &&
    compareScoresDesc(a.rawScore, b.rawScore) === 0
  return ordered.map((item, index) => ({
    id: item.entry.id,
    rank: index + 1,
    score: item.score,
    rawScore: item.rawScore,
    scoreBasis: item.scoreBasis,
    status: item.status,
    juryRanks: ranks.get(item.entry.id)!,
    tieBroken: (index > 0 && same(ordered[index - 1]!, item)) || (index + 1 < ordered.length && same(ordered[index + 1]!, item)),
  }))
}

/**
 * Combined rule. Order: combined score (higher first), then combined raw score, then tie-break key,
 * then id. A jury that has not reviewed an application is left out of its weighted mean (and the
 * application is flagged); an application no jury reviewed is unranked and comes last.
 */
function combine(entries: readonly CombinationEntry[], weights: Readonly<Record<Jury, number>>): CombinedStanding[] {
  const scored: Scored[] = entries.map((entry) => {
    const score = weightedMean(entry, weights, 'score')
    return {
      entry,
      score,
      rawScore: score === null ? null : weightedMean(entry, weights, 'rawScore'),
      scoreBasis: score === null ? null : 'combined',
      status: score === null ? 'unranked' : 'ranked',
    }
  })
  scored.sort(
    (a, b) => compareScoresDesc(a.score, b.score) || compareScoresDesc(a.rawScore, b.rawScore) || byKeyThenId(a.entry, b.entry),
  )
  return finish(scored, entries)
}

/**
 * Sequential rule. The administration's order picks the first `preselect` applications. They come
 * first: in the panel's order when `citizenRanks` (applications the panel has not reviewed yet
 * after those it has, in the administration's order), otherwise in the administration's order;
 * vetoed ones follow them; then the other applications in the administration's order; then those
 * the administration has not reviewed.
 */
function sequential(entries: readonly CombinationEntry[], rule: Extract<CombinationRule, { kind: 'sequential' }>): CombinedStanding[] {
  const adminOrder = juryOrder('administration', entries)
  const adminPosition = new Map(adminOrder.map((entry, index) => [entry.id, index]))
  const preselected = new Set(adminOrder.slice(0, Math.max(0, rule.preselect)).map((entry) => entry.id))
  const veto = resolveVeto(rule.veto)
  const group = (entry: CombinationEntry): SelectionStatus => {
    if (!adminPosition.has(entry.id)) return 'unranked'
    if (!preselected.has(entry.id)) return 'not_preselected'
    return veto && isVetoed(entry.juries.citizen, veto) ? 'vetoed' : 'preselected'
  }
  const groupOrder: SelectionStatus[] = ['preselected', 'vetoed', 'not_preselected', 'unranked']
  const scored: Scored[] = entries.map((entry) => {
    const status = group(entry)
    const citizen = entry.juries.citizen
    const byCitizen = status === 'preselected' && rule.citizenRanks && citizen.score !== null
    const admin = entry.juries.administration
    return {
      entry,
      status,
      score: byCitizen ? citizen.score : admin.score,
      rawScore: byCitizen ? citizen.rawScore : admin.rawScore,
      scoreBasis: byCitizen ? 'citizen' : admin.score === null ? null : 'administration',
    }
  })
  const byAdmin = (a: Scored, b: Scored) =>
    adminPosition.has(a.entry.id) && adminPosition.has(b.entry.id)
      ? adminPosition.get(a.entry.id)! - adminPosition.get(b.entry.id)!
      : byKeyThenId(a.entry, b.entry)
  scored.sort((a, b) => {
    const byGroup = groupOrder.indexOf(a.status) - groupOrder.indexOf(b.status)
    if (byGroup !== 0) return byGroup
    if (a.status === 'preselected' && rule.citizenRanks) {
      const aRanked = a.scoreBasis === 'citizen'
      const bRanked = b.scoreBasis === 'citizen'
      if (aRanked !== bRanked) return aRanked ? -1 : 1
      if (aRanked) {
        // The panel's order; when the panel cannot separate them, the administration's order decides.
        const byPanel = compareWithinJuryBeforeKeys('citizen', a.entry, b.entry)
        if (byPanel !== 0) return byPanel
      }
    }
    return byAdmin(a, b)
  })
  return finish(scored, entries)
}

/** `compareWithinJury` without the final key/id tie-break (0 when only the key would decide). */
function compareWithinJuryBeforeKeys(jury: Jury, a: CombinationEntry, b: CombinationEntry): number {
  const x = a.juries[jury]
  const y = b.juries[jury]
  if (x.mode === 'majority_judgment' && x.profile && y.profile) return compareMajority(x.profile, y.profile)
  return compareScoresDesc(x.score, y.score) || compareScoresDesc(x.rawScore, y.rawScore)
}

/** Applies the call's rule; returns every application in final order with its rank (1 = first). */
export function applyRule(entries: readonly CombinationEntry[], rule: CombinationRule): CombinedStanding[] {
  return rule.kind === 'combined' ? combine(entries, rule.weights) : sequential(entries, rule)
}

function percent(value: number, total: number): string {
  return `${Math.round((value / total) * 100)} %`
}

/** The rule in one or two French sentences, as published on the call page. */
export function describeRule(rule: CombinationRule, modes: Readonly<Record<Jury, JuryMode>>): string {
  const panel = modes.citizen === 'majority_judgment' ? 'le panel citoyen (jugement majoritaire)' : 'le panel citoyen'
  if (rule.kind === 'combined') {
    const total = rule.weights.administration + rule.weights.citizen
    if (total <= 0) return 'Aucun jury n’a de poids : la règle de sélection n’est pas définie.'
    return (
      `Note combinée : ${percent(rule.weights.administration, total)} pour le ${JURY_LABELS.administration.toLowerCase()}, ` +
      `${percent(rule.weights.citizen, total)} pour ${panel}.`
    )
  }
  const veto = resolveVeto(rule.veto)
  const vetoText = !veto
    ? ''
    : modes.citizen === 'majority_judgment'
      ? ` Le panel écarte une candidature quand au moins la moitié des citoyens lui donnent « ${veto.mentionAtOrBelow} » ou moins.`
      : ` Le panel écarte une candidature quand au moins la moitié des citoyens lui donnent une note de ${veto.lowerMedianAtOrBelow} sur 5 ou moins.`
  const second = rule.citizenRanks
    ? `puis ${panel} classe les candidatures présélectionnées.`
    : `puis ${panel} donne son avis sur les candidatures présélectionnées, dans l’ordre de l’administration.`
  return `Sélection en deux temps : l’administration présélectionne ses ${rule.preselect} premières candidatures, ${second}${vetoText}`
}

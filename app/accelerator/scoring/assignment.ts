// Automatic assignment of reviews (decision 046). Each application gets `k` reviews from the
// administration jury and `m` from the citizen panel. Per jury this is a minimum-cost flow:
//
//   source ──(k − forced cells)──► application ──(1)──► reviewer ──(1 per extra review, cost 2ℓ − 1
//   for the ℓ-th review of that reviewer)──► sink
//
// The maximum flow serves as many reviews as the constraints allow; among those, the convex cost
// Σ (2ℓ − 1) = Σ load² makes loads as even as they can be, so loads differ by at most one whenever
// the conflicts, unavailability and manual cells allow it. Ties between equally balanced matrices
// are broken by a seeded order derived from the ids, so the same input always gives the same
// matrix, whatever the order of the rows. Conflicts of interest,
// unavailable reviewers and forbidden cells are simply absent from the graph: they cannot be
// assigned. Forced cells (and reviews already started, passed as forced cells) are kept as they are.
import { MinCostFlow } from './min-cost-flow.ts'
import { compareStrings } from './math.ts'
import { JURIES, JURY_LABELS, type Jury } from './types.ts'

export interface AssignmentReviewer {
  id: string
  jury: Jury
  /** False: the reviewer declared they cannot review for this call (gets nothing). Default true. */
  available?: boolean
  /** Most reviews this person accepts (forced cells included). */
  maxLoad?: number
}

export interface Cell {
  applicationId: string
  reviewerId: string
}

export interface Override extends Cell {
  /** Forced: the team put this reviewer on this application. Forbidden: the team ruled it out. */
  kind: 'forced' | 'forbidden'
  /**
   * A review the reviewer already started: kept even if they became unavailable since
   * (unavailability stops new work, it does not throw away work begun).
   */
  started?: boolean
}

export interface AssignmentInput {
  applications: readonly { id: string }[]
  reviewers: readonly AssignmentReviewer[]
  /** k (administration) and m (citizen panel). */
  reviewsPerApplication: Readonly<Record<Jury, number>>
  /** Declared or decided conflicts of interest: never assigned. */
  conflicts: readonly Cell[]
  overrides?: readonly Override[]
  /** Any fixed value (e.g. the call id): changes which of several equally good matrices is chosen. */
  seed?: string | number
}

export interface Assignment extends Cell {
  jury: Jury
  source: 'forced' | 'automatic'
}

export type ShortfallReason = 'no_reviewers' | 'not_enough_eligible' | 'reviewers_full'

export interface Shortfall {
  applicationId: string
  jury: Jury
  required: number
  assigned: number
  /** Reviewers of the jury who could review it (available, no conflict, not ruled out). */
  eligible: number
  reason: ShortfallReason
  /** Plain French, for the assignment page. */
  message: string
}

export type OverrideIssueKind = 'conflict' | 'unavailable' | 'unknown' | 'contradictory' | 'above_max_load' | 'more_than_required'

export interface OverrideIssue {
  /** Null for an issue about the reviewer as a whole (forced cells above their maximum load). */
  applicationId: string | null
  reviewerId: string
  kind: OverrideIssueKind
  /** Whether the forced cell was kept despite the issue (warnings) or refused. */
  kept: boolean
  message: string
}

export interface ReviewerLoad {
  reviewerId: string
  jury: Jury
  load: number
  forced: number
  maxLoad: number | null
  available: boolean
}

export interface JuryBalance {
  jury: Jury
  /** Lowest and highest load among available reviewers (null when the jury has none). */
  minLoad: number | null
  maxLoad: number | null
  /**
   * True when no reviewer who received automatic reviews has two or more reviews above a reviewer
   * who could still take more. False only when conflicts, unavailability, maximum loads or forced
   * cells make a better balance impossible (the flow already minimises Σ load²).
   */
  withinOne: boolean
  explanation: string
}

export interface AssignmentResult {
  status: 'complete' | 'incomplete'
  /** Sorted by application, then reviewer. */
  assignments: Assignment[]
  shortfalls: Shortfall[]
  overrideIssues: OverrideIssue[]
  loads: ReviewerLoad[]
  balance: Record<Jury, JuryBalance>
  /** One or two French sentences for the top of the matrix page. */
  summary: string
}

const cellKey = (applicationId: string, reviewerId: string) => `${applicationId}\u0000${reviewerId}`

/** FNV-1a: a small, stable, well-spread hash for the seeded tie-breaking costs. */
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  // A final avalanche so that close strings give unrelated values.
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d) >>> 0
  h ^= h >>> 15
  return h >>> 0
}

const plural = (count: number, singular: string, pluralForm = `${singular}s`) => `${count} ${count > 1 ? pluralForm : singular}`

/** Assigns reviewers to applications for both juries. Pure and deterministic. */
export function assignReviewers(input: AssignmentInput): AssignmentResult {
  const applications = [...new Set(input.applications.map((application) => application.id))].sort(compareStrings)
  const applicationSet = new Set(applications)
  const reviewers = new Map<string, AssignmentReviewer>()
  // A reviewer listed twice is a data error; keep one, chosen by content so the input order never matters.
  const describe = (reviewer: AssignmentReviewer) => `${reviewer.jury}|${reviewer.available ?? ''}|${reviewer.maxLoad ?? ''}`
  for (const reviewer of [...input.reviewers].sort((a, b) => compareStrings(a.id, b.id) || compareStrings(describe(a), describe(b)))) {
    if (!reviewers.has(reviewer.id)) reviewers.set(reviewer.id, reviewer)
  }
  const conflicts = new Set(input.conflicts.map((cell) => cellKey(cell.applicationId, cell.reviewerId)))
  const forbidden = new Set<string>()
  const forcedCells = new Map<string, Cell>()
  const overrideIssues: OverrideIssue[] = []
  const overrides = [...(input.overrides ?? [])].sort(
    (a, b) => compareStrings(a.applicationId, b.applicationId) || compareStrings(a.reviewerId, b.reviewerId) || compareStrings(a.kind, b.kind),
  )
  for (const override of overrides) {
    const key = cellKey(override.applicationId, override.reviewerId)
    if (override.kind === 'forbidden') forbidden.add(key)
  }
  for (const override of overrides) {
    if (override.kind !== 'forced') continue
    const key = cellKey(override.applicationId, override.reviewerId)
    if (forcedCells.has(key)) continue
    const reviewer = reviewers.get(override.reviewerId)
    const issue = (kind: OverrideIssueKind, kept: boolean, message: string) =>
      overrideIssues.push({ applicationId: override.applicationId, reviewerId: override.reviewerId, kind, kept, message })
    if (!reviewer || !applicationSet.has(override.applicationId)) {
      issue('unknown', false, 'Affectation manuelle ignorée : la candidature ou l’évaluateur n’existe plus.')
    } else if (conflicts.has(key)) {
      issue('conflict', false, 'Affectation manuelle refusée : cet évaluateur est en conflit d’intérêts avec cette candidature.')
    } else if (reviewer.available === false && !override.started) {
      issue('unavailable', false, 'Affectation manuelle refusée : cet évaluateur s’est déclaré indisponible.')
    } else if (forbidden.has(key)) {
      issue('contradictory', false, 'Cette case est à la fois imposée et exclue : elle reste exclue.')
    } else {
      forcedCells.set(key, { applicationId: override.applicationId, reviewerId: override.reviewerId })
    }
  }

  const seed = String(input.seed ?? '')
  const assignments: Assignment[] = []
  const shortfalls: Shortfall[] = []
  const loads: ReviewerLoad[] = []
  const balance = {} as Record<Jury, JuryBalance>

  for (const jury of JURIES) {
    const required = Math.max(0, Math.floor(input.reviewsPerApplication[jury] ?? 0))
    const members = [...reviewers.values()].filter((reviewer) => reviewer.jury === jury)
    const available = members.filter((reviewer) => reviewer.available !== false)
    const forcedByApplication = new Map<string, string[]>()
    const forcedByReviewer = new Map<string, number>()
    for (const cell of forcedCells.values()) {
      if (reviewers.get(cell.reviewerId)!.jury !== jury) continue
      forcedByApplication.set(cell.applicationId, [...(forcedByApplication.get(cell.applicationId) ?? []), cell.reviewerId])
      forcedByReviewer.set(cell.reviewerId, (forcedByReviewer.get(cell.reviewerId) ?? 0) + 1)
    }
    const canTake = (applicationId: string, reviewerId: string) => {
      const key = cellKey(applicationId, reviewerId)
      return !conflicts.has(key) && !forbidden.has(key) && !forcedCells.has(key)
    }

    // Graph: 0 = source, 1 = sink, then applications, then available reviewers.
    const appNode = new Map(applications.map((id, index) => [id, 2 + index]))
    const reviewerNode = new Map(available.map((reviewer, index) => [reviewer.id, 2 + applications.length + index]))
    const openSlots = new Map(
      available.map((reviewer) => {
        const forced = forcedByReviewer.get(reviewer.id) ?? 0
        const eligibleApps = applications.reduce((count, id) => count + (canTake(id, reviewer.id) ? 1 : 0), 0)
        const room = reviewer.maxLoad === undefined ? eligibleApps : Math.max(0, Math.min(eligibleApps, Math.floor(reviewer.maxLoad) - forced))
        return [reviewer.id, room]
      }),
    )
    const demand = applications.reduce((sum, id) => sum + Math.max(0, required - (forcedByApplication.get(id)?.length ?? 0)), 0)
    const graph = new MinCostFlow(2 + applications.length + available.length)
    const cellEdges: { edge: number; applicationId: string; reviewerId: string }[] = []
    // Among equally balanced matrices the flow takes the first paths it explores; exploring
    // applications and reviewers in a seeded pseudo-random order (derived from the ids, not from
    // the input order) spreads the reviewers across applications instead of filling blocks in
    // alphabetical order, and keeps the result identical for the same input.
    const shuffled = <T>(items: readonly T[], key: (item: T) => string) =>
      items
        .map((item) => ({ item, rank: hash(`${seed}\u0000${jury}\u0000${key(item)}`) }))
        .sort((a, b) => a.rank - b.rank || compareStrings(key(a.item), key(b.item)))
        .map(({ item }) => item)
    for (const id of shuffled(applications, (application) => application)) {
      const need = Math.max(0, required - (forcedByApplication.get(id)?.length ?? 0))
      if (need === 0) continue
      graph.addEdge(0, appNode.get(id)!, need, 0)
      for (const reviewer of shuffled(available, (candidate) => `${id}\u0000${candidate.id}`)) {
        if (!canTake(id, reviewer.id) || openSlots.get(reviewer.id)! === 0) continue
        cellEdges.push({ edge: graph.addEdge(appNode.get(id)!, reviewerNode.get(reviewer.id)!, 1, 0), applicationId: id, reviewerId: reviewer.id })
      }
    }
    for (const reviewer of available) {
      const forced = forcedByReviewer.get(reviewer.id) ?? 0
      const room = Math.min(openSlots.get(reviewer.id)!, demand)
      for (let extra = 1; extra <= room; extra++) {
        const load = forced + extra
        graph.addEdge(reviewerNode.get(reviewer.id)!, 1, 1, 2 * load - 1)
      }
    }
    graph.run(0, 1)

    const assignedCount = new Map<string, number>()
    const loadOf = new Map<string, number>(members.map((reviewer) => [reviewer.id, forcedByReviewer.get(reviewer.id) ?? 0]))
    const autoOf = new Map<string, number>()
    for (const [id, list] of forcedByApplication) {
      assignedCount.set(id, list.length)
      for (const reviewerId of list) assignments.push({ applicationId: id, reviewerId, jury, source: 'forced' })
    }
    for (const cell of cellEdges) {
      if (graph.flowOn(cell.edge) !== 1) continue
      assignments.push({ applicationId: cell.applicationId, reviewerId: cell.reviewerId, jury, source: 'automatic' })
      assignedCount.set(cell.applicationId, (assignedCount.get(cell.applicationId) ?? 0) + 1)
      loadOf.set(cell.reviewerId, loadOf.get(cell.reviewerId)! + 1)
      autoOf.set(cell.reviewerId, (autoOf.get(cell.reviewerId) ?? 0) + 1)
    }

    for (const id of applications) {
      const assigned = assignedCount.get(id) ?? 0
      const forcedHere = forcedByApplication.get(id) ?? []
      if (forcedHere.length > required) {
        for (const reviewerId of forcedHere) {
          overrideIssues.push({
            applicationId: id,
            reviewerId,
            kind: 'more_than_required',
            kept: true,
            message: `Cette candidature a ${forcedHere.length} évaluations imposées pour ${required} attendues (${JURY_LABELS[jury].toLowerCase()}) : toutes sont gardées.`,
          })
        }
      }
      if (assigned >= required) continue
      const conflicted = members.filter((reviewer) => conflicts.has(cellKey(id, reviewer.id))).length
      const unavailable = members.filter((reviewer) => reviewer.available === false && !conflicts.has(cellKey(id, reviewer.id))).length
      const ruledOut = available.filter((reviewer) => forbidden.has(cellKey(id, reviewer.id)) && !conflicts.has(cellKey(id, reviewer.id))).length
      const eligible = available.length - available.filter((reviewer) => conflicts.has(cellKey(id, reviewer.id))).length - ruledOut
      let reason: ShortfallReason
      let message: string
      if (available.length === 0) {
        reason = 'no_reviewers'
        message = `Aucun membre disponible dans le ${JURY_LABELS[jury].toLowerCase()} : invitez des évaluateurs.`
      } else if (eligible < required) {
        reason = 'not_enough_eligible'
        const causes = [
          conflicted > 0 ? `${plural(conflicted, 'conflit')} d’intérêts` : null,
          unavailable > 0 ? plural(unavailable, 'personne indisponible', 'personnes indisponibles') : null,
          ruledOut > 0 ? plural(ruledOut, 'exclusion manuelle', 'exclusions manuelles') : null,
        ].filter(Boolean)
        message =
          `${plural(eligible, 'évaluateur possible', 'évaluateurs possibles')} pour ${plural(required, 'avis attendu', 'avis attendus')}` +
          (causes.length > 0 ? ` (${causes.join(', ')})` : '') +
          ' : ajoutez un membre au jury ou réduisez le nombre d’avis.'
      } else {
        reason = 'reviewers_full'
        message = 'Les évaluateurs possibles ont atteint leur charge maximale : augmentez une charge maximale ou ajoutez un membre au jury.'
      }
      shortfalls.push({ applicationId: id, jury, required, assigned, eligible, reason, message })
    }

    for (const reviewer of members) {
      const forced = forcedByReviewer.get(reviewer.id) ?? 0
      const load = loadOf.get(reviewer.id)!
      loads.push({ reviewerId: reviewer.id, jury, load, forced, maxLoad: reviewer.maxLoad ?? null, available: reviewer.available !== false })
      if (reviewer.maxLoad !== undefined && forced > reviewer.maxLoad) {
        overrideIssues.push({
          applicationId: null,
          reviewerId: reviewer.id,
          kind: 'above_max_load',
          kept: true,
          message: `${plural(forced, 'évaluation imposée', 'évaluations imposées')} pour une charge maximale de ${reviewer.maxLoad} : elles sont gardées.`,
        })
      }
    }

    // Balance: compare those who received automatic reviews with those who could still take one.
    const availableLoads = available.map((reviewer) => loadOf.get(reviewer.id)!)
    const givers = available.filter((reviewer) => (autoOf.get(reviewer.id) ?? 0) > 0).map((reviewer) => loadOf.get(reviewer.id)!)
    const takers = available
      .filter((reviewer) => (autoOf.get(reviewer.id) ?? 0) < openSlots.get(reviewer.id)!)
      .map((reviewer) => loadOf.get(reviewer.id)!)
    const withinOne = givers.length === 0 || takers.length === 0 || Math.max(...givers) <= Math.min(...takers) + 1
    const minLoad = availableLoads.length > 0 ? Math.min(...availableLoads) : null
    const maxLoad = availableLoads.length > 0 ? Math.max(...availableLoads) : null
    balance[jury] = {
      jury,
      minLoad,
      maxLoad,
      withinOne,
      explanation:
        minLoad === null
          ? 'Aucun membre disponible.'
          : withinOne
            ? minLoad === maxLoad
              ? `${plural(maxLoad!, 'évaluation')} par personne.`
              : `De ${minLoad} à ${plural(maxLoad!, 'évaluation')} par personne : l’écart le plus petit possible.`
            : `De ${minLoad} à ${plural(maxLoad!, 'évaluation')} par personne : les conflits d’intérêts, les charges maximales ou les affectations manuelles empêchent un meilleur équilibre.`,
    }
  }

  assignments.sort((a, b) => compareStrings(a.applicationId, b.applicationId) || compareStrings(a.reviewerId, b.reviewerId))
  shortfalls.sort((a, b) => compareStrings(a.applicationId, b.applicationId) || compareStrings(a.jury, b.jury))
  const shortApplications = new Set(shortfalls.map((shortfall) => shortfall.applicationId)).size
  const status = shortfalls.length === 0 ? 'complete' : 'incomplete'
  const summary =
    status === 'complete'
      ? `${plural(assignments.length, 'évaluation')} pour ${plural(applications.length, 'candidature')} : ` +
        `${input.reviewsPerApplication.administration} de l’administration et ${input.reviewsPerApplication.citizen} du panel citoyen par candidature.`
      : `Affectation incomplète : ${plural(shortApplications, 'candidature')} ${shortApplications > 1 ? 'n’ont' : 'n’a'} pas assez d’évaluateurs. ` +
        'La raison est indiquée pour chacune.'
  return { status, assignments, shortfalls, overrideIssues, loads, balance, summary }
}

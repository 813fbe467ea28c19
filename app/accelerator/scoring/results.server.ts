// Results, deliberation and publication (issue 5, decisions 052–054). The figures come from the
// pure `rankApplications`, recomputed at each display from the submitted reviews; decisions are
// stored with their motivation; publication happens once, keeps a snapshot (jsonb) of exactly what
// was decided, moves each application through the state machine and e-mails each leader.
import ExcelJS from 'exceljs'
import type { Db } from '#db/client.ts'
import type { DecisionKind } from '#db/schema/scoring.ts'
import { scoringResultEmail } from '#emails/scoring-result.tsx'
import type { SessionUser } from '#app/auth/roles.ts'
import { queueEmail } from '#app/email/send.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import type { AcceleratorServices } from '../access.server.ts'
import { transitionApplication } from '../applications/application-state-machine.server.ts'
import { getGrid, moveCallState } from '../calls/calls.server.ts'
import { isUuid } from '#app/utils/uuid.ts'
import { csvCell } from '../exports.server.ts'
import { describeRule, type CombinationRule } from './combination.ts'
import { formatNumber } from '#app/utils/format.ts'
import { rankApplications, type RankingResult } from './rank-applications.ts'
import { ScoringInputError, type Jury, type JuryMode, type Mention, type Review } from './types.ts'
import { DECISION_LABELS, DECISIONS } from './labels.ts'
import { scorableApplications } from './assignment.server.ts'
import { activeConflicts, listJuryMembers } from './panel.server.ts'

export { DECISIONS, DECISION_LABELS } from './labels.ts'

type CallRow = {
  id: string
  slug: string
  title: string
  state: string
  places: number
  admin_reviews_per_application: number
  citizen_reviews_per_application: number
  citizen_scoring_mode: string
  combination_rule: string
  admin_jury_weight: number
  citizen_jury_weight: number
  sequential_top_n: number | null
  divergence_gap: number | string
}

export function callRule(call: CallRow): CombinationRule {
  return call.combination_rule === 'sequential'
    ? { kind: 'sequential', preselect: call.sequential_top_n ?? call.places * 2, citizenRanks: true, veto: {} }
    : { kind: 'combined', weights: { administration: call.admin_jury_weight, citizen: call.citizen_jury_weight } }
}

export function callModes(call: CallRow): Record<Jury, JuryMode> {
  return { administration: 'numbers', citizen: call.citizen_scoring_mode === 'majority_judgment' ? 'majority_judgment' : 'numbers' }
}

export function ruleDescription(call: CallRow): string {
  return describeRule(callRule(call), callModes(call))
}

export interface CallResults {
  ranking: RankingResult | null
  error: string | null
  applications: Map<string, { id: string; reference: string; title: string; summary: string }>
  criteria: Array<{ id: string; title: string }>
  reviews: Array<{
    id: string
    applicationId: string
    reviewerId: string
    reviewerName: string
    jury: Jury
    scores: Record<string, number>
    mention: string | null
    confidence: number | null
    commentTeam: string
    commentLeader: string
  }>
  reviewCount: number
}

/** Every figure of the results, from the submitted reviews (never drafts, never conflicted pairs). */
export async function computeResults(db: Db, call: CallRow, options: { includeDecided?: boolean } = {}): Promise<CallResults> {
  const [applications, grid, rows, conflicts, members] = await Promise.all([
    scorableApplications(db, call.id, options.includeDecided ?? true),
    getGrid(db, call.id),
    db
      .selectFrom('scoring_reviews')
      .select(['id', 'application_id', 'user_id', 'jury', 'scores', 'mention', 'confidence', 'comment_team', 'comment_leader'])
      .where('call_id', '=', call.id)
      .where('status', '=', 'submitted')
      .orderBy('submitted_at')
      .execute(),
    activeConflicts(db, call.id),
    listJuryMembers(db, call.id),
  ])
  const conflictSet = new Set(conflicts.map((c) => `${c.applicationId}:${c.reviewerId}`))
  const applicationIds = new Set(applications.map((a) => a.id))
  const modes = callModes(call)
  const usable = rows.filter((r) => applicationIds.has(r.application_id) && !conflictSet.has(`${r.application_id}:${r.user_id}`))
  const names = new Map(members.map((m) => [m.userId, m.name]))
  const criteria = (grid?.criteria ?? []).map((c) => ({ id: c.id, label: c.title, weight: c.weight, jury: c.jury }))
  const reviews: Review[] = usable.map((r) =>
    modes[r.jury] === 'majority_judgment'
      ? { applicationId: r.application_id, reviewerId: r.user_id, jury: r.jury, mention: (r.mention ?? undefined) as Mention | undefined }
      : { applicationId: r.application_id, reviewerId: r.user_id, jury: r.jury, scores: r.scores },
  )
  let ranking: RankingResult | null = null
  let error: string | null = null
  try {
    ranking = rankApplications({
      applications: applications.map((a) => ({ id: a.id, tieBreakKey: a.reference })),
      criteria,
      reviews,
      juries: {
        administration: { mode: modes.administration, expectedReviews: call.admin_reviews_per_application },
        citizen: { mode: modes.citizen, expectedReviews: call.citizen_reviews_per_application },
      },
      rule: callRule(call),
      places: call.places,
    })
    addPointGapFlags(ranking, Number(call.divergence_gap))
  } catch (cause) {
    if (!(cause instanceof ScoringInputError)) throw cause
    logger.warn({ callId: call.id, issues: cause.issues }, 'données de notation incohérentes')
    error = `Les résultats ne peuvent pas être calculés : ${cause.issues.map((i) => i.message).join(' ')}`
  }
  return {
    ranking,
    error,
    applications: new Map(
      applications.map((a) => [a.id, { id: a.id, reference: a.reference, title: a.title, summary: String(a.answers.project?.summary ?? '') }]),
    ),
    criteria: criteria.map((c) => ({ id: c.id, title: c.label })),
    reviews: usable.map((r) => ({
      id: r.id,
      applicationId: r.application_id,
      reviewerId: r.user_id,
      reviewerName: names.get(r.user_id) ?? 'Ancien membre',
      jury: r.jury,
      scores: r.scores,
      mention: r.mention,
      confidence: r.confidence,
      commentTeam: r.comment_team,
      commentLeader: r.comment_leader,
    })),
    reviewCount: usable.length,
  }
}

/**
 * « En deux temps »: the applications the administration pre-selects on its submitted reviews (the
 * citizen panel's pool). Undefined for a combined rule (the panel reviews every application).
 */
export async function citizenPool(db: Db, call: CallRow): Promise<string[] | undefined> {
  if (call.combination_rule !== 'sequential') return undefined
  const results = await computeResults(db, call, { includeDecided: false })
  return (results.ranking?.applications ?? []).filter((a) => a.status === 'preselected' || a.status === 'vetoed').map((a) => a.applicationId)
}

/**
 * The call's own setting « écart signalé en points sur 5 » (decision 054): the two juries' raw
 * scores are on the same 1–5 scale (mean level, or the majority mention placed on it), so an
 * application whose juries are further apart than the setting gets one more flag, next to the
 * mathematics' rank-divergence flag.
 */
function addPointGapFlags(ranking: RankingResult, gap: number) {
  if (!Number.isFinite(gap) || gap <= 0) return
  for (const application of ranking.applications) {
    const admin = application.juries.administration.rawScore
    const citizen = application.juries.citizen.rawScore
    if (admin === null || citizen === null) continue
    const difference = Math.abs(admin - citizen)
    if (difference > gap) {
      application.flags.push({
        kind: 'divergence',
        label: 'Notes éloignées entre les jurys',
        explanation: `Les notes brutes des deux jurys sont à ${formatNumber(difference, 1)} points l’une de l’autre sur l’échelle de 1 à 5 (seuil de l’appel : ${formatNumber(gap, 1)}).`,
      })
      application.discussionPriority += 4
    }
  }
}

export async function listDecisions(db: Db, callId: string) {
  const rows = await db.selectFrom('scoring_decisions').selectAll().where('call_id', '=', callId).execute()
  return new Map(rows.map((r) => [r.application_id, r]))
}

export async function findPublication(db: Db, callId: string) {
  return db.selectFrom('scoring_publications').selectAll().where('call_id', '=', callId).executeTakeFirst()
}

/** Records (or changes) the decision on one application, with its required motivation. Audited. */
export async function decide(
  db: Db,
  actor: SessionUser,
  call: { id: string; state: string },
  input: { applicationId: string; decision: string; motivation: string },
): Promise<{ ok: true } | { ok: false; status: 400 | 404; message: string; field?: 'decision' | 'motivation' }> {
  if (!isUuid(input.applicationId)) return { ok: false, status: 404, message: 'Cette candidature est introuvable.' }
  if (call.state !== 'en_deliberation') return { ok: false, status: 400, message: 'Les décisions se prennent pendant la délibération, avant la publication des résultats.' }
  if (!DECISIONS.some((d) => d.value === input.decision)) return { ok: false, status: 400, message: 'Choisissez une décision : retenue, liste d’attente ou non retenue.', field: 'decision' }
  const motivation = input.motivation.trim()
  if (!motivation) return { ok: false, status: 400, message: 'Écrivez la motivation : elle est envoyée aux porteurs du projet.', field: 'motivation' }
  if (motivation.length > 3000) return { ok: false, status: 400, message: 'La motivation fait 3 000 caractères au plus.', field: 'motivation' }
  const application = (await scorableApplications(db, call.id)).find((a) => a.id === input.applicationId)
  if (!application) return { ok: false, status: 404, message: 'Cette candidature est introuvable.' }
  const decision = input.decision as DecisionKind
  await db.transaction().execute(async (trx) => {
    const previous = await trx.selectFrom('scoring_decisions').select(['decision', 'motivation']).where('application_id', '=', input.applicationId).forUpdate().executeTakeFirst()
    if (previous && previous.decision === decision && previous.motivation === motivation) return
    await trx
      .insertInto('scoring_decisions')
      .values({ application_id: input.applicationId, call_id: call.id, decision, motivation, decided_by: actor.id, decided_at: now() })
      .onConflict((oc) => oc.column('application_id').doUpdateSet({ decision, motivation, decided_by: actor.id, decided_at: now() }))
      .execute()
    await audit(trx, {
      actorId: actor.id,
      action: 'scoring.decision_recorded',
      subjectType: 'application',
      subjectId: input.applicationId,
      data: { decision, motivation, previous: previous?.decision ?? null },
    })
  })
  return { ok: true }
}

export interface PublishedSnapshot {
  publishedAt: string
  rule: string
  normalisation: string
  juries: Record<Jury, { mode: JuryMode; members: number; reviews: number }>
  statistics: { applications: number; reviews: number; retained: number; waiting: number; rate: number }
  laureates: Array<{ reference: string; title: string; summary: string; rank: number }>
  rows: Array<{ applicationId: string; reference: string; title: string; rank: number; score: number | null; decision: DecisionKind; motivation: string }>
}

export type PublishResult = { ok: true; already: boolean } | { ok: false; message: string }

/**
 * Publishes the call's results, once. Every scorable application needs a decision. The state
 * machine moves each application (no e-mail of its own), then one transaction stores the
 * snapshot, moves the call to « résultats publiés », and queues one result e-mail per leader.
 * A second click, or a retry after a crash half-way, finds the work done and changes nothing.
 */
export async function publishResults(services: AcceleratorServices, actor: SessionUser, call: CallRow & { slug: string }): Promise<PublishResult> {
  const { db } = services
  if (await findPublication(db, call.id)) return { ok: true, already: true }
  if (call.state !== 'en_deliberation') return { ok: false, message: 'Les résultats se publient à la fin de la délibération.' }
  const results = await computeResults(db, call)
  if (!results.ranking) return { ok: false, message: results.error ?? 'Les résultats ne peuvent pas être calculés.' }
  const decisions = await listDecisions(db, call.id)
  const missing = [...results.applications.values()].filter((a) => !decisions.has(a.id))
  if (missing.length) {
    return {
      ok: false,
      message: `Il manque la décision de ${missing.length} candidature${missing.length > 1 ? 's' : ''} (${missing
        .slice(0, 5)
        .map((a) => a.reference)
        .join(', ')}${missing.length > 5 ? '…' : ''}). Rien n’a été publié.`,
    }
  }
  // States, through the state machine (one transaction each; idempotent when already done).
  const states = new Map((await db.selectFrom('applications').select(['id', 'state']).where('call_id', '=', call.id).execute()).map((r) => [r.id, r.state]))
  for (const application of results.applications.values()) {
    const decision = decisions.get(application.id)!
    // « recevable » and « en instruction » (before that step existed) lead to the same steps.
    const raw = states.get(application.id)
    const state = raw === 'recevable' ? 'en_instruction' : raw
    const steps: Array<'preselect' | 'retain' | 'reject' | 'not_preselected'> =
      decision.decision === 'retenue'
        ? state === 'en_instruction' ? ['preselect', 'retain'] : state === 'preselectionnee' ? ['retain'] : []
        : decision.decision === 'non_retenue'
          ? state === 'en_instruction' ? ['not_preselected'] : state === 'preselectionnee' ? ['reject'] : []
          : state === 'en_instruction' ? ['preselect'] : []
    for (const step of steps) {
      const result = await transitionApplication(services, actor, application.id, step, { motivation: decision.motivation, notify: false })
      if (!result.ok) return { ok: false, message: `${application.reference} : ${result.message}` }
    }
  }
  const rankById = new Map(results.ranking.applications.map((a) => [a.applicationId, a]))
  const members = await listJuryMembers(db, call.id)
  const all = [...decisions.values()]
  const retained = all.filter((d) => d.decision === 'retenue').length
  const at = now()
  const snapshot: PublishedSnapshot = {
    publishedAt: at.toISOString(),
    rule: ruleDescription(call),
    normalisation: results.ranking.normalisation.explanation,
    juries: {
      administration: { mode: 'numbers', members: members.filter((m) => m.jury === 'administration').length, reviews: results.ranking.juries.administration.reviewCount },
      citizen: { mode: callModes(call).citizen, members: members.filter((m) => m.jury === 'citizen').length, reviews: results.ranking.juries.citizen.reviewCount },
    },
    statistics: {
      applications: results.applications.size,
      reviews: results.reviewCount,
      retained,
      waiting: all.filter((d) => d.decision === 'liste_attente').length,
      rate: results.applications.size ? retained / results.applications.size : 0,
    },
    laureates: [...results.applications.values()]
      .filter((a) => decisions.get(a.id)?.decision === 'retenue')
      .map((a) => ({ reference: a.reference, title: a.title, summary: a.summary, rank: rankById.get(a.id)?.rank ?? 0 }))
      .sort((a, b) => a.rank - b.rank),
    rows: [...results.applications.values()]
      .map((a) => ({
        applicationId: a.id,
        reference: a.reference,
        title: a.title,
        rank: rankById.get(a.id)?.rank ?? 0,
        score: rankById.get(a.id)?.score ?? null,
        decision: decisions.get(a.id)!.decision,
        motivation: decisions.get(a.id)!.motivation,
      }))
      .sort((a, b) => a.rank - b.rank),
  }
  return db.transaction().execute(async (trx): Promise<PublishResult> => {
    // The call row is locked first: two publications at once are one after the other.
    const moved = await moveCallState(trx, actor, call.id, 'publish_results', at, { decisions: all.length, retained })
    if (!moved.ok) return moved
    if (moved.already) return { ok: true, already: true }
    await trx.insertInto('scoring_publications').values({ call_id: call.id, published_by: actor.id, published_at: at, snapshot }).execute()
    const leaders = await trx
      .selectFrom('application_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.application_id', 'u.id', 'u.email'])
      .where('m.application_id', 'in', [...results.applications.keys()])
      .where('m.removed_at', 'is', null)
      .where('u.deleted_at', 'is', null)
      .execute()
    for (const leader of leaders) {
      const application = results.applications.get(leader.application_id)!
      const decision = decisions.get(leader.application_id)!
      const comments = results.reviews.filter((r) => r.applicationId === leader.application_id && r.commentLeader).map((r) => r.commentLeader)
      await queueEmail(
        { db: trx, jobs: services.jobs },
        leader.email,
        scoringResultEmail({
          projectTitle: application.title,
          callTitle: call.title,
          decisionLabel: DECISION_LABELS[decision.decision],
          motivation: decision.motivation,
          comments,
          link: `${services.appUrl}/appels/${call.slug}/resultats`,
        }),
        { idempotencyKey: `scoring.result:${call.id}:${leader.application_id}:${leader.id}` },
      )
    }
    return { ok: true, already: false }
  })
}

const RESULT_HEADER = ['rang', 'reference', 'projet', 'note_combinee', 'administration', 'rang_administration', 'panel_citoyen', 'rang_panel', 'alertes', 'decision', 'motivation']

/** One row per application, in rank order (shared by CSV and XLSX). */
function resultRows(results: CallResults, decisions: Map<string, { decision: DecisionKind; motivation: string }>): Array<Array<string | number>> {
  return (results.ranking?.applications ?? []).map((row) => {
    const application = results.applications.get(row.applicationId)
    const decision = decisions.get(row.applicationId)
    return [
      row.rank,
      application?.reference ?? '',
      application?.title ?? '',
      row.score === null ? '' : Math.round(row.score * 1000) / 1000,
      row.juries.administration.headline ?? '',
      row.juries.administration.rank ?? '',
      row.juries.citizen.headline ?? '',
      row.juries.citizen.rank ?? '',
      row.flags.map((f) => f.label).join(' | '),
      decision ? DECISION_LABELS[decision.decision] : '',
      decision?.motivation ?? '',
    ]
  })
}

/** Scores and decisions as CSV (semicolon-separated, as the other exports). */
export function resultsCsv(results: CallResults, decisions: Map<string, { decision: DecisionKind; motivation: string }>): string {
  const lines = [RESULT_HEADER.map(csvCell).join(';'), ...resultRows(results, decisions).map((row) => row.map((v) => csvCell(v)).join(';'))]
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** The same as XLSX (a few hundred rows: written in memory). */
export async function resultsXlsx(results: CallResults, decisions: Map<string, { decision: DecisionKind; motivation: string }>): Promise<ArrayBuffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('resultats')
  sheet.columns = RESULT_HEADER.map((key) => ({ header: key, key, width: 22 }))
  for (const row of resultRows(results, decisions)) {
    // Text starting like a formula is neutralised, as in the CSV.
    sheet.addRow(row.map((v) => (typeof v === 'string' && /^[=+\-@]/.test(v) ? `'${v}` : v)))
  }
  const buffer = await workbook.xlsx.writeBuffer()
  return buffer instanceof ArrayBuffer ? buffer : new Uint8Array(buffer as unknown as ArrayLike<number>).slice().buffer
}

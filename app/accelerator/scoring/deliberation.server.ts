import type { Db } from '#db/client.ts'
import { formatNumber } from '#app/utils/format.ts'
import { DECISION_LABELS } from './labels.ts'
import { computeResults, findPublication, listDecisions } from './results.server.ts'
import { JURY_LABELS } from './types.ts'

export const DELIBERATION_FILTERS = ['toutes', 'alertes', 'sans-decision'] as const
export type DeliberationFilter = (typeof DELIBERATION_FILTERS)[number]

const fmt = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? '–' : formatNumber(value, digits))

/**
 * What the deliberation page shows of a call: the ranking under the published rule with both
 * juries side by side (raw and corrected), each application's flags, reviews and decision, and
 * each reviewer's habits as measured for the corrected scores (severity, spread).
 */
export async function deliberationView(db: Db, call: Parameters<typeof computeResults>[1], filter: DeliberationFilter) {
  const [results, decisions, publication] = await Promise.all([computeResults(db, call), listDecisions(db, call.id), findPublication(db, call.id)])
  const rows = (results.ranking?.applications ?? [])
    .map((row) => {
      const application = results.applications.get(row.applicationId)!
      const decision = decisions.get(row.applicationId)
      const juries = (['administration', 'citizen'] as const).map((jury) => {
        const j = row.juries[jury]
        return {
          jury,
          label: JURY_LABELS[jury],
          reviews: `${j.reviewCount}/${j.expectedReviews}`,
          count: j.reviewCount,
          expected: j.expectedReviews,
          raw: j.headline ?? '–',
          normalised: j.mode === 'numbers' ? fmt(j.normalisedMean) : '–',
          rank: j.rank,
        }
      })
      return {
        id: row.applicationId,
        rank: row.rank,
        reference: application.reference,
        title: application.title,
        summary: application.summary,
        status: row.statusLabel,
        score: fmt(row.score),
        juries,
        flags: row.flags.map((f) => ({ label: f.label, explanation: f.explanation })),
        decision: decision ? { value: decision.decision, label: DECISION_LABELS[decision.decision], motivation: decision.motivation } : null,
        reviews: results.reviews
          .filter((r) => r.applicationId === row.applicationId)
          .map((r) => ({
            id: r.id,
            reviewer: r.reviewerName,
            jury: JURY_LABELS[r.jury],
            summary: r.mention
              ? `Mention « ${r.mention} »`
              : results.criteria
                  .filter((c) => r.scores[c.id])
                  .map((c) => `${c.title} : ${r.scores[c.id]}`)
                  .join(' ; '),
            confidence: r.confidence,
            commentTeam: r.commentTeam,
            commentLeader: r.commentLeader,
          })),
      }
    })
    .filter((row) => (filter === 'alertes' ? row.flags.length > 0 : filter === 'sans-decision' ? !row.decision : true))
  const names = new Map(results.reviews.map((review) => [review.reviewerId, review.reviewerName]))
  const habits = (results.ranking?.reviewers ?? []).map((scale) => ({
    id: `${scale.jury}-${scale.reviewerId}`,
    name: names.get(scale.reviewerId) ?? 'Évaluateur',
    jury: JURY_LABELS[scale.jury],
    reviews: scale.reviewCount,
    mean: fmt(scale.mean),
    sd: fmt(scale.sd),
    effect: scale.status === 'own_scale' ? 'Ses notes sont ramenées à l’échelle commune de son jury.' : scale.explanation,
  }))
  return {
    error: results.error,
    rule: results.ranking?.rule.description ?? '',
    normalisation: results.ranking?.normalisation.explanation ?? '',
    counts: { applications: results.applications.size, reviews: results.reviewCount, decided: decisions.size },
    rows,
    habits,
    publishedAt: publication?.published_at ?? null,
  }
}

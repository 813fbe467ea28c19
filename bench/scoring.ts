// Benchmark of the joint scoring maths (issue 5): rank 5,000 applications × 6 criteria × 5 reviews
// per jury, with per-reviewer normalisation. Goal: ≤ 500 ms. Run: npx tsx bench/scoring.ts
// Prints the median of several runs and, measured in the same run, a trivial baseline (one pass
// summing every level) so that figures from noisy, shared machines can be compared as a ratio.
// No assertion: a slow run prints « au-dessus de l’objectif », it does not fail anything.
import { availableParallelism, loadavg } from 'node:os'
import { assignReviewers } from '#app/accelerator/scoring/assignment.ts'
import { rankApplications, type RankingInput } from '#app/accelerator/scoring/rank-applications.ts'
import { MENTIONS, type Criterion, type Review } from '#app/accelerator/scoring/types.ts'

const APPLICATIONS = 5000
const CRITERIA = 6
const REVIEWS_PER_JURY = 5
const ADMIN_REVIEWERS = 60
const CITIZEN_REVIEWERS = 150
const RUNS = 9
const GOAL_MS = 500

/** mulberry32: a tiny seeded generator, so every run ranks the same data. */
function generator(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function buildInput(citizenMode: 'numbers' | 'majority_judgment', rule: RankingInput['rule']): RankingInput {
  const random = generator(2026)
  const criteria: Criterion[] = Array.from({ length: CRITERIA }, (_, i) => ({
    id: `critere-${i + 1}`,
    label: `Critère ${i + 1}`,
    weight: 1 + (i % 3),
    jury: i < 2 ? 'both' : i % 2 === 0 ? 'administration' : 'citizen',
  }))
  const applications = Array.from({ length: APPLICATIONS }, (_, i) => ({ id: `candidature-${i}`, tieBreakKey: `AIC-${String(i).padStart(5, '0')}` }))
  const reviews: Review[] = []
  for (let a = 0; a < APPLICATIONS; a++) {
    const quality = random() * 2 - 1
    for (const [jury, pool] of [
      ['administration', ADMIN_REVIEWERS],
      ['citizen', CITIZEN_REVIEWERS],
    ] as const) {
      // Five distinct reviewers per jury, spread evenly (as the assignment would).
      const start = (a * REVIEWS_PER_JURY) % pool
      for (let k = 0; k < REVIEWS_PER_JURY; k++) {
        const reviewerIndex = (start + k * 7) % pool
        const severity = ((reviewerIndex % 5) - 2) * 0.3
        const level = () => Math.max(1, Math.min(5, Math.round(3 + quality * 1.5 + severity + (random() - 0.5) * 2)))
        const reviewerId = `${jury}-${reviewerIndex}`
        if (jury === 'citizen' && citizenMode === 'majority_judgment') {
          reviews.push({ applicationId: applications[a]!.id, reviewerId, jury, mention: MENTIONS[Math.min(6, Math.max(0, level() + 1))] })
          continue
        }
        const scores: Record<string, number> = {}
        for (const criterion of criteria) if (criterion.jury === jury || criterion.jury === 'both') scores[criterion.id] = level()
        reviews.push({ applicationId: applications[a]!.id, reviewerId, jury, scores })
      }
    }
  }
  return {
    applications,
    criteria,
    reviews,
    juries: { administration: { mode: 'numbers', expectedReviews: REVIEWS_PER_JURY }, citizen: { mode: citizenMode, expectedReviews: REVIEWS_PER_JURY } },
    rule,
    normalisation: { method: 'centred' },
    flags: { divergenceGap: 500 },
    places: 50,
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[sorted.length >> 1]!
}

/** Wall-clock and CPU milliseconds of each run (CPU time is less disturbed by a busy machine). */
function time(run: () => unknown, runs: number): { wall: number[]; cpu: number[] } {
  run() // warm-up: JIT compilation is not what we measure
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage()
    const start = performance.now()
    run()
    wall.push(performance.now() - start)
    const used = process.cpuUsage(cpuStart)
    cpu.push((used.user + used.system) / 1000)
  }
  return { wall, cpu }
}

/** The trivial baseline: one pass over every review, summing every level (or mention index). */
function baseline(input: RankingInput): number {
  let sum = 0
  for (const review of input.reviews) {
    if (review.scores) for (const criterionId in review.scores) sum += review.scores[criterionId]!
    else if (review.mention) sum += MENTIONS.indexOf(review.mention)
  }
  return sum
}

const format = (ms: number) => ms.toLocaleString('fr-FR', { maximumFractionDigits: ms < 10 ? 2 : 0 })

console.log(
  `Classement : ${APPLICATIONS} candidatures × ${CRITERIA} critères × ${REVIEWS_PER_JURY} avis par jury, notes corrigées ` +
    `(Node ${process.version}, charge de la machine ${loadavg()[0]!.toFixed(1)} pour ${availableParallelism()} cœurs)`,
)
const scenarios: { label: string; input: RankingInput }[] = [
  { label: 'deux jurys chiffrés, règle combinée 50/50', input: buildInput('numbers', { kind: 'combined', weights: { administration: 1, citizen: 1 } }) },
  { label: 'panel au jugement majoritaire, règle combinée', input: buildInput('majority_judgment', { kind: 'combined', weights: { administration: 1, citizen: 1 } }) },
  { label: 'deux jurys chiffrés, règle en deux temps (N = 500)', input: buildInput('numbers', { kind: 'sequential', preselect: 500, citizenRanks: true }) },
]
for (const [index, { label, input }] of scenarios.entries()) {
  const { wall, cpu } = time(() => rankApplications(input), RUNS)
  const trivial = time(() => baseline(input), RUNS * 5).wall
  const ratio = median(wall) / median(trivial)
  const verdict = median(wall) <= GOAL_MS ? 'dans l’objectif' : 'au-dessus de l’objectif'
  console.log(
    `${index === 0 ? '▶' : ' '} ${label} : médiane ${format(median(wall))} ms sur ${RUNS} exécutions ` +
      `(min ${format(Math.min(...wall))}, max ${format(Math.max(...wall))} ; temps processeur médian ${format(median(cpu))} ms) — ` +
      `objectif ${GOAL_MS} ms : ${verdict}. Référence (une passe qui additionne les ${input.reviews.length} avis) : ` +
      `${format(median(trivial))} ms, rapport ×${Math.round(ratio)}.`,
  )
}

// For information: the automatic assignment at realistic and large sizes (not part of the goal).
for (const applications of [200, 1000]) {
  const input = {
    applications: Array.from({ length: applications }, (_, i) => ({ id: `candidature-${i}` })),
    reviewers: [
      ...Array.from({ length: 3 }, (_, i) => ({ id: `agent-${i}`, jury: 'administration' as const })),
      ...Array.from({ length: 15 }, (_, i) => ({ id: `citoyen-${i}`, jury: 'citizen' as const })),
    ],
    reviewsPerApplication: { administration: 3, citizen: 5 },
    conflicts: Array.from({ length: Math.floor(applications / 10) }, (_, i) => ({ applicationId: `candidature-${i * 10}`, reviewerId: `citoyen-${i % 15}` })),
    seed: 'bench',
  }
  const samples = time(() => assignReviewers(input), 3).wall
  console.log(`  Affectation automatique, ${applications} candidatures (3 agents × 3 avis, 15 citoyens × 5 avis) : médiane ${format(median(samples))} ms.`)
}

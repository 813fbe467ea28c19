// The dashboards read rollup tables fed by a trigger (deltas) and a fold job. On random data —
// reviews at any hour (midnight in Paris included), answers changed step by step, texts purged,
// reviews deleted, folds at random moments — every rollup must equal a direct computation over
// the reviews, to the unit, on PGlite and on PostgreSQL.
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import { organisationSummary, placementBreakdown, serviceBreakdown, serviceSummary } from '#app/feedback/dashboard.server.ts'
import type { ReviewFilters } from '#app/feedback/filters.ts'
import { computeIndicators, MEASURE_NAMES } from '#app/feedback/indicators.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { purgeOldTexts } from '#app/feedback/retention.server.ts'
import { decidePersonalData, loadReviewInProgress, recordStepAnswers, submitFirstAnswer } from '#app/feedback/reviews.server.ts'
import { foldStatDeltas, pruneEmptyRollups, rebuildRollups } from '#app/feedback/rollups.server.ts'
import { createService, saveFormVersion } from '#app/feedback/services.server.ts'
import { DEFAULT_DEFINITION, SATISFACTION_CHOICES, type HelpChannel } from '#app/feedback/questionnaire.ts'
import { createTestServices, sessionUser } from '#tests/helpers/context.ts'
import { createTestDb, truncateAll } from '#tests/helpers/db.ts'

const SECRET = 'rollup-test-secret'
let handle: DbHandle
beforeAll(async () => {
  handle = await createTestDb()
})
afterAll(() => handle.close())

/** Every measure computed straight from the reviews, written independently of the app's code. */
const DIRECT_MEASURES = `
  count(*) AS reviews,
  sum(CASE satisfaction WHEN 2 THEN 10 WHEN 1 THEN 5 ELSE 0 END) AS sat_points,
  count(clarity) AS clarity_count,
  coalesce(sum(clarity - 1), 0) AS clarity_sum,
  count(help_needed) AS help_answered,
  count(*) FILTER (WHERE help_needed = false) AS help_none,
  count(help_reached) AS reached_answered,
  count(*) FILTER (WHERE help_reached) AS reached_yes,
  count(help_quality) AS quality_count,
  coalesce(sum(help_quality - 1), 0) AS quality_sum,
  count(*) FILTER (WHERE has_comment) AS comments,
  count(completed_at) AS completed,
  count(*) FILTER (WHERE 'counter' = ANY(help_channels)) AS ch_counter,
  count(*) FILTER (WHERE 'phone' = ANY(help_channels)) AS ch_phone,
  count(*) FILTER (WHERE 'email' = ANY(help_channels)) AS ch_email,
  count(*) FILTER (WHERE 'chat' = ANY(help_channels)) AS ch_chat,
  count(*) FILTER (WHERE 'relative' = ANY(help_channels)) AS ch_relative,
  count(*) FILTER (WHERE 'association' = ANY(help_channels)) AS ch_association,
  count(*) FILTER (WHERE 'internet' = ANY(help_channels)) AS ch_internet,
  count(*) FILTER (WHERE 'other' = ANY(help_channels)) AS ch_other`

const PARIS_DAY = `(created_at AT TIME ZONE 'Europe/Paris')::date`

type Row = Record<string, unknown>

function normalise(rows: Row[], keys: string[]): string[] {
  return rows
    .map((row) => [...keys.map((key) => String(row[key])), ...MEASURE_NAMES.map((name) => Number(row[name]))].join('|'))
    .filter((line) => !line.endsWith(MEASURE_NAMES.map(() => '0').join('|')))
    .sort()
}

const TABLES: Array<{ table: string; keys: string[]; direct: string }> = [
  {
    table: 'feedback_stats_daily',
    keys: ['service_id', 'day', 'placement_id', 'form_version_id', 'satisfaction', 'organisation_id'],
    direct: `service_id, ${PARIS_DAY} AS day, placement_id, form_version_id, satisfaction, organisation_id`,
  },
  { table: 'feedback_stats_service_daily', keys: ['organisation_id', 'day', 'service_id', 'satisfaction'], direct: `organisation_id, ${PARIS_DAY} AS day, service_id, satisfaction` },
  {
    table: 'feedback_stats_service_monthly',
    keys: ['organisation_id', 'month', 'service_id', 'satisfaction'],
    direct: `organisation_id, date_trunc('month', ${PARIS_DAY})::date AS month, service_id, satisfaction`,
  },
  { table: 'feedback_stats_org_daily', keys: ['organisation_id', 'day', 'satisfaction'], direct: `organisation_id, ${PARIS_DAY} AS day, satisfaction` },
]

async function direct(table: (typeof TABLES)[number]): Promise<string[]> {
  const groups = table.keys.map((_, index) => index + 1).join(', ')
  const { rows } = await sql.raw<Row>(`SELECT ${table.direct}, ${DIRECT_MEASURES} FROM feedback_reviews GROUP BY ${groups}`).execute(handle.db)
  return normalise(rows.map((row) => ({ ...row, day: String(row.day ?? ''), month: String(row.month ?? '') })), table.keys)
}

/** A rollup table plus the deltas not folded yet: what the dashboards read. */
async function rollupWithPending(table: (typeof TABLES)[number]): Promise<string[]> {
  const deltaKeys = table.keys.map((key) => (key === 'month' ? `date_trunc('month', day)::date AS month` : key)).join(', ')
  const groups = table.keys.map((_, index) => index + 1).join(', ')
  const measures = MEASURE_NAMES.join(', ')
  const sums = MEASURE_NAMES.map((name) => `sum(${name}) AS ${name}`).join(', ')
  const { rows } = await sql
    .raw<Row>(
      `SELECT ${table.keys.join(', ')}, ${sums} FROM (
         SELECT ${table.keys.join(', ')}, ${measures} FROM ${table.table}
         UNION ALL SELECT ${deltaKeys}, ${measures} FROM feedback_stat_deltas
       ) AS x GROUP BY ${groups}`,
    )
    .execute(handle.db)
  return normalise(rows, table.keys)
}

async function rollupOnly(table: (typeof TABLES)[number]): Promise<string[]> {
  const { rows } = await sql.raw<Row>(`SELECT * FROM ${table.table}`).execute(handle.db)
  return normalise(rows, table.keys)
}

async function expectRollupsExact(label: string) {
  for (const table of TABLES) {
    expect(await rollupWithPending(table), `${label} : ${table.table} (agrégats + deltas en attente)`).toEqual(await direct(table))
  }
}

// ---------------------------------------------------------------------------------------------

const CHANNELS: HelpChannel[] = ['counter', 'phone', 'email', 'chat', 'relative', 'association', 'internet', 'other']

const answersArb = fc.record({
  satisfaction: fc.integer({ min: 0, max: 2 }),
  clarity: fc.option(fc.integer({ min: 1, max: 5 })),
  help: fc.option(fc.oneof(fc.constant<'aucune'>('aucune'), fc.uniqueArray(fc.constantFrom(...CHANNELS), { minLength: 1, maxLength: 3 }))),
  reached: fc.option(fc.boolean()),
  quality: fc.option(fc.integer({ min: 1, max: 5 })),
  comment: fc.option(fc.constantFrom('Trop d’attente au guichet.', 'Parfait, merci !', 'Appelez-moi au 06 12 34 56 78', 'مرحبا 👍')),
  finish: fc.boolean(),
})

const operationArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant<'review'>('review'), placement: fc.nat(), minutesAgo: fc.integer({ min: 0, max: 420 * 1440 }), answers: answersArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant<'change'>('change'), target: fc.nat(), answers: answersArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant<'fold'>('fold') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant<'delete'>('delete'), target: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant<'personal-data'>('personal-data'), target: fc.nat(), decision: fc.constantFrom<'afficher' | 'effacer'>('afficher', 'effacer') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant<'purge'>('purge') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant<'new-version'>('new-version'), service: fc.nat() }) },
)

interface World {
  organisationIds: string[]
  services: Array<{ id: string; organisationId: string; formId: string }>
  placements: Array<{ id: string; serviceId: string }>
  reviews: Array<{ id: string; placementId: string; token: string; createdAt: Date }>
}

async function buildWorld(): Promise<World> {
  await truncateAll(handle.db)
  const services = await createTestServices(handle)
  const seeded = await seedDemoForTest(handle.db)
  const user = await sessionUser(services, seeded.users['service@demo.aic.gouv.fr']!)
  const other = await handle.db.insertInto('organisations').values({ slug: 'autre', name: 'Autre ministère' }).returning('id').executeTakeFirstOrThrow()
  await handle.db.insertInto('role_assignments').values({ user_id: user.id, role: 'service_team', scope_type: 'organisation', scope_id: other.id }).execute()
  const world: World = { organisationIds: [seeded.organisationId, other.id], services: [], placements: [], reviews: [] }
  for (const [index, organisationId] of [seeded.organisationId, other.id, other.id].entries()) {
    const created = await createService(handle.db, user, { organisationId, name: `Service aléatoire ${index}` })
    if (!created.ok) throw new Error('service')
    const form = await handle.db.selectFrom('feedback_forms').select('id').where('service_id', '=', created.serviceId).executeTakeFirstOrThrow()
    world.services.push({ id: created.serviceId, organisationId, formId: form.id })
    for (const name of ['Page de confirmation', 'E-mail de suivi']) {
      const placement = await handle.db.insertInto('feedback_placements').values({ service_id: created.serviceId, form_id: form.id, name }).returning('id').executeTakeFirstOrThrow()
      world.placements.push({ id: placement.id, serviceId: created.serviceId })
    }
  }
  return world
}

async function currentVersion(placementId: string): Promise<string> {
  const row = await handle.db
    .selectFrom('feedback_placements as p')
    .innerJoin('feedback_forms as f', 'f.id', 'p.form_id')
    .select('f.current_version_id')
    .where('p.id', '=', placementId)
    .executeTakeFirstOrThrow()
  return row.current_version_id!
}

interface Answers {
  satisfaction: number
  clarity: number | null
  help: 'aucune' | HelpChannel[] | null
  reached: boolean | null
  quality: number | null
  comment: string | null
  finish: boolean
}

async function answerSteps(review: World['reviews'][number], answers: Answers) {
  const at = new Date(review.createdAt.getTime() + 60_000)
  const load = () => loadReviewInProgress(handle.db, SECRET, review.placementId, review.id, review.token, at)
  let current = await load()
  if (!current) return
  if (answers.clarity !== null) await recordStepAnswers(handle.db, current, { step: 'clarte', clarity: answers.clarity }, at)
  if (answers.help !== null) {
    current = (await load())!
    await recordStepAnswers(
      handle.db,
      current,
      answers.help === 'aucune' ? { step: 'aide', helpNeeded: false, channels: [] } : { step: 'aide', helpNeeded: true, channels: answers.help },
      at,
    )
    current = (await load())!
    if (current.helpNeeded === true && answers.reached !== null) {
      await recordStepAnswers(handle.db, current, { step: 'aide-suite', reached: answers.reached, quality: answers.reached ? answers.quality : null }, at)
    }
  }
  if (answers.finish || answers.comment !== null) {
    current = (await load())!
    await recordStepAnswers(handle.db, current, { step: 'commentaire', comment: answers.comment, contact: null }, at)
  }
}

describe('agrégats des avis', () => {
  it('sur des données aléatoires, chaque agrégat est égal au calcul direct, avant et après le repli des deltas', async () => {
    const base = new Date('2026-11-23T12:00:00Z')
    await fc.assert(
      fc.asyncProperty(fc.array(operationArb, { minLength: 20, maxLength: 60 }), async (operations) => {
        const world = await buildWorld()
        // The seed folded its own reviews; start from exact rollups too.
        await expectRollupsExact('après les données de démonstration')
        const user = await sessionUser(await createTestServices(handle), (await handle.db.selectFrom('users').select('id').where('email', '=', 'service@demo.aic.gouv.fr').executeTakeFirstOrThrow()).id)
        for (const operation of operations) {
          if (operation.kind === 'review') {
            const placement = world.placements[operation.placement % world.placements.length]!
            const at = new Date(base.getTime() - operation.minutesAgo * 60_000)
            const id = randomUUID()
            const outcome = await submitFirstAnswer(handle.db, SECRET, {
              placementId: placement.id,
              fields: new URLSearchParams({ name__confirm: '', avis: id, version: await currentVersion(placement.id), satisfaction: SATISFACTION_CHOICES.find((c) => c.value === operation.answers.satisfaction)!.code }),
              ipHash: randomUUID(),
              at,
            })
            expect(outcome.kind).toBe('recorded')
            if (outcome.kind !== 'recorded') continue
            const review = { id, placementId: placement.id, token: outcome.token, createdAt: at }
            world.reviews.push(review)
            await answerSteps(review, operation.answers)
          } else if (operation.kind === 'change' && world.reviews.length) {
            await answerSteps(world.reviews[operation.target % world.reviews.length]!, operation.answers)
          } else if (operation.kind === 'fold') {
            await foldStatDeltas(handle.db, { batchSize: 7 })
          } else if (operation.kind === 'delete' && world.reviews.length) {
            const [review] = world.reviews.splice(operation.target % world.reviews.length, 1)
            await handle.db.deleteFrom('feedback_reviews').where('id', '=', review!.id).execute()
          } else if (operation.kind === 'personal-data' && world.reviews.length) {
            const review = world.reviews[operation.target % world.reviews.length]!
            const placement = world.placements.find((p) => p.id === review.placementId)!
            await decidePersonalData(handle.db, user, placement.serviceId, review.id, operation.decision)
          } else if (operation.kind === 'purge') {
            // Texts far older than the retention period are erased; the statistics must not move.
            await purgeOldTexts(handle.db, new Date(base.getTime() + 5 * 365 * 86400_000))
          } else if (operation.kind === 'new-version') {
            const service = world.services[operation.service % world.services.length]!
            const current = await handle.db.selectFrom('feedback_forms as f').innerJoin('feedback_form_versions as v', 'v.id', 'f.current_version_id').select('v.definition').where('f.id', '=', service.formId).executeTakeFirstOrThrow()
            const questions = current.definition.questions.includes('contact') ? DEFAULT_DEFINITION.questions.filter((q) => q !== 'contact') : DEFAULT_DEFINITION.questions
            await saveFormVersion(handle.db, user, service.id, service.formId, { questions, thanks: null })
          }
        }
        await expectRollupsExact('avec les deltas en attente')

        // What the dashboards show equals the direct computation, for random filters.
        for (const service of world.services) {
          const filters: ReviewFilters = { preset: 'perso', from: '2025-09-01', to: '2026-11-23', granularity: 'mois', placementId: null, versionId: null, satisfaction: null }
          const summary = await serviceSummary(handle.db, { organisationId: service.organisationId, serviceId: service.id }, filters)
          const { rows } = await sql.raw<Row>(`SELECT ${DIRECT_MEASURES} FROM feedback_reviews WHERE service_id = '${service.id}' AND ${PARIS_DAY} BETWEEN '2025-09-01' AND '2026-11-23'`).execute(handle.db)
          expect(normalise([summary.totals as unknown as Row], [])).toEqual(normalise(rows, []))
          const directAverage = await sql<{ value: number | null }>`SELECT avg(satisfaction * 5)::float8 AS value FROM feedback_reviews WHERE service_id = ${service.id}::uuid AND (created_at AT TIME ZONE 'Europe/Paris')::date BETWEEN '2025-09-01' AND '2026-11-23'`.execute(handle.db)
          const shown = computeIndicators(summary.totals).find((indicator) => indicator.key === 'satisfaction')!.value
          if (directAverage.rows[0]!.value === null) expect(shown).toBeNull()
          else expect(shown).toBeCloseTo(directAverage.rows[0]!.value, 10)
          // The previous period comes from the same query as the period (decision 080); the
          // reviews span 420 days, so both periods here have some.
          const recent: ReviewFilters = { ...filters, from: '2026-05-01', to: '2026-11-23', granularity: 'semaine' }
          const both = await serviceSummary(handle.db, { organisationId: service.organisationId, serviceId: service.id }, recent)
          expect(both.previous.to).toBe('2026-04-30')
          const direct = async (from: string, to: string) =>
            (await sql.raw<Row>(`SELECT ${DIRECT_MEASURES} FROM feedback_reviews WHERE service_id = '${service.id}' AND ${PARIS_DAY} BETWEEN '${from}' AND '${to}'`).execute(handle.db)).rows
          expect(normalise([both.totals as unknown as Row], [])).toEqual(normalise(await direct(recent.from, recent.to), []))
          expect(normalise([both.previousTotals as unknown as Row], [])).toEqual(normalise(await direct(both.previous.from, both.previous.to), []))
          expect(both.series.reduce((sum, point) => sum + point.measures.reviews, 0)).toBe(both.totals.reviews)
          // Every placement of the service, with its sums (zero when it has no review), in one query.
          const placements = await placementBreakdown(handle.db, { organisationId: service.organisationId, serviceId: service.id }, filters)
          expect(placements.map((row) => row.id).sort()).toEqual(world.placements.filter((p) => p.serviceId === service.id).map((p) => p.id).sort())
          const perPlacement = await sql.raw<Row>(`SELECT placement_id, ${DIRECT_MEASURES} FROM feedback_reviews WHERE service_id = '${service.id}' AND ${PARIS_DAY} BETWEEN '2025-09-01' AND '2026-11-23' GROUP BY placement_id`).execute(handle.db)
          expect(normalise(placements.filter((row) => row.measures.reviews > 0).map((row) => ({ placement_id: row.id, ...row.measures })), ['placement_id'])).toEqual(
            normalise(perPlacement.rows, ['placement_id']),
          )
        }
        for (const organisationId of world.organisationIds) {
          const filters: ReviewFilters = { preset: 'perso', from: '2025-10-15', to: '2026-10-20', granularity: 'semaine', placementId: null, versionId: null, satisfaction: 0 }
          const summary = await organisationSummary(handle.db, organisationId, filters)
          const { rows } = await sql.raw<Row>(`SELECT ${DIRECT_MEASURES} FROM feedback_reviews WHERE organisation_id = '${organisationId}' AND satisfaction = 0 AND ${PARIS_DAY} BETWEEN '2025-10-15' AND '2026-10-20'`).execute(handle.db)
          expect(normalise([summary.totals as unknown as Row], [])).toEqual(normalise(rows, []))
          // Per service: whole months from the monthly rollup, the edges from the daily one.
          const breakdown = await serviceBreakdown(handle.db, organisationId, filters)
          const perService = await sql.raw<Row>(`SELECT service_id, ${DIRECT_MEASURES} FROM feedback_reviews WHERE organisation_id = '${organisationId}' AND satisfaction = 0 AND ${PARIS_DAY} BETWEEN '2025-10-15' AND '2026-10-20' GROUP BY service_id`).execute(handle.db)
          expect(normalise(breakdown.map((row) => ({ service_id: row.id, ...row.measures })), ['service_id'])).toEqual(normalise(perService.rows, ['service_id']))
        }

        await foldStatDeltas(handle.db)
        expect(await handle.db.selectFrom('feedback_stat_deltas').select('service_id').execute()).toEqual([])
        await pruneEmptyRollups(handle.db)
        for (const table of TABLES) expect(await rollupOnly(table), `après repli : ${table.table}`).toEqual(await direct(table))

        // A rebuild from scratch gives the same tables.
        await rebuildRollups(handle.db)
        for (const table of TABLES) expect(await rollupOnly(table), `après reconstruction : ${table.table}`).toEqual(await direct(table))
      }),
      { numRuns: 4 },
    )
  }, 240_000)

  it('un avis compte pour le jour de Paris où il a été donné, même à minuit passé', async () => {
    const world = await buildWorld()
    const placement = world.placements[0]!
    // 23:30 UTC on 30 June is 1:30 on 1 July in Paris (summer time).
    const at = new Date('2026-06-30T23:30:00Z')
    const outcome = await submitFirstAnswer(handle.db, SECRET, {
      placementId: placement.id,
      fields: new URLSearchParams({ name__confirm: '', avis: randomUUID(), version: await currentVersion(placement.id), satisfaction: 'tres-bien' }),
      ipHash: 'ip',
      at,
    })
    expect(outcome.kind).toBe('recorded')
    expect(parisDay(at)).toBe('2026-07-01')
    await foldStatDeltas(handle.db)
    const rows = await handle.db.selectFrom('feedback_stats_daily').select(['day', 'reviews']).where('service_id', '=', placement.serviceId).execute()
    expect(rows).toEqual([{ day: '2026-07-01', reviews: 1 }])
  })
})


// Times the dashboard loaders (the route loaders themselves: access check, filters, rollup
// queries, latest comments) on databases made by generate.ts, and prints the query plans.
// Goals at 10M reviews: per service ≤ 50 ms, organisation-wide ≤ 250 ms, and 10M / 1M ≤ 1.5.
//
//   npx tsx bench/feedback/dashboards.ts bench_feedback_1m bench_feedback_10m [--runs 30] [--explain]
import type { AppLoadContext } from '@remix-run/node'
import { sql } from 'kysely'
import { createDb, type Db } from '#db/client.ts'
import { loader as serviceLoader } from '#app/routes/services.$serviceId._index.tsx'
import { loader as organisationLoader } from '#app/routes/services.organisations.$organisationId._index.tsx'
import { databaseUrl, writeResult } from './common.ts'

const runs = Number(process.argv.includes('--runs') ? process.argv[process.argv.indexOf('--runs') + 1] : 30)
const explain = process.argv.includes('--explain')
const databases = process.argv.slice(2).filter((value, index, all) => !value.startsWith('--') && all[index - 1] !== '--runs')

// A member of every organisation (global grant): the loaders still run their access checks.
const user = { id: '00000000-0000-4000-8000-000000000000', email: 'bench@exemple.fr', displayName: 'Bench', roles: [{ role: 'service_team' as const, scopeType: 'global' as const, scopeId: '' }] }

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function targets(db: Db) {
  const [big, median, organisation] = await Promise.all([
    sql<{ service_id: string; reviews: number }>`SELECT service_id, sum(reviews)::int8 AS reviews FROM feedback_stats_service_monthly GROUP BY 1 ORDER BY 2 DESC LIMIT 1`.execute(db),
    sql<{ service_id: string; reviews: number }>`SELECT service_id, reviews FROM (SELECT service_id, sum(reviews)::int8 AS reviews, row_number() OVER (ORDER BY sum(reviews) DESC) AS rank, count(*) OVER () AS n FROM feedback_stats_service_monthly GROUP BY 1) x WHERE rank = n / 2 LIMIT 1`.execute(db),
    sql<{ organisation_id: string; reviews: number; services: number }>`SELECT organisation_id, sum(reviews)::int8 AS reviews, count(DISTINCT service_id)::int AS services FROM feedback_stats_service_monthly GROUP BY 1 ORDER BY 2 DESC LIMIT 1`.execute(db),
  ])
  return { big: big.rows[0]!, median: median.rows[0]!, organisation: organisation.rows[0]! }
}

interface Scenario {
  label: string
  run: () => Promise<unknown>
}

/** The scenarios of one database, and what it holds. */
async function prepare(name: string) {
  const handle = await createDb({ url: databaseUrl(name), max: 10 })
  const db = handle.db
  const total = (await sql<{ n: number }>`SELECT count(*)::int8 AS n FROM feedback_reviews`.execute(db)).rows[0]!.n
  const { big, median, organisation } = await targets(db)
  const context = { db, user } as unknown as AppLoadContext
  const service = (id: string, query: string) => () => serviceLoader({ request: new Request(`http://localhost/services/${id}?${query}`), context, params: { serviceId: id } })
  const organisationDashboard = (query: string) => () =>
    organisationLoader({ request: new Request(`http://localhost/services/organisations/${organisation.organisation_id}?${query}`), context, params: { organisationId: organisation.organisation_id } })
  console.log(
    `${name} : ${Number(total).toLocaleString('fr-FR')} avis · plus gros service ${Number(big.reviews).toLocaleString('fr-FR')} avis · service médian ${Number(median.reviews).toLocaleString('fr-FR')} · organisation ${organisation.services} services, ${Number(organisation.reviews).toLocaleString('fr-FR')} avis`,
  )
  const scenarios: Scenario[] = [
    { label: 'service (plus gros), 3 mois par semaine', run: service(big.service_id, '') },
    { label: 'service (plus gros), 12 mois par mois', run: service(big.service_id, 'periode=12m&pas=mois') },
    { label: 'service (médian), 3 mois par semaine', run: service(median.service_id, '') },
    { label: 'organisation, 3 mois par semaine', run: organisationDashboard('') },
    { label: 'organisation, 12 mois par mois', run: organisationDashboard('periode=12m&pas=mois') },
    { label: 'organisation, « Pas bien », 12 mois', run: organisationDashboard('periode=12m&pas=mois&reponse=pas-bien') },
  ]
  return { name, handle, db, total, big, organisation, scenarios }
}

const prepared = []
for (const name of databases) prepared.push(await prepare(name))
// Samples of the databases are interleaved (A, B, A, B…): on a shared machine, load changes over
// time, and the 10M / 1M ratio must not depend on which database ran during a busy minute.
const samples = prepared.map((database) => database.scenarios.map(() => [] as number[]))
for (const database of prepared) for (const scenario of database.scenarios) for (let i = 0; i < 3; i++) await scenario.run()
for (let i = 0; i < runs; i++) {
  for (const [d, database] of prepared.entries()) {
    for (const [s, scenario] of database.scenarios.entries()) {
      const started = process.hrtime.bigint()
      await scenario.run()
      samples[d]![s]!.push(Number(process.hrtime.bigint() - started) / 1e6)
    }
  }
}
const results: Record<string, unknown> = {}
for (const [d, database] of prepared.entries()) {
  const timings = database.scenarios.map((scenario, s) => ({ label: scenario.label, median: percentile(samples[d]![s]!, 50), p95: percentile(samples[d]![s]!, 95) }))
  console.log(`\n${database.name} (${Number(database.total).toLocaleString('fr-FR')} avis)`)
  for (const timing of timings) console.log(`  ${timing.label.padEnd(44)} médiane ${timing.median.toFixed(1).padStart(6)} ms · p95 ${timing.p95.toFixed(1).padStart(6)} ms`)
  results[database.name] = { total: database.total, timings }
  if (explain) {
    const { big, organisation, db } = database
    // The plans the dashboards rely on (index ranges on the rollups, never the reviews).
    const plans = {
      service: `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT date_trunc('week', day)::date, satisfaction, sum(reviews) FROM (SELECT day, satisfaction, reviews FROM feedback_stats_daily WHERE service_id = '${big.service_id}' AND day BETWEEN current_date - 91 AND current_date UNION ALL SELECT day, satisfaction, reviews FROM feedback_stat_deltas WHERE organisation_id = '${organisation.organisation_id}' AND service_id = '${big.service_id}' AND day BETWEEN current_date - 91 AND current_date) s GROUP BY 1, 2`,
      organisation: `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT date_trunc('month', day)::date, satisfaction, sum(reviews) FROM feedback_stats_org_daily WHERE organisation_id = '${organisation.organisation_id}' AND day BETWEEN current_date - 365 AND current_date GROUP BY 1, 2`,
      services: `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT service_id, sum(reviews) FROM feedback_stats_service_monthly WHERE organisation_id = '${organisation.organisation_id}' AND month BETWEEN date_trunc('month', current_date - 365)::date AND date_trunc('month', current_date)::date GROUP BY 1`,
      edges: `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT service_id, sum(reviews) FROM feedback_stats_service_daily WHERE organisation_id = '${organisation.organisation_id}' AND day BETWEEN date_trunc('month', current_date)::date AND current_date GROUP BY 1`,
      comments: `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id FROM feedback_reviews WHERE has_comment AND comment IS NOT NULL AND organisation_id = '${organisation.organisation_id}' AND created_at >= now() - interval '91 days' ORDER BY created_at DESC, id DESC LIMIT 5`,
    }
    for (const [key, statement] of Object.entries(plans)) {
      const { rows } = await sql.raw<{ 'QUERY PLAN': string }>(statement).execute(db)
      console.log(`\n  Plan (${key}) :\n${rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n')}`)
    }
  }
}
for (const database of prepared) await database.handle.close()
if (prepared.length === 2) {
  const [small, large] = prepared.map((database) => (results[database.name] as { timings: Array<{ label: string; median: number }> }).timings)
  console.log('\nRapport des médianes (grande base / petite base) :')
  large!.forEach((timing, index) => console.log(`  ${timing.label.padEnd(44)} ${(timing.median / small![index]!.median).toFixed(2)}`))
}
console.log(`\nRésultats : ${writeResult('feedback-dashboards', results)}`)

// Ingest load test: the review POST of the production server (POST /integration/avis/:placement,
// the first answer of the widget, the smiley and the link page) against a bare node:http +
// postgres.js insert server, in the same run, alternating rounds, 50 connections (autocannon).
// Goal: requests/s ≥ 0.8 × the bare server, p99 ≤ 50 ms (issue 21). Each round also counts the
// transactions PostgreSQL committed per review stored (the batches of decision 090).
//
//   npm run build && npx tsx bench/feedback/ingest.ts [--seconds 20] [--rounds 2]
//   BENCH_INGEST_PROFILE=bench/.work/profile …   also writes a CPU profile of the app (node --cpu-prof)
import autocannon from 'autocannon'
import postgres from 'postgres'
import { createBenchServices, dropDatabase, ingestRequest, openDatabase, startServer, stopServer, writeResult, type BenchPlacement } from './common.ts'

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : Number(process.argv[index + 1])
}
const seconds = arg('seconds', 20)
const rounds = arg('rounds', 2)
const connections = 50
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 3291)
const BARE_PORT = Number(process.env.BENCH_BARE_PORT ?? 3292)
async function load(port: number, placements: BenchPlacement[], duration: number) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration,
    requests: [{ setupRequest: ingestRequest(placements) }],
  })
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    ok3xx: result['3xx'],
    other: result['2xx'] + result['4xx'] + result['5xx'] + result.errors + result.timeouts,
  }
}

const name = `bench_ingest_${Date.now().toString(36)}`
const { url, handle } = await openDatabase(name, { fresh: true })
const placements = await createBenchServices(handle, { organisations: 40, services: 2000 })
await handle.close()
console.log(`${placements.length} emplacements sur 2 000 services ; ${rounds} manches de ${seconds} s, ${connections} connexions.`)

const profile = process.env.BENCH_INGEST_PROFILE
const app = await startServer(
  'build/server.js',
  {
    DATABASE_URL: url,
    TRUST_PROXY: '1',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    JOBS_ENABLED: 'true',
  },
  APP_PORT,
  profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
)
// Commits and reviews of the bench database, before and after a round of the app.
const counter = postgres(url, { max: 1, onnotice: () => {} })
async function counts(): Promise<{ commits: number; reviews: number }> {
  const [row] = await counter`SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())::float8 AS commits, (SELECT count(*) FROM feedback_reviews)::float8 AS reviews, pg_stat_clear_snapshot()`
  return { commits: row!.commits as number, reviews: row!.reviews as number }
}
const bare = await startServer('bench/feedback/bare-server.ts', { DATABASE_URL: url }, BARE_PORT)
const results: Array<{ round: number; bare: Awaited<ReturnType<typeof load>>; app: Awaited<ReturnType<typeof load>> & { commitsPerReview: number }; ratio: number }> = []
try {
  // Warm-up (JIT, connection pools, buffers).
  await load(BARE_PORT, placements, 3)
  await load(APP_PORT, placements, 3)
  for (let round = 1; round <= rounds; round++) {
    const bareResult = await load(BARE_PORT, placements, seconds)
    const before = await counts()
    const appResult = await load(APP_PORT, placements, seconds)
    // The statistics collector lags behind by up to half a second.
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const after = await counts()
    const commitsPerReview = (after.commits - before.commits) / Math.max(1, after.reviews - before.reviews)
    const ratio = appResult.requestsPerSecond / bareResult.requestsPerSecond
    results.push({ round, bare: bareResult, app: { ...appResult, commitsPerReview }, ratio })
    console.log(
      `manche ${round} : serveur nu ${bareResult.requestsPerSecond.toFixed(0)} req/s (p99 ${bareResult.p99} ms) · application ${appResult.requestsPerSecond.toFixed(0)} req/s (p99 ${appResult.p99} ms, ${appResult.ok3xx} redirections, ${appResult.other} autres, ${commitsPerReview.toFixed(3)} transaction par avis) · rapport ${ratio.toFixed(2)}`,
    )
  }
} finally {
  await counter.end()
  await stopServer(app)
  await stopServer(bare)
}
const check = await openDatabase(name)
const stored = await check.handle.db.selectFrom('feedback_reviews').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
await check.handle.close()
await dropDatabase(name)
const ratio = results.reduce((sum, r) => sum + r.ratio, 0) / results.length
const p99 = Math.max(...results.map((r) => r.app.p99))
console.log(`\nRapport moyen ${ratio.toFixed(2)} (objectif ≥ 0,8) · p99 application ${p99} ms (objectif ≤ 50 ms) · ${stored.n} avis enregistrés`)
console.log(`Résultats : ${writeResult('feedback-ingest', { seconds, rounds, connections, placements: placements.length, results, ratio, p99, stored: stored.n })}`)

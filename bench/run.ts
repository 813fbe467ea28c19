// `npm run bench [-- --quick]`: measures the hot paths against baselines measured in the same run,
// on a real PostgreSQL (DATABASE_URL), production build, loopback only. See bench/README.md.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { createHash, randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import { basePagePaths } from './baselines/page-list.ts'
import { ingestRequest, type BenchPlacement } from './feedback/common.ts'
import { benchPublicCache } from './public-cache.ts'
import { postForm } from '#tests/helpers/app-process.ts'
import { QUICK, createBenchDatabase, load, record, requireDatabaseUrl, startProcess, writeResults } from './lib.ts'

const adminUrl = requireDatabaseUrl()
const SECRET = 'bench-secret-bench-secret-bench-secret-0123456789'
const TSX = ['--import', 'tsx']
let failures = 0
// `--only <mot>` runs the sections whose title contains the word (e.g. `--only Pages`).
const onlyIndex = process.argv.indexOf('--only')
const ONLY = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined

async function section(title: string, body: () => Promise<void>) {
  if (ONLY && !title.includes(ONLY)) return
  console.log(`\n▶ ${title}`)
  const started = Date.now()
  try {
    await body()
  } catch (error) {
    failures++
    console.error(`  ✖ ${title} : ${error instanceof Error ? error.message : String(error)}`)
  }
  console.log(`  (${((Date.now() - started) / 1000).toFixed(0)} s)`)
}

function appEnv(databaseUrl: string, port: number, extra: Record<string, string> = {}) {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_URL: `http://localhost:${port}`,
    SESSION_SECRET: SECRET,
    LOG_LEVEL: 'info',
    DEMO_MODE: 'true',
    ...extra,
  }
}

if (!existsSync('build/server.js') || process.argv.includes('--build')) {
  console.log('Construction de production…')
  if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1)
}

const database = await createBenchDatabase(adminUrl, 'run')

try {
  await section('Plafond de la base : pgbench, une insertion par transaction, 32 clients', async () => {
    if (!existsSync('/usr/bin/pgbench')) {
      console.log('  pgbench absent : mesure sautée (paquet Debian postgresql-contrib)')
      return
    }
    const sql = postgres(database.url, { max: 1, onnotice: () => {} })
    await sql`CREATE TABLE bench_pgbench (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`
    await sql.end()
    const script = path.join(mkdtempSync(path.join(tmpdir(), 'aic-pgbench-')), 'insert.sql')
    await import('node:fs').then((fs) => fs.writeFileSync(script, "INSERT INTO bench_pgbench (payload) VALUES ('avis');\n"))
    const url = new URL(database.url)
    const result = spawnSync(
      'pgbench',
      ['-n', '-c', '32', '-j', '2', '-T', QUICK ? '5' : '15', '-f', script, '-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres', database.name],
      { encoding: 'utf8' },
    )
    const tps = Number(result.stdout.match(/tps = ([\d.]+)/)?.[1] ?? NaN)
    if (!Number.isFinite(tps)) throw new Error(result.stderr || result.stdout)
    record({ name: 'pgbench, insertion d’une ligne', value: tps, unit: 'tps' })
  })

  await section('Plafond du moteur : node:http + postgres.js, une insertion par requête, 50 connexions', async () => {
    const server = await startProcess([...TSX, 'bench/baselines/bare-insert-server.ts'], { DATABASE_URL: database.url, PORT: '3900' }, 'http://127.0.0.1:3900/healthz')
    try {
      const result = await load({ url: 'http://127.0.0.1:3900/', method: 'POST', body: JSON.stringify({ satisfaction: 'tres-bien' }), headers: { 'content-type': 'application/json' } })
      record({ name: 'serveur nu, insertion', value: result.rps, unit: 'req/s' })
      record({ name: 'serveur nu, insertion, p99', value: result.p99, unit: 'ms' })
    } finally {
      await server.stop()
    }
  })

  await section('Ingestion des avis : POST du widget, 50 connexions, comparé au serveur nu (bench/feedback/ingest.ts)', async () => {
    const output = runScript('bench/feedback/ingest.ts', ['--seconds', QUICK ? '8' : '20', '--rounds', QUICK ? '1' : '2'], { DATABASE_URL: adminUrl })
    const result = readResultFile<{ ratio: number; p99: number; stored: number; results: Array<{ app: { requestsPerSecond: number }; bare: { requestsPerSecond: number } }> }>(output)
    const appRps = result.results.reduce((sum, r) => sum + r.app.requestsPerSecond, 0) / result.results.length
    record({ name: 'ingestion d’avis', value: appRps, unit: 'req/s', ratio: { value: result.ratio, to: 'serveur nu node:http + postgres.js' }, goal: '≥ 0,8', met: result.ratio >= 0.8 })
    record({ name: 'ingestion d’avis, p99', value: result.p99, unit: 'ms', goal: '≤ 50 ms', met: result.p99 <= 50 })
  })

  await section(`Tableaux de bord à l’échelle : ${QUICK ? '100 000 et 1 million' : '1 million et 10 millions'} d’avis sur 2 000 services (bench/feedback/)`, async () => {
    const sizes = QUICK ? [100_000, 1_000_000] : [1_000_000, 10_000_000]
    const names = sizes.map((size) => `bench_feedback_${size >= 1e6 ? `${size / 1e6}m` : `${size / 1e3}k`}`)
    for (const [index, size] of sizes.entries()) {
      if (await generatedReviews(names[index]!) >= size * 0.95) {
        console.log(`  ${names[index]} existe déjà (${size.toLocaleString('fr-FR')} avis) : réutilisée`)
        continue
      }
      runScript('bench/feedback/generate.ts', ['--reviews', String(size), '--database', names[index]!], { DATABASE_URL: adminUrl })
    }
    const output = runScript('bench/feedback/dashboards.ts', [...names, '--runs', QUICK ? '10' : '30'], { DATABASE_URL: adminUrl })
    const results = readResultFile<Record<string, { timings: Array<{ label: string; median: number; p95: number }> }>>(output)
    const [small, large] = names.map((name) => results[name]!.timings)
    for (const [index, timing] of large!.entries()) {
      const goal = timing.label.startsWith('organisation') ? 250 : 50
      const ratio = timing.median / small![index]!.median
      record({
        name: `tableau de bord ${timing.label} (${QUICK ? '1 M' : '10 M'})`,
        value: timing.median,
        unit: 'ms',
        ratio: { value: ratio, to: `la même mesure à ${QUICK ? '100 000' : '1 M'} d’avis` },
        goal: `≤ ${goal} ms et rapport ≤ 1,5`,
        met: timing.median <= goal && ratio <= 1.5,
      })
    }
  })

  await section('Pages (production, 50 connexions) comparées à un renderToString nu des mêmes données', async () => {
    // The app logs each request with the number of SQL queries it ran: the first count per path is kept.
    const queriesByPath = new Map<string, number>()
    const app = await startProcess(['build/server.js'], appEnv(database.url, 3920), 'http://127.0.0.1:3920/healthz', 60_000, (line) => {
      const entry = parseLogLine(line)
      if (entry?.msg === 'requête' && typeof entry.path === 'string' && !queriesByPath.has(entry.path)) queriesByPath.set(entry.path, Number(entry.queries))
    })
    const recordQueries = (label: string, path: string) => {
      const queries = queriesByPath.get(new URL(path, 'http://x').pathname)
      if (queries !== undefined) record({ name: `page ${label}, requêtes SQL`, value: queries, unit: '' })
    }
    await buildBaselineRenderer()
    const base = await startProcess(['bench/.work/render-server.mjs'], { DATABASE_URL: database.url, PORT: '3910', NODE_ENV: 'production' }, 'http://127.0.0.1:3910/healthz')
    try {
      let homeBaseline = 0
      for (const page of basePagePaths) {
        const baseline = await load({ url: `http://127.0.0.1:3910${page.path}` })
        const measured = await load({ url: `http://127.0.0.1:3920${page.path}` })
        if (page.path === '/') homeBaseline = baseline.rps
        const ratio = baseline.rps / measured.rps
        record({ name: `page ${page.label}`, value: measured.rps, unit: 'req/s', ratio: { value: ratio, to: 'renderToString nu, inverse du débit' }, goal: '≤ 2', met: ratio <= 2 })
        record({ name: `page ${page.label}, p95`, value: measured.p95, unit: 'ms', goal: '≤ 200 ms', met: measured.p95 <= 200 })
        recordQueries(page.label, page.path)
      }
      // Pages with data and a signed-in person. Their baseline is the bare render of the same
      // layout without data (the home page): the ratio shows what data, Remix and security cost.
      for (const page of await dataPages(database.url)) {
        const measured = await load({ url: `http://127.0.0.1:3920${page.path}`, headers: page.headers })
        const ratio = homeBaseline / measured.rps
        record({ name: `page ${page.label}`, value: measured.rps, unit: 'req/s', ratio: { value: ratio, to: 'renderToString nu du gabarit (accueil), inverse du débit' }, goal: '≤ 2', met: ratio <= 2 })
        record({ name: `page ${page.label}, p95`, value: measured.p95, unit: 'ms', goal: '≤ 200 ms', met: measured.p95 <= 200 })
        recordQueries(page.label, page.path)
      }
    } finally {
      await app.stop()
      await base.stop()
    }
  })

  await section('Pages publiques derrière un cache : nginx comparé à l’application seule (bench/public-cache.ts)', () => benchPublicCache((port) => appEnv(database.url, port)))

  await section('Deux processus derrière un répartiteur, comparés à un seul', async () => {
    const one = await startProcess(['build/server.js'], appEnv(database.url, 3931, { TRUST_PROXY: '1' }), 'http://127.0.0.1:3931/healthz')
    const two = await startProcess(['build/server.js'], appEnv(database.url, 3932, { TRUST_PROXY: '1' }), 'http://127.0.0.1:3932/healthz')
    const placements = await demoPlacements(database.url)
    try {
      const single = await startProcess([...TSX, 'bench/proxy.ts'], { PROXY_PORT: '3950', TARGETS: '3931' }, 'http://127.0.0.1:3950/proxy-healthz')
      const singleResult = await load({ url: 'http://127.0.0.1:3950/' })
      const singleIngest = await loadIngest('http://127.0.0.1:3950', placements)
      await single.stop()
      const pair = await startProcess([...TSX, 'bench/proxy.ts'], { PROXY_PORT: '3951', TARGETS: '3931,3932' }, 'http://127.0.0.1:3951/proxy-healthz')
      try {
        const pairResult = await load({ url: 'http://127.0.0.1:3951/' })
        const pairIngest = await loadIngest('http://127.0.0.1:3951', placements)
        record({ name: 'accueil, 1 processus', value: singleResult.rps, unit: 'req/s' })
        record({ name: 'accueil, 2 processus', value: pairResult.rps, unit: 'req/s', ratio: { value: pairResult.rps / singleResult.rps, to: '1 processus' } })
        record({ name: 'ingestion d’avis, 1 processus', value: singleIngest, unit: 'req/s' })
        record({ name: 'ingestion d’avis, 2 processus', value: pairIngest, unit: 'req/s', ratio: { value: pairIngest / singleIngest, to: '1 processus' } })
        await checkSharedState('http://127.0.0.1:3951', database.url)
      } finally {
        await pair.stop()
      }
    } finally {
      await one.stop()
      await two.stop()
    }
  })

  await section('Classement de 5 000 candidatures × 6 critères × 5 avis par jury (bench/scoring.ts)', async () => {
    const result = spawnSync(process.execPath, [...TSX, 'bench/scoring.ts'], { encoding: 'utf8' })
    if (result.status !== 0) throw new Error(result.stderr)
    for (const line of result.stdout.split('\n').filter((l) => l.includes('médiane') && l.includes('rapport'))) {
      const label = line.replace(/^[▶ ]+/, '').split(' : ')[0]!
      const ms = Number(line.match(/médiane ([\d\s ,]+) ms/)![1]!.replace(/[\s ]/g, '').replace(',', '.'))
      const ratio = Number(line.match(/rapport ×(\d+)/)![1])
      record({ name: `classement, ${label}`, value: ms, unit: 'ms', ratio: { value: ratio, to: 'une passe qui additionne les notes' }, goal: '≤ 500 ms', met: ms <= 500 })
    }
  })

  await section('Démarrage à froid : npm start sur un dossier PGlite vide jusqu’à la première page', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aic-cold-'))
    try {
      const started = await startProcess(
        ['scripts/start.mjs'],
        { PGLITE_DIR: path.join(dir, 'pglite'), PORT: '3960', DATABASE_URL: '', LOG_LEVEL: 'warn' },
        'http://127.0.0.1:3960/',
        60_000,
      )
      record({ name: 'démarrage à froid (construction faite)', value: started.readyMs / 1000, unit: 's', goal: '≤ 10 s', met: started.readyMs <= 10_000 })
      await started.stop()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
} finally {
  await database.drop()
}

/** The baseline renderer is bundled like the app (react-dsfr imports SVG files). */
async function buildBaselineRenderer() {
  const { build } = await import('esbuild')
  await build({
    entryPoints: ['bench/baselines/render-server.tsx'],
    outfile: 'bench/.work/render-server.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    tsconfig: 'tsconfig.json',
    loader: { '.svg': 'dataurl', '.png': 'dataurl' },
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'warning',
  })
}

/**
 * With two processes, what lives in PostgreSQL must work across them: a session opened on one is
 * valid on the other, rate limits count every process's hits, jobs run once.
 */
async function checkSharedState(base: string, databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    const [user] = await sql`SELECT id FROM users WHERE email = 'equipe@demo.aic.gouv.fr'`
    const sessionId = randomBytes(20).toString('hex')
    // The table keeps the SHA-256 of the cookie's id (decision 083).
    const storedId = createHash('sha256').update(sessionId).digest('hex')
    await sql`INSERT INTO sessions (id, user_id, expires_at) VALUES (${storedId}, ${user!.id}, now() + interval '1 hour')`
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${base}/equipe`, { headers: { cookie: `__Host-aic-session=${sessionId}` }, redirect: 'manual' })
      statuses.push(response.status)
    }
    const sessionsOk = statuses.every((s) => s === 200)
    console.log(`  sessions partagées (4 requêtes alternées) : ${statuses.join(', ')} ${sessionsOk ? '✔' : '✖'}`)

    const email = `bench-${Date.now()}@exemple.fr`
    let limited = 0
    for (let i = 0; i < 6; i++) {
      // As the page's form sends it (CSRF token, honeypot fields); the two requests may reach two processes.
      const response = await postForm(base, '/connexion', { email })
      if (response.status === 429) limited++
    }
    const rateOk = limited === 1
    console.log(`  limite de débit partagée (6 demandes, limite 5) : ${limited} refus ${rateOk ? '✔' : '✖'}`)

    let delivered = 0
    for (let i = 0; i < 40 && delivered < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      const [row] = await sql`SELECT count(*)::int AS n FROM email_outbox WHERE to_address = ${email} AND status = 'sent'`
      delivered = row!.n as number
    }
    const jobsOk = delivered === 5
    console.log(`  tâches (pg-boss) : ${delivered}/5 e-mails livrés une fois ${jobsOk ? '✔' : '✖'}`)
    if (!sessionsOk || !rateOk || !jobsOk) throw new Error('état partagé entre processus incorrect')
  } finally {
    await sql.end()
  }
}

writeResults(ONLY ? `npm run bench, sections « ${ONLY} »` : 'npm run bench')
if (failures) {
  console.error(`\n${failures} mesure(s) en échec`)
  process.exit(1)
}

/** Runs a benchmark script of its own (tsx), shows its output, returns it. */
function runScript(script: string, args: string[], env: Record<string, string>): string {
  const result = spawnSync(process.execPath, [...TSX, script, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 })
  const output = `${result.stdout}${result.stderr}`
  console.log(output.trim().split('\n').map((line) => `    ${line}`).join('\n'))
  if (result.status !== 0) throw new Error(`${script} a échoué (code ${result.status})`)
  return output
}

/** The JSON file a benchmark script names on its « Résultats : » line. */
function readResultFile<T>(output: string): T {
  const file = output.match(/Résultats : (\S+\.json)/)?.[1]
  if (!file) throw new Error('fichier de résultats introuvable dans la sortie')
  return JSON.parse(readFileSync(file, 'utf8')) as T
}

/** How many reviews a generated database holds (0 when it does not exist), from the rollups. */
async function generatedReviews(name: string): Promise<number> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`
    if (!exists) return 0
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} })
  try {
    const [row] = await sql`SELECT coalesce(sum(reviews), 0)::int8 AS n FROM feedback_stats_service_monthly`
    return Number(row?.n ?? 0)
  } catch {
    return 0
  } finally {
    await sql.end()
  }
}

/** The demo placements and their current form versions, for the ingest load. */
async function demoPlacements(databaseUrl: string): Promise<BenchPlacement[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    return await sql<BenchPlacement[]>`SELECT p.id, p.service_id AS "serviceId", f.current_version_id AS "versionId" FROM feedback_placements p JOIN feedback_forms f ON f.id = p.form_id WHERE p.enabled AND f.current_version_id IS NOT NULL`
  } finally {
    await sql.end()
  }
}

/** The widget's first answer through `base`, 50 connections: accepted reviews per second (303s). */
async function loadIngest(base: string, placements: BenchPlacement[]): Promise<number> {
  const options = { url: base, connections: 50, requests: [{ setupRequest: ingestRequest(placements) }] }
  await autocannon({ ...options, duration: 1 })
  const result = await autocannon({ ...options, duration: QUICK ? 5 : 15 })
  const refused = result['2xx'] + result['4xx'] + result['5xx'] + result.errors + result.timeouts
  if (refused) {
    const detail = `${result['4xx']} 4xx, ${result['5xx']} 5xx, ${result.errors} erreurs, ${result.timeouts} délais dépassés`
    throw new Error(`${base} : ${refused} avis non acceptés sur ${result['3xx'] + refused} (${detail})`)
  }
  return result.requests.average
}

function parseLogLine(line: string): Record<string, unknown> | null {
  try {
    return JSON.parse(line) as Record<string, unknown>
  } catch {
    return null
  }
}

/** A call page, a leader's dashboard and a service dashboard on the demo data the app seeded. */
async function dataPages(databaseUrl: string): Promise<Array<{ label: string; path: string; headers?: Record<string, string> }>> {
  const { createDb } = await import('#db/client.ts')
  const { createAuth } = await import('#app/auth/session.server.ts')
  const handle = await createDb({ url: databaseUrl, max: 2 })
  try {
    const auth = createAuth(handle.db)
    const cookieFor = async (email: string) => {
      const user = await handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()
      const session = await auth.createSession(user.id, { auth_method: 'email', id_token_hint: null })
      return auth.createSessionCookie(session.id).serialize().split(';')[0]!
    }
    const call = await handle.db.selectFrom('calls').select('slug').where('state', '=', 'ouvert').orderBy('opens_at', 'desc').executeTakeFirstOrThrow()
    const service = await handle.db.selectFrom('feedback_services').select('id').where('name', '=', 'Demande de passeport').executeTakeFirstOrThrow()
    return [
      { label: 'd’un appel', path: `/appels/${call.slug}` },
      { label: 'tableau de bord d’une porteuse', path: '/mes-candidatures', headers: { cookie: await cookieFor('porteuse@demo.aic.gouv.fr') } },
      { label: 'tableau de bord d’un service', path: `/services/${service.id}`, headers: { cookie: await cookieFor('service@demo.aic.gouv.fr') } },
    ]
  } finally {
    await handle.close()
  }
}

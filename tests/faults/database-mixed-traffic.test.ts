// PostgreSQL faults under the traffic of real use: pages (home, a call, a signed-in dashboard, the
// session lookup), sign-in requests, review ingest and jobs, all at once. postgres.js 3.4.9 used to
// kill the process on a restart under page traffic (a write scheduled after the socket closed,
// thrown from a timer: patches/postgres+3.4.9.patch, decision 081). The process must
// survive by itself: no « uncaughtException » in its log, so the server's last-resort handler
// (an orderly exit) is not what keeps this test green.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import postgres from 'postgres'
import { postForm, randomClientAddress, startApp, type AppProcess } from '#tests/helpers/app-process.ts'
import { startThrowawayPostgres, type ThrowawayPostgres } from '#tests/helpers/throwaway-postgres.ts'

/** No request may wait longer than this, whatever the database does. */
const REQUEST_BOUND_MS = 15_000
/** Once the database answers again, the app must answer within this delay. */
const RECOVERY_BOUND_MS = 10_000
const TEAM_EMAIL = 'equipe@demo.aic.gouv.fr'
/**
 * How long PostgreSQL stays stopped in the second case: the issue's 30 s (the file then takes about
 * 70 s on 2 cores). FAULT_OUTAGE_SECONDS shortens it when iterating on this file.
 */
const OUTAGE_SECONDS = Number(process.env.FAULT_OUTAGE_SECONDS ?? 30)

let pg: ThrowawayPostgres
let app: AppProcess
let placement: { id: string; version: string }
let callSlug: string
let teamCookie: string

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function admin() {
  return postgres(pg.url, { max: 1, onnotice: () => {} })
}

/** Signs in as the programme team with the e-mailed code, as a person without JavaScript would. */
async function signInTeam(): Promise<string> {
  const jar = new Map<string, string>()
  const request = await postForm(app.url, '/connexion', { email: TEAM_EMAIL }, jar)
  expect(request.status).toBe(302)
  const codePath = request.headers.get('location')!
  let code: string | undefined
  // The code arrives through the e-mail job (pg-boss): a few seconds at most.
  for (const started = Date.now(); !code && Date.now() - started < 20_000; await sleep(200)) {
    const list = await (await fetch(`${app.url}/dev/boite-mail?a=${encodeURIComponent(TEAM_EMAIL)}`)).text()
    code = />Votre code de connexion : (\d{6})</.exec(list)?.[1]
  }
  expect(code).toBeDefined()
  const demande = new URL(codePath, app.url).searchParams.get('demande')!
  const signedIn = await postForm(app.url, codePath, { demande, code: code! }, jar)
  expect(signedIn.status).toBe(302)
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
}

beforeAll(async () => {
  pg = await startThrowawayPostgres()
  // Behind a trusted proxy: each simulated visitor sends its own address (per-address limits).
  app = await startApp({ DATABASE_URL: pg.url, TRUST_PROXY: '1' })
  const sql = admin()
  const [enabled] = await sql<{ id: string; version: string }[]>`
    SELECT p.id, f.current_version_id AS version FROM feedback_placements p JOIN feedback_forms f ON f.id = p.form_id
    WHERE p.enabled LIMIT 1`
  placement = enabled!
  const [call] = await sql<{ slug: string }[]>`SELECT slug FROM calls ORDER BY created_at LIMIT 1`
  callSlug = call!.slug
  await sql.end()
  teamCookie = await signInTeam()
  expect((await fetch(`${app.url}/equipe`, { headers: { cookie: teamCookie }, redirect: 'manual' })).status).toBe(200)
}, 120_000)

afterAll(async () => {
  await app?.stop()
  pg?.destroy()
})

interface LoadReport {
  requests: number
  statuses: Map<number, number>
  /** Requests that got no answer at all (refused connection, reset, or longer than the bound). */
  failures: string[]
  acknowledged: string[]
}

/** Runs every kind of traffic until `stop()`; each request is bounded in time. */
function startMixedLoad() {
  const report: LoadReport = { requests: 0, statuses: new Map(), failures: [], acknowledged: [] }
  let running = true
  const count = (status: number) => report.statuses.set(status, (report.statuses.get(status) ?? 0) + 1)
  const attempt = async (label: string, run: (signal: AbortSignal) => Promise<Response>) => {
    report.requests++
    try {
      const response = await run(AbortSignal.timeout(REQUEST_BOUND_MS))
      count(response.status)
      return response
    } catch (error) {
      report.failures.push(`${label} : ${error instanceof Error ? `${error.name} ${error.message} ${String(error.cause ?? '')}` : String(error)}`)
      return null
    }
  }
  const visitor = async (label: string, run: (signal: AbortSignal) => Promise<Response>, onResponse?: (response: Response) => Promise<void>) => {
    while (running) {
      const response = await attempt(label, run)
      if (response && onResponse) await onResponse(response)
      else await response?.body?.cancel()
      // Under an outage the answers are immediate 503s: do not spin.
      if (!response || response.status >= 500) await sleep(50)
    }
  }
  const get = (path: string, cookie?: string) => (signal: AbortSignal) =>
    fetch(`${app.url}${path}`, { redirect: 'manual', signal, headers: { 'x-forwarded-for': randomClientAddress(), ...(cookie ? { cookie } : {}) } })
  const workers = [
    visitor('accueil', get('/')),
    visitor('page d’un appel', get(`/appels/${callSlug}`)),
    visitor('tableau de bord', get('/equipe', teamCookie)),
    // A session cookie that matches no session: the lookup runs on every request.
    visitor('session inconnue', get('/profil', '__Host-aic-session=inconnue')),
    visitor('connexion', (signal) =>
      postForm(app.url, '/connexion', { email: `visiteur-${randomUUID()}@exemple.fr` }, new Map(), { headers: { 'x-forwarded-for': randomClientAddress() }, signal }),
    ),
    ...Array.from({ length: 4 }, () =>
      visitor(
        'avis',
        (signal) =>
          fetch(`${app.url}/integration/avis/${placement.id}`, {
            method: 'POST',
            body: new URLSearchParams({ name__confirm: '', avis: randomUUID(), version: placement.version, satisfaction: 'tres-bien', source: 'widget', retour: 'integration' }),
            headers: { accept: 'application/json', 'x-forwarded-for': randomClientAddress() },
            signal,
          }),
        async (response) => {
          if (response.status === 201) report.acknowledged.push(((await response.json()) as { avis: string }).avis)
          else await response.body?.cancel()
        },
      ),
    ),
    // Jobs run now, in the app process, besides the pg-boss workers delivering the sign-in e-mails.
    ...['feedback.stats.fold', 'calls.open-close'].map((name) =>
      visitor(`tâche ${name}`, (signal) =>
        fetch(`${app.url}/test-hooks`, { method: 'POST', body: JSON.stringify({ hook: 'run-job', name, data: {} }), headers: { 'content-type': 'application/json' }, signal }),
      ),
    ),
  ]
  return {
    report,
    async stop() {
      running = false
      await Promise.all(workers)
      return report
    },
  }
}

/** Milliseconds from now until every probe answers 200. */
async function timeToRecovery(): Promise<number> {
  const started = Date.now()
  const probes = ['/healthz', '/', `/appels/${callSlug}`]
  for (;;) {
    const statuses = await Promise.all(
      [...probes.map((path) => fetch(`${app.url}${path}`, { signal: AbortSignal.timeout(REQUEST_BOUND_MS) })), fetch(`${app.url}/equipe`, { headers: { cookie: teamCookie }, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_BOUND_MS) })].map(
        (request) =>
          request.then(
            async (response) => (await response.body?.cancel(), response.status),
            () => 0,
          ),
      ),
    )
    if (statuses.every((status) => status === 200)) return Date.now() - started
    // Dead, it will not recover: say why at once (its last words).
    if (!app.alive()) throw new Error(`le processus de l’application s’est arrêté : ${app.output().slice(-2000)}`)
    if (Date.now() - started > RECOVERY_BOUND_MS * 3) throw new Error(`pas de rétablissement : ${statuses.join(', ')}`)
    await sleep(100)
  }
}

/** Runs the mixed load across a fault, then checks what every person and the database saw. */
async function underMixedLoad(name: string, fault: () => Promise<void>) {
  const load = startMixedLoad()
  // The traffic is flowing (a first review accepted; on a loaded machine it takes more than a
  // second), then a little more of it before the fault.
  await expect.poll(() => load.report.acknowledged.length, { timeout: RECOVERY_BOUND_MS }).toBeGreaterThan(0)
  await sleep(1_000)
  const before = load.report.acknowledged.length
  await fault()
  const recoveryMs = await timeToRecovery()
  // A little traffic once recovered: new reviews are accepted again.
  const recovered = load.report.acknowledged.length
  await expect.poll(() => load.report.acknowledged.length > recovered, { timeout: RECOVERY_BOUND_MS }).toBe(true)
  const report = await load.stop()

  const sql = admin()
  const stored = await sql<{ id: string }[]>`SELECT id FROM feedback_reviews WHERE id = ANY(${report.acknowledged}::uuid[])`
  await sql.end()
  const storedIds = new Set(stored.map((row) => row.id))
  const lost = report.acknowledged.filter((id) => !storedIds.has(id))
  const statuses = Object.fromEntries([...report.statuses].sort(([a], [b]) => a - b))
  console.log(
    `${name} : ${report.requests} requêtes (${JSON.stringify(statuses)}), ${report.acknowledged.length} avis acceptés, ` +
      `${lost.length} perdus, /healthz et pages à 200 ${recoveryMs} ms après le retour de la base, processus ${app.alive() ? 'vivant' : 'mort'}`,
  )

  expect(app.alive(), app.output().slice(-3000)).toBe(true)
  expect(app.output()).not.toMatch(/uncaughtException|erreur non rattrapée|erreur fatale/i)
  expect(report.failures.slice(0, 5)).toEqual([])
  expect([...report.statuses.keys()].filter((status) => !(status < 300 || (status >= 300 && status < 500) || status === 503))).toEqual([])
  expect(before).toBeGreaterThan(0)
  expect(lost).toEqual([])
  expect(recoveryMs).toBeLessThan(RECOVERY_BOUND_MS)
}

describe('PostgreSQL en panne sous un trafic mêlé (pages, connexions, avis, tâches)', () => {
  it('PostgreSQL redémarre : le processus survit, répond 503 pendant la coupure, puis 200 ; aucun avis accepté perdu', async () => {
    await underMixedLoad('redémarrage', async () => {
      pg.stop('fast')
      pg.start()
    })
  })

  it(`PostgreSQL arrêté ${OUTAGE_SECONDS} s puis relancé : idem`, async () => {
    await underMixedLoad(`arrêt de ${OUTAGE_SECONDS} s`, async () => {
      pg.stop('fast')
      await sleep(OUTAGE_SECONDS * 1_000)
      pg.start()
    })
  })

  it('plus aucune connexion libre : un autre client prend toutes les places et les connexions de l’app sont coupées', async () => {
    await underMixedLoad('connexions épuisées', async () => {
      const killer = admin()
      await killer`SELECT 1`
      // As many sleeping sessions as the server accepts (max_connections = 50): the extra ones are
      // refused, which is the point.
      const hog = postgres(pg.url, { max: 60, onnotice: () => {}, connect_timeout: 5 })
      const held = Array.from({ length: 60 }, () => hog`SELECT pg_sleep(8)`.catch(() => null))
      await sleep(1_000)
      const [cut] = await killer<{ n: number }[]>`
        SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name LIKE 'aic%'`
      expect(cut!.n).toBeGreaterThan(0)
      await Promise.all(held)
      await hog.end({ timeout: 1 })
      await killer.end()
    })
  })
})

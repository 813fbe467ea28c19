import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import postgres from 'postgres'
import { randomClientAddress, startApp, type AppProcess } from '#tests/helpers/app-process.ts'
import { startThrowawayPostgres, type ThrowawayPostgres } from '#tests/helpers/throwaway-postgres.ts'

let pg: ThrowawayPostgres
let app: AppProcess
beforeAll(async () => {
  pg = await startThrowawayPostgres()
  // Behind a trusted proxy: each simulated visitor sends its own address (per-address limits).
  app = await startApp({ DATABASE_URL: pg.url, TRUST_PROXY: '1' })
}, 120_000)
afterAll(async () => {
  await app?.stop()
  pg?.destroy()
})

async function timed(run: () => Promise<Response>) {
  const started = Date.now()
  const response = await run()
  return { response, ms: Date.now() - started }
}

describe('PostgreSQL redémarre pendant que le service tourne', () => {
  it('répond 503 avec un délai de nouvel essai pendant la coupure, sans bloquer, puis se rétablit seul', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
    pg.stop('fast')
    try {
      const health = await timed(() => fetch(`${app.url}/healthz`))
      expect(health.response.status).toBe(503)
      expect(health.response.headers.get('retry-after')).toBeTruthy()
      expect(health.ms).toBeLessThan(10_000)

      // A page whose loader reads the database, for a signed-in person (session lookup fails).
      const page = await timed(() => fetch(`${app.url}/profil`, { headers: { cookie: '__Host-aic-session=abc' } }))
      expect(page.response.status).toBe(503)
      expect(page.response.headers.get('retry-after')).toBeTruthy()
      expect(await page.response.text()).toContain('momentanément indisponible')
      expect(page.ms).toBeLessThan(10_000)

      // A page whose Remix loader queries the database: the DSFR error page, status 503.
      const outbox = await timed(() => fetch(`${app.url}/dev/boite-mail`))
      expect(outbox.response.status).toBe(503)
      expect(outbox.response.headers.get('retry-after')).toBe('5')
      const html = await outbox.response.text()
      expect(html).toContain('Service momentanément indisponible')
      expect(html).toContain('Erreur 503')
      expect(outbox.ms).toBeLessThan(10_000)
    } finally {
      pg.start()
    }
    await expect.poll(async () => (await fetch(`${app.url}/healthz`)).status, { timeout: 20_000 }).toBe(200)
    const sql = postgres(pg.url, { max: 1 })
    const [row] = await sql`SELECT count(*)::int AS n FROM users`
    await sql.end()
    expect(row!.n).toBeGreaterThan(0)
  })

  it('pendant une charge d’avis : chaque avis accepté (201) est en base après la coupure, les autres reçoivent 503 et un délai', async () => {
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} })
    const [placement] = await sql<{ id: string; version: string }[]>`
      SELECT p.id, f.current_version_id AS version FROM feedback_placements p JOIN feedback_forms f ON f.id = p.form_id
      WHERE p.enabled LIMIT 1`
    await sql.end()
    expect(placement).toBeDefined()

    const accepted: string[] = []
    const statuses = new Map<number, number>()
    let unavailableWithoutRetry = 0
    let running = true
    const visitor = async () => {
      while (running) {
        const id = randomUUID()
        const body = new URLSearchParams({ name__confirm: '', avis: id, version: placement!.version, satisfaction: 'tres-bien', source: 'widget', retour: 'integration' })
        try {
          const response = await fetch(`${app.url}/integration/avis/${placement!.id}`, {
            method: 'POST',
            body,
            headers: { accept: 'application/json', 'x-forwarded-for': randomClientAddress() },
            signal: AbortSignal.timeout(15_000),
          })
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
          if (response.status === 201) accepted.push(((await response.json()) as { avis: string }).avis)
          else {
            if (response.status === 503 && !response.headers.get('retry-after')) unavailableWithoutRetry++
            await response.body?.cancel()
            await new Promise((resolve) => setTimeout(resolve, 50))
          }
        } catch (error) {
          statuses.set(0, (statuses.get(0) ?? 0) + 1)
          if (!(error instanceof TypeError)) throw error
        }
      }
    }
    const visitors = Array.from({ length: 8 }, visitor)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const beforeOutage = accepted.length
    pg.stop('fast')
    await new Promise((resolve) => setTimeout(resolve, 2000))
    pg.start()
    await expect.poll(async () => (await fetch(`${app.url}/healthz`)).status, { timeout: 20_000 }).toBe(200)
    const afterRecovery = accepted.length
    const recovered = Date.now()
    // The ingest path recovers by itself too: new reviews are accepted again.
    await expect.poll(() => accepted.length > afterRecovery, { timeout: 30_000 }).toBe(true)
    console.log(`avis acceptés de nouveau ${Date.now() - recovered} ms après le retour de la base`)
    running = false
    await Promise.all(visitors)

    // Load before, during and after the outage; only 201 and 503 (with its delay) were answered.
    expect(beforeOutage).toBeGreaterThan(0)
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0)
    expect(unavailableWithoutRetry).toBe(0)
    expect([...statuses.keys()].filter((status) => status !== 201 && status !== 503)).toEqual([])

    // Nothing acknowledged was lost.
    const check = postgres(pg.url, { max: 1, onnotice: () => {} })
    const stored = await check<{ id: string }[]>`SELECT id FROM feedback_reviews WHERE id = ANY(${accepted}::uuid[])`
    await check.end()
    const missing = accepted.filter((id) => !stored.some((row) => row.id === id))
    console.log(`Coupure de PostgreSQL sous charge : ${accepted.length} avis acceptés, ${statuses.get(503) ?? 0} réponses 503, ${missing.length} perdus`)
    expect(missing).toEqual([])
  })
})

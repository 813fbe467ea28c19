import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import postgres from 'postgres'
import { startApp, type AppProcess } from '#tests/helpers/app-process.ts'
import { startThrowawayPostgres, type ThrowawayPostgres } from '#tests/helpers/throwaway-postgres.ts'

let pg: ThrowawayPostgres
let app: AppProcess
beforeAll(async () => {
  pg = await startThrowawayPostgres()
  app = await startApp({ DATABASE_URL: pg.url })
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
})

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import postgres from 'postgres'
import { postForm, startApp } from '#tests/helpers/app-process.ts'
import { startThrowawayPostgres, type ThrowawayPostgres } from '#tests/helpers/throwaway-postgres.ts'

let pg: ThrowawayPostgres
beforeAll(async () => {
  pg = await startThrowawayPostgres()
}, 120_000)
afterAll(() => pg?.destroy())

async function outboxStatus(baseUrl: string, email: string): Promise<string[]> {
  const html = await (await fetch(`${baseUrl}/dev/boite-mail?a=${encodeURIComponent(email)}`)).text()
  return [...html.matchAll(/<td>(Envoyé|En attente|Échec)<\/td>/g)].map((m) => m[1]!)
}

describe('le processus de l’application est tué (SIGKILL)', () => {
  it('sur PostgreSQL : ce qui a été accepté est là au redémarrage, et l’e-mail en attente part une seule fois', async () => {
    const email = `crash-${Date.now()}@exemple.fr`
    let app = await startApp({ DATABASE_URL: pg.url, JOBS_ENABLED: 'false' })
    const response = await postForm(app.url, '/connexion', { email })
    expect(response.status).toBe(302)
    await app.kill()

    app = await startApp({ DATABASE_URL: pg.url })
    try {
      await expect.poll(() => outboxStatus(app.url, email), { timeout: 30_000 }).toEqual(['Envoyé'])
      const sql = postgres(pg.url, { max: 1 })
      const [tokens] = await sql`SELECT count(*)::int AS n FROM sign_in_tokens WHERE email = ${email}`
      const [mails] = await sql`SELECT count(*)::int AS n, max(attempts)::int AS attempts FROM email_outbox WHERE to_address = ${email}`
      await sql.end()
      expect(tokens!.n).toBe(1)
      expect(mails).toEqual({ n: 1, attempts: 1 })
    } finally {
      await app.stop()
    }
  })

  it('sur PGlite (npm start) : la base embarquée rouvre après un arrêt brutal, sans perte', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aic-crash-'))
    const env = { DATABASE_URL: '', PGLITE_DIR: path.join(dir, 'pglite') }
    try {
      let app = await startApp(env)
      const emails = Array.from({ length: 3 }, (_, i) => `pglite-${i}-${Date.now()}@exemple.fr`)
      for (const email of emails) expect((await postForm(app.url, '/connexion', { email })).status).toBe(302)
      await app.kill()
      app = await startApp(env)
      try {
        for (const email of emails) {
          await expect.poll(() => outboxStatus(app.url, email), { timeout: 30_000 }).toEqual(['Envoyé'])
        }
      } finally {
        await app.stop()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

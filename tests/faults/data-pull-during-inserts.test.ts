// A data team's daily pull, over real HTTP against the production build, while people leave
// reviews through the embedded widget (issue 19, « a data pull by cursor during inserts with no
// gap »). The server's clock moves forward as the reviews arrive (test hook of this process only,
// so no other test sees it): reviews are dated out of commit order, as on a busy day, and the pull
// that follows the cursors must get every acknowledged review exactly once.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import postgres from 'postgres'
import { postForm, randomClientAddress, signInWithCode, startApp, type AppProcess } from '#tests/helpers/app-process.ts'
import { startThrowawayPostgres, type ThrowawayPostgres } from '#tests/helpers/throwaway-postgres.ts'
import { REVIEW_SAFETY_LAG_MS } from '#app/feedback/data-api.server.ts'

const AGENT_EMAIL = 'service@demo.aic.gouv.fr'
const WRITERS = 3
const REVIEWS_PER_WRITER = 40

let pg: ThrowawayPostgres
let app: AppProcess
let placement: { id: string; version: string }
let key: string

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

beforeAll(async () => {
  pg = await startThrowawayPostgres()
  app = await startApp({ DATABASE_URL: pg.url, TRUST_PROXY: '1' })
  const sql = postgres(pg.url, { max: 1, onnotice: () => {} })
  const [found] = await sql<{ id: string; version: string; organisation_id: string }[]>`
    SELECT p.id, f.current_version_id AS version, s.organisation_id FROM feedback_placements p
    JOIN feedback_forms f ON f.id = p.form_id JOIN feedback_services s ON s.id = p.service_id
    JOIN users u ON u.email = ${AGENT_EMAIL}
    JOIN role_assignments r ON r.user_id = u.id AND r.scope_type = 'organisation' AND r.scope_id::text = s.organisation_id::text
    WHERE p.enabled AND f.current_version_id IS NOT NULL LIMIT 1`
  await sql.end()
  placement = { id: found!.id, version: found!.version }
  // The key, made on its page by the service's agent, as a data team gets one.
  const jar = new Map<string, string>()
  const { signedIn } = await signInWithCode(app.url, AGENT_EMAIL, jar)
  expect(signedIn.status).toBe(302)
  const keysPath = `/services/organisations/${found!.organisation_id}/cles-api`
  const form = await (await fetch(`${app.url}${keysPath}`, { headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } })).text()
  const intent = /name="intent" value="([^"]+)"/.exec(form)?.[1]
  const created = await postForm(app.url, keysPath, { intent: intent!, name: 'Entrepôt de données' }, jar)
  expect(created.status).toBe(200)
  key = /data-testid="nouvelle-cle">([^<]+)</.exec(await created.text())?.[1] ?? ''
  expect(key.length).toBeGreaterThan(20)
}, 180_000)

afterAll(async () => {
  await app?.stop()
  pg?.destroy()
})

async function setClock(offsetMs: number) {
  const response = await fetch(`${app.url}/test-hooks`, { method: 'POST', body: JSON.stringify({ hook: 'clock', offsetMs }), headers: { 'content-type': 'application/json' } })
  expect(response.status).toBe(200)
}

type DataPage = { donnees: Array<{ id: string }>; curseur_suivant: string; a_jour: boolean }

async function pull(cursor: string | null): Promise<DataPage> {
  const response = await fetch(`${app.url}/api/v1/avis?par_page=20${cursor ? `&curseur=${encodeURIComponent(cursor)}` : ''}`, { headers: { authorization: `Bearer ${key}` } })
  expect(response.status, await response.clone().text()).toBe(200)
  return (await response.json()) as DataPage
}

/** Follows the cursors until the API says « à jour »; returns the last cursor. */
async function pullUntilUpToDate(start: string | null, seen: string[]): Promise<string> {
  let cursor = start
  for (;;) {
    const page = await pull(cursor)
    seen.push(...page.donnees.map((row) => row.id))
    cursor = page.curseur_suivant
    if (page.a_jour) return cursor
  }
}

describe('extraction des avis par curseur, en HTTP, pendant que des avis arrivent', () => {
  it('chaque avis accusé reçu est servi une fois et une seule, sans trou', { timeout: 180_000 }, async () => {
    const acknowledged: string[] = []
    const seen: string[] = []
    // Yesterday's pull: the team has every review so far (the demo's) and keeps its last cursor.
    const start = await pullUntilUpToDate(null, seen)
    let offsetMs = 0
    let writing = true
    const writers = Array.from({ length: WRITERS }, async () => {
      for (let i = 0; i < REVIEWS_PER_WRITER; i++) {
        const response = await fetch(`${app.url}/integration/avis/${placement.id}`, {
          method: 'POST',
          body: new URLSearchParams({ name__confirm: '', avis: randomUUID(), version: placement.version, satisfaction: 'tres-bien', source: 'widget', retour: 'integration' }),
          headers: { accept: 'application/json', 'x-forwarded-for': randomClientAddress() },
        })
        expect(response.status).toBe(201)
        acknowledged.push(((await response.json()) as { avis: string }).avis)
      }
    })
    // The day goes on: five minutes of server time every few milliseconds, beside the writers, so
    // the first reviews pass the safety lag (and are served) while the last ones are being written.
    const clock = (async () => {
      while (writing) {
        offsetMs += 5 * 60_000
        await setClock(offsetMs)
        await sleep(5)
      }
    })()
    const reader = (async () => {
      let cursor = start
      let pages = 0
      while (writing || pages === 0) {
        const page = await pull(cursor)
        seen.push(...page.donnees.map((row) => row.id))
        cursor = page.curseur_suivant
        pages += 1
        await sleep(3)
      }
      return cursor
    })()
    await Promise.all(writers)
    writing = false
    await clock
    const cursor = await reader
    const mine = new Set(acknowledged)
    const seenDuringWrites = seen.filter((id) => mine.has(id)).length
    // The next morning, past the safety lag: the team goes on from its last cursor until « à jour ».
    await setClock(offsetMs + REVIEW_SAFETY_LAG_MS + 60_000)
    await pullUntilUpToDate(cursor, seen)
    console.log(
      `extraction en HTTP : ${acknowledged.length} avis accusés reçus pendant ${offsetMs / 60_000} minutes d’horloge, ` +
        `${seenDuringWrites} servis pendant l’écriture, ${seen.length} lignes lues en tout (avis de la démo compris)`,
    )
    expect(acknowledged).toHaveLength(WRITERS * REVIEWS_PER_WRITER)
    // No duplicate, of these reviews or of the demo's; no gap: every acknowledged review is there.
    expect(new Set(seen).size).toBe(seen.length)
    expect(acknowledged.filter((id) => !seen.includes(id))).toEqual([])
    // Pulled while they were arriving: some served during the writes, the newest held back by the horizon.
    expect(seenDuringWrites).toBeGreaterThan(0)
    expect(seenDuringWrites).toBeLessThan(acknowledged.length)
    expect(app.alive()).toBe(true)
  })
})

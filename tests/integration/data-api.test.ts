// The data teams' API (decision 103): reviews, experiences and changes page after page by an opaque
// cursor; a client that follows the cursors while reviews are being written ends with every row
// exactly once; a forged or future cursor is refused with a French 400.
import { randomUUID } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { cursorPage, encodeCursor, REVIEW_SAFETY_LAG_MS, reviewDataPage, reviewRecord } from '#app/feedback/data-api.server.ts'
import { now, setClockOffset } from '#app/utils/clock.server.ts'
import * as keysRoute from '#app/routes/services.organisations.$organisationId.cles-api.tsx'
import * as reviewsApi from '#app/routes/api.v1.avis.ts'
import * as changesApi from '#app/routes/api.v1.changements.ts'
import * as experiencesApi from '#app/routes/api.v1.experiences.ts'
import * as openApiRoute from '#app/routes/api.v1.openapi[.]json.ts'
import type { RouteHandler } from '#tests/helpers/call-route.ts'
import { sessionUser, TEST_SECRET } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let team: SessionUser
let organisationId: string
let placement: { id: string; service_id: string; form_version_id: string }
let key: string

beforeEach(async () => {
  const seeded = await seedDemoForTest(app.db)
  organisationId = seeded.organisationId
  team = await sessionUser(app.services, seeded.users['service@demo.aic.gouv.fr']!)
  // Each test counts its own reviews.
  await app.db.deleteFrom('feedback_reviews').execute()
  const found = await app.db
    .selectFrom('feedback_placements as p')
    .innerJoin('feedback_services as s', 's.id', 'p.service_id')
    .innerJoin('feedback_forms as f', 'f.id', 'p.form_id')
    .select(['p.id', 'p.service_id', 'f.current_version_id'])
    .where('s.organisation_id', '=', organisationId)
    .where('f.current_version_id', 'is not', null)
    .executeTakeFirstOrThrow()
  placement = { id: found.id, service_id: found.service_id, form_version_id: found.current_version_id! }
  const path = `/services/organisations/${organisationId}/cles-api`
  const response = await app.call(keysRoute.action, { user: team, path, params: { organisationId }, fields: { intent: 'create', name: 'Entrepôt de données' } })
  expect(response.thrown).toBe(false)
  key = (response.body as { created: { key: string } }).created.key
})

type Page = { donnees: Array<{ id: string; commentaire?: string | null; commentaire_retire?: boolean }>; curseur_suivant: string; a_jour: boolean }

/** A GET of the API at `path`, with the key in its `Authorization` header (the answer returned or thrown). */
async function api(route: { loader: RouteHandler }, path: string, withKey = true) {
  const response = await app.call(route.loader, { path, headers: withKey ? { Authorization: `Bearer ${key}` } : undefined })
  return { status: response.status, body: response.body as Page & { erreur?: string } }
}

/** Writes one review as the public form does: dated by the app clock, in a transaction of its own. */
async function insertReview(at: Date, options: { holdMs?: number; comment?: string; pii?: 'none' | 'flagged' } = {}) {
  const id = randomUUID()
  await app.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('feedback_reviews')
      .values({
        id,
        organisation_id: organisationId,
        service_id: placement.service_id,
        placement_id: placement.id,
        form_version_id: placement.form_version_id,
        satisfaction: 2,
        created_at: at,
        updated_at: at,
        comment: options.comment ?? null,
        has_comment: options.comment !== undefined,
        pii_status: options.pii ?? 'none',
        contact_email: options.comment ? 'personne@exemple.fr' : null,
      })
      .execute()
    // Committed late: other reviews, dated after this one, may be committed first.
    if (options.holdMs) await new Promise((resolve) => setTimeout(resolve, options.holdMs))
  })
  return id
}

async function pullAll(path: string, start: string | null, seen: string[]): Promise<string> {
  let cursor = start
  for (;;) {
    const result = await api(reviewsApi, cursor ? `${path}&curseur=${encodeURIComponent(cursor)}` : path)
    expect(result.status).toBe(200)
    seen.push(...result.body.donnees.map((row) => row.id))
    cursor = result.body.curseur_suivant
    if (result.body.a_jour) return cursor
  }
}

describe('API des avis par curseur', () => {
  it('un client qui suit les curseurs pendant que des avis arrivent les reçoit tous, une seule fois', async () => {
    const written: string[] = []
    const seen: string[] = []
    let writing = true
    // Three writers in parallel (truly concurrent on PostgreSQL): the clock moves one minute per
    // review, and each transaction stays open a little, so commits come out of date order.
    const writers = Array.from({ length: 3 }, async (_, w) => {
      for (let i = 0; i < 30; i++) {
        const at = now()
        setClockOffset(at.getTime() - Date.now() + 60_000)
        written.push(await insertReview(at, { holdMs: (i * 7 + w * 5) % 13 }))
      }
    })
    const reader = (async () => {
      let cursor: string | null = null
      let pages = 0
      while (writing || pages === 0) {
        const result = await api(reviewsApi, `/api/v1/avis?par_page=4${cursor ? `&curseur=${encodeURIComponent(cursor)}` : ''}`)
        expect(result.status).toBe(200)
        seen.push(...result.body.donnees.map((row) => row.id))
        cursor = result.body.curseur_suivant
        pages += 1
        await new Promise((resolve) => setTimeout(resolve, 3))
      }
      return cursor
    })()
    await Promise.all(writers)
    writing = false
    const cursor = await reader
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.length).toBeLessThan(written.length)
    // The next day: the client goes on from its last cursor.
    setClockOffset(now().getTime() - Date.now() + REVIEW_SAFETY_LAG_MS + 60_000)
    await pullAll('/api/v1/avis?par_page=5', cursor, seen)
    expect(seen.length).toBe(written.length)
    expect(new Set(seen).size).toBe(written.length)
    expect([...seen].sort()).toEqual([...written].sort())
  })

  it('un avis validé en retard avec une date plus ancienne n’est pas sauté (et le serait sans délai de sûreté)', async () => {
    const start = now()
    await insertReview(new Date(start.getTime() - 3 * 3600_000))
    const request = async (cursor: string | null, lagMs: number) => {
      const page = await cursorPage(
        app.db,
        { secret: TEST_SECRET, kind: 'avis', organisationId, params: new URLSearchParams(cursor ? { curseur: cursor } : {}), now: now(), lagMs },
        (pageRequest) => reviewDataPage(app.db, pageRequest),
        (rows) => rows.map(reviewRecord),
      )
      if (!page.ok) throw new Error(page.message)
      return page.body
    }
    const lagged = await request(null, REVIEW_SAFETY_LAG_MS)
    const unlagged = await request(null, 0)
    expect(lagged.donnees).toHaveLength(1)
    expect(unlagged.donnees).toHaveLength(1)
    // A review dated 10 s ago is committed, then one whose transaction began a minute ago.
    const newer = await insertReview(new Date(start.getTime() - 10_000))
    const laggedMiddle = await request(lagged.curseur_suivant, REVIEW_SAFETY_LAG_MS)
    const unlaggedMiddle = await request(unlagged.curseur_suivant, 0)
    const late = await insertReview(new Date(start.getTime() - 60_000))
    setClockOffset(2 * 3600_000)
    const laggedEnd = await request(laggedMiddle.curseur_suivant, REVIEW_SAFETY_LAG_MS)
    const unlaggedEnd = await request(unlaggedMiddle.curseur_suivant, 0)
    expect([...laggedMiddle.donnees, ...laggedEnd.donnees].map((row) => row.id)).toEqual([late, newer])
    // Without the lag the late review is jumped over for good: the gap this design prevents.
    expect([...unlaggedMiddle.donnees, ...unlaggedEnd.donnees].map((row) => row.id)).toEqual([newer])
  })

  it('les avis sortent sans donnée personnelle : ni e-mail, ni commentaire signalé', async () => {
    const old = new Date(now().getTime() - 3 * 3600_000)
    await insertReview(old, { comment: 'Très clair, merci.' })
    await insertReview(new Date(old.getTime() + 1000), { comment: 'Appelez-moi au 06 12 34 56 78', pii: 'flagged' })
    const result = await api(reviewsApi, '/api/v1/avis?depuis=2000-01-01')
    expect(result.status).toBe(200)
    expect(result.body.donnees.map((row) => [row.commentaire, row.commentaire_retire])).toEqual([
      ['Très clair, merci.', false],
      [null, true],
    ])
    const text = JSON.stringify(result.body)
    expect(text).not.toContain('06 12 34 56 78')
    expect(text).not.toContain('personne@exemple.fr')
    expect(text).not.toContain('ip')
  })

  it('« depuis » : seulement les avis à partir de ce jour (minuit à Paris)', async () => {
    setClockOffset(new Date('2026-11-20T12:00:00Z').getTime() - Date.now())
    await insertReview(new Date('2026-11-09T22:59:59Z'))
    const kept = await insertReview(new Date('2026-11-09T23:00:00Z'))
    const result = await api(reviewsApi, '/api/v1/avis?depuis=2026-11-10')
    expect(result.body.donnees.map((row) => row.id)).toEqual([kept])
    const alias = await api(reviewsApi, '/api/v1/avis?since=2026-11-10T00:00:00%2B01:00')
    expect(alias.body.donnees.map((row) => row.id)).toEqual([kept])
  })

  it('curseur modifié, inventé, d’une autre organisation ou du futur, paramètres invalides : 400 en français, sans clé : 401', async () => {
    await insertReview(new Date(now().getTime() - 3 * 3600_000))
    const first = await api(reviewsApi, '/api/v1/avis')
    const cursor = first.body.curseur_suivant
    const [payload, signature] = cursor.split('.')
    const tampered = `${Buffer.from(
      Buffer.from(payload!, 'base64url')
        .toString()
        .replace(/"t":"\d{4}/, '"t":"1999'),
    ).toString('base64url')}.${signature}`
    const future = encodeCursor(TEST_SECRET, 'avis', organisationId, { at: '2999-01-01T00:00:00.000000Z', id: randomUUID() })
    const otherOrganisation = encodeCursor(TEST_SECRET, 'avis', randomUUID(), { at: '2020-01-01T00:00:00.000000Z', id: randomUUID() })
    const otherKind = encodeCursor(TEST_SECRET, 'changements', organisationId, { at: '2020-01-01T00:00:00.000000Z', id: randomUUID() })
    for (const bad of [tampered, 'abc', `${payload}.`, '..', future, otherOrganisation, otherKind, 'x'.repeat(500)]) {
      const result = await api(reviewsApi, `/api/v1/avis?curseur=${encodeURIComponent(bad)}`)
      expect(result.status, bad).toBe(400)
      expect(result.body.erreur).toMatch(/curseur/)
    }
    expect((await api(reviewsApi, `/api/v1/avis?curseur=${encodeURIComponent(future)}`)).body.erreur).toMatch(/à venir/)
    for (const query of ['depuis=demain', 'depuis=2999-01-01', 'par_page=0', 'par_page=abc', 'service=abc', 'depuis=2026-02-30']) {
      const result = await api(reviewsApi, `/api/v1/avis?${query}`)
      expect(result.status, query).toBe(400)
      expect(result.body.erreur).toMatch(/[ée]/)
    }
    expect((await api(reviewsApi, '/api/v1/avis', false)).status).toBe(401)
    expect((await api(reviewsApi, `/api/v1/avis?service=${randomUUID()}`)).status).toBe(404)
  })
})

describe('expériences et changements par curseur', () => {
  it('les changements et les expériences publiées se lisent aussi par curseur, chacun une fois', async () => {
    const changes = await app.db.selectFrom('service_changes').select('id').where('organisation_id', '=', organisationId).execute()
    const published = await app.db
      .selectFrom('experiences')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('status', '=', 'published')
      .execute()
    expect(changes.length).toBeGreaterThan(0)
    expect(published.length).toBeGreaterThan(0)
    // The demo data is recorded « now »: read once the safety lag has passed.
    setClockOffset(10 * 60_000)
    for (const [route, path, expected] of [
      [changesApi, '/api/v1/changements?par_page=1', changes],
      [experiencesApi, '/api/v1/experiences?depuis=2000-01-01&par_page=1', published],
    ] as const) {
      const seen: string[] = []
      let result = await api(route, path)
      for (;;) {
        expect(result.status).toBe(200)
        seen.push(...result.body.donnees.map((row) => row.id))
        if (result.body.a_jour) break
        result = await api(route, `${path.split('?')[0]}?par_page=1&curseur=${encodeURIComponent(result.body.curseur_suivant)}`)
      }
      expect(seen).toHaveLength(expected.length)
      expect([...seen].sort()).toEqual(expected.map((row) => row.id).sort())
    }
    const mixed = encodeCursor(TEST_SECRET, 'avis', organisationId, { at: '2020-01-01T00:00:00.000000Z', id: randomUUID() })
    expect((await api(changesApi, `/api/v1/changements?curseur=${encodeURIComponent(mixed)}`)).status).toBe(400)
    // The page-number mode of /experiences is unchanged.
    expect((await api(experiencesApi, '/api/v1/experiences')).body).toHaveProperty('page', 1)
  })

  it('la description OpenAPI décrit les avis, les changements et le curseur', async () => {
    const response = await app.call(openApiRoute.loader, { path: '/api/v1/openapi.json' })
    expect(response.thrown).toBe(false)
    const document = response.body as { paths: Record<string, { get: { parameters?: Array<{ name: string }> } }> }
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/avis', '/changements', '/experiences']))
    expect(document.paths['/avis']!.get.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['curseur', 'depuis']))
  })
})

// Open data and the API of Services Publics+: keys created by the organisation (shown once, stored
// hashed, revocable, rate-limited), data scoped to the key's organisation, an OpenAPI document, and
// open-data files with no personal data.
import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { API_RATE_LIMIT } from '#app/experiences/api-keys.server.ts'
import { findPublicService, publishExperience, tellExperience } from '#app/experiences/experiences.server.ts'
import { csvCell, REVIEW_MONTH_FIELDS } from '#app/experiences/open-data.server.ts'
import { foldStatDeltas } from '#app/feedback/rollups.server.ts'
import { createService } from '#app/feedback/services.server.ts'
import { sha256 } from '#app/utils/crypto.server.ts'
import { rateLimitWindow } from '#app/utils/rate-limit.server.ts'
import * as keysRoute from '#app/routes/services.organisations.$organisationId.cles-api.tsx'
import * as experiencesApi from '#app/routes/api.v1.experiences.ts'
import * as servicesApi from '#app/routes/api.v1.services.ts'
import * as openApiRoute from '#app/routes/api.v1.openapi[.]json.ts'
import * as filesRoute from '#app/routes/experiences.donnees.$fichier.ts'
import type { RouteHandler } from '#tests/helpers/call-route.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let team: SessionUser
let otherTeam: SessionUser
let organisationId: string
let otherOrganisationId: string
let serviceId: string
let otherServiceId: string

async function publish(service: string, title: string, body: string, user: SessionUser) {
  const found = await findPublicService(app.db, service)
  const told = await tellExperience(app.db, found!, { title, body, happenedOn: '2026-10-01', channel: 'counter', feeling: 'negative', authorName: null, authorEmail: 'auteur@exemple.fr' }, title)
  if (!told.ok) throw new Error('limite')
  const flagged = (await app.db.selectFrom('experiences').select('pii_kinds').where('id', '=', told.id).executeTakeFirstOrThrow()).pii_kinds.length
  await publishExperience({ db: app.db, jobs: app.services.jobs, appUrl: 'http://localhost' }, user, service, told.id, { erase: Array(flagged ? 1 : 0).fill(true), extra: [] })
  return told.id
}

beforeEach(async () => {
  const seeded = await seedDemoForTest(app.db)
  // The demo experiences and changes are left out: each test counts its own.
  await app.db.deleteFrom('service_changes').execute()
  await app.db.deleteFrom('experiences').execute()
  organisationId = seeded.organisationId
  team = await sessionUser(app.services, seeded.users['service@demo.aic.gouv.fr']!)
  const created = await createService(app.db, team, { organisationId, name: 'Démarche de l’API' })
  if (!created.ok) throw new Error('service')
  serviceId = created.serviceId
  otherOrganisationId = (await app.db.insertInto('organisations').values({ slug: 'sante', name: 'Ministère de la Santé' }).returning('id').executeTakeFirstOrThrow()).id
  const otherUser = (await app.db.insertInto('users').values({ email: 'agent@sante.gouv.fr' }).returning('id').executeTakeFirstOrThrow()).id
  await app.db.insertInto('role_assignments').values({ user_id: otherUser, role: 'service_team', scope_type: 'organisation', scope_id: otherOrganisationId }).execute()
  otherTeam = await sessionUser(app.services, otherUser)
  const other = await createService(app.db, otherTeam, { organisationId: otherOrganisationId, name: 'Carte Vitale' })
  if (!other.ok) throw new Error('service')
  otherServiceId = other.serviceId
  await publish(serviceId, 'Attente au guichet', 'J’ai attendu deux heures, appelez-moi au 06 12 34 56 78 pour en parler.', team)
  await publish(otherServiceId, 'Carte reçue', 'Ma carte est arrivée en une semaine, très bien, rien à redire.', otherTeam)
})

async function createKey(user: SessionUser, organisation: string, name = 'Outil interne') {
  const path = `/services/organisations/${organisation}/cles-api`
  const response = await app.call(keysRoute.action, { user, path, params: { organisationId: organisation }, fields: { intent: 'create', name } })
  expect(response.thrown).toBe(false)
  return (response.body as { created: { key: string } }).created.key
}

/** A GET of the API at `path`, with the key in its `Authorization` header (the answer returned or thrown). */
async function api(route: { loader: RouteHandler }, path: string, key?: string) {
  const response = await app.call(route.loader, { path, headers: key ? { Authorization: `Bearer ${key}` } : undefined })
  return { status: response.status, body: response.body as Record<string, unknown>, headers: response.headers }
}

describe('clés d’API', () => {
  it('une clé est montrée une fois, stockée hachée, et lit les expériences de son organisation seulement', async () => {
    const key = await createKey(team, organisationId)
    expect(key).toMatch(/^spp_/)
    const stored = await app.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow()
    expect(stored.key_hash).toBe(sha256(key))
    expect(JSON.stringify(stored)).not.toContain(key)

    const result = await api(experiencesApi, '/api/v1/experiences', key)
    expect(result.status).toBe(200)
    const data = result.body.donnees as Array<{ titre: string; recit: string }>
    expect(data.map((row) => row.titre)).toEqual(['Attente au guichet'])
    expect(data[0]!.recit).toBe('J’ai attendu deux heures, appelez-moi au [supprimé] pour en parler.')
    expect(JSON.stringify(result.body)).not.toContain('auteur@exemple.fr')
    expect(result.body).toMatchObject({ page: 1, total: 1, page_suivante: null })

    const servicesResult = await api(servicesApi, '/api/v1/services', key)
    expect((servicesResult.body.donnees as Array<{ service: string; experiences_publiees: number }>).map((row) => [row.service, row.experiences_publiees])).toContainEqual(['Démarche de l’API', 1])
    expect(JSON.stringify(servicesResult.body)).not.toContain('Carte Vitale')
    // Review indicators (aggregates only) equal a direct computation on the demo reviews.
    const passport = (servicesResult.body.donnees as Array<{ service: string; avis_recus: number; avis_satisfaction_sur_10: number | null }>).find((row) => row.service === 'Demande de passeport')!
    const direct = await app.db
      .selectFrom('feedback_reviews as r')
      .innerJoin('feedback_services as s', 's.id', 'r.service_id')
      .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('r.satisfaction').as('sum')])
      .where('s.name', '=', 'Demande de passeport')
      .where('s.organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow()
    expect(passport.avis_recus).toBe(Number(direct.n))
    expect(Number(direct.n)).toBeGreaterThan(0)
    expect(passport.avis_satisfaction_sur_10).toBe(Math.round(((Number(direct.sum) * 5) / Number(direct.n)) * 10) / 10)
  })

  it('sans clé, avec une clé inventée ou révoquée : 401 ; un service d’une autre organisation : 403 ; paramètre invalide : 400', async () => {
    const key = await createKey(team, organisationId)
    expect((await api(experiencesApi, '/api/v1/experiences')).status).toBe(401)
    expect((await api(experiencesApi, '/api/v1/experiences', `spp_${'x'.repeat(43)}`)).status).toBe(401)
    const foreign = await api(experiencesApi, `/api/v1/experiences?service=${otherServiceId}`, key)
    expect(foreign.status).toBe(403)
    expect(JSON.stringify(foreign.body)).not.toContain('Carte reçue')
    const invalid = await api(experiencesApi, '/api/v1/experiences?page=abc', key)
    expect(invalid.status).toBe(400)
    expect(String(invalid.body.erreur)).toMatch(/page/i)

    const keyRow = await app.db.selectFrom('api_keys').select('id').executeTakeFirstOrThrow()
    // A member of another organisation cannot revoke it (404 on the page, nothing changes).
    const foreignRevoke = await app.call(keysRoute.action, { user: otherTeam, params: { organisationId }, fields: { intent: 'revoke', keyId: keyRow.id } })
    expect(foreignRevoke.status).toBe(404)
    expect((await api(experiencesApi, '/api/v1/experiences', key)).status).toBe(200)

    expect((await app.call(keysRoute.action, { user: team, params: { organisationId }, fields: { intent: 'revoke', keyId: keyRow.id } })).thrown).toBe(false)
    const revoked = await api(experiencesApi, '/api/v1/experiences', key)
    expect(revoked.status).toBe(401)
    expect(revoked.body.erreur).toContain('révoquée')
  })

  it('limite le nombre de requêtes par clé (429 avec Retry-After)', async () => {
    const key = await createKey(team, organisationId)
    const keyRow = await app.db.selectFrom('api_keys').select('id').executeTakeFirstOrThrow()
    const { windowStart } = rateLimitWindow(API_RATE_LIMIT, new Date())
    await app.db.insertInto('rate_limits').values({ key: `api:${keyRow.id}`, window_start: windowStart, hits: API_RATE_LIMIT.limit }).execute()
    const limited = await api(experiencesApi, '/api/v1/experiences', key)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0)
  })
})

describe('OpenAPI et données ouvertes', () => {
  it('la description OpenAPI est générée depuis les schémas et décrit chaque point d’accès', async () => {
    const answer = await app.call(openApiRoute.loader, { path: '/api/v1/openapi.json' })
    expect(answer.thrown).toBe(false)
    const document = answer.body as {
      openapi: string
      paths: Record<string, { get: { responses: Record<string, { content?: { 'application/json': { schema: { oneOf?: Array<{ properties?: Record<string, unknown> }> } } } }> } }>
    }
    expect(document.openapi).toBe('3.0.3')
    expect(Object.keys(document.paths)).toEqual(['/experiences', '/avis', '/changements', '/services'])
    // Page-number mode first (unchanged), cursor mode second (decision 103).
    const [page] = document.paths['/experiences']!.get.responses['200']!.content!['application/json'].schema.oneOf ?? []
    expect(Object.keys(page?.properties ?? {})).toEqual(['donnees', 'page', 'par_page', 'total', 'page_suivante'])
    expect(Object.keys(document.paths['/experiences']!.get.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '429']))
  })

  it('les fichiers ouverts contiennent les expériences publiées masquées, sans adresse, et neutralisent les formules', async () => {
    /** An open-data file, returned (not thrown). */
    const file = async (fichier: string) => {
      const answer = await app.call(filesRoute.loader, { params: { fichier } })
      expect(answer.thrown).toBe(false)
      return answer
    }
    const csv = new TextDecoder().decode((await file('experiences.csv')).bytes)
    expect(csv).toContain('Attente au guichet')
    expect(csv).toContain('Carte reçue')
    expect(csv).not.toContain('06 12 34 56 78')
    expect(csv).not.toContain('auteur@exemple.fr')
    const json = (await file('services.json')).body as { licence: { name: string }; donnees: Array<{ experiences_publiees: number }> }
    expect(json.licence.name).toContain('Licence Ouverte')
    expect(json.donnees.reduce((sum, row) => sum + row.experiences_publiees, 0)).toBe(2)
    expect(csvCell('=SOMME(A1)')).toBe(`"'=SOMME(A1)"`)
    const missing = await app.call(filesRoute.loader, { params: { fichier: 'tout.sql' } })
    expect(missing).toMatchObject({ status: 404, thrown: true })
  })

  it('les avis par mois : les nombres de la base, avant comme après le repli des agrégats, jamais un commentaire', async () => {
    /** An open-data file, returned (not thrown). */
    const file = async (fichier: string) => {
      const answer = await app.call(filesRoute.loader, { params: { fichier } })
      expect(answer.thrown).toBe(false)
      return answer
    }
    type Row = { mois: string; service_id: string; avis: number; tres_bien: number; moyen: number; pas_bien: number; satisfaction_sur_10: number | null }
    const expected = await app.db
      .selectFrom('feedback_reviews')
      .select(['service_id', sql<string>`to_char(created_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM')`.as('mois'), sql<number>`count(*)::int`.as('avis'), sql<number>`count(*) FILTER (WHERE satisfaction = 2)::int`.as('tres_bien')])
      .groupBy(['service_id', 'mois'])
      .execute()
    expect(expected.length).toBeGreaterThan(0)
    const check = async () => {
      const rows = ((await file('avis-par-mois.json')).body as { donnees: Row[] }).donnees
      expect(rows.map((r) => [r.service_id, r.mois, r.avis, r.tres_bien]).sort()).toEqual(expected.map((e) => [e.service_id, e.mois, e.avis, e.tres_bien]).sort())
      for (const row of rows) {
        expect(row.tres_bien + row.moyen + row.pas_bien).toBe(row.avis)
        expect(row.satisfaction_sur_10).toBe(Math.round(((row.tres_bien * 10 + row.moyen * 5) / row.avis) * 10) / 10)
      }
    }
    await check()
    await foldStatDeltas(app.db)
    await check()
    const csv = new TextDecoder().decode((await file('avis-par-mois.csv')).bytes)
    expect(csv.split('\r\n')[0]).toBe(`${REVIEW_MONTH_FIELDS.map((field) => `"${field.name}"`).join(';')}`)
    const comment = await app.db.selectFrom('feedback_reviews').select('comment').where('comment', 'is not', null).executeTakeFirstOrThrow()
    expect(csv).not.toContain(comment.comment!.slice(0, 30))
  })
})

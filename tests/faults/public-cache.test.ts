// Issue 21: the public pages a CDN can cache. Over the production build on a real PostgreSQL
// (its own database): every public page, anonymous, answers `Cache-Control: public` with a strong
// ETag and 304 on If-None-Match, carries no per-request secret (CSRF token, honeypot value, CSP
// nonce), and its CSP names exactly the hashes of its inline scripts (computed here, independently
// of the app). With a session cookie, or on a page with a form, the answer is `no-store`. A change
// (an experience published) is in the origin's next answer under a new ETag, and the freshness is
// the configured max-age.
import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import postgres from 'postgres'
import { signInWithCode, startApp, type AppProcess } from '#tests/helpers/app-process.ts'

const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
const DATABASE = `aic_public_cache_${randomBytes(4).toString('hex')}`
const MAX_AGE = 2
const STALE = 1

let app: AppProcess
let admin: postgres.Sql
let sql: postgres.Sql
const jar = new Map<string, string>()
const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
let publicPages: string[] = []

function databaseUrl(name: string) {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return url.href
}

/** The inline scripts' SHA-256 sources, as a browser computes them for `script-src`. */
function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>()
  for (const match of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (/\bsrc=/.test(match[1] ?? '')) continue
    hashes.add(`'sha256-${createHash('sha256').update(match[2] ?? '').digest('base64')}'`)
  }
  return [...hashes].sort()
}

function scriptSources(csp: string): string[] {
  const directive = csp.split(';').find((part) => part.trim().startsWith('script-src')) ?? ''
  return directive.trim().split(/\s+/).slice(1)
}

async function signIn(email: string) {
  const { asked, signedIn } = await signInWithCode(app.url, email, jar)
  expect(asked.status).toBe(302)
  expect(signedIn.status).toBe(302)
}

const firstLink = (html: string, pattern: RegExp) => pattern.exec(html)?.[0]

beforeAll(async () => {
  admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${DATABASE}`)
  sql = postgres(databaseUrl(DATABASE), { max: 1, onnotice: () => {} })
  app = await startApp({
    DATABASE_URL: databaseUrl(DATABASE),
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'error',
    PUBLIC_CACHE_MAX_AGE: String(MAX_AGE),
    PUBLIC_CACHE_STALE_WHILE_REVALIDATE: String(STALE),
  })
  const calls = await (await fetch(`${app.url}/appels`)).text()
  const experiences = await (await fetch(`${app.url}/experiences`)).text()
  const call = firstLink(calls, /\/appels\/edition-\d+/)!
  const experience = firstLink(experiences, /\/experiences\/[0-9a-f]{8}-[0-9a-f-]{27}/)!
  const service = firstLink(experiences, /\/experiences\/services\/[0-9a-f-]{36}/)!
  expect([call, experience, service].every(Boolean)).toBe(true)
  publicPages = [
    '/',
    '/appels',
    call,
    '/experiences',
    '/experiences?q=accueil',
    experience,
    service,
    '/experiences/changements',
    '/experiences/donnees',
    '/api/documentation',
    '/mentions-legales',
    '/accessibilite',
    '/donnees-personnelles',
    '/gestion-cookies',
    '/plan-du-site',
  ]
}, 180_000)

afterAll(async () => {
  await app?.stop()
  await sql?.end()
  if (admin) {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`)
    await admin.end()
  }
})

describe('pages publiques qu’un cache peut garder (issue 21)', () => {
  it('chaque page publique, anonyme : public, ETag fort, 304, aucun secret par requête, CSP par empreintes exactes', async () => {
    for (const page of publicPages) {
      const first = await fetch(`${app.url}${page}`)
      const html = await first.text()
      expect(first.status, page).toBe(200)
      expect(first.headers.get('cache-control'), page).toBe(`public, max-age=${MAX_AGE}, s-maxage=${MAX_AGE}, stale-while-revalidate=${STALE}`)
      expect(first.headers.get('vary') ?? '', page).toMatch(/\bCookie\b/)
      expect(first.headers.get('set-cookie'), page).toBeNull()
      expect(first.headers.get('x-aic-script-hashes'), page).toBeNull()
      const etag = first.headers.get('etag')!
      expect(etag, page).toMatch(/^"[\w-]{16,}"$/)

      // Nothing differs per request: the same bytes and the same tag on a second request.
      const second = await fetch(`${app.url}${page}`)
      expect(await second.text(), page).toBe(html)
      expect(second.headers.get('etag'), page).toBe(etag)
      const notModified = await fetch(`${app.url}${page}`, { headers: { 'if-none-match': `"autre", ${etag}` } })
      expect(notModified.status, page).toBe(304)
      expect(await notModified.text(), page).toBe('')
      expect(notModified.headers.get('etag'), page).toBe(etag)
      expect(notModified.headers.get('cache-control'), page).toContain('public')
      const otherTag = await fetch(`${app.url}${page}`, { headers: { 'if-none-match': '"une-autre-version"' } })
      expect(otherTag.status, page).toBe(200)
      await otherTag.text()

      // No secret of this request in the HTML.
      expect(html, page).not.toMatch(/\bnonce=/)
      expect(html, page).not.toContain('csp-nonce')
      expect(html, page).not.toMatch(/name="csrf"/)
      expect(html, page).toContain('"csrfToken":""')
      expect(html, page).not.toMatch(/encryptedValidFrom|from__confirm/)
      expect(html, page).not.toMatch(/<form[^>]*method="post"/i)

      // The CSP: no nonce, no unsafe-inline for scripts, exactly the hashes of the inline scripts.
      const csp = first.headers.get('content-security-policy')!
      expect(csp, page).not.toContain('nonce-')
      const sources = scriptSources(csp)
      expect(sources[0], page).toBe("'self'")
      expect(sources, page).not.toContain("'unsafe-inline'")
      const hashes = inlineScriptHashes(html)
      expect(hashes.length, page).toBeGreaterThanOrEqual(3)
      expect(sources.slice(1).sort(), page).toEqual(hashes)
      expect(csp, page).toContain("frame-ancestors 'self'")
      expect(csp, page).toContain("object-src 'none'")
    }
  })

  it('une page qui change (une expérience publiée) : la réponse suivante la montre, sous une nouvelle ETag, et la fraîcheur annoncée est le max-age configuré', async () => {
    const before = await fetch(`${app.url}/experiences`)
    const etag = before.headers.get('etag')!
    const title = `Publiée pendant le test ${randomBytes(3).toString('hex')}`
    expect(await before.text()).not.toContain(title)
    const [published] = await sql<Array<{ id: string }>>`
      INSERT INTO experiences (organisation_id, service_id, title, body, public_body, channel, feeling, status, published_at, moderated_at)
      SELECT organisation_id, service_id, ${title}, 'Texte', 'Texte', 'online', 'positive', 'published', now(), now()
      FROM experiences WHERE status = 'published' LIMIT 1
      RETURNING id`
    // A cache revalidating after max-age asks with the tag it has: the origin answers the new page.
    const after = await fetch(`${app.url}/experiences`, { headers: { 'if-none-match': etag } })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(etag)
    expect(await after.text()).toContain(title)
    expect(after.headers.get('cache-control')).toContain(`max-age=${MAX_AGE},`)
    const page = await fetch(`${app.url}/experiences/${published!.id}`)
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toContain('public')
    expect(await page.text()).toContain(title)
  })

  it('une page à formulaire, anonyme : no-store, avec son jeton CSRF et un nonce', async () => {
    for (const page of ['/connexion', '/experiences/services/' + /[0-9a-f-]{36}$/.exec(publicPages[6]!)![0] + '/raconter']) {
      const response = await fetch(`${app.url}${page}`)
      const html = await response.text()
      expect(response.status, page).toBe(200)
      expect(response.headers.get('cache-control'), page).toBe('no-store')
      expect(response.headers.get('etag'), page).toBeNull()
      const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1]
      expect(nonce, page).toBeTruthy()
      expect(html, page).toContain(`nonce="${nonce}"`)
      expect(html, page).toMatch(/name="csrf" value="[^"]+"/)
    }
  })

  it('avec un cookie de session, même périmé ou inconnu : jamais la réponse publique', async () => {
    const stale = await fetch(`${app.url}/`, { headers: { cookie: '__Host-aic-session=inconnue' } })
    await stale.text()
    expect(stale.headers.get('cache-control')).toBe('no-store')
    expect(stale.headers.get('etag')).toBeNull()

    await signIn('service@demo.aic.gouv.fr')
    for (const page of publicPages) {
      const response = await fetch(`${app.url}${page}`, { headers: { cookie: cookie() } })
      const html = await response.text()
      expect(response.status, page).toBe(200)
      expect(response.headers.get('cache-control'), page).toBe('no-store')
      expect(response.headers.get('etag'), page).toBeNull()
      expect(html, page).toContain('Se déconnecter')
      // Even with the tag of the public version, a signed-in person gets their own page.
      const anonymousTag = (await fetch(`${app.url}${page}`)).headers.get('etag')!
      const conditional = await fetch(`${app.url}${page}`, { headers: { cookie: cookie(), 'if-none-match': anonymousTag } })
      expect(conditional.status, page).toBe(200)
      expect(await conditional.text(), page).toContain('Se déconnecter')
    }
  })

  it('les données chargées par le navigateur (navigation côté client) restent no-store', async () => {
    const response = await fetch(`${app.url}/experiences?_data=routes%2Fexperiences._index`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const root = await fetch(`${app.url}/experiences?_data=root`)
    const data = (await root.json()) as { csrfToken: string }
    // The root data asked again after a public page carries the token the next form needs.
    expect(data.csrfToken.length).toBeGreaterThan(10)
    expect(root.headers.get('cache-control')).toBe('no-store')
  })
})

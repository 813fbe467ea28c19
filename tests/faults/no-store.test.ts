// Issue 16 #10: nothing served to a signed-in person is kept by the browser or a proxy. Every route
// of the production build's manifest is requested as a signed-in person, as a document and (for
// pages) as the data the browser fetches on client navigation; each answer must say
// `Cache-Control: no-store`. A route added tomorrow is checked without anyone listing it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postForm, signInWithCode, startApp, type AppProcess } from '#tests/helpers/app-process.ts'

interface ManifestRoute {
  id: string
  path?: string
  parentId?: string
  module: { default?: unknown }
}

/** Every route of the build with its full pattern (parents' paths joined). */
async function manifestRoutes(): Promise<Array<{ id: string; pattern: string; page: boolean }>> {
  const build = (await import(pathToFileURL(path.resolve('build/index.js')).href)) as { routes: Record<string, ManifestRoute> }
  const full = (id: string | undefined): string => {
    const route = id ? build.routes[id] : undefined
    if (!route) return ''
    const parent = full(route.parentId)
    return route.path ? `${parent.replace(/\/$/, '')}/${route.path}` : parent
  }
  return Object.values(build.routes).map((route) => ({ id: route.id, pattern: full(route.id) || '/', page: Boolean(route.module.default) }))
}

const SOME_ID = '00000000-0000-4000-8000-000000000000'

let dir: string
let app: AppProcess
const jar = new Map<string, string>()
const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
let organisationId: string

async function signIn(email: string) {
  const { asked, signedIn } = await signInWithCode(app.url, email, jar)
  expect(asked.status).toBe(302)
  expect(signedIn.status).toBe(302)
  expect([...jar.keys()].some((name) => name.includes('session'))).toBe(true)
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'aic-no-store-'))
  app = await startApp({ DATABASE_URL: '', PGLITE_DIR: path.join(dir, 'pglite'), JOBS_ENABLED: 'false', LOG_LEVEL: 'error' })
  await signIn('service@demo.aic.gouv.fr')
  const services = await (await fetch(`${app.url}/services`, { headers: { cookie: cookie() } })).text()
  organisationId = /\/services\/organisations\/([0-9a-f-]{36})/.exec(services)![1]!
}, 120_000)

afterAll(async () => {
  await app?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('Cache-Control: no-store pour une personne connectée (issue 16 #10)', () => {
  it('chaque page du manifeste, en document et en données chargées par le navigateur, erreurs comprises', async () => {
    const routes = await manifestRoutes()
    const failures: string[] = []
    let signedInPages = 0
    for (const route of routes) {
      const url = route.pattern.replace(/:organisationId/g, organisationId).replace(/:(\w+)\??/g, SOME_ID).replace(/\*$/, 'x')
      const requests = route.page ? [url, `${url}${url.includes('?') ? '&' : '?'}_data=${encodeURIComponent(route.id)}`] : [url]
      for (const target of requests) {
        const response = await fetch(`${app.url}${target}`, { headers: { cookie: cookie() }, redirect: 'manual' })
        const body = await response.text()
        const cacheControl = response.headers.get('cache-control') ?? '(aucun)'
        if (route.page && response.status === 200 && !target.includes('_data=') && body.includes('Se déconnecter')) signedInPages++
        // Resource routes answer their own way: files of this person are no-store, public files
        // (the same for everyone: widget, buttons, open data) may be cached publicly.
        const publicResource = !route.page && cacheControl.startsWith('public')
        if (!publicResource && !/\bno-store\b/.test(cacheControl) && response.status < 300) failures.push(`${target} → ${response.status} ${cacheControl}`)
        // A document redirect carries nothing and is not stored without explicit freshness (RFC 9111).
        const documentRedirect = response.status >= 300 && response.status < 400 && !target.includes('_data=')
        if (route.page && !documentRedirect && !/\bno-store\b/.test(cacheControl)) failures.push(`${target} → ${response.status} ${cacheControl}`)
      }
    }
    expect(failures).toEqual([])
    // The walk was signed in throughout: the pages a service agent may open showed their session.
    expect(signedInPages).toBeGreaterThan(10)
    expect(routes.length).toBeGreaterThan(100)
  })

  it('la page qui montre une nouvelle clé d’API une seule fois : no-store, y compris la réponse qui porte la clé (sans JavaScript)', async () => {
    const page = `/services/organisations/${organisationId}/cles-api`
    const shown = await fetch(`${app.url}${page}`, { headers: { cookie: cookie() } })
    expect(shown.status).toBe(200)
    expect(shown.headers.get('cache-control')).toBe('no-store')
    const created = await postForm(app.url, page, { intent: 'create', name: 'Outil de suivi' }, jar)
    expect(created.status).toBe(200)
    expect(await created.text()).toContain('data-testid="nouvelle-cle"')
    expect(created.headers.get('cache-control')).toBe('no-store')
  })

  it('sans session : une page à formulaire est no-store, une page publique sans formulaire est publique (issue 21, tests/faults/public-cache.test.ts)', async () => {
    const form = await fetch(`${app.url}/connexion`)
    expect(form.status).toBe(200)
    expect(form.headers.get('cache-control')).toBe('no-store')
    const response = await fetch(`${app.url}/experiences`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toMatch(/^public, /)
  })
})

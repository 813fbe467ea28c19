import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import type { AppServices } from '#app/context.server.ts'
import { contextFor, createTestServices, formRequest, getRequest } from '#tests/helpers/context.ts'
import { createTestDb } from '#tests/helpers/db.ts'
import { fillPattern, routeFiles } from '#tests/helpers/routes.ts'
import { buildWorld, PERSONAS, type Persona, type World } from '#tests/helpers/world.ts'
import { ACCESS, type Outcome } from './access-table.ts'

let handle: DbHandle
let services: AppServices
let world: World
beforeAll(async () => {
  handle = await createTestDb()
  services = await createTestServices(handle)
  world = await buildWorld(services)
})
afterAll(() => handle.close())

/** What a loader or action did, as the matrix names it. A 5xx or a crash fails the test. */
async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome | `erreur ${number}` | 'plantage'> {
  let result: unknown
  try {
    result = await run()
  } catch (thrown) {
    result = thrown
    if (!(thrown instanceof Response)) return 'plantage'
  }
  if (!(result instanceof Response)) return 'ok'
  if (result.status >= 500) return `erreur ${result.status}`
  if (result.status === 401) return 'unauthorized'
  if (result.status === 403) return 'forbidden'
  if (result.status === 404) return 'notfound'
  if (result.status >= 300 && result.status < 400 && (result.headers.get('Location') ?? '').startsWith('/connexion?redirection=')) return 'signin'
  return 'ok'
}

const routes = routeFiles()
let cells = 0

describe('matrice des autorisations : chaque route, chaque personne', () => {
  it('chaque route est décrite dans access-table.ts', async () => {
    const missing: string[] = []
    for (const route of routes) {
      const module = await route.load()
      const entry = ACCESS[route.id]
      if (!entry) missing.push(`${route.id} (nouvelle route : ajoutez-la au tableau)`)
      else {
        if (module.loader && !entry.loader) missing.push(`${route.id} : loader non décrit`)
        if (module.action && !entry.action) missing.push(`${route.id} : action non décrite`)
      }
    }
    expect(missing).toEqual([])
  })

  for (const route of routes) {
    const entry = ACCESS[route.id]
    if (!entry) continue
    for (const handler of ['loader', 'action'] as const) {
      const access = entry[handler]
      if (!access) continue
      it(`${handler} ${route.pattern}`, async () => {
        const module = await route.load()
        const run = module[handler]
        expect(run, `${route.id} n’a pas de ${handler}`).toBeTypeOf('function')
        const params = entry.params?.(world.ids) ?? {}
        const search = entry.search === '?jeton=' ? `?jeton=${world.ids.reviewInProgressToken}` : (entry.search ?? '')
        const path = fillPattern(route.pattern, params) + search
        const observed: Record<string, string> = {}
        const expected: Record<string, string> = {}
        for (const persona of PERSONAS) {
          const user = persona === 'anonymous' ? null : world.users[persona as Exclude<Persona, 'anonymous'>]
          const context = await contextFor(services, user)
          const request = handler === 'loader' ? getRequest(path) : await formRequest(services, path, {})
          observed[persona] = await outcomeOf(() => run!({ request, context, params }))
          expected[persona] = access[persona] ?? access.default
          cells++
        }
        expect(observed).toEqual(expected)
      })
    }
  }

  afterAll(() => {
    console.log(`Matrice des autorisations : ${cells} cases vérifiées (${routes.length} routes × ${PERSONAS.length} personnes)`)
  })
})

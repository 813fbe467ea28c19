import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import type { AppServices } from '#app/context.server.ts'
import { callRoute, type RouteResult } from '#tests/helpers/call-route.ts'
import { createTestServices } from '#tests/helpers/context.ts'
import { createTestDb } from '#tests/helpers/db.ts'
import { fillPattern, routeFiles } from '#tests/helpers/routes.ts'
import { buildWorld, PERSONAS, type Persona, type World } from '#tests/helpers/world.ts'
import { ACCESS, type Outcome } from './access-table.ts'

let handle: DbHandle
let services: AppServices
let world: World
// Not useTestWorld: one world for the whole matrix (its hundreds of cells only read it), not one per route.
beforeAll(async () => {
  handle = await createTestDb()
  services = await createTestServices(handle)
  world = await buildWorld(services)
})
afterAll(() => handle.close())

/** What a loader or action did, as the matrix names it (callRoute's answer). A 5xx or a crash fails the test. */
async function outcomeOf(call: () => Promise<RouteResult<unknown>>): Promise<Outcome | `erreur ${number}` | 'plantage'> {
  let result: RouteResult<unknown>
  try {
    result = await call()
  } catch {
    // callRoute lets through only what is not a Response.
    return 'plantage'
  }
  if (!result.response) return 'ok'
  if (result.status >= 500) return `erreur ${result.status}`
  if (result.status === 401) return 'unauthorized'
  if (result.status === 403) return 'forbidden'
  if (result.status === 404) return 'notfound'
  if (result.status >= 300 && result.status < 400 && (result.location ?? '').startsWith('/connexion?redirection=')) return 'signin'
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
          // A GET for the loader, an empty form (with its CSRF token) for the action.
          observed[persona] = await outcomeOf(() => callRoute(services, run!, { user, path, params, fields: handler === 'loader' ? undefined : {} }))
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

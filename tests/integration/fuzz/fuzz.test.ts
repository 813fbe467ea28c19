import { readFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import type { AppServices } from '#app/context.server.ts'
import { callRoute, type RouteResult } from '#tests/helpers/call-route.ts'
import { createTestServices } from '#tests/helpers/context.ts'
import { createTestDb } from '#tests/helpers/db.ts'
import { fillPattern, routeFiles } from '#tests/helpers/routes.ts'
import { buildWorld, PERSONAS, type Persona, type World } from '#tests/helpers/world.ts'
import { ACCESS } from '../authorization/access-table.ts'
import { checkInvariants } from './invariants.ts'
import { formInput, hasFrenchMessage } from './inputs.ts'

// `npm test` tries a few inputs per action; `npm run test:fuzz` (FUZZ_RUNS) many more.
const RUNS = Number(process.env.FUZZ_RUNS ?? 25)

/** Actions that are not fuzzed, and why. */
const SKIPPED: Record<string, string> = {
  'test-hooks': 'n’existe qu’avec TEST_HOOKS (404 ici)',
  $: 'répond toujours 404',
}

let handle: DbHandle
let services: AppServices
let world: World
// Not useTestWorld: one world for the whole file, the invariants checked after each action hold across them.
beforeAll(async () => {
  handle = await createTestDb()
  services = await createTestServices(handle)
  world = await buildWorld(services)
})
afterAll(() => handle.close())

/**
 * The route's source and the sources of the components it imports, recursively: a form moved
 * into a component (thin routes, issue 18) is still fuzzed.
 */
function sourceWithComponents(file: string, seen = new Set<string>()): string {
  if (seen.has(file)) return ''
  seen.add(file)
  const source = readFileSync(file, 'utf8')
  const imported = [...source.matchAll(/from '#app\/(components\/[^']+\.tsx?)'/g)].map((m) => path.join('app', m[1]!))
  return [source, ...imported.map((next) => sourceWithComponents(next, seen))].join('\n')
}

/** Field names and intent values the route's forms post (read from its source and its components'), and its schema's intents. */
function formFields(file: string) {
  const source = sourceWithComponents(file)
  // `name="x"`, `name={'x'}`, and conform's `name={fields.x.name}` and `{...fieldProps(fields.x)}`.
  const names = new Set([...source.matchAll(/name=["{]'?"?([\w.[\]-]+)/g)].map((m) => m[1]!.replace(/^fields\.([\w-]+)\.name$/, '$1')))
  for (const match of source.matchAll(/fieldProps\(fields\.([\w-]+)\)/g)) names.add(match[1]!)
  names.delete('intent')
  names.delete('csrf')
  // `name="intent" value="x"`, `value={cond ? 'x' : 'y'}`, and components taking it (`<Intent value="x"`, `<IntentField value="x"`, `intent="x"`).
  const intents = new Set<string>()
  for (const match of source.matchAll(/(?:name="intent" value|<Intent(?:Field)? value|\bintent)=(?:"([\w-]+)"|\{([^}]*)\})/g)) {
    if (match[1]) intents.add(match[1])
    else for (const quoted of match[2]!.matchAll(/'([\w-]+)'/g)) intents.add(quoted[1]!)
  }
  for (const match of source.matchAll(/intent: z\.literal\('([\w-]+)'\)/g)) intents.add(match[1]!)
  return { names: [...names], intents: [...intents] }
}

describe('lecture des formulaires', () => {
  it('trouve les champs passés par fieldProps(fields.x) et les intentions de <IntentField>, dans les sections importées par la route', () => {
    const { names, intents } = formFields('app/routes/accompagnement.projets.$projectId._index.tsx')
    expect(names).toEqual(expect.arrayContaining(['strengths', 'description', 'title', 'dueOn', 'attendees', 'minutesSpent', 'leaderView', 'value', 'organisation', 'email']))
    expect(intents).toEqual(expect.arrayContaining(['diagnosis', 'need_edit', 'check_in', 'leader_view', 'referent']))
  })
})

let tried = 0
const routes = routeFiles().filter((route) => ACCESS[route.id]?.action && !SKIPPED[route.id])

describe(`entrées générées sur chaque action (${RUNS} par action et par envoi)`, () => {
  for (const route of routes) {
    it(`action ${route.pattern} : jamais de 5xx, erreurs en français, données cohérentes`, async () => {
      const module = await route.load()
      const entry = ACCESS[route.id]!
      const persona = (PERSONAS.find((p) => (entry.action![p] ?? entry.action!.default) === 'ok') ?? 'anonymous') as Persona
      const user = persona === 'anonymous' ? null : world.users[persona as Exclude<Persona, 'anonymous'>]
      const params = entry.params?.(world.ids) ?? {}
      const path = fillPattern(route.pattern, params)
      const { names, intents } = formFields(route.file)
      await fc.assert(
        fc.asyncProperty(formInput(names, intents), async (fields) => {
          // Each input is sent twice: a double submission must be as harmless as the first.
          for (let attempt = 0; attempt < 2; attempt++) {
            tried++
            let result: RouteResult<unknown>
            try {
              result = await callRoute(services, module.action!, { user, path, params, fields })
            } catch (thrown) {
              // callRoute lets through only what is not a Response.
              throw new Error(`${route.id} a planté sur ${JSON.stringify(fields).slice(0, 300)} : ${String(thrown)}`)
            }
            if (!result.response) continue
            expect(result.status, JSON.stringify(fields).slice(0, 300)).toBeLessThan(500)
            if (result.status >= 400) {
              const body = new TextDecoder().decode(result.bytes)
              expect(hasFrenchMessage(body), `${route.id} ${result.status} sans message en français : ${body.slice(0, 200)}`).toBe(true)
            }
          }
        }),
        { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
      )
      expect(await checkInvariants(handle.db)).toEqual([])
    }, Math.max(30_000, RUNS * 250))
  }

  afterAll(() => console.log(`Fuzz : ${tried} entrées envoyées à ${routes.length} actions`))
})

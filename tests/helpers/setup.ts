// The shared setup of an integration test file (decision 109): one database for the file, the
// app's services on it, every table emptied and the clock put back before each test.
import { afterAll, beforeAll, beforeEach } from 'vitest'
import type { Db, DbHandle } from '#db/client.ts'
import type { AppServices } from '#app/context.server.ts'
import type { LocalJobQueue } from '#app/jobs/local-queue.server.ts'
import { setClockOffset } from '#app/utils/clock.server.ts'
import { callRoute, type RouteCall, type RouteHandler } from './call-route.ts'
import { createTestServices } from './context.ts'
import { createTestDb, truncateAll } from './db.ts'
import { buildWorld, type World } from './world.ts'

export interface TestApp {
  readonly handle: DbHandle
  readonly db: Db
  readonly services: AppServices & { jobs: LocalJobQueue }
  /** `callRoute` on these services. */
  call: <H extends RouteHandler>(handler: H, call?: RouteCall) => ReturnType<typeof callRoute<H>>
}

/**
 * Registers the file's hooks (call it at the top level, before the file's own `beforeEach`, which
 * then runs on empty tables): `createTestDb` + `createTestServices` once, `truncateAll` and
 * `setClockOffset(0)` before each test, `close` at the end.
 */
export function useTestApp(): TestApp {
  let handle: DbHandle | undefined
  let services: TestApp['services'] | undefined
  const ready = () => {
    if (!handle || !services) throw new Error('useTestApp : base pas encore prête (à lire dans un test ou un hook)')
    return { handle, services }
  }
  beforeAll(async () => {
    handle = await createTestDb()
    services = await createTestServices(handle)
  })
  afterAll(async () => {
    setClockOffset(0)
    await handle?.close()
  })
  beforeEach(async () => {
    setClockOffset(0)
    await truncateAll(ready().handle.db)
  })
  return {
    get handle() {
      return ready().handle
    },
    get db() {
      return ready().handle.db
    },
    get services() {
      return ready().services
    },
    call: (handler, call) => callRoute(ready().services, handler, call),
  }
}

/** `useTestApp` plus the demo world of `buildWorld` (the matrix's twelve people), rebuilt before each test. */
export function useTestWorld(): TestApp & { readonly world: World } {
  const app = useTestApp()
  let world: World | undefined
  beforeEach(async () => {
    world = await buildWorld(app.services)
  })
  return Object.defineProperty(app, 'world', {
    get() {
      if (!world) throw new Error('useTestWorld : monde pas encore construit')
      return world
    },
  }) as TestApp & { readonly world: World }
}

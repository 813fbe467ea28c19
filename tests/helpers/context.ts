import type { AppLoadContext } from '@remix-run/node'
import type { DbHandle } from '#db/client.ts'
import { createServices, type AppServices } from '#app/context.server.ts'
import { loadRoles } from '#app/auth/session.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { loadEnv } from '#app/utils/env.server.ts'
import { type LocalJobQueue } from '#app/jobs/local-queue.server.ts'

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789'

/** App services on a test database: outbox e-mail, in-process jobs that the test runs itself. */
export async function createTestServices(dbHandle: DbHandle): Promise<AppServices & { jobs: LocalJobQueue }> {
  const env = loadEnv({
    NODE_ENV: 'test',
    SESSION_SECRET: TEST_SECRET,
    APP_URL: 'http://localhost:3000',
    DEMO_MODE: 'true',
    PGLITE_DIR: 'memory',
    UPLOADS_DIR: process.env.UPLOADS_DIR,
  })
  // Always the in-process queue in tests (even on PostgreSQL): the test decides when jobs run.
  const services = await createServices(env, { dbHandle, inProcessJobs: true })
  return services as AppServices & { jobs: LocalJobQueue }
}

/** The request context a loader or action receives, for a given person (or nobody). */
export async function contextFor(services: AppServices, user: SessionUser | null): Promise<AppLoadContext> {
  return {
    ...services,
    requestId: 'test-request',
    cspNonce: 'test-nonce',
    ipHash: 'test-ip-hash',
    session: null,
    user,
  } as AppLoadContext
}

export async function sessionUser(services: AppServices, userId: string): Promise<SessionUser> {
  const row = await services.db.selectFrom('users').select(['id', 'email', 'display_name']).where('id', '=', userId).executeTakeFirstOrThrow()
  return { id: row.id, email: row.email, displayName: row.display_name, roles: await loadRoles(services.db, row.id) }
}

/**
 * A POST request with a valid CSRF token (cookie + field), as a browser would send it from one
 * of our forms. `csrf: false` leaves the token out. A `File` among the fields makes it a
 * `multipart/form-data` upload (the form's `encType`), the token first as our forms put it.
 */
export async function formRequest(
  services: AppServices,
  path: string,
  fields: Record<string, string | string[] | File>,
  options: { csrf?: boolean } = {},
): Promise<Request> {
  const [token, cookieHeader] = await services.csrf.commitToken()
  const cookie = cookieHeader ? cookieHeader.split(';')[0]! : ''
  const url = `http://localhost:3000${path}`
  if (Object.values(fields).some((value) => value instanceof File)) {
    const body = new FormData()
    if (options.csrf !== false) body.set('csrf', token)
    for (const [key, value] of Object.entries(fields)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v)
    }
    return new Request(url, { method: 'POST', headers: { Cookie: cookie }, body })
  }
  const body = new URLSearchParams()
  for (const [key, value] of Object.entries(fields) as Array<[string, string | string[]]>) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v)
  }
  if (options.csrf !== false) body.set('csrf', token)
  return new Request(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body,
  })
}

export function getRequest(path: string): Request {
  return new Request(`http://localhost:3000${path}`)
}

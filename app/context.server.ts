import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { createCookie, json } from '@remix-run/node'
import { CSRF } from 'remix-utils/csrf/server'
import { Honeypot, type HoneypotInputProps } from 'remix-utils/honeypot/server'
import type { Session } from 'lucia'
import { createDb, type Db, type DbHandle } from '#db/client.ts'
import { migrateToLatest } from '#db/migrate.ts'
import { createAuth, validateRequestSession, type Auth } from '#app/auth/session.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { createEmailTransport, type EmailTransport } from '#app/email/transport.server.ts'
import { LocalJobQueue } from '#app/jobs/local-queue.server.ts'
import { PgBossJobQueue } from '#app/jobs/pg-boss-queue.server.ts'
import { jobMap } from '#app/jobs/registry.server.ts'
import type { JobContext, JobQueue } from '#app/jobs/types.ts'
import { hashIp, hmac } from '#app/utils/crypto.server.ts'
import { now } from '#app/utils/clock.server.ts'
import type { Env } from '#app/utils/env.server.ts'
import { logger } from '#app/utils/logger.server.ts'

/** Long-lived objects shared by every request of one process. */
export interface AppServices {
  env: Env
  dbHandle: DbHandle
  db: Db
  auth: Auth
  jobs: JobQueue
  mailer: EmailTransport
  csrf: CSRF
  honeypot: Honeypot
  /** The honeypot fields for forms, renewed every minute (encrypting them on every page is costly). */
  honeypotInputProps: () => HoneypotInputProps
}

/** What every loader and action receives as `context`. */
export interface RequestContext extends AppServices {
  requestId: string
  cspNonce: string
  /** Keyed daily hash of the client address; the address itself is never kept. */
  ipHash: string
  session: Session | null
  user: SessionUser | null
}

declare module '@remix-run/server-runtime' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface AppLoadContext extends RequestContext {}
}

export async function createServices(
  env: Env,
  options: { migrate?: boolean; dbHandle?: DbHandle; inProcessJobs?: boolean } = {},
): Promise<AppServices> {
  const dbHandle =
    options.dbHandle ??
    (await createDb({
      url: env.DATABASE_URL,
      pgliteDir: env.PGLITE_DIR,
      max: env.DATABASE_POOL_SIZE,
      // Loaders and actions then answer 503 with a retry hint, never hang or 500.
      onUnavailable: () => serviceUnavailable(),
    }))
  if (options.migrate) await migrateToLatest(dbHandle.db)
  const db = dbHandle.db
  const mailer = createEmailTransport(env)
  const definitions = jobMap()
  const jobContext = (): Omit<JobContext, 'now'> => ({ db, jobs, env, mailer, logger })
  const jobs: JobQueue =
    dbHandle.driver === 'postgres' && dbHandle.url && !options.inProcessJobs
      ? new PgBossJobQueue(dbHandle.url, definitions, jobContext, { work: env.JOBS_ENABLED })
      : new LocalJobQueue(db, definitions, jobContext)

  const csrf = new CSRF({
    cookie: createCookie('__Host-aic-csrf', {
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
      secrets: [hmac(env.SESSION_SECRET, 'csrf-cookie')],
    }),
    secret: hmac(env.SESSION_SECRET, 'csrf-token'),
  })
  const honeypot = new NodeCryptoHoneypot({ encryptionSeed: hmac(env.SESSION_SECRET, 'honeypot'), randomizeNameFieldName: false })

  let cachedProps: { props: HoneypotInputProps; minute: number } | null = null
  const honeypotInputProps = () => {
    const minute = Math.floor(Date.now() / 60_000)
    if (cachedProps?.minute !== minute) cachedProps = { props: honeypot.getInputProps(), minute }
    return cachedProps.props
  }

  return { env, dbHandle, db, auth: createAuth(db), jobs, mailer, csrf, honeypot, honeypotInputProps }
}

/**
 * remix-utils' honeypot with its time stamp sealed by node:crypto (AES-256-GCM, key derived from
 * the seed) instead of crypto-js's pure-JavaScript AES-CBC. Same property, stronger: without the
 * server's secret a form cannot carry a time stamp that opens (GCM authenticates it, CBC did not).
 * Same API (`getInputProps`, `check`). Decision 080.
 */
export class NodeCryptoHoneypot extends Honeypot {
  #key: Buffer | undefined

  private get key(): Buffer {
    return (this.#key ??= createHash('sha256').update(`honeypot:${this.encryptionSeed}`).digest())
  }

  protected override randomValue(): string {
    return randomBytes(16).toString('hex')
  }

  protected override encrypt(value: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')
  }

  /** The time stamp, or '' when the value was not sealed with this key (check() then refuses it). */
  protected override decrypt(value: string): string {
    try {
      const bytes = Buffer.from(value, 'base64url')
      if (bytes.length < 12 + 16 + 1) return ''
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12))
      decipher.setAuthTag(bytes.subarray(12, 28))
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')
    } catch {
      return ''
    }
  }
}

function serviceUnavailable() {
  return json(
    { message: 'Le service est momentanément indisponible. Merci de réessayer dans quelques instants.' },
    { status: 503, headers: { 'Retry-After': '5' } },
  )
}

export async function closeServices(services: AppServices): Promise<void> {
  await services.jobs.stop()
  await services.dbHandle.close()
}

/** Builds the request context: validates the session once per request. */
export async function createRequestContext(
  services: AppServices,
  request: { requestId: string; cspNonce: string; ip: string; cookieHeader: string | null },
): Promise<{ context: RequestContext; setCookies: string[] }> {
  const { session, user, setCookies } = await validateRequestSession(services.db, services.auth, request.cookieHeader)
  return {
    context: {
      ...services,
      requestId: request.requestId,
      cspNonce: request.cspNonce,
      ipHash: hashIp(services.env.SESSION_SECRET, request.ip, now()),
      session,
      user,
    },
    setCookies,
  }
}

import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { storageSettings } from './object-storage.server.ts'

const booleanFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1')

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. Default: 127.0.0.1 in demo mode (see loadEnv), 0.0.0.0 otherwise. */
  HOST: z.string().min(1).optional(),
  /** Public base URL used in e-mails and redirects, e.g. https://aic.example.gouv.fr */
  APP_URL: z.string().url().optional(),
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().optional(),
  PGLITE_DIR: z.string().default('./data/pglite'),
  UPLOADS_DIR: z.string().default('./data/uploads'),
  /** Where files go: `disk` (UPLOADS_DIR, the default) or `s3` with the S3_* variables (decision 092). */
  STORAGE_DRIVER: z.string().optional(),
  S3_ENDPOINT: z.string().optional(),
  S3_REGION: z.string().optional(),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_ADDRESSING: z.string().optional(),
  S3_PREFIX: z.string().optional(),
  S3_TIMEOUT_MS: z.string().optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  RESEND_API_KEY: z.string().optional(),
  EMAIL_FROM: z.string().default('Accélérateur d’initiatives citoyennes <ne-pas-repondre@aic.beta.gouv.fr>'),
  /** Demo mode: seeds demo accounts, prints sign-in links, exposes the outbox page. Never in production. */
  DEMO_MODE: booleanFlag,
  /** Test-only hooks (clock, job runner) used by the browser journeys. Never in production. */
  TEST_HOOKS: booleanFlag,
  /** Number of proxies in front of the app, for the client IP (Express "trust proxy"). */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JOBS_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** Seconds a public page may be kept by a cache (CDN, proxy, browser) before it asks again (decision 091). */
  PUBLIC_CACHE_MAX_AGE: z.coerce.number().int().min(0).max(86_400).default(60),
  /** Seconds after that during which a cache may still answer the old page while it asks again. */
  PUBLIC_CACHE_STALE_WHILE_REVALIDATE: z.coerce.number().int().min(0).max(86_400).default(30),
  PROCONNECT_ISSUER: z.string().url().optional(),
  PROCONNECT_CLIENT_ID: z.string().optional(),
  PROCONNECT_CLIENT_SECRET: z.string().optional(),
  /** Scopes asked of ProConnect (space-separated); see app/auth/proconnect.server.ts for the default. */
  PROCONNECT_SCOPES: z.string().optional(),
})

export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string; APP_URL: string; HOST: string }

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost', '[::1]'])

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/**
 * Parses the environment once. In demo mode a missing SESSION_SECRET is generated and kept in
 * ./data/secret so sessions survive a restart; outside demo mode it is required.
 */
export function loadEnv(
  source: Record<string, string | undefined> = process.env,
  warn: (message: string) => void = (message) => console.warn(message),
): Env {
  const parsed = EnvSchema.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Configuration invalide :\n${lines.join('\n')}`)
  }
  const env = parsed.data
  // Checked here so a misconfigured bucket stops the start, with each wrong variable named.
  storageSettings(env)
  // The demo inbox lists every sign-in link of every account: a demo is reachable from this
  // machine only, unless the person asks for another interface themselves.
  const host = env.HOST ?? (env.DEMO_MODE ? '127.0.0.1' : '0.0.0.0')
  const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')
  if (env.DEMO_MODE && !isLoopbackHost(host)) {
    warn(
      `ATTENTION : mode démonstration ouvert sur ${host}. La boîte d’envoi de démonstration (/dev/boite-mail) montre ` +
        'les liens de connexion de tous les comptes à quiconque atteint ce port. Ne l’utilisez pas avec de vraies personnes.',
    )
  }
  if (env.TEST_HOOKS && env.NODE_ENV !== 'test') {
    const refusal = testHooksRefusal({ ...env, HOST: host, APP_URL: appUrl })
    if (refusal) throw new Error(`TEST_HOOKS refusé : ${refusal}`)
  }
  let secret = env.SESSION_SECRET
  if (!secret) {
    if (!env.DEMO_MODE && env.NODE_ENV === 'production') {
      throw new Error('SESSION_SECRET est obligatoire en production (32 caractères au moins).')
    }
    secret = demoSecret(path.dirname(env.PGLITE_DIR))
  }
  return { ...env, HOST: host, SESSION_SECRET: secret, APP_URL: appUrl }
}

/**
 * The test hooks move the clock and run any job: only the browser journeys and fault tests may
 * have them. They run the production build as a demo bound to the loopback interface, with a
 * loopback public address and no e-mail provider; a demo served to others (another interface, a
 * public APP_URL behind a proxy, real e-mails) fails one of these, so it cannot start with them.
 */
function testHooksRefusal(env: { DEMO_MODE: boolean; HOST: string; APP_URL: string; RESEND_API_KEY?: string | undefined }): string | null {
  if (!env.DEMO_MODE) return 'les crochets de test n’existent qu’en mode démonstration lancé par les tests (DEMO_MODE=true).'
  if (!isLoopbackHost(env.HOST)) return `le serveur doit écouter sur 127.0.0.1 (HOST=${env.HOST}).`
  let appHost: string
  try {
    appHost = new URL(env.APP_URL).hostname
  } catch {
    appHost = env.APP_URL
  }
  if (!isLoopbackHost(appHost)) return `l’adresse publique doit être locale (APP_URL=${env.APP_URL}).`
  if (env.RESEND_API_KEY) return 'aucun fournisseur d’e-mails ne doit être configuré (RESEND_API_KEY).'
  return null
}

function demoSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('hex')
  writeFileSync(file, secret, { mode: 0o600 })
  return secret
}

export function proconnectConfigured(env: Env): boolean {
  return Boolean(env.PROCONNECT_ISSUER && env.PROCONNECT_CLIENT_ID && env.PROCONNECT_CLIENT_SECRET)
}

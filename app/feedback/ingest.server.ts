// The ingest endpoint: POST /integration/avis/:placementId records the first answer of a review
// (from the link page, the widget and the one-click smiley). The same outcome → response mapping
// serves the Remix action and a lean node:http handler mounted in front of Express, because this
// is the one request that arrives by thousands per second (decision 021, bench/feedback/ingest.ts).
import type { IncomingMessage, ServerResponse } from 'node:http'
import postgres from 'postgres'
import type { DbHandle } from '#db/client.ts'
import { now } from '#app/utils/clock.server.ts'
import { createHmac } from 'node:crypto'
import { hmac } from '#app/utils/crypto.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { isUuid } from '#app/utils/uuid.ts'
import { normaliseOrigin } from './embed-codes.ts'
import { createFirstAnswerBatcher, IngestOverloadedError, type BatchOptions } from './ingest-batch.server.ts'
import { FIRST_ANSWER_MESSAGES, kyselyExecutor, rateLimitedMessage, submitFirstAnswer, type FirstAnswerOutcome, type StatementExecutor } from './reviews.server.ts'

export type FormMode = 'page' | 'integration' | 'sourire'

export const INGEST_PATH = /^\/integration\/avis\/([^/?#]+)\/?$/
const MAX_BODY_BYTES = 32 * 1024

export interface IngestResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export function formMode(value: unknown): FormMode {
  return value === 'integration' || value === 'sourire' ? value : 'page'
}

function formPath(mode: FormMode, placementId: string): string {
  return mode === 'page' ? `/avis/${placementId}` : mode === 'integration' ? `/integration/avis/${placementId}` : `/integration/sourire/${placementId}`
}

function withQuery(path: string, params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value)
  const query = search.toString()
  return query ? `${path}?${query}` : path
}

export const ERROR_CODES: Record<Exclude<FirstAnswerOutcome['kind'], 'recorded' | 'spam' | 'unknown-placement'>, string> = {
  invalid: 'reponse',
  'expired-page': 'page',
  'stale-version': 'version',
  'rate-limited': 'trop-d-avis',
  conflict: 'deja',
}

/** Maps the outcome to a redirect (plain form posts: works without JavaScript) or to JSON. */
export function firstAnswerResponse(
  outcome: FirstAnswerOutcome,
  context: { placementId: string; mode: FormMode; origin: string | null; wantsJson: boolean },
): IngestResponse {
  const base = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' }
  const origine = context.origin ? normaliseOrigin(context.origin) : null
  const placementId = isUuid(context.placementId) ? context.placementId : '00000000-0000-0000-0000-000000000000'
  if (context.wantsJson) {
    const json = (status: number, body: Record<string, unknown>, extra: Record<string, string> = {}): IngestResponse => ({
      status,
      headers: { ...base, 'Content-Type': 'application/json; charset=utf-8', ...extra },
      body: JSON.stringify(body),
    })
    switch (outcome.kind) {
      case 'recorded':
        return json(201, { avis: outcome.reviewId, jeton: outcome.token, suite: withQuery(`/avis/${placementId}/${outcome.reviewId}`, { jeton: outcome.token }) })
      case 'spam':
        return json(201, { message: 'Merci pour votre avis.' })
      case 'invalid':
        return json(400, { message: outcome.message, champ: 'satisfaction' })
      case 'expired-page':
        return json(400, { message: FIRST_ANSWER_MESSAGES['expired-page'] })
      case 'unknown-placement':
        return json(404, { message: FIRST_ANSWER_MESSAGES['unknown-placement'] })
      case 'stale-version':
        return json(409, { message: FIRST_ANSWER_MESSAGES['stale-version'] })
      case 'conflict':
        return json(409, { message: FIRST_ANSWER_MESSAGES.conflict })
      case 'rate-limited':
        return json(429, { message: rateLimitedMessage(outcome.retryAfter) }, { 'Retry-After': String(outcome.retryAfter) })
    }
  }
  const redirect = (location: string): IngestResponse => ({ status: 303, headers: { ...base, Location: location }, body: '' })
  const mode = context.mode
  switch (outcome.kind) {
    case 'recorded': {
      const path =
        mode === 'sourire'
          ? `/integration/sourire/${placementId}/${outcome.reviewId}`
          : `${mode === 'page' ? '' : '/integration'}/avis/${placementId}/${outcome.reviewId}`
      return redirect(withQuery(path, { jeton: outcome.token, origine }))
    }
    case 'spam':
      return redirect(withQuery(`${mode === 'page' ? '' : '/integration'}/avis/${placementId}/merci`, { origine }))
    case 'unknown-placement':
      return redirect(formPath(mode, placementId))
    case 'rate-limited':
      return redirect(withQuery(formPath(mode, placementId), { erreur: ERROR_CODES['rate-limited'], attente: String(outcome.retryAfter), origine }))
    default:
      return redirect(withQuery(formPath(mode, placementId), { erreur: ERROR_CODES[outcome.kind], origine }))
  }
}

export function wantsJson(accept: string | null | undefined): boolean {
  return Boolean(accept && accept.includes('application/json') && !accept.includes('text/html'))
}

/** The client address as Express computes it with `trust proxy` set to a hop count. */
export function clientIp(remoteAddress: string | undefined, forwardedFor: string | undefined, trustProxy: number): string {
  const chain = [remoteAddress ?? 'inconnue', ...(forwardedFor ? forwardedFor.split(',').map((part) => part.trim()).filter(Boolean).reverse() : [])]
  return chain[Math.min(trustProxy, chain.length - 1)]!
}

/**
 * `hashIp` (app/utils/crypto.server.ts) with the day's key computed once a day instead of once a
 * request: same output, one HMAC less per review.
 */
export function dailyIpHasher(secret: string): (ip: string, at: Date) => string {
  let day = ''
  let key = ''
  return (ip, at) => {
    const today = at.toISOString().slice(0, 10)
    if (today !== day) {
      day = today
      key = hmac(secret, `ip-salt:${today}`)
    }
    return createHmac('sha256', key).update(ip).digest('hex').slice(0, 32)
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return ''
  }
}

/** How long a visitor waits for the database before a 503 (the app's own connect timeout is 5 s). */
const INGEST_PATIENCE_MS = 6_000

/**
 * Where the fast path runs its statements. On PostgreSQL: a small pool of its own, with prepared
 * statements and the server's synchronous commit (an acknowledged review is on disk; decision 021).
 * It fails fast when the server is down (503 with a delay, never a hang). On PGlite: the app's Kysely
 * (one connection: one batch at a time).
 */
export function ingestExecutor(dbHandle: DbHandle, poolSize = 10): { execute: StatementExecutor; close: () => Promise<void> } {
  if (dbHandle.driver !== 'postgres' || !dbHandle.url) return { execute: kyselyExecutor(dbHandle.db), close: async () => {} }
  const pool = postgres(dbHandle.url, {
    max: poolSize,
    onnotice: () => {},
    connection: { application_name: 'aic-ingest', TimeZone: 'UTC' },
    // As the app's pool (db/client.ts): without it a request waits up to 30 s for a connection
    // while PostgreSQL restarts (found by tests/faults/database-restart.test.ts).
    connect_timeout: 5,
    types: { numberish: { to: 1700, from: [20, 1700], parse: Number, serialize: String } },
  })
  return {
    execute: async (text, parameters) => (await pool.unsafe(text, parameters as never[], { prepare: true })) as never,
    close: () => pool.end({ timeout: 5 }),
  }
}

/**
 * A node:http handler for the ingest endpoint, placed before Express: it skips the page
 * middleware (CSP nonce, compression, session lookup, HTML rendering) that this POST does not need.
 * `handle` returns false for any other request.
 */
export function createIngestHandler(
  services: { dbHandle: DbHandle; env: { SESSION_SECRET: string; TRUST_PROXY: number; DATABASE_POOL_SIZE?: number } },
  batchOptions: Partial<BatchOptions> = {},
) {
  const executor = ingestExecutor(services.dbHandle, services.env.DATABASE_POOL_SIZE ?? 10)
  // Answers that arrive together share one statement and one commit (decision 090): one batch at a
  // time, the next one fills while it commits. The pool's other connections serve the retries of a
  // refused batch, answer by answer.
  const batcher = createFirstAnswerBatcher(executor.execute, batchOptions)
  const hashIp = dailyIpHasher(services.env.SESSION_SECRET)
  function handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST' || !req.url) return false
    const queryIndex = req.url.indexOf('?')
    const path = queryIndex === -1 ? req.url : req.url.slice(0, queryIndex)
    const match = INGEST_PATH.exec(path)
    if (!match) return false
    // server.ts refuses malformed percent-encodings before this handler; a placement id is a UUID,
    // so what cannot be decoded is simply an unknown placement.
    const placementId = safeDecode(match[1]!)
    const send = (response: IngestResponse) => {
      if (res.headersSent) return
      res.writeHead(response.status, response.headers)
      res.end(response.body)
    }
    const plain = (status: number, message: string, extra: Record<string, string> = {}) =>
      send({
        status,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...extra },
        body: message,
      })
    const contentType = req.headers['content-type'] ?? ''
    if (!contentType.startsWith('application/x-www-form-urlencoded')) {
      req.resume()
      plain(415, 'Envoyez le formulaire tel que la page le propose (format application/x-www-form-urlencoded).')
      return true
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      req.resume()
      plain(413, 'Requête trop volumineuse.', { Connection: 'close' })
      return true
    }
    const chunks: Buffer[] = []
    let size = 0
    let aborted = false
    req.on('data', (chunk: Buffer) => {
      if (aborted) return
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        // The rest is read and dropped, then the connection closes (lingerAfterAnswer, server.ts).
        aborted = true
        chunks.length = 0
          plain(413, 'Requête trop volumineuse.', { Connection: 'close' })
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (aborted) return
      try {
        record()
      } catch (error) {
        logger.error({ err: error }, 'enregistrement d’un avis impossible')
        plain(500, 'Erreur inattendue. Merci de réessayer dans quelques instants.')
      }
    })
    const record = () => {
      const fields = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
      const at = now()
      const ip = clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'] as string | undefined, services.env.TRUST_PROXY)
      // A query caught by a PostgreSQL restart can stay pending in the driver: after a few
      // seconds the visitor gets a 503 with a delay instead of waiting (the review, if it lands
      // later, is simply not acknowledged; a retry brings a fresh answer).
      const unavailable = () =>
        plain(503, 'Le service est momentanément indisponible. Merci de réessayer dans quelques instants.', { 'Retry-After': '5' })
      const patience = setTimeout(unavailable, INGEST_PATIENCE_MS)
      submitFirstAnswer(batcher, services.env.SESSION_SECRET, { placementId, fields, ipHash: hashIp(ip, at), at })
        .finally(() => clearTimeout(patience))
        .then((outcome) =>
          send(
            firstAnswerResponse(outcome, {
              placementId,
              mode: formMode(fields.get('retour')),
              origin: fields.get('origine'),
              wantsJson: wantsJson(req.headers.accept),
            }),
          ),
        )
        .catch((error: unknown) => {
          if (!(error instanceof IngestOverloadedError)) logger.error({ err: error }, 'enregistrement d’un avis impossible')
          unavailable()
        })
    }
    return true
  }
  return {
    handle,
    /** Batches written so far, and answers refused under a flood (tests, logs). */
    stats: batcher.stats,
    close: async () => {
      await batcher.drain()
      await executor.close()
    },
  }
}

// The HTTP server: Express in front of the Remix request handler, with security headers,
// compression, static assets, a request id on every log line, /healthz and graceful shutdown.
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type ServerResponse } from 'node:http'
import { statSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { broadcastDevReady, createRequestHandler, installGlobals, type AppLoadContext, type ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type NextFunction, type Request, type Response } from 'express'
import helmet from 'helmet'
import { sql } from 'kysely'
import { closeServices, createRequestContext, createServices } from '#app/context.server.ts'
import { createIngestHandler } from '#app/feedback/ingest.server.ts'
import { EDGE_MESSAGES, EMBED_PATH_PREFIX, bodyLimitFor, isBodyTooLarge, isForeignOrigin, malformedTarget } from '#app/utils/http.server.ts'
import { createRemixRequest, sendRemixResponse } from '#app/utils/remix-request.server.ts'
import { loadEnv } from '#app/utils/env.server.ts'
import { logScope, logger } from '#app/utils/logger.server.ts'
import { seedDemoIfEmpty } from '#db/seed.ts'

installGlobals({ nativeFetch: true })

const env = loadEnv()
const isProduction = env.NODE_ENV === 'production'
const BUILD_PATH = path.resolve('build/index.js')

const startedAt = Date.now()
const services = await createServices(env, { migrate: true, startJobs: true })
if (env.DEMO_MODE) await seedDemoIfEmpty(services.db, { appUrl: env.APP_URL, print: true })

async function loadBuild(): Promise<ServerBuild> {
  // In development the build changes on disk: import it again when it does.
  const version = isProduction ? '' : `?v=${statSync(BUILD_PATH).mtimeMs}`
  return (await import(pathToFileURL(BUILD_PATH).href + version)) as ServerBuild
}

const app = express()
app.disable('x-powered-by')
app.set('trust proxy', env.TRUST_PROXY)

// Each page request is logged with its request id (set by the server below) and its query count.
app.use((req: Request, res: Response, next: NextFunction) => {
  const scope = logScope.getStore() ?? { requestId: randomUUID(), queries: 0 }
  const requestId = scope.requestId
  res.locals.requestId = requestId
  res.locals.cspNonce = randomBytes(16).toString('base64')
  const started = process.hrtime.bigint()
  res.on('finish', () => {
    // The query string is left out of the log on purpose: it may carry sign-in tokens.
    logger.info(
      {
        requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        queries: scope.queries,
      },
      'requête',
    )
  })
  next()
})

const nonceSource = (_req: unknown, res: unknown) => `'nonce-${(res as Response).locals.cspNonce}'`
const secureHeaders = (embeddable: boolean) =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", nonceSource],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: isProduction ? ["'self'"] : ["'self'", 'ws:'],
        formAction: ["'self'", ...(env.PROCONNECT_ISSUER ? [new URL(env.PROCONNECT_ISSUER).origin] : [])],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Embeddable pages set their own frame-ancestors from the placement's allowed domains.
        ...(embeddable ? {} : { frameAncestors: ["'self'"] }),
        ...(env.APP_URL.startsWith('https://') ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    xFrameOptions: embeddable ? false : { action: 'sameorigin' },
    strictTransportSecurity: isProduction ? { maxAge: 63072000, includeSubDomains: true } : false,
    // Not helmet's `no-referrer`: with it Chromium sends `Origin: null` on form posts and
    // Remix refuses them (STACK.md).
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: embeddable ? { policy: 'cross-origin' } : { policy: 'same-origin' },
  })
const pageHeaders = secureHeaders(false)
const embedHeaders = secureHeaders(true)
app.use((req, res, next) => (req.path.startsWith(EMBED_PATH_PREFIX) ? embedHeaders : pageHeaders)(req, res, next))

app.use(compression())

app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }))
app.use('/dsfr', express.static('public/dsfr', { maxAge: '7d' }))
// Other public files all have an extension: pages skip the file-system lookup.
const publicFiles = express.static('public', { maxAge: '1h' })
app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()))

app.get('/healthz', async (_req, res) => {
  try {
    await sql`select 1`.execute(services.db)
    res.set('Cache-Control', 'no-store').json({ status: 'ok', database: services.dbHandle.driver })
  } catch (error) {
    logger.error({ err: error }, 'healthz : base de données injoignable')
    res.status(503).set('Retry-After', '5').json({ status: 'error', database: 'injoignable' })
  }
})

// A body that declares its size is refused before it is read; one that does not (chunked) is
// counted while Remix reads it (app/utils/remix-request.server.ts).
app.use((req, res, next) => {
  const length = Number(req.get('content-length') ?? 0)
  if (length > bodyLimitFor(req.path, req.get('content-type') ?? '')) {
    res.status(413).set('Connection', 'close').type('text/plain; charset=utf-8').send(EDGE_MESSAGES.tooLarge)
    return
  }
  next()
})

const handleRemixRequest = createRequestHandler(isProduction ? await loadBuild() : loadBuild, env.NODE_ENV)
app.all('*', async (req, res, next) => {
  try {
    const request = createRemixRequest(req, res)
    const { context, setCookies } = await createRequestContext(services, {
      requestId: res.locals.requestId as string,
      cspNonce: res.locals.cspNonce as string,
      ip: req.ip ?? req.socket.remoteAddress ?? 'inconnue',
      cookieHeader: req.get('cookie') ?? null,
    })
    for (const cookie of setCookies) res.append('Set-Cookie', cookie)
    await sendRemixResponse(res, await handleRemixRequest(request, context as AppLoadContext))
  } catch (error) {
    next(error)
  }
})

// Last resort (errors outside Remix, e.g. database down while validating the session).
app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
  if (isBodyTooLarge(error)) {
    if (!res.headersSent) res.status(413).set('Connection', 'close').type('text/plain; charset=utf-8').send(EDGE_MESSAGES.tooLarge)
    return
  }
  logger.error({ err: error }, 'erreur hors Remix')
  if (res.headersSent) return
  res
    .status(503)
    .set('Retry-After', '10')
    .type('text/plain; charset=utf-8')
    .send('Le service est momentanément indisponible. Merci de réessayer dans quelques instants.')
})

/** An answer given before any route: plain French text, never cached, never sniffed. */
function answerAtTheDoor(res: ServerResponse, status: number, message: string) {
  if (res.headersSent) return
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', Connection: 'close' })
  res.end(message)
}

// Every request: its id (from a trusted proxy when well-formed, otherwise generated), then the
// checks that hold for every route (app/utils/http.server.ts), then the review ingest endpoint,
// which answers before Express (the high-volume POST of the feedback widget, decision 021), then
// the pages. A handler that throws answers a 500 and the process goes on.
const ingest = createIngestHandler(services)
const server = createServer((req, res) => {
  const incoming = req.headers['x-request-id']
  const requestId = typeof incoming === 'string' && /^[\w.-]{8,64}$/.test(incoming) ? incoming : randomUUID()
  res.setHeader('X-Request-Id', requestId)
  logScope.run({ requestId, queries: 0 }, () => {
    try {
      const refusal = malformedTarget(req.url ?? '/')
      if (refusal) {
        req.resume()
        return answerAtTheDoor(res, 400, EDGE_MESSAGES[refusal])
      }
      if (ingest.handle(req, res)) return
      if (isForeignOrigin(req.method ?? 'GET', req.headers)) {
        req.resume()
        return answerAtTheDoor(res, 403, EDGE_MESSAGES.foreignOrigin)
      }
      app(req, res)
    } catch (error) {
      logger.error({ err: error }, 'requête : erreur inattendue')
      answerAtTheDoor(res, 500, 'Erreur inattendue. Merci de réessayer dans quelques instants.')
    }
  })
})
server.listen(env.PORT, env.HOST, async () => {
  const ms = Date.now() - startedAt
  logger.info({ port: env.PORT, ms, database: services.dbHandle.driver, jobs: services.jobs.kind }, 'serveur prêt')
  if (env.DEMO_MODE) console.log(`\n  Accélérateur d’initiatives citoyennes : ${env.APP_URL}  (prêt en ${(ms / 1000).toFixed(1)} s)\n`)
  if (!isProduction) broadcastDevReady(await loadBuild())
})

let shuttingDown = false
async function shutdown(signal: string, exitCode = 0) {
  if (shuttingDown) return
  shuttingDown = true
  logger.info({ signal }, 'arrêt demandé : fin des requêtes en cours')
  const force = setTimeout(() => server.closeAllConnections(), 10_000)
  force.unref()
  server.close(async () => {
    // Closing the pools must not hang the stop (seen once: postgres.js `end()` never resolving
    // after a load test): after 8 s the process exits anyway; PostgreSQL drops the sockets.
    const closed = (async () => {
      await ingest.close().catch((error) => logger.error({ err: error }, 'fermeture'))
      await closeServices(services).catch((error) => logger.error({ err: error }, 'fermeture'))
      return true
    })()
    const done = await Promise.race([closed, new Promise<false>((resolve) => setTimeout(() => resolve(false), 8_000))])
    logger.info({ complete: done }, done ? 'arrêt terminé' : 'arrêt terminé sans attendre la fermeture des connexions')
    process.exit(exitCode)
  })
  server.closeIdleConnections()
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))

// The last line of defence (decision 087). A request's error is answered where it happens (above,
// in Express's error handler, in Remix's boundaries); what escapes all of them is a bug.
// - A rejected promise nobody awaited: logged with the request id of its context; the process
//   goes on (the other requests' state is intact).
// - An exception thrown outside any handler: the process may be in a state nobody planned, so it
//   is logged with its request id, then the server stops accepting, finishes the requests in
//   flight and exits with code 1 for its supervisor to start it again (README « En production »).
process.on('unhandledRejection', (reason) => {
  logger.error({ err: reason }, 'promesse rejetée sans traitement')
})
process.on('uncaughtException', (error, origin) => {
  logger.fatal({ err: error, origin }, 'erreur non rattrapée : arrêt ordonné du processus')
  void shutdown('uncaughtException', 1)
})

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
import { EDGE_MESSAGES, EMBED_PATH_PREFIX, bodyLimitFor, isBodyTooLarge, isForeignOrigin, KEEP_ALIVE_MS, lingerAfterAnswer, malformedTarget } from '#app/utils/http.server.ts'
import { createRemixRequest, sendRemixResponse } from '#app/utils/remix-request.server.ts'
import { SCRIPT_HASHES_HEADER, contentSecurityPolicy } from '#app/utils/csp.server.ts'
import { loadEnv } from '#app/utils/env.server.ts'
import { logScope, logger } from '#app/utils/logger.server.ts'
import { seedDemoIfEmpty } from '#db/seed.ts'

installGlobals({ nativeFetch: true })

const env = loadEnv()
const isProduction = env.NODE_ENV === 'production'
const BUILD_PATH = path.resolve('build/index.js')

const startedAt = Date.now()
const services = await createServices(env, { migrate: true })
// The demo is seeded before the jobs start: the seed sets the clock to past days while it drives the
// domain (db/seeds/domain.ts), and no job may run on that clock.
if (env.DEMO_MODE) await seedDemoIfEmpty(services.db, { appUrl: env.APP_URL, print: true })
if (env.JOBS_ENABLED) await services.jobs.start()

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

// The CSP is ours (app/utils/csp.server.ts), not helmet's: public pages a cache may keep replace
// the nonce with the hashes of their inline scripts (app/entry.server.tsx, decision 091).
const secureHeaders = (embeddable: boolean) => {
  const headers = helmet({
    contentSecurityPolicy: false,
    xFrameOptions: embeddable ? false : { action: 'sameorigin' },
    strictTransportSecurity: isProduction ? { maxAge: 63072000, includeSubDomains: true } : false,
    // Not helmet's `no-referrer`: with it Chromium sends `Origin: null` on form posts and
    // Remix refuses them (STACK.md).
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: embeddable ? { policy: 'cross-origin' } : { policy: 'same-origin' },
  })
  return (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(env, { scriptSources: [`'nonce-${res.locals.cspNonce as string}'`], embeddable }))
    headers(req, res, next)
  }
}
const pageHeaders = secureHeaders(false)
const embedHeaders = secureHeaders(true)
app.use((req, res, next) => (req.path.startsWith(EMBED_PATH_PREFIX) ? embedHeaders : pageHeaders)(req, res, next))

app.use(compression())

app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }))
app.use('/dsfr', express.static('public/dsfr', { maxAge: '7d' }))
// Other public files all have an extension: pages skip the file-system lookup.
const publicFiles = express.static('public', { maxAge: '1h' })
app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()))

/** An async Express handler: its rejection goes to the error handler below (Express 4 would drop it). */
function asyncHandler(handler: (req: Request, res: Response, next: NextFunction) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res, next).catch(next)
  }
}

app.get('/healthz', asyncHandler(async (_req, res) => {
  try {
    await sql`select 1`.execute(services.db)
    res.set('Cache-Control', 'no-store').json({ status: 'ok', database: services.dbHandle.driver })
  } catch (error) {
    logger.error({ err: error }, 'healthz : base de données injoignable')
    res.status(503).set('Retry-After', '5').json({ status: 'error', database: 'injoignable' })
  }
}))

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
app.all('*', asyncHandler(async (req, res, next) => {
  try {
    const request = createRemixRequest(req, res)
    const { context, setCookies } = await createRequestContext(services, {
      requestId: res.locals.requestId as string,
      cspNonce: res.locals.cspNonce as string,
      ip: req.ip ?? req.socket.remoteAddress ?? 'inconnue',
      cookieHeader: req.get('cookie') ?? null,
    })
    for (const cookie of setCookies) res.append('Set-Cookie', cookie)
    const response = await handleRemixRequest(request, context as AppLoadContext)
    // A public page a cache may keep names the hashes of its inline scripts: they replace the nonce.
    const scriptHashes = response.headers.get(SCRIPT_HASHES_HEADER)
    if (scriptHashes !== null) {
      response.headers.delete(SCRIPT_HASHES_HEADER)
      res.setHeader('Content-Security-Policy', contentSecurityPolicy(env, { scriptSources: scriptHashes.split(' ').filter(Boolean), embeddable: req.path.startsWith(EMBED_PATH_PREFIX) }))
    }
    await sendRemixResponse(res, response)
  } catch (error) {
    next(error)
  }
}))

// Last resort (errors outside Remix, e.g. database down while validating the session).
app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
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
// Every answer given before its request's body was all read (a 413, a redirection of a form
// posted signed out, a 404) reaches the client: see lingerAfterAnswer.
server.on('connection', lingerAfterAnswer)
// An idle kept-alive connection is closed by the client or the proxy in front, never by us first:
// closing it while a request is on its way resets that request (« ECONNRESET » seen by the
// visitors of tests/faults/database-mixed-traffic.test.ts on a loaded machine). 65 s: longer than
// the idle timeouts of the usual proxies (nginx 60 s upstream, cloud load balancers 60 s).
server.keepAliveTimeout = KEEP_ALIVE_MS
server.headersTimeout = KEEP_ALIVE_MS + 1_000
server.listen(env.PORT, env.HOST, () => {
  const ms = Date.now() - startedAt
  logger.info({ port: env.PORT, ms, database: services.dbHandle.driver, jobs: services.jobs.kind }, 'serveur prêt')
  if (env.DEMO_MODE) console.log(`\n  Accélérateur d’initiatives citoyennes : ${env.APP_URL}  (prêt en ${(ms / 1000).toFixed(1)} s)\n`)
  if (!isProduction) void loadBuild().then(broadcastDevReady)
})

let shuttingDown = false
async function shutdown(signal: string, exitCode = 0) {
  if (shuttingDown) return
  shuttingDown = true
  logger.info({ signal }, 'arrêt demandé : fin des requêtes en cours')
  const force = setTimeout(() => server.closeAllConnections(), 10_000)
  force.unref()
  server.close(() => void finish())
  async function finish() {
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
  }
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

import { Writable } from 'node:stream'
import { type AppLoadContext, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { NonceProvider } from '#app/utils/nonce-provider.ts'
import { logger } from '#app/utils/logger.server.ts'
import '#app/utils/zod-fr.ts'

const ABORT_DELAY = 5_000

/**
 * Renders the whole document, then sends it in one piece. No page streams (no `defer`, no
 * Suspense), and streaming sent a 50 KB page as some twenty 2 KB writes: one system call each,
 * the largest cost left on a data page (docs/decisions/080). One piece also compresses better.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce
  return new Promise((resolve, reject) => {
    let failed = false
    let recoveredError: unknown
    const chunks: Buffer[] = []
    const document = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk)
        callback()
      },
      final(callback) {
        clearTimeout(timeout)
        responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
        setCacheControl(responseHeaders, loadContext)
        resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }))
        callback()
      },
    })
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          if (failed) return
          // An error React recovered from (inside a Suspense boundary); shell errors go to Remix.
          if (recoveredError) logger.error({ err: recoveredError }, 'erreur de rendu')
          pipe(document)
        },
        onShellError(error: unknown) {
          failed = true
          clearTimeout(timeout)
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          recoveredError = error
        },
      },
    )
    const timeout = setTimeout(abort, ABORT_DELAY)
  })
}

/**
 * A signed-in person's pages (and anything shown once, like a new API key) must not be kept by the
 * browser or a proxy: `no-store` keeps them off the disk cache and out of « back » after sign-out
 * on a shared computer. `private, no-cache` (revalidate each time) is enough for public pages.
 * Headers a route set itself are kept, except that nothing of a signed-in person is cacheable.
 */
export function setCacheControl(headers: Headers, loadContext: Pick<AppLoadContext, 'user'>): void {
  if (loadContext.user) headers.set('Cache-Control', 'no-store')
  else if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'private, no-cache')
}

/** Loader and action data fetched by the browser (client navigation) follow the same rule. */
export function handleDataRequest(response: Response, { context }: { context: AppLoadContext }): Response {
  setCacheControl(response.headers, context)
  return response
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  logger.error({ err: error, path: new URL(request.url).pathname }, 'erreur serveur')
}

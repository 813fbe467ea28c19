import { Writable } from 'node:stream'
import { type AppLoadContext, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { SCRIPT_HASHES_HEADER, scriptHashSources } from '#app/utils/csp.server.ts'
import { NonceProvider } from '#app/utils/nonce-provider.ts'
import { logger } from '#app/utils/logger.server.ts'
import { isPublicDocument, publicDocumentResponse, withoutFormSecrets } from '#app/utils/public-cache.server.ts'
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
  // A public page (no form, anonymous GET): no per-request secret in its HTML, so caches may keep it.
  const publicDocument = isPublicDocument(request, responseStatusCode, remixContext, loadContext)
  if (publicDocument) withoutFormSecrets(remixContext)
  const nonce = publicDocument ? undefined : loadContext.cspNonce
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
        const body = Buffer.concat(chunks)
        if (publicDocument && responseStatusCode === 200) {
          const { PUBLIC_CACHE_MAX_AGE: maxAge, PUBLIC_CACHE_STALE_WHILE_REVALIDATE: staleWhileRevalidate } = loadContext.env
          resolve(publicDocumentResponse(request, body, responseStatusCode, responseHeaders, { maxAge, staleWhileRevalidate }))
        } else {
          setCacheControl(responseHeaders, loadContext)
          // Rendered without a nonce but failed while rendering: its scripts still need their hashes.
          if (publicDocument) responseHeaders.set(SCRIPT_HASHES_HEADER, scriptHashSources(body.toString('utf8')).join(' '))
          resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }))
        }
        callback()
      },
    })
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce ?? ''}>
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
 * on a shared computer. Anonymous pages that are not public documents (they show a form, so a CSRF
 * token and honeypot fields) are `no-store` too; the public pages a CDN may keep answer `public`
 * (app/utils/public-cache.server.ts, decision 091). Headers a route set itself are kept, except
 * that nothing of a signed-in person is cacheable.
 */
export function setCacheControl(headers: Headers, loadContext: Pick<AppLoadContext, 'user'>): void {
  if (loadContext.user) headers.set('Cache-Control', 'no-store')
  else if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store')
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

// Express → Remix: the request of @remix-run/express's `createRemixRequest`, with a body that is
// counted while it streams (issue 16 #5). The adapter's own version hands the raw socket stream to
// Remix, so a chunked body of any size was read whole by `request.formData()` before any check.
import { createReadableStreamFromReadable } from '@remix-run/node'
// Not in the package's index, but exported by the module that the index re-exports.
import { createRemixHeaders } from '@remix-run/express/dist/server.js'
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express'
import { bodyLimitFor, byteLimit } from './http.server.ts'

export { sendRemixResponse } from '@remix-run/express/dist/server.js'

export function createRemixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // As the adapter: the host from `req.hostname` (it follows `trust proxy`), the port from the
  // forwarded host or the Host header, the path from `req.originalUrl`.
  const portOf = (header: string | undefined) => Number.parseInt(header?.split(':')[1] ?? '', 10)
  const forwardedPort = portOf(req.get('X-Forwarded-Host'))
  const hostPort = portOf(req.get('host'))
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : ''
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`)

  // Actions and loaders are aborted when the response can no longer be written.
  let controller: AbortController | null = new AbortController()
  res.on('finish', () => (controller = null))
  res.on('close', () => controller?.abort())
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers: createRemixHeaders(req.headers), signal: controller.signal }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const limited = byteLimit(bodyLimitFor(req.path, req.get('content-type') ?? ''))
    // Past the limit the counter fails and is unpiped: the rest of the body is read and dropped
    // (memory stays flat) and the connection closes once the 413 has gone out.
    limited.once('error', () => {
      res.setHeader('Connection', 'close')
      req.resume()
    })
    init.body = createReadableStreamFromReadable(req.pipe(limited))
    init.duplex = 'half'
  }
  return new Request(url.href, init)
}

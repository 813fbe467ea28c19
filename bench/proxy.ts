// A small round-robin HTTP proxy for the scale-out measure: PROXY_PORT, TARGETS=port1,port2.
import http from 'node:http'

const targets = (process.env.TARGETS ?? '').split(',').map(Number).filter(Boolean)
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })
let next = 0

function forward(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, retried: boolean) {
  const port = targets[next++ % targets.length]
  const upstream = http.request(
    // As a load balancer in front of many visitors: the client address in X-Forwarded-For (the
    // ingest measure sends one per simulated visitor; the apps run with TRUST_PROXY=1).
    { host: '127.0.0.1', port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': req.headers['x-forwarded-for'] ?? req.socket.remoteAddress ?? '127.0.0.1' }, agent },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    },
  )
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    // A kept-alive connection the app closed just as it was reused: nothing reached the app, send
    // again once (Node's documented pattern, `reusedSocket`).
    if (!retried && upstream.reusedSocket && error.code === 'ECONNRESET') forward(req, res, body, true)
    else if (!res.headersSent) res.writeHead(502).end()
  })
  upstream.end(body)
}

const server = http.createServer((req, res) => {
  if (req.url === '/proxy-healthz') {
    res.end('ok')
    return
  }
  // Bodies are small (forms): read whole, so a request can be sent again.
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => forward(req, res, Buffer.concat(chunks), false))
})
server.keepAliveTimeout = 30_000
server.listen(Number(process.env.PROXY_PORT ?? 3950), '127.0.0.1')
process.on('SIGTERM', () => server.close(() => process.exit(0)))

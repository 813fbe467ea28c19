// A small round-robin HTTP proxy for the scale-out measure: PROXY_PORT, TARGETS=port1,port2.
import http from 'node:http'

const targets = (process.env.TARGETS ?? '').split(',').map(Number).filter(Boolean)
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })
let next = 0

const server = http.createServer((req, res) => {
  if (req.url === '/proxy-healthz') {
    res.end('ok')
    return
  }
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
  upstream.on('error', () => {
    res.writeHead(502).end()
  })
  req.pipe(upstream)
})
server.keepAliveTimeout = 30_000
server.listen(Number(process.env.PROXY_PORT ?? 3950), '127.0.0.1')
process.on('SIGTERM', () => server.close(() => process.exit(0)))

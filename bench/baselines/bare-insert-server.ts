// Runtime ceiling: the smallest Node server that inserts one row per request with postgres.js.
// Usage: DATABASE_URL=… PORT=… tsx bench/baselines/bare-insert-server.ts
import http from 'node:http'
import postgres from 'postgres'

const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} })
await sql`CREATE TABLE IF NOT EXISTS bench_bare (id bigserial PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.end('ok')
    return
  }
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', async () => {
    try {
      await sql`INSERT INTO bench_bare (payload) VALUES (${sql.json(JSON.parse(body || '{}'))})`
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"ok":true}')
    } catch {
      res.writeHead(500).end()
    }
  })
})
server.listen(Number(process.env.PORT ?? 3900), '127.0.0.1')
process.on('SIGTERM', () => server.close(() => sql.end().then(() => process.exit(0))))

// The reference of the ingest benchmark: a bare node:http server that parses the same form body
// and inserts one row with postgres.js, then redirects. Nothing else (no validation, no rate limit).
import http from 'node:http'
import postgres from 'postgres'

const sql = postgres(process.env.DATABASE_URL!, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {} })
await sql`CREATE TABLE IF NOT EXISTS bare_reviews (id uuid PRIMARY KEY, placement_id uuid NOT NULL, satisfaction smallint NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.end('ok')
    return
  }
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    const fields = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
    const placementId = req.url!.split('/')[3]!
    const satisfaction = fields.get('satisfaction') === 'tres-bien' ? 2 : fields.get('satisfaction') === 'moyen' ? 1 : 0
    sql`INSERT INTO bare_reviews (id, placement_id, satisfaction) VALUES (${fields.get('avis')!}, ${placementId}, ${satisfaction})`
      .then(() => {
        res.writeHead(303, { Location: '/merci' })
        res.end()
      })
      .catch(() => {
        res.writeHead(500)
        res.end()
      })
  })
})
server.listen(Number(process.env.PORT), '127.0.0.1')
process.on('SIGTERM', () => server.close(() => void sql.end().then(() => process.exit(0))))

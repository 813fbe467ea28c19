// Pages baseline: the same data as the app's page, rendered with a bare React renderToString
// (no Remix, no Express, no DSFR components) by a node:http server. The app/baseline ratio is
// the cost of the framework, the design system markup and the security headers.
import http from 'node:http'
import { renderToString } from 'react-dom/server'
import { basePages } from './pages.tsx'

const server = http.createServer(async (req, res) => {
  if (req.url === '/healthz') {
    res.end('ok')
    return
  }
  const page = basePages.find((p) => p.path === req.url)
  if (!page) {
    res.writeHead(404).end()
    return
  }
  const data = await page.data()
  const html = '<!DOCTYPE html>' + renderToString(page.render(data))
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html)
})
server.listen(Number(process.env.PORT ?? 3910), '127.0.0.1')
process.on('SIGTERM', () => server.close(() => process.exit(0)))

// « Pages publiques derrière un cache » (issue 21, decision 091): the same public pages straight
// from the app and through a caching reverse proxy, nginx from Debian's packages
// (`apt-get install -y nginx-light`), configured as docs/security.md tells a CDN to be: the cache key
// is the URL, a request carrying the session cookie skips the cache, the app's Cache-Control
// (max-age, stale-while-revalidate) decides freshness, and the proxy revalidates with If-None-Match.
// Each path is measured with plain requests and with conditional ones (a returning browser sending
// the ETag it has): throughput, p95 and the share of 304 answers.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { QUICK, record, startProcess } from './lib.ts'

const APP_PORT = 3960
const PROXY_PORT = 3961
const NGINX = '/usr/sbin/nginx'

export function nginxConfig(dir: string, appPort: number, proxyPort: number): string {
  return `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=pages:10m max_size=100m inactive=10m use_temp_path=off;
  # A session cookie (signed in, or a stale one) never reads nor fills the cache.
  map $http_cookie $aic_session { default 0; "~(^|;)\\s*__Host-aic-session=" 1; }
  upstream app { server 127.0.0.1:${appPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${proxyPort};
    location = /proxy-healthz { return 200 ok; }
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_cache pages;
      proxy_cache_key $scheme$request_uri;
      proxy_cache_bypass $aic_session;
      proxy_no_cache $aic_session;
      proxy_cache_revalidate on;
      proxy_cache_lock on;
      proxy_cache_use_stale updating error timeout;
      proxy_cache_background_update on;
      add_header X-Cache $upstream_cache_status always;
    }
  }
}
`
}

async function startNginx(dir: string): Promise<ChildProcess> {
  const conf = path.join(dir, 'nginx.conf')
  writeFileSync(conf, nginxConfig(dir, APP_PORT, PROXY_PORT))
  const child = spawn(NGINX, ['-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] })
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx s’est arrêté (code ${child.exitCode})`)
    try {
      if ((await fetch(`http://127.0.0.1:${PROXY_PORT}/proxy-healthz`)).ok) return child
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  child.kill('SIGKILL')
  throw new Error('nginx ne répond pas')
}

interface Measure {
  rps: number
  p95: number
  share304: number
}

async function measure(base: string, requests: Array<{ path: string; headers?: Record<string, string> }>): Promise<Measure> {
  const options = { url: base, connections: 50, timeout: 10, requests: requests.map((request) => ({ method: 'GET' as const, ...request })) }
  await autocannon({ ...options, duration: 1 })
  const result = await autocannon({ ...options, duration: QUICK ? 5 : 15 })
  const answered = result['2xx'] + result['3xx']
  if (result.errors || result.timeouts || result['4xx'] || result['5xx']) {
    throw new Error(`${base} : ${result['4xx'] + result['5xx']} réponses en erreur, ${result.errors + result.timeouts} erreurs sur ${answered} requêtes`)
  }
  return { rps: result.requests.average, p95: result.latency.p97_5, share304: answered ? result['3xx'] / answered : 0 }
}

/** The section's body: `appEnv` is the environment run.ts gives every app process it starts. */
export async function benchPublicCache(appEnv: (port: number) => Record<string, string>): Promise<void> {
  if (!existsSync(NGINX)) {
    console.log('  nginx absent : mesure sautée (apt-get install -y nginx-light)')
    return
  }
  const app = await startProcess(['build/server.js'], appEnv(APP_PORT), `http://127.0.0.1:${APP_PORT}/healthz`)
  const dir = mkdtempSync(path.join(tmpdir(), 'aic-nginx-'))
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'cache']) mkdirSync(path.join(dir, sub))
  let nginx: ChildProcess | undefined
  try {
    const direct = `http://127.0.0.1:${APP_PORT}`
    const experiences = await (await fetch(`${direct}/experiences`)).text()
    const experience = /\/experiences\/[0-9a-f]{8}-[0-9a-f-]{27}/.exec(experiences)?.[0]
    const calls = await (await fetch(`${direct}/appels`)).text()
    const call = /\/appels\/edition-\d+/.exec(calls)?.[0]
    const paths = ['/', '/appels', ...(call ? [call] : []), '/experiences', ...(experience ? [experience] : []), '/experiences/donnees', '/api/documentation', '/mentions-legales']
    const conditional: Array<{ path: string; headers: Record<string, string> }> = []
    for (const page of paths) {
      const response = await fetch(`${direct}${page}`)
      await response.text()
      const etag = response.headers.get('etag')
      if (!response.headers.get('cache-control')?.startsWith('public') || !etag) throw new Error(`${page} : réponse non publique (${response.headers.get('cache-control')})`)
      conditional.push({ path: page, headers: { 'if-none-match': etag } })
    }
    const plain = paths.map((page) => ({ path: page }))
    nginx = await startNginx(dir)
    const proxied = `http://127.0.0.1:${PROXY_PORT}`
    const signedOutCheck = await fetch(`${proxied}/`, { headers: { cookie: '__Host-aic-session=inconnue' } })
    await signedOutCheck.text()
    if (signedOutCheck.headers.get('x-cache') !== 'BYPASS') throw new Error(`une requête avec cookie de session n’a pas contourné le cache (${signedOutCheck.headers.get('x-cache')})`)

    const label = `${paths.length} pages publiques, 50 connexions`
    const app1 = await measure(direct, plain)
    const app2 = await measure(direct, conditional)
    const proxy1 = await measure(proxied, plain)
    const proxy2 = await measure(proxied, conditional)
    record({ name: `${label}, sans cache`, value: app1.rps, unit: 'req/s' })
    record({ name: `${label}, sans cache, p95`, value: app1.p95, unit: 'ms' })
    record({ name: `${label}, sans cache, If-None-Match`, value: app2.rps, unit: 'req/s', ratio: { value: app2.rps / app1.rps, to: 'sans cache' } })
    record({ name: `${label}, sans cache, If-None-Match, p95`, value: app2.p95, unit: 'ms' })
    record({ name: `${label}, sans cache, If-None-Match, part de 304`, value: app2.share304 * 100, unit: '%' })
    record({ name: `${label}, derrière nginx`, value: proxy1.rps, unit: 'req/s', ratio: { value: proxy1.rps / app1.rps, to: 'sans cache' } })
    record({ name: `${label}, derrière nginx, p95`, value: proxy1.p95, unit: 'ms', ratio: { value: proxy1.p95 / app1.p95, to: 'sans cache' } })
    record({ name: `${label}, derrière nginx, If-None-Match`, value: proxy2.rps, unit: 'req/s', ratio: { value: proxy2.rps / app1.rps, to: 'sans cache' } })
    record({ name: `${label}, derrière nginx, If-None-Match, p95`, value: proxy2.p95, unit: 'ms' })
    record({ name: `${label}, derrière nginx, If-None-Match, part de 304`, value: proxy2.share304 * 100, unit: '%' })
  } finally {
    nginx?.kill('SIGTERM')
    if (nginx && nginx.exitCode === null) await new Promise((resolve) => nginx!.once('exit', resolve))
    await app.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

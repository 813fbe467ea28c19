// Protocol-level fuzzing (issue 16): what an external tester sends over raw HTTP, to every route
// of the Remix manifest and to the paths the server answers before Remix. The form fuzzing
// (tests/integration/fuzz) sends well-formed requests with odd values; this one sends odd
// requests: malformed percent-encodings in each dynamic segment, NUL and control bytes, over-long
// segments and headers, chunked and oversized bodies, foreign origins, line breaks in every
// query parameter the app reads. A route added tomorrow is probed without anyone listing it.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppProcess } from '#tests/helpers/app-process.ts'

const MB = 1024 * 1024

/** Every route pattern of the production build, parents' paths joined (`/services/:serviceId/avis`). */
async function routePatterns(): Promise<string[]> {
  const build = (await import(pathToFileURL(path.resolve('build/index.js')).href)) as { routes: Record<string, { path?: string; parentId?: string }> }
  const full = (id: string | undefined): string => {
    const route = id ? build.routes[id] : undefined
    if (!route) return ''
    const parent = full(route.parentId)
    return route.path ? `${parent.replace(/\/$/, '')}/${route.path}` : parent
  }
  const patterns = new Set(Object.keys(build.routes).map((id) => full(id) || '/'))
  // Answered before Remix: health check, static files (the feedback ingest is a manifest route).
  for (const extra of ['/healthz', '/build/:file', '/dsfr/:file']) patterns.add(extra)
  return [...patterns].sort()
}

/** The query parameters the app reads, found in its source: a new one is probed too. */
function queryParameterNames(): string[] {
  const names = new Set(['redirection', 'x'])
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry)
      if (statSync(file).isDirectory()) walk(file)
      else if (/\.tsx?$/.test(entry)) for (const m of readFileSync(file, 'utf8').matchAll(/searchParams\.get(?:All)?\(['"]([\w-]+)['"]\)/g)) names.add(m[1]!)
    }
  }
  walk(path.resolve('app'))
  return [...names].sort()
}

/** A concrete path for a pattern, each dynamic segment (and the splat) replaced by `value`. */
function fill(pattern: string, value: (name: string) => string): string {
  return pattern.replace(/:(\w+)\??/g, (_m, name: string) => value(name)).replace(/\*$/, value('*'))
}
const dynamic = (pattern: string) => /:\w|\*$/.test(pattern)

interface RawResponse {
  status: number
  headers: Map<string, string[]>
}

/** Sends bytes as they are (no client-side checks) and reads the status line and headers. */
function raw(port: number, head: string, body?: (socket: Socket) => Promise<void>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let received = Buffer.alloc(0)
    let done = false
    const timer = setTimeout(() => finish(new Error(`pas de réponse en 20 s : ${head.split('\r\n')[0]}`)), 20_000)
    const finish = (error: Error | null, response?: RawResponse) => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      if (error) reject(error)
      else resolve(response!)
    }
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk])
      const end = received.indexOf('\r\n\r\n')
      if (end === -1) return
      const [statusLine, ...lines] = received.subarray(0, end).toString('latin1').split('\r\n')
      const headers = new Map<string, string[]>()
      for (const line of lines) {
        const colon = line.indexOf(':')
        const name = line.slice(0, colon).trim().toLowerCase()
        headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()])
      }
      finish(null, { status: Number(statusLine!.split(' ')[1]), headers })
    })
    // The server may answer and close before the body is all sent: that is the point.
    socket.on('error', (error) => (received.length ? undefined : finish(error)))
    socket.on('close', () => finish(new Error(`connexion fermée sans réponse : ${head.split('\r\n')[0]}`)))
    socket.write(head)
    if (body) void body(socket).catch(() => {})
  })
}

/** A chunked body of `total` bytes, sent as fast as the server reads it. */
function chunked(total: number) {
  const frame = Buffer.concat([Buffer.from(`${(64 * 1024).toString(16)}\r\n`), Buffer.alloc(64 * 1024, 'a'), Buffer.from('\r\n')])
  return async (socket: Socket) => {
    for (let sent = 0; sent < total && !socket.destroyed; sent += 64 * 1024) {
      if (socket.write(frame)) continue
      await new Promise<void>((resolve) => {
        const go = () => {
          socket.off('drain', go)
          socket.off('close', go)
          resolve()
        }
        socket.on('drain', go)
        socket.on('close', go)
      })
    }
    if (!socket.destroyed) socket.write('0\r\n\r\n')
  }
}

function rssBytes(app: AppProcess): number {
  const status = readFileSync(`/proc/${app.child.pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024
}

/** Runs `tasks` with at most `width` in flight. */
async function inParallel<T>(tasks: Array<() => Promise<T>>, width = 6): Promise<T[]> {
  const results: T[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const index = next++
        results[index] = await tasks[index]!()
      }
    }),
  )
  return results
}

let app: AppProcess
let port: number
let dir: string
let patterns: string[]
let csrf: { cookie: string; token: string }

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'aic-protocol-'))
  app = await startApp({ DATABASE_URL: '', PGLITE_DIR: path.join(dir, 'pglite'), JOBS_ENABLED: 'false' })
  port = Number(new URL(app.url).port)
  patterns = await routePatterns()
  // A genuine CSRF token and its cookie, as a page of the site hands them out.
  const page = await fetch(`${app.url}/connexion`)
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const token = /name="csrf"[^>]*value="([^"]*)"/.exec(await page.text())![1]!
  csrf = { cookie, token }
}, 120_000)

afterAll(async () => {
  await app?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const host = () => `localhost:${port}`
const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n${extra}\r\n`
const isEmbedIngest = (pattern: string) => pattern === '/integration/avis/:placementId'

interface Probe {
  route: string
  probe: string
  status: number
  ok: boolean
  expected: string
}

describe('requêtes hors norme, sur chaque route', () => {
  it('aucune ne donne une erreur du serveur, chacune a la réponse attendue', async () => {
    const record = (route: string, probe: string, status: number, ok: boolean, expected: string): Probe => ({ route, probe, status, ok, expected })
    const params = queryParameterNames()
    const uuid = '00000000-0000-4000-8000-000000000000'
    const tasks: Array<() => Promise<Probe>> = []
    for (const pattern of patterns) {
      const plain = fill(pattern, () => (pattern.startsWith('/build') || pattern.startsWith('/dsfr') ? 'x.css' : uuid))
      // Malformed percent-encodings in each dynamic segment: a 400 before any route.
      if (dynamic(pattern)) {
        for (const bad of ['%ZZ', '%E0%A4%A', '%', 'a%00b', '%C0%AF']) {
          for (const method of ['GET', 'POST']) {
            tasks.push(async () => {
              const target = fill(pattern, () => bad)
              const { status } = await raw(port, `${method} ${target} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
              // `%C0%AF` (an overlong « / ») is refused by the decoder like the others.
              return record(pattern, `${method} segment ${bad}`, status, status === 400, '400')
            })
          }
        }
        // An over-long segment (valid): whatever the route says, not a 5xx.
        tasks.push(async () => {
          const { status } = await raw(port, get(fill(pattern, () => 'é'.repeat(2000).replace(/é/g, '%C3%A9'))))
          return record(pattern, 'segment de 12 000 caractères', status, status < 500, '< 500')
        })
      }
      // A control byte sent raw in the path: the HTTP parser refuses it.
      tasks.push(async () => {
        const { status } = await raw(port, get(`${plain}\u0001x`))
        return record(pattern, 'octet de contrôle brut', status, status === 400, '400')
      })
      // NUL in the query string: 400.
      tasks.push(async () => {
        const { status } = await raw(port, get(`${plain}?q=%00abc&page=%00`))
        return record(pattern, 'NUL dans la requête', status, status === 400, '400')
      })
      // Invalid UTF-8 and line breaks, tabs and backslashes in every parameter the app reads:
      // not a 5xx, no header injected, never a redirection to another site.
      for (const value of ['%FF%FE', '%0D%0AX-Injecte:%20oui', '/%09/evil.example', '/%5C%09evil.example', '%E2%80%AEfdp.exe']) {
        tasks.push(async () => {
          const query = params.map((name) => `${name}=${value}`).join('&')
          const response = await raw(port, get(`${plain}?${query}`))
          const location = response.headers.get('location')?.[0]
          const sameSite = !location || new URL(location, `http://${host()}`).host === host()
          const ok = response.status < 500 && !response.headers.has('x-injecte') && sameSite
          return record(pattern, `paramètres ${value}`, response.status, ok, '< 500, même site, aucun en-tête injecté')
        })
      }
      // An over-long header: Node answers 431.
      tasks.push(async () => {
        const { status } = await raw(port, get(plain, `X-Long: ${'a'.repeat(20_000)}\r\n`))
        return record(pattern, 'en-tête de 20 Ko', status, status === 431, '431')
      })
      // A chunked body over the 1 MB form limit: refused (413), or not read at all (a redirection
      // to the sign-in page, 404, 405): never processed, never a 5xx.
      tasks.push(async () => {
        const head = `POST ${plain} HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`
        const { status } = await raw(port, head, chunked(1.5 * MB))
        return record(pattern, 'corps découpé de 1,5 Mo', status, status >= 300 && status < 500, '3xx ou 4xx')
      })
      // A form with a valid token from a page of another site (or an opaque origin): 403, except
      // the feedback ingest, which is posted from the sites that embed it.
      for (const origin of ['https://evil.example', 'null']) {
        tasks.push(async () => {
          const body = new URLSearchParams({ csrf: csrf.token, email: 'personne@exemple.fr' }).toString()
          const head = `POST ${plain} HTTP/1.1\r\nHost: ${host()}\r\nOrigin: ${origin}\r\nCookie: ${csrf.cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
          const { status } = await raw(port, head)
          const ok = isEmbedIngest(pattern) ? status < 500 : status === 403
          return record(pattern, `origine ${origin}`, status, ok, isEmbedIngest(pattern) ? '< 500' : '403')
        })
      }
    }
    const probes = await inParallel(tasks)
    const failures = probes.filter((probe) => !probe.ok)
    console.info(`fuzzing protocolaire : ${patterns.length} routes, ${probes.length} requêtes`)
    expect(failures.map((f) => `${f.route} — ${f.probe} : ${f.status} (attendu ${f.expected})`)).toEqual([])
    expect(patterns.length).toBeGreaterThan(100)
    expect(app.child.exitCode).toBeNull()
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
  }, 300_000)
})

describe('connexions gardées ouvertes', () => {
  // Node closes an idle kept-alive connection after 5 s by default: a request sent on it at that
  // moment is reset (ECONNRESET). The client or the proxy in front must be the one that closes.
  it('le serveur annonce 65 s, plus que les proxys courants : ce sont eux qui ferment d’abord', async () => {
    for (const target of ['/healthz', '/', '/integration/avis/00000000-0000-4000-8000-000000000000']) {
      const response = await raw(port, `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\n\r\n`)
      expect(response.headers.get('keep-alive'), target).toEqual(['timeout=65'])
    }
  })
})

describe('mémoire bornée, quoi que la requête envoie', () => {
  it('un corps découpé de 150 Mo est refusé sans être gardé (413)', async () => {
    const before = rssBytes(app)
    const head = `POST /connexion HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`
    const { status } = await raw(port, head, chunked(150 * MB))
    const after = rssBytes(app)
    console.info(`corps de 150 Mo : mémoire du serveur ${Math.round(before / MB)} → ${Math.round(after / MB)} Mo`)
    expect(status).toBe(413)
    expect(after - before).toBeLessThan(60 * MB)
  })

  it('un envoi de fichiers découpé au-delà de 25 Mo est refusé (413), sans garder plus que la limite', async () => {
    const before = rssBytes(app)
    const head = `POST /connexion HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: multipart/form-data; boundary=limite\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`
    const { status } = await raw(port, head, chunked(40 * MB))
    const after = rssBytes(app)
    console.info(`envoi de 40 Mo : mémoire du serveur ${Math.round(before / MB)} → ${Math.round(after / MB)} Mo`)
    expect(status).toBe(413)
    expect(after - before).toBeLessThan(90 * MB)
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
  })
})

/**
 * Sends `head` and then the body without reading anything for `readAfterMs`: a client busy
 * uploading reads the answer late. Resolves with the status line it could read then, or the
 * socket error that took the answer away.
 */
function lateReader(head: string, body: (socket: Socket) => Promise<void>, readAfterMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.pause()
    socket.on('data', (chunk) => (received += chunk.toString('latin1')))
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(received.split('\r\n')[0] || `erreur ${error.code}`))
    socket.on('close', () => resolve(received.split('\r\n')[0] || 'fermée sans réponse'))
    socket.write(head)
    void body(socket).catch(() => {})
    setTimeout(() => socket.resume(), readAfterMs)
  })
}

/** `total` bytes of a declared-length body, sent as fast as the server reads them. */
function plainBytes(total: number) {
  const frame = Buffer.alloc(64 * 1024, 'a')
  return async (socket: Socket) => {
    for (let sent = 0; sent < total && !socket.destroyed; sent += frame.length) {
      if (!socket.write(frame)) await new Promise((resolve) => (socket.once('drain', resolve), socket.once('close', resolve)))
    }
  }
}

describe('un refus arrive au client, même quand il lit tard (fermeture différée)', () => {
  // Without the lingering close, the server closed with the client's bytes unread: the kernel
  // reset the connection and the client, still sending, lost the 413 (EPIPE / ECONNRESET).
  it('annoncé trop gros (Content-Length), sur une page et sur le point d’entrée des avis', async () => {
    for (const target of ['/connexion', '/integration/avis/00000000-0000-4000-8000-000000000000']) {
      const head = `POST ${target} HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${30 * MB}\r\nConnection: close\r\n\r\n`
      expect(await lateReader(head, plainBytes(8 * MB), 300), target).toMatch(/^HTTP\/1\.1 413/)
    }
  })

  it('découpé (chunked) au-delà de la limite, sur une page et sur le point d’entrée des avis', async () => {
    for (const target of ['/connexion', '/integration/avis/00000000-0000-4000-8000-000000000000']) {
      const head = `POST ${target} HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`
      expect(await lateReader(head, chunked(8 * MB), 300), target).toMatch(/^HTTP\/1\.1 413/)
    }
  })
})

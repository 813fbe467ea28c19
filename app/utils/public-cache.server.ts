// Public pages a cache (a CDN, a reverse proxy, the browser) may keep: the same HTML for every
// anonymous visitor, so nothing in it may be a per-request secret. Decision 091.
//
// A page opts in with `export const handle = { publicCache: true }` (only pages that show no form
// posting to us: a GET search form needs no CSRF token). Its document is answered publicly when the
// request is an anonymous GET (no session cookie at all: a CDN must then skip its cache, see
// docs/security.md) and the page rendered with status 200. Such a document:
// - carries no CSRF token, honeypot value or CSP nonce: the root loader's form secrets are taken
//   out of the data before rendering, its CSRF cookie is not sent, and the CSP names the hashes of
//   the inline scripts instead of a nonce (app/utils/csp.server.ts);
// - answers `Cache-Control: public, max-age, s-maxage, stale-while-revalidate`, `Vary: Cookie`, a
//   strong ETag (SHA-256 of the body) and `304` on a matching `If-None-Match`.
import { createHash } from 'node:crypto'
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { SESSION_COOKIE } from './session-cookie.ts'
import { SCRIPT_HASHES_HEADER, scriptHashSources } from './csp.server.ts'

export interface PublicCacheHandle {
  publicCache?: boolean
}

const SESSION_COOKIE_PATTERN = new RegExp(`(?:^|;)\\s*${SESSION_COOKIE.replace(/[-]/g, '\\-')}=`)

export function hasSessionCookie(request: Request): boolean {
  return SESSION_COOKIE_PATTERN.test(request.headers.get('cookie') ?? '')
}

/** Whether this document may be answered from (and kept by) a public cache. */
export function isPublicDocument(request: Request, statusCode: number, remixContext: EntryContext, loadContext: Pick<AppLoadContext, 'user'>): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  if (statusCode !== 200 || loadContext.user || hasSessionCookie(request)) return false
  const { matches, errors } = remixContext.staticHandlerContext
  if (errors) return false
  const leaf = matches.at(-1)
  if (!leaf) return false
  const handle = remixContext.routeModules[leaf.route.id]?.handle as PublicCacheHandle | undefined
  return handle?.publicCache === true
}

/**
 * Takes the root loader's CSRF token and honeypot fields out of the data the page renders and
 * sends to the browser (the client asks for them again before the next page: root.tsx's
 * shouldRevalidate). The handoff string is the escaped JSON Remix built; it is parsed and written
 * back with the same escaping.
 */
export function withoutFormSecrets(remixContext: EntryContext): void {
  const strip = (data: unknown) => (data && typeof data === 'object' ? { ...data, csrfToken: '', honeypot: undefined } : data)
  const loaderData = remixContext.staticHandlerContext.loaderData
  if (loaderData.root) loaderData.root = strip(loaderData.root)
  const handoff = JSON.parse(remixContext.serverHandoffString ?? '{}') as { state?: { loaderData?: Record<string, unknown> } }
  if (handoff.state?.loaderData?.root) handoff.state.loaderData.root = strip(handoff.state.loaderData.root)
  remixContext.serverHandoffString = escapeForScript(JSON.stringify(handoff))
}

// As @remix-run/server-runtime's escapeHtml (markup.js): the JSON sits inside a <script>.
const ESCAPES: Record<string, string> = { '&': '\\u0026', '>': '\\u003e', '<': '\\u003c', '\u2028': '\\u2028', '\u2029': '\\u2029' }
function escapeForScript(json: string): string {
  return json.replace(/[&><\u2028\u2029]/g, (character) => ESCAPES[character]!)
}

export interface PublicCacheSettings {
  maxAge: number
  staleWhileRevalidate: number
}

export function publicCacheControl({ maxAge, staleWhileRevalidate }: PublicCacheSettings): string {
  return `public, max-age=${maxAge}, s-maxage=${maxAge}, stale-while-revalidate=${staleWhileRevalidate}`
}

export function strongEtag(body: Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`
}

/** RFC 9110 §13.1.2: `*` or any listed tag, compared weakly (a `W/` prefix does not matter). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() === '*') return true
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}

/**
 * The public answer for a rendered document: cache headers, ETag, the script hashes for the CSP,
 * no cookie, and `304` without a body when the client already has this version.
 */
export function publicDocumentResponse(request: Request, body: ReturnType<typeof Buffer.concat>, status: number, headers: Headers, settings: PublicCacheSettings): Response {
  headers.delete('Set-Cookie')
  headers.set('Cache-Control', publicCacheControl(settings))
  headers.append('Vary', 'Cookie')
  const etag = strongEtag(body)
  headers.set('ETag', etag)
  headers.set(SCRIPT_HASHES_HEADER, scriptHashSources(body.toString('utf8')).join(' '))
  if (etagMatches(request.headers.get('if-none-match'), etag)) {
    headers.delete('Content-Type')
    return new Response(null, { status: 304, headers })
  }
  return new Response(body, { status, headers })
}

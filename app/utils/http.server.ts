// What every request meets before any route: the checks of its address, origin and body size that
// no route should have to repeat (issue 16, docs/security.md « À l'entrée »).
import { Transform, type TransformCallback } from 'node:stream'
import type { Socket } from 'node:net'

/** Pages under this prefix may be framed by the sites a placement allows (feedback widget). */
export const EMBED_PATH_PREFIX = '/integration/'

const KB = 1024
const MB = 1024 * KB

/** Largest request body accepted for a path: uploads may be big, everything else is small. */
export function bodyLimitFor(_path: string, contentType: string): number {
  return contentType.startsWith('multipart/form-data') ? 25 * MB : 1 * MB
}

export const EDGE_MESSAGES = {
  malformed: 'L’adresse demandée est mal formée. Vérifiez le lien, ou revenez à l’accueil du site.',
  forbiddenCharacter: 'L’adresse demandée contient un caractère non autorisé. Vérifiez le lien, ou revenez à l’accueil du site.',
  foreignOrigin: 'Ce formulaire ne provient pas de ce site : il n’a pas été pris en compte. Ouvrez la page sur le site, puis envoyez-le à nouveau.',
  tooLarge: 'Requête trop volumineuse.',
} as const

function decodes(component: string): string | null {
  try {
    return decodeURIComponent(component)
  } catch {
    return null
  }
}

/**
 * Why a request target (`/path?query`) cannot be served, or null when it can. The routers decode
 * the path: a malformed percent-encoding there (`%ZZ`, a cut UTF-8 sequence) throws deep inside
 * them (Express answered a 503). A NUL byte, in the path or the query, cannot be stored in
 * PostgreSQL text nor compared with it (a search answered a 500). No link of ours carries them:
 * they are refused here with a 400, for every route.
 */
export function malformedTarget(target: string): keyof typeof EDGE_MESSAGES | null {
  const queryIndex = target.indexOf('?')
  const path = queryIndex === -1 ? target : target.slice(0, queryIndex)
  const query = queryIndex === -1 ? '' : target.slice(queryIndex + 1)
  const decodedPath = decodes(path)
  if (decodedPath === null) return 'malformed'
  if (/\p{Cc}/u.test(decodedPath)) return 'forbiddenCharacter'
  // Routes read the query with URLSearchParams, which never throws (an invalid sequence becomes
  // U+FFFD): only the NUL byte is refused there.
  if (query.includes('%00') || query.includes('\u0000')) {
    for (const [key, value] of new URLSearchParams(query)) if (key.includes('\u0000') || value.includes('\u0000')) return 'forbiddenCharacter'
  }
  return null
}

/**
 * True when a state-changing request comes from a page of another site: its `Origin` is not this
 * host. The same comparison as Remix's own check (`throwIfPotentialCSRFAttack`, which answers
 * with a 500), made first so that the person gets a 403 that says what happened.
 */
export function isForeignOrigin(method: string, headers: { origin?: string; host?: string; 'x-forwarded-host'?: string | string[] }): boolean {
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) return false
  const origin = headers.origin
  if (origin === undefined) return false
  let originHost: string
  try {
    originHost = new URL(origin).host
  } catch {
    return true
  }
  const forwarded = headers['x-forwarded-host']
  const host = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim() || headers.host
  return !originHost || originHost !== host
}

const BODY_TOO_LARGE = Symbol.for('aic.body-too-large')

/** The body went over its limit while it was read (a chunked body has no Content-Length to refuse). */
export class BodyTooLargeError extends Error {
  readonly [BODY_TOO_LARGE] = true
  constructor(readonly limit: number) {
    super(`corps de requête au-delà de ${limit} octets`)
    this.name = 'BodyTooLargeError'
  }
}

/**
 * Not `instanceof`: the server (build/server.js) and the routes (build/index.js) are two bundles,
 * each with its own copy of the class.
 */
export function isBodyTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && BODY_TOO_LARGE in error
}

/**
 * Counts the bytes of a request body as they stream and fails with `BodyTooLargeError` past
 * `limit`: whoever reads the body (Remix's `request.formData()`) then stops, with at most `limit`
 * bytes held, whatever the client declared.
 */
export function byteLimit(limit: number): Transform {
  let size = 0
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      size += chunk.length
      if (size > limit) callback(new BodyTooLargeError(limit))
      else callback(null, chunk)
    },
  })
}

/** How long an idle kept-alive connection stays open on our side (server.ts): longer than any proxy's. */
export const KEEP_ALIVE_MS = 65_000

/** How long a refused body is still read (and dropped) after its answer has gone out. */
export const LINGER_MS = 2_000

/**
 * « Lingering close », set on every connection: for an answer given before the body was all read
 * (a 413, a redirection, a 404), closing at once,
 * with the client's bytes still unread, makes the kernel reset the connection, and a reset
 * discards the answer the client has not read yet — under load the person saw « connexion
 * réinitialisée » instead of the French 413. So the server ends its side after the answer, keeps
 * reading and dropping what still comes for at most `LINGER_MS`, then closes.
 */
export function lingerAfterAnswer(socket: Socket) {
  socket.destroySoon = function lingeringClose(this: Socket) {
    if (this.writable) this.end()
    const timer = setTimeout(() => this.destroy(), LINGER_MS)
    timer.unref()
    this.once('end', () => this.destroy())
    this.once('close', () => clearTimeout(timer))
    this.resume()
  }
}

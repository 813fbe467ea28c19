// The Content-Security-Policy of every page, in one place: server.ts sends it with a per-request
// nonce; public pages a cache may keep (app/utils/public-cache.server.ts) get the same policy with
// the hashes of their inline scripts instead, so nothing in their HTML differs per request
// (decision 091).
import { createHash } from 'node:crypto'
import type { Env } from './env.server.ts'

/** Set by entry.server on a public page, read and removed by server.ts (never sent). */
export const SCRIPT_HASHES_HEADER = 'X-Aic-Script-Hashes'

export interface CspOptions {
  /** Sources allowed for scripts besides 'self': `'nonce-…'` or `'sha256-…'` values. */
  scriptSources: string[]
  /** Embeddable pages set their own frame-ancestors from the placement's allowed domains. */
  embeddable: boolean
}

export function contentSecurityPolicy(env: Pick<Env, 'NODE_ENV' | 'PROCONNECT_ISSUER' | 'APP_URL'>, { scriptSources, embeddable }: CspOptions): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", ...scriptSources]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', env.NODE_ENV === 'production' ? ["'self'"] : ["'self'", 'ws:']],
    ['form-action', ["'self'", ...(env.PROCONNECT_ISSUER ? [new URL(env.PROCONNECT_ISSUER).origin] : [])]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
  ]
  if (!embeddable) directives.push(['frame-ancestors', ["'self'"]])
  if (env.APP_URL.startsWith('https://')) directives.push(['upgrade-insecure-requests', []])
  return directives.map(([name, values]) => [name, ...values].join(' ')).join(';')
}

/**
 * The inline scripts of a document (a `<script>` without `src`), as the browser hashes them: the
 * exact text between the tags. React escapes nothing inside `dangerouslySetInnerHTML`, and Remix
 * escapes `<` in its serialised context, so the first `</script>` closes each one.
 */
export function inlineScripts(html: string): string[] {
  const scripts: string[] = []
  const pattern = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi
  for (const match of html.matchAll(pattern)) {
    const attributes = match[1] ?? ''
    if (/\ssrc\s*=/i.test(attributes)) continue
    scripts.push(match[2] ?? '')
  }
  return scripts
}

export function scriptHashSources(html: string): string[] {
  const hashes = new Set(inlineScripts(html).map((script) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`))
  return [...hashes]
}

import type { HeadersFunction } from '@remix-run/node'

/**
 * `headers` of the framed pages: forward the loader's (or action's, or error's)
 * Content-Security-Policy: frame-ancestors … computed from the placement's allowed sites.
 */
export const embedHeaders: HeadersFunction = ({ loaderHeaders, actionHeaders, errorHeaders }) => {
  const source = errorHeaders?.get('Content-Security-Policy') ? errorHeaders : actionHeaders?.get('Content-Security-Policy') ? actionHeaders : loaderHeaders
  const policy = source.get('Content-Security-Policy') ?? "frame-ancestors 'self'"
  return { 'Content-Security-Policy': policy }
}

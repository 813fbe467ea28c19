import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, inlineScripts, scriptHashSources } from '#app/utils/csp.server.ts'
import { etagMatches, hasSessionCookie, strongEtag } from '#app/utils/public-cache.server.ts'

describe('pages publiques en cache (décision 091)', () => {
  it('If-None-Match : liste, étoile, préfixe W/, autre étiquette', () => {
    const etag = strongEtag(Buffer.from('<html></html>'))
    expect(etag).toMatch(/^"[\w-]{32}"$/)
    expect(etagMatches(etag, etag)).toBe(true)
    expect(etagMatches(`"x", W/${etag}`, etag)).toBe(true)
    expect(etagMatches('*', etag)).toBe(true)
    expect(etagMatches('"x"', etag)).toBe(false)
    expect(etagMatches(null, etag)).toBe(false)
    expect(strongEtag(Buffer.from('<html> </html>'))).not.toBe(etag)
  })

  it('cookie de session reconnu parmi d’autres, pas un cookie au nom voisin', () => {
    // A raw request on purpose: its Cookie header is the subject, no route is called.
    const request = (cookie: string) => new Request('http://x/', { headers: { cookie } })
    expect(hasSessionCookie(request('a=1; __Host-aic-session=abc'))).toBe(true)
    expect(hasSessionCookie(request('__Host-aic-session=abc'))).toBe(true)
    expect(hasSessionCookie(request('__Host-aic-csrf=abc'))).toBe(false)
    expect(hasSessionCookie(request('x__Host-aic-session=abc'))).toBe(false)
  })

  it('empreintes des scripts en ligne seulement (pas ceux à src), dans la CSP', () => {
    const html = '<script>a()</script><script type="module" async>import "/x.js"</script><script src="/y.js"></script>'
    expect(inlineScripts(html)).toEqual(['a()', 'import "/x.js"'])
    const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`
    expect(scriptHashSources(html)).toEqual([sha('a()'), sha('import "/x.js"')])
    const csp = contentSecurityPolicy({ NODE_ENV: 'production', APP_URL: 'https://a.gouv.fr' }, { scriptSources: scriptHashSources(html), embeddable: false })
    expect(csp).toContain(`script-src 'self' ${sha('a()')} ${sha('import "/x.js"')};`)
    expect(csp).toContain("frame-ancestors 'self'")
    expect(csp).toContain('upgrade-insecure-requests')
    expect(contentSecurityPolicy({ NODE_ENV: 'production', APP_URL: 'http://a' }, { scriptSources: [], embeddable: true })).not.toContain('frame-ancestors')
  })
})

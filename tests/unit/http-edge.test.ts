import { Readable } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { byteLimit, isBodyTooLarge, isForeignOrigin, malformedTarget } from '#app/utils/http.server.ts'

describe('adresse demandée', () => {
  it('refuse un encodage en pourcentage mal formé dans le chemin, et un NUL où qu’il soit', () => {
    expect(malformedTarget('/integration/avis/%ZZ')).toBe('malformed')
    expect(malformedTarget('/services/%E0%A4%A')).toBe('malformed')
    expect(malformedTarget('/avis/%00')).toBe('forbiddenCharacter')
    expect(malformedTarget('/avis/a%0Db')).toBe('forbiddenCharacter')
    expect(malformedTarget('/experiences?q=%00abc')).toBe('forbiddenCharacter')
    expect(malformedTarget('/experiences?%00=1')).toBe('forbiddenCharacter')
  })

  it('laisse passer les adresses que nos pages produisent, et une requête mal encodée que le lecteur tolère', () => {
    expect(malformedTarget('/')).toBeNull()
    expect(malformedTarget('/experiences?q=rendez-vous+m%C3%A9dical&page=2')).toBeNull()
    expect(malformedTarget('/appels?page=%FF')).toBeNull()
    expect(malformedTarget('/recherche?q=100%25')).toBeNull()
    expect(malformedTarget('/recherche?q=%2500')).toBeNull()
  })

  it('n’échoue jamais, quelle que soit l’adresse', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (target) => {
        const refusal = malformedTarget(`/${target}`)
        expect(refusal === null || refusal === 'malformed' || refusal === 'forbiddenCharacter').toBe(true)
        // What is accepted decodes, and carries no NUL.
        if (refusal === null) {
          const path = `/${target}`.split('?')[0]!
          expect(decodeURIComponent(path)).not.toMatch(/\p{Cc}/u)
        }
      }),
      { numRuns: 3000 },
    )
  })
})

describe('origine d’un formulaire', () => {
  it('refuse un envoi d’un autre site, d’une origine opaque ou illisible', () => {
    expect(isForeignOrigin('POST', { origin: 'https://evil.example', host: 'localhost:3000' })).toBe(true)
    expect(isForeignOrigin('POST', { origin: 'null', host: 'localhost:3000' })).toBe(true)
    expect(isForeignOrigin('DELETE', { origin: 'pas une url', host: 'localhost:3000' })).toBe(true)
    expect(isForeignOrigin('POST', { origin: 'http://localhost:3000', host: 'localhost:3001' })).toBe(true)
  })

  it('laisse passer le site lui-même, derrière un mandataire aussi, et les lectures', () => {
    expect(isForeignOrigin('POST', { origin: 'http://localhost:3000', host: 'localhost:3000' })).toBe(false)
    expect(isForeignOrigin('POST', { origin: 'https://aic.gouv.fr', host: '10.0.0.1:3000', 'x-forwarded-host': 'aic.gouv.fr, proxy' })).toBe(false)
    expect(isForeignOrigin('POST', { host: 'localhost:3000' })).toBe(false)
    expect(isForeignOrigin('GET', { origin: 'https://evil.example', host: 'localhost:3000' })).toBe(false)
  })
})

describe('taille du corps', () => {
  async function consume(chunks: Buffer[], limit: number) {
    let received = 0
    const limited = Readable.from(chunks).pipe(byteLimit(limit))
    try {
      for await (const chunk of limited) received += (chunk as Buffer).length
      return { received, error: null }
    } catch (error) {
      return { received, error }
    }
  }

  it('coupe au-delà de la limite, sans tout lire', async () => {
    const chunk = Buffer.alloc(64 * 1024)
    const result = await consume(Array.from({ length: 100 }, () => chunk), 1024 * 1024)
    expect(isBodyTooLarge(result.error)).toBe(true)
    expect(result.received).toBeLessThanOrEqual(1024 * 1024)
  })

  it('laisse passer un corps à la limite', async () => {
    const result = await consume([Buffer.alloc(512), Buffer.alloc(512)], 1024)
    expect(result).toEqual({ received: 1024, error: null })
  })
})

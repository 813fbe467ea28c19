import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { safeRedirect } from '#app/auth/sign-in.server.ts'
import {
  clearLocalCopy,
  copyDiffers,
  keepLocalCopy,
  localCopyKey,
  readLocalCopy,
  type CopyStorage,
} from '#app/components/accelerator/application-section/local-copy.ts'
import {
  failureBanner,
  failureStatusText,
  FIRST_RETRY_MS,
  MAX_RETRY_MS,
  readSaveResponse,
  retries,
  retryDelay,
  signInHref,
} from '#app/components/accelerator/application-section/save-retry.ts'
import { liveStatusText } from '#app/components/accelerator/application-section/use-autosave.ts'
import { expiredSectionOf } from '#app/components/accelerator/application-section/expired-section.tsx'
import { sessionExpired } from '#app/components/accelerator/application-section/session-expired.server.ts'

function memoryStorage(): CopyStorage & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) }
}

describe('réessais d’un enregistrement qui a échoué', () => {
  it('attend 2 s, 4 s, 8 s… jamais plus d’une minute, à 20 % près', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => retryDelay(n, () => 0.5))).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000])
    expect(retryDelay(0, () => 0)).toBe(1600)
    expect(retryDelay(0, () => 1)).toBe(2400)
  })

  it('propriété : le délai croît avec les essais et reste entre 1,6 s et 72 s, quel que soit le hasard', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, random) => {
        const delay = retryDelay(attempt, () => random)
        expect(delay).toBeGreaterThanOrEqual(FIRST_RETRY_MS * 0.8)
        expect(delay).toBeLessThanOrEqual(MAX_RETRY_MS * 1.2)
        expect(retryDelay(attempt + 1, () => random)).toBeGreaterThanOrEqual(delay)
      }),
    )
  })

  it('distingue réseau, serveur, session expirée et refus, d’après la réponse', async () => {
    const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
    expect(await readSaveResponse(json({ status: 'saved', version: 3, savedAt: '2026-11-23T13:32:00Z', issues: {} }, 200))).toEqual({
      status: 'saved',
      version: 3,
      savedAt: '2026-11-23T13:32:00Z',
      issues: {},
    })
    expect(await readSaveResponse(json({ status: 'expired', message: '…' }, 401, { 'X-Remix-Catch': 'yes' }))).toEqual({ kind: 'expired' })
    expect(await readSaveResponse(new Response(null, { status: 204, headers: { 'X-Remix-Redirect': '/connexion?redirection=%2F' } }))).toEqual({
      kind: 'expired',
    })
    expect(await readSaveResponse(new Response('<h1>Service indisponible</h1>', { status: 503 }))).toEqual({ kind: 'server', status: 503 })
    expect(await readSaveResponse(new Response('<html>portail</html>', { status: 200 }))).toEqual({ kind: 'server', status: 200 })
    expect(await readSaveResponse(json({ message: 'Votre formulaire a expiré.' }, 403))).toEqual({
      kind: 'refused',
      status: 403,
      message: 'Votre formulaire a expiré.',
    })
    expect(
      await readSaveResponse(json({ status: 'conflict', message: 'x', values: {}, conflict: { version: 2, by: null, at: 'x', theirs: {} } }, 409)),
    ).toMatchObject({
      status: 'conflict',
    })
  })

  it('réessaie seul sauf un refus ; chaque panne a son bandeau en français et garde le texte', () => {
    expect(retries({ kind: 'network' })).toBe(true)
    expect(retries({ kind: 'server', status: 503 })).toBe(true)
    expect(retries({ kind: 'expired' })).toBe(true)
    expect(retries({ kind: 'refused', status: 403, message: 'Non.' })).toBe(false)
    for (const failure of [
      { kind: 'network' },
      { kind: 'server', status: 503 },
      { kind: 'expired' },
      { kind: 'refused', status: 413, message: 'Trop gros.' },
    ] as const) {
      expect(failureBanner(failure).text).toContain('Votre texte reste dans cette page, et une copie est gardée dans ce navigateur.')
      expect(failureStatusText(failure)).toMatch(/^Non enregistré/)
    }
    expect(failureBanner({ kind: 'server', status: 503 }).text).toContain('(erreur 503)')
    expect(failureBanner({ kind: 'expired' }).title).toBe('Votre session a expiré : votre texte n’est pas encore enregistré')
  })

  it('ce qu’entend un lecteur d’écran : l’issue d’un enregistrement, pas « Modifications en cours… » à chaque pause', () => {
    const saved = { kind: 'saved', at: '2026-11-23T13:32:00Z' } as const
    expect(liveStatusText({ kind: 'dirty' }, saved, 0, null)).toBe('Enregistré à 14 h 32')
    expect(liveStatusText({ kind: 'saving' }, saved, 0, null)).toBe('Enregistré à 14 h 32')
    expect(liveStatusText({ kind: 'dirty' }, null, 0, 'Enregistré le 20 novembre à 9 h 05')).toBe('Enregistré le 20 novembre à 9 h 05')
    expect(liveStatusText(saved, null, 0, null)).toBe('Enregistré à 14 h 32')
    expect(liveStatusText({ kind: 'error', message: 'Non enregistré : votre session a expiré.' }, saved, 0, null)).toBe(
      'Non enregistré : votre session a expiré.',
    )
  })
})

describe('copie locale du texte tapé', () => {
  const key = localCopyKey('app-1', 'project')

  it('est gardée, relue, puis effacée une fois enregistrée', () => {
    const storage = memoryStorage()
    const copy = { values: { title: 'Vélos', themes: ['mobilite'] }, version: 3, at: '2026-11-23T13:32:00Z' }
    expect(keepLocalCopy(storage, key, copy)).toBe(true)
    expect(readLocalCopy(storage, key)).toEqual(copy)
    expect(readLocalCopy(storage, localCopyKey('app-1', 'structure'))).toBeNull()
    expect(readLocalCopy(storage, localCopyKey('app-2', 'project'))).toBeNull()
    clearLocalCopy(storage, key)
    expect(readLocalCopy(storage, key)).toBeNull()
    expect(storage.items.size).toBe(0)
  })

  it('un stockage refusé (plein, désactivé) ou une copie abîmée ne cassent rien', () => {
    const full: CopyStorage = {
      getItem: () => {
        throw new Error('SecurityError')
      },
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
      removeItem: () => {
        throw new Error('SecurityError')
      },
    }
    expect(keepLocalCopy(full, key, { values: {}, version: 0, at: 'x' })).toBe(false)
    expect(readLocalCopy(full, key)).toBeNull()
    expect(() => clearLocalCopy(full, key)).not.toThrow()
    expect(keepLocalCopy(null, key, { values: {}, version: 0, at: 'x' })).toBe(false)
    const storage = memoryStorage()
    for (const raw of [
      '{',
      'null',
      '[]',
      '{"values":{"a":1},"version":1,"at":"x"}',
      '{"values":{},"version":-1,"at":"x"}',
      '{"values":{},"version":1.5,"at":"x"}',
    ]) {
      storage.setItem(key, raw)
      expect(readLocalCopy(storage, key)).toBeNull()
    }
  })

  it('propriété : ce qui est gardé est relu à l’identique', () => {
    const values = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 4 })))
    fc.assert(
      fc.property(values, fc.nat({ max: 1_000_000 }), (vals, version) => {
        const storage = memoryStorage()
        const copy = { values: vals, version, at: '2026-11-23T13:32:00Z' }
        keepLocalCopy(storage, key, copy)
        expect(readLocalCopy(storage, key)).toEqual(copy)
        expect(copyDiffers(copy.values, vals)).toBe(false)
      }),
    )
  })

  it('n’est remise dans le formulaire que si elle diffère de ce que le serveur a', () => {
    expect(copyDiffers({ title: 'Vélos', summary: '' }, { title: 'Vélos' })).toBe(false)
    expect(copyDiffers({ themes: ['b', 'a'] }, { themes: ['a', 'b'] })).toBe(false)
    expect(copyDiffers({ themes: [] }, {})).toBe(false)
    expect(copyDiffers({ title: 'Vélos partagés' }, { title: 'Vélos' })).toBe(true)
    expect(copyDiffers({ title: '' }, { title: 'Vélos' })).toBe(true)
  })
})

describe('session expirée en écrivant', () => {
  it('l’enregistrement automatique reçoit un 401 qui le dit ; un envoi simple reçoit son texte à reprendre', async () => {
    const values = { title: 'Ressourcerie', summary: 'Ouverte le samedi.' }
    let thrown: unknown
    try {
      sessionExpired({ autosave: true, id: 'app-1', slug: 'projet', version: 2, values })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(Response)
    expect((thrown as Response).status).toBe(401)
    expect(await readSaveResponse(thrown as Response)).toEqual({ kind: 'expired' })

    try {
      sessionExpired({ autosave: false, id: 'app-1', slug: 'projet', version: 2, values })
    } catch (error) {
      thrown = error
    }
    const response = thrown as Response
    expect(response.status).toBe(401)
    const body = await response.json()
    expect(body.message).toMatch(/^Votre session a expiré/)
    // What the error boundary receives: the text comes back, for this section only.
    const routeError = { status: 401, statusText: '', internal: false, data: body }
    expect(expiredSectionOf(routeError)).toEqual({ id: 'app-1', slug: 'projet', version: 2, values })
    expect(expiredSectionOf({ ...routeError, status: 403 })).toBeNull()
    expect(expiredSectionOf({ ...routeError, data: { ...body, expiredSection: { ...body.expiredSection, slug: 'inconnue' } } })).toBeNull()
  })

  it('« Se reconnecter » revient à la section, et seulement sur ce site', () => {
    expect(signInHref('/mes-candidatures/abc/projet')).toBe('/connexion?redirection=%2Fmes-candidatures%2Fabc%2Fprojet')
    expect(signInHref('//evil.example/x')).toBe('/connexion?redirection=%2F')
    expect(signInHref('https://evil.example/x')).toBe('/connexion?redirection=%2F')
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.string({ maxLength: 40 }).map((tail) => `/${tail}`),
          fc.constantFrom('//evil.example', '/\\evil.example', '/\t/evil.example'),
        ),
        (path) => {
          const target = new URL(signInHref(path), 'http://localhost').searchParams.get('redirection')
          const destination = safeRedirect(target, '/accueil')
          expect(new URL(destination, 'http://localhost').origin).toBe('http://localhost')
        },
      ),
      { numRuns: 300 },
    )
  })
})

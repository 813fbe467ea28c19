import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasRole, homeFor, LEADER_HOME, type SessionUser } from '#app/auth/roles.ts'
import { safeRedirect } from '#app/auth/sign-in.server.ts'
import { signInFailureMessage } from '#app/auth/sign-in-messages.ts'

const user = (roles: SessionUser['roles']): SessionUser => ({ id: 'u', email: 'a@b.fr', displayName: null, roles })

describe('rôles', () => {
  it('une personne sans rôle arrive sur son espace porteur', () => {
    expect(homeFor(user([]))).toBe(LEADER_HOME)
  })

  it('chaque rôle a sa page d’accueil, l’équipe du programme en priorité', () => {
    expect(homeFor(user([{ role: 'mentor', scopeType: 'cohort', scopeId: 'c1' }]))).toBe('/accompagnement')
    expect(
      homeFor(
        user([
          { role: 'citizen_panelist', scopeType: 'call', scopeId: 'a1' },
          { role: 'programme_team', scopeType: 'global', scopeId: '' },
        ]),
      ),
    ).toBe('/equipe')
  })

  it('un rôle sur un appel ne donne rien sur un autre appel', () => {
    const panelist = user([{ role: 'citizen_panelist', scopeType: 'call', scopeId: 'appel-1' }])
    expect(hasRole(panelist, 'citizen_panelist', 'appel-1')).toBe(true)
    expect(hasRole(panelist, 'citizen_panelist', 'appel-2')).toBe(false)
    expect(hasRole(panelist, 'admin_reviewer', 'appel-1')).toBe(false)
    expect(hasRole(null, 'citizen_panelist')).toBe(false)
  })
})

describe('redirection après connexion', () => {
  it('ne renvoie jamais vers un autre site', () => {
    // Targets built from what tricks browsers: slashes, backslashes, tabs, line breaks, spaces,
    // other control characters and percent-encodings of them, around a foreign host.
    const piece = fc.constantFrom('/', '\\', '\t', '\n', '\r', ' ', '\u0000', '\u000b', '%09', '%2f', '%5c', '.', '@', ':', 'evil.example', 'a', '?', '#')
    const target = fc.oneof(fc.string({ maxLength: 200 }), fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')))
    fc.assert(
      fc.property(target, (target) => {
        const result = safeRedirect(target, '/accueil')
        // Where a browser lands when it follows `Location: <result>`, and a value a header can carry.
        expect(new URL(result, 'https://app.exemple.fr').origin).toBe('https://app.exemple.fr')
        expect(result).not.toMatch(/[\p{Cc}\\]/u)
        expect(result.startsWith('/')).toBe(true)
      }),
      { numRuns: 5000 },
    )
    expect(safeRedirect('/\t/evil.example', '/')).toBe('/')
    expect(safeRedirect('/\t\\evil.example', '/')).toBe('/')
    expect(safeRedirect('/\r\nSet-Cookie: x=1', '/')).toBe('/')
    expect(safeRedirect('https://exemple.com/x', '/')).toBe('/')
    expect(safeRedirect('//exemple.com', '/')).toBe('/')
    expect(safeRedirect('/mes-candidatures?x=1', '/')).toBe('/mes-candidatures?x=1')
  })

  it('explique chaque refus en français', () => {
    for (const reason of ['expired', 'used', 'wrong-code', 'too-many-attempts', 'unknown']) {
      expect(signInFailureMessage(reason)).toMatch(/[a-zé]/)
    }
    expect(signInFailureMessage('expired')).toContain('expiré')
    expect(signInFailureMessage('used')).toContain('déjà servi')
  })
})

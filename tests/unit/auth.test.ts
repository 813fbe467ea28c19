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
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (target) => {
        const result = safeRedirect(target, '/accueil')
        expect(result.startsWith('/')).toBe(true)
        expect(result.startsWith('//')).toBe(false)
        expect(result.startsWith('/\\')).toBe(false)
      }),
      { numRuns: 2000 },
    )
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

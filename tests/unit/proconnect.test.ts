import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { proconnectFailureMessage } from '#app/auth/proconnect-messages.ts'
import {
  PROCONNECT_BROWSER_COOKIE,
  browserCookie,
  isLoopbackHttp,
  proconnectSettings,
  readBrowserToken,
  readProConnectIdentity,
  type ProConnectFailure,
} from '#app/auth/proconnect.server.ts'
import { loadEnv } from '#app/utils/env.server.ts'

const baseEnv = { SESSION_SECRET: 'x'.repeat(40), APP_URL: 'https://aic.exemple.gouv.fr/' }
const configured = {
  ...baseEnv,
  PROCONNECT_ISSUER: 'https://auth.agentconnect.gouv.fr/api/v2',
  PROCONNECT_CLIENT_ID: 'client',
  PROCONNECT_CLIENT_SECRET: 'secret',
}

describe('identité transmise par ProConnect', () => {
  const claims = {
    sub: 'abc',
    email: ' Camille.Durand@Interieur.gouv.fr ',
    given_name: 'Camille',
    usual_name: 'Durand',
    siret: '110 002 011 00044',
    organization_label: 'Ministère de l’Intérieur',
    organizational_unit: 'DNUM',
  }

  it('garde l’adresse (en minuscules), le nom, le SIRET sans espaces et l’organisation', () => {
    expect(readProConnectIdentity(claims)).toEqual({
      ok: true,
      identity: {
        email: 'camille.durand@interieur.gouv.fr',
        givenName: 'Camille',
        usualName: 'Durand',
        siret: '11000201100044',
        organisation: 'Ministère de l’Intérieur',
      },
    })
  })

  it('se rabat sur le service d’affectation, et ignore un SIRET mal formé', () => {
    const result = readProConnectIdentity({ ...claims, organization_label: undefined, siret: '1234' })
    expect(result).toMatchObject({ ok: true, identity: { organisation: 'DNUM', siret: null } })
  })

  it('refuse une adresse que le fournisseur déclare non vérifiée, ou une adresse absente', () => {
    expect(readProConnectIdentity({ ...claims, email_verified: false })).toEqual({ ok: false, reason: 'unverified-email' })
    expect(readProConnectIdentity({ ...claims, email_verified: 'true' })).toEqual({ ok: false, reason: 'unverified-email' })
    expect(readProConnectIdentity({ ...claims, email: undefined })).toEqual({ ok: false, reason: 'missing-email' })
    expect(readProConnectIdentity({ ...claims, email: 'pas-une-adresse' })).toEqual({ ok: false, reason: 'missing-email' })
    expect(readProConnectIdentity({ ...claims, email_verified: true })).toMatchObject({ ok: true })
  })

  it('ne lève jamais d’erreur, et n’accepte qu’une adresse valide non déclarée non vérifiée (propriété)', () => {
    const anyClaims = fc.dictionary(
      fc.constantFrom('email', 'email_verified', 'given_name', 'usual_name', 'siret', 'organization_label', 'organizational_unit', 'other'),
      fc.oneof(fc.string(), fc.emailAddress(), fc.boolean(), fc.integer(), fc.constant(null), fc.array(fc.string())),
    )
    fc.assert(
      fc.property(anyClaims, (input) => {
        const result = readProConnectIdentity(input)
        if (!result.ok) return true
        expect(input.email_verified === undefined || input.email_verified === true).toBe(true)
        expect(result.identity.email).toBe(result.identity.email.toLowerCase())
        expect(result.identity.email).toMatch(/^[^@\s]+@[^@\s]+$/)
        expect(result.identity.siret === null || /^\d{14}$/.test(result.identity.siret)).toBe(true)
        for (const value of [result.identity.givenName, result.identity.usualName, result.identity.organisation]) {
          expect(value === null || !/[\u0000-\u001f]/.test(value)).toBe(true)
        }
        return true
      }),
    )
  })
})

describe('réglages ProConnect', () => {
  it('ProConnect n’est actif qu’avec l’émetteur, l’identifiant et le secret', () => {
    expect(proconnectSettings(loadEnv(baseEnv))).toBeNull()
    expect(proconnectSettings(loadEnv({ ...configured, PROCONNECT_CLIENT_SECRET: '' }))).toBeNull()
    expect(proconnectSettings(loadEnv(configured))).toEqual({
      issuer: 'https://auth.agentconnect.gouv.fr/api/v2',
      clientId: 'client',
      clientSecret: 'secret',
      scopes: 'openid email given_name usual_name siret organization_label',
      redirectUri: 'https://aic.exemple.gouv.fr/connexion/proconnect/retour',
      postLogoutRedirectUri: 'https://aic.exemple.gouv.fr/deconnexion/proconnect',
    })
  })

  it('les scopes choisis gardent toujours openid et email', () => {
    const settings = proconnectSettings(loadEnv({ ...configured, PROCONNECT_SCOPES: 'siret  organizational_unit siret' }))
    expect(settings?.scopes).toBe('siret organizational_unit openid email')
  })

  it('le HTTP sans chiffrement n’est permis que vers un fournisseur sur cette machine', () => {
    expect(isLoopbackHttp('http://127.0.0.1:3403')).toBe(true)
    expect(isLoopbackHttp('http://localhost:3403/api/v2')).toBe(true)
    expect(isLoopbackHttp('https://auth.agentconnect.gouv.fr/api/v2')).toBe(false)
    expect(isLoopbackHttp('http://auth.agentconnect.gouv.fr/api/v2')).toBe(false)
  })
})

describe('cookie de liaison au navigateur', () => {
  it('est un cookie __Host- sécurisé, limité à 10 minutes', () => {
    const cookie = browserCookie('a'.repeat(43))
    expect(cookie.startsWith(`${PROCONNECT_BROWSER_COOKIE}=`)).toBe(true)
    expect(PROCONNECT_BROWSER_COOKIE.startsWith('__Host-')).toBe(true)
    expect(cookie).toContain('Path=/;')
    expect(cookie).toContain('Secure')
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    expect(cookie).toContain('Max-Age=600')
    expect(cookie).not.toContain('Domain')
  })

  it('se lit parmi les autres cookies, et une valeur mal formée est ignorée', () => {
    const token = 'b'.repeat(43)
    expect(readBrowserToken(`a=1; ${PROCONNECT_BROWSER_COOKIE}=${token}; c=3`)).toBe(token)
    expect(readBrowserToken(`${PROCONNECT_BROWSER_COOKIE}=trop-court`)).toBeNull()
    expect(readBrowserToken(`${PROCONNECT_BROWSER_COOKIE}=${'é'.repeat(43)}`)).toBeNull()
    expect(readBrowserToken(null)).toBeNull()
  })
})

describe('messages de refus', () => {
  it('chaque refus a son propre message en français', () => {
    const reasons: ProConnectFailure[] = [
      'missing-state',
      'unknown-state',
      'used-state',
      'expired-state',
      'cancelled',
      'provider-error',
      'invalid-code',
      'invalid-response',
      'missing-email',
      'unverified-email',
      'unavailable',
    ]
    const messages = reasons.map((reason) => proconnectFailureMessage(reason))
    expect(new Set(messages).size).toBe(reasons.length)
    for (const message of messages) expect(message).toMatch(/ProConnect|connexion|adresse/)
  })
})

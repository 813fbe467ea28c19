import { describe, expect, it } from 'vitest'
import * as signInRoute from '#app/routes/connexion._index.tsx'
import * as codeRoute from '#app/routes/connexion.code.tsx'
import { useTestApp } from '#tests/helpers/setup.ts'
import { consumeSignInCode, SIGN_IN_LIMITS } from '#app/auth/sign-in.server.ts'
import { setClockOffset } from '#app/utils/clock.server.ts'

const app = useTestApp()

/** The sign-in form as our page sends it (honeypot fields included), from `ipHash` if given. */
async function postSignIn(fields: Record<string, string>, options: { csrf?: boolean; ipHash?: string } = {}) {
  const honeypot = app.services.honeypot.getInputProps({ validFromTimestamp: Date.now() - 10_000 })
  const withHoneypot = { [honeypot.nameFieldName]: '', ...(honeypot.validFromFieldName ? { [honeypot.validFromFieldName]: honeypot.encryptedValidFrom } : {}), ...fields }
  return app.call(signInRoute.action, { path: '/connexion', fields: withHoneypot, csrf: options.csrf, context: options.ipHash ? { ipHash: options.ipHash } : {} })
}
const postCode = (fields: Record<string, string>) => app.call(codeRoute.action, { path: '/connexion/code', fields })

const BAD_EMAILS: Array<[string, string]> = [
  ['vide', ''],
  ['espaces', '   '],
  ['sans arobase', 'porteuse.exemple.fr'],
  ['deux arobases', 'a@b@exemple.fr'],
  ['10 ko', `${'a'.repeat(10_000)}@exemple.fr`],
  ['caractère nul', 'a\u0000b@exemple.fr'],
  ['retour à la ligne', 'a@exemple.fr\nBcc: x@exemple.fr'],
  ['inversion de sens', 'a\u202e@exemple.fr'],
  ['balise', '<script>alert(1)</script>@exemple.fr'],
  ['injection SQL', "a'; DROP TABLE users; --@exemple.fr"],
]

describe('demande de connexion : mauvaises saisies', () => {
  for (const [label, email] of BAD_EMAILS) {
    it(`refuse une adresse ${label} avec un message en français, sans rien écrire`, async () => {
      const response = await postSignIn({ email })
      expect(response.status).toBe(400)
      const body = JSON.stringify(response.body)
      expect(body).toMatch(/Saisissez (une adresse e-mail valide|votre adresse e-mail)|trop longue|caractère non autorisé/)
      expect(await app.db.selectFrom('sign_in_tokens').selectAll().execute()).toHaveLength(0)
      expect(await app.db.selectFrom('email_outbox').selectAll().execute()).toHaveLength(0)
    })
  }

  it('sans jeton CSRF : 403, rien d’écrit', async () => {
    const response = await postSignIn({ email: 'porteuse@exemple.fr' }, { csrf: false })
    expect(response.status).toBe(403)
    expect(await app.db.selectFrom('sign_in_tokens').selectAll().execute()).toHaveLength(0)
  })

  it('un robot qui remplit le pot de miel est refusé', async () => {
    const honeypot = app.services.honeypot.getInputProps()
    const response = await postSignIn({ email: 'robot@exemple.fr', [honeypot.nameFieldName]: 'je suis un robot' })
    expect(response.status).toBe(400)
    expect(await app.db.selectFrom('sign_in_tokens').selectAll().execute()).toHaveLength(0)
  })

  it('un formulaire sans le champ piège (fait à la main, pas notre page) est refusé', async () => {
    const response = await app.call(signInRoute.action, { path: '/connexion', fields: { email: 'robot@exemple.fr' } })
    expect(response.status).toBe(400)
    expect(await app.db.selectFrom('sign_in_tokens').selectAll().execute()).toHaveLength(0)
  })

  it('trop de demandes : 429 avec un délai et un message en français', async () => {
    for (let i = 0; i < 5; i++) expect((await postSignIn({ email: 'pressee@exemple.fr' })).status).toBe(302)
    const response = await postSignIn({ email: 'pressee@exemple.fr' })
    expect(response.status).toBe(429)
    expect(Number(response.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(JSON.stringify(response.body)).toContain('Trop de tentatives')
    expect(await app.db.selectFrom('sign_in_tokens').selectAll().execute()).toHaveLength(5)
  })

  it('une adresse valide mène à la saisie du code', async () => {
    const response = await postSignIn({ email: '  Porteuse@Exemple.FR ' })
    expect(response.status).toBe(302)
    expect(response.location).toMatch(/^\/connexion\/code\?demande=[0-9a-f-]{36}$/)
    const token = await app.db.selectFrom('sign_in_tokens').select('email').executeTakeFirstOrThrow()
    expect(token.email).toBe('porteuse@exemple.fr')
  })
})

describe('saisie du code : mauvaises saisies', () => {
  it('un code mal formé est expliqué, un identifiant de demande forgé est refusé', async () => {
    const malformed = await postCode({ demande: '00000000-0000-4000-8000-000000000000', code: 'abc' })
    expect(malformed.status).toBe(400)
    expect(JSON.stringify(malformed.body)).toContain('six chiffres')
    const unknown = await postCode({ demande: '00000000-0000-4000-8000-000000000000', code: '123456' })
    expect(unknown.status).toBe(400)
    expect(JSON.stringify(unknown.body)).toContain('n’est pas valide')
    const forged = await postCode({ demande: 'pas-un-uuid', code: '123456' })
    expect(forged.status).toBe(400)
  })
})

describe('demandes répétées venues de nombreux endroits (issue 16 #7)', () => {
  it('au-delà du plafond par adresse, tant que le dernier lien fonctionne : 429, le délai jusqu’à son expiration et un message qui renvoie vers lui', async () => {
    // One minute into a fresh hour: the test never straddles two windows of the per-address cap.
    setClockOffset(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 60_000 - Date.now())
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail.limit; i++) expect((await postSignIn({ email: 'visee@exemple.fr' }, { ipHash: `ip-${i}` })).status).toBe(302)
    const response = await postSignIn({ email: 'visee@exemple.fr' }, { ipHash: 'ip-autre' })
    expect(response.status).toBe(429)
    expect(Number(response.headers.get('Retry-After'))).toBeLessThanOrEqual(600)
    expect(JSON.stringify(response.body)).toContain('le dernier est encore valable. Cliquez sur le lien de cet e-mail')
  })

  it('le budget de codes erronés de l’adresse épuisé : 429 et un message qui renvoie vers le lien', async () => {
    setClockOffset(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 60_000 - Date.now())
    const requestIds = []
    for (let i = 0; i < 3; i++) {
      const response = await postSignIn({ email: 'devinee@exemple.fr' }, { ipHash: `ip-${i}` })
      requestIds.push(new URL(response.location!, 'http://localhost').searchParams.get('demande')!)
    }
    const codes = await app.db.selectFrom('email_outbox').select('text').orderBy('created_at').execute()
    const wrong = (i: number) => (codes[i]!.text.includes('000000') ? '111111' : '000000')
    for (let i = 0; i < 2; i++) for (let n = 0; n < 5; n++) await consumeSignInCode(app.db, requestIds[i]!, wrong(i))
    const response = await postCode({ demande: requestIds[2]!, code: wrong(2) })
    expect(response.status).toBe(429)
    expect(JSON.stringify(response.body)).toContain('cliquez sur le lien reçu dans l’e-mail, il fonctionne toujours')
  })
})

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import { consumeSignInCode, consumeSignInLink, inspectSignInLink, requestSignIn } from '#app/auth/sign-in.server.ts'
import { setClockOffset } from '#app/utils/clock.server.ts'
import { sha256 } from '#app/utils/crypto.server.ts'
import { createTestServices } from '#tests/helpers/context.ts'
import { createTestDb, truncateAll } from '#tests/helpers/db.ts'
import type { AppServices } from '#app/context.server.ts'

let handle: DbHandle
let services: AppServices
beforeAll(async () => {
  handle = await createTestDb()
  services = await createTestServices(handle)
})
afterAll(() => handle.close())
beforeEach(async () => {
  setClockOffset(0)
  await truncateAll(handle.db)
})

async function ask(email = 'Porteuse@Exemple.fr', ipHash = 'ip-1') {
  const result = await requestSignIn({ db: handle.db, jobs: services.jobs, appUrl: 'http://localhost:3000' }, { email, ipHash })
  if (!result.ok) throw new Error('limite atteinte')
  const mail = await handle.db.selectFrom('email_outbox').selectAll().orderBy('created_at', 'desc').executeTakeFirstOrThrow()
  const token = mail.text.match(/jeton=([\w-]+)/)![1]!
  const code = mail.text.match(/\b(\d{6})\b/)![1]!
  return { requestId: result.requestId, token, code, mail }
}

describe('connexion par lien ou par code', () => {
  it('envoie un lien et un code, stockés seulement sous forme d’empreinte', async () => {
    const { token, code, mail } = await ask()
    expect(mail.to_address).toBe('porteuse@exemple.fr')
    expect(mail.subject).toContain(code)
    const row = await handle.db.selectFrom('sign_in_tokens').selectAll().executeTakeFirstOrThrow()
    expect(row.link_token_hash).toBe(sha256(token))
    expect(row.code_hash).toBe(sha256(code))
    expect(JSON.stringify(row)).not.toContain(token)
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16)
    const jobs = await handle.db.selectFrom('local_jobs').selectAll().execute()
    expect(jobs.map((j) => j.queue)).toEqual(['email.deliver'])
  })

  it('un lien ne sert qu’une fois et crée le compte à la première connexion', async () => {
    const { token } = await ask()
    const first = await consumeSignInLink(handle.db, token)
    expect(first).toMatchObject({ ok: true, created: true })
    expect(await consumeSignInLink(handle.db, token)).toEqual({ ok: false, reason: 'used' })
    const second = await ask()
    const again = await consumeSignInLink(handle.db, second.token)
    expect(again).toMatchObject({ ok: true, created: false })
    const users = await handle.db.selectFrom('users').selectAll().execute()
    expect(users).toHaveLength(1)
  })

  it('un lien expire après 10 minutes', async () => {
    const { token } = await ask()
    setClockOffset(11 * 60_000)
    expect(await inspectSignInLink(handle.db, token)).toBe('expired')
    expect(await consumeSignInLink(handle.db, token)).toEqual({ ok: false, reason: 'expired' })
  })

  it('un jeton inventé est refusé', async () => {
    expect(await consumeSignInLink(handle.db, 'x'.repeat(43))).toEqual({ ok: false, reason: 'unknown' })
  })

  it('le code fonctionne une fois ; cinq erreurs et la demande est morte', async () => {
    const { requestId, code } = await ask()
    const wrong = code === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++) {
      expect(await consumeSignInCode(handle.db, requestId, wrong)).toEqual({ ok: false, reason: 'wrong-code' })
    }
    expect(await consumeSignInCode(handle.db, requestId, code)).toEqual({ ok: false, reason: 'too-many-attempts' })

    const fresh = await ask()
    expect(await consumeSignInCode(handle.db, fresh.requestId, fresh.code)).toMatchObject({ ok: true })
    expect(await consumeSignInCode(handle.db, fresh.requestId, fresh.code)).toEqual({ ok: false, reason: 'used' })
  })

  it('limite les demandes par adresse e-mail et par empreinte IP', async () => {
    for (let i = 0; i < 5; i++) await ask('limite@exemple.fr', `ip-${i}`)
    const refused = await requestSignIn(
      { db: handle.db, jobs: services.jobs, appUrl: 'http://localhost:3000' },
      { email: 'LIMITE@exemple.fr', ipHash: 'ip-autre' },
    )
    expect(refused).toMatchObject({ ok: false, reason: 'rate-limited' })
    expect(await handle.db.selectFrom('sign_in_tokens').selectAll().execute()).toHaveLength(5)
  })
})

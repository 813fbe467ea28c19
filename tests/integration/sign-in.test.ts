import { describe, expect, it } from 'vitest'
import {
  CODE_FAILURE_BUDGET,
  consumeSignInCode,
  consumeSignInLink,
  inspectSignInLink,
  MAX_CODE_ATTEMPTS,
  requestSignIn,
  SIGN_IN_LIMITS,
  SIGN_IN_TOKEN_MINUTES,
} from '#app/auth/sign-in.server.ts'
import { clockOffset, now, setClockOffset } from '#app/utils/clock.server.ts'
import { purgeRateLimits } from '#app/utils/rate-limit.server.ts'
import { sha256 } from '#app/utils/crypto.server.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()

async function ask(email = 'Porteuse@Exemple.fr', ipHash = 'ip-1') {
  const result = await requestSignIn({ db: app.db, jobs: app.services.jobs, appUrl: 'http://localhost:3000' }, { email, ipHash })
  if (!result.ok) throw new Error('limite atteinte')
  const mail = await app.db.selectFrom('email_outbox').selectAll().orderBy('created_at', 'desc').executeTakeFirstOrThrow()
  const token = mail.text.match(/jeton=([\w-]+)/)![1]!
  const code = mail.text.match(/\b(\d{6})\b/)![1]!
  return { requestId: result.requestId, token, code, mail }
}

describe('connexion par lien ou par code', () => {
  it('envoie un lien et un code, stockés seulement sous forme d’empreinte', async () => {
    const { token, code, mail } = await ask()
    expect(mail.to_address).toBe('porteuse@exemple.fr')
    expect(mail.subject).toContain(code)
    const row = await app.db.selectFrom('sign_in_tokens').selectAll().executeTakeFirstOrThrow()
    expect(row.link_token_hash).toBe(sha256(token))
    expect(row.code_hash).toBe(sha256(code))
    expect(JSON.stringify(row)).not.toContain(token)
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16)
    const jobs = await app.db.selectFrom('local_jobs').selectAll().execute()
    expect(jobs.map((j) => j.queue)).toEqual(['email.deliver'])
  })

  it('un lien ne sert qu’une fois et crée le compte à la première connexion', async () => {
    const { token } = await ask()
    const first = await consumeSignInLink(app.db, token)
    expect(first).toMatchObject({ ok: true, created: true })
    expect(await consumeSignInLink(app.db, token)).toEqual({ ok: false, reason: 'used' })
    const second = await ask()
    const again = await consumeSignInLink(app.db, second.token)
    expect(again).toMatchObject({ ok: true, created: false })
    const users = await app.db.selectFrom('users').selectAll().execute()
    expect(users).toHaveLength(1)
  })

  it('un lien expire après 10 minutes', async () => {
    const { token } = await ask()
    setClockOffset(11 * 60_000)
    expect(await inspectSignInLink(app.db, token)).toBe('expired')
    expect(await consumeSignInLink(app.db, token)).toEqual({ ok: false, reason: 'expired' })
  })

  it('un jeton inventé est refusé', async () => {
    expect(await consumeSignInLink(app.db, 'x'.repeat(43))).toEqual({ ok: false, reason: 'unknown' })
  })

  it('le code fonctionne une fois ; cinq erreurs et la demande est morte', async () => {
    const { requestId, code } = await ask()
    const wrong = code === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++) {
      expect(await consumeSignInCode(app.db, requestId, wrong)).toEqual({ ok: false, reason: 'wrong-code' })
    }
    expect(await consumeSignInCode(app.db, requestId, code)).toEqual({ ok: false, reason: 'too-many-attempts' })

    const fresh = await ask()
    expect(await consumeSignInCode(app.db, fresh.requestId, fresh.code)).toMatchObject({ ok: true })
    expect(await consumeSignInCode(app.db, fresh.requestId, fresh.code)).toEqual({ ok: false, reason: 'used' })
  })

  it('limite les demandes d’une même adresse depuis un même endroit, et celles d’une même empreinte IP', async () => {
    startOfWindow(SIGN_IN_LIMITS.perIp.windowSeconds)
    for (let i = 0; i < SIGN_IN_LIMITS.perEmailAndIp.limit; i++) await ask('limite@exemple.fr', 'ip-1')
    expect(await requestFor('LIMITE@exemple.fr', 'ip-1')).toMatchObject({ ok: false, reason: 'rate-limited' })
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.limit; i++) await ask(`personne-${i}@exemple.fr`, 'ip-2')
    expect(await requestFor('encore-une@exemple.fr', 'ip-2')).toMatchObject({ ok: false, reason: 'rate-limited' })
    expect(await app.db.selectFrom('sign_in_tokens').selectAll().execute()).toHaveLength(35)
  })
})

/** The app clock one minute into a fresh fixed window of `seconds`: the test never straddles two. */
function startOfWindow(seconds: number) {
  const windowMs = seconds * 1000
  setClockOffset(Math.ceil(Date.now() / windowMs) * windowMs + 60_000 - Date.now())
}

function requestFor(email: string, ipHash: string) {
  return requestSignIn({ db: app.db, jobs: app.services.jobs, appUrl: 'http://localhost:3000' }, { email, ipHash })
}

const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000')

describe('demandes venues de nombreuses adresses IP (issue 16 #7)', () => {
  it('au-delà de 10 e-mails par heure, une demande n’est refusée que tant que le dernier lien fonctionne : la personne n’est jamais privée de lien', async () => {
    startOfWindow(SIGN_IN_LIMITS.perEmail.windowSeconds)
    const sent = []
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail.limit; i++) sent.push(await ask('visee@exemple.fr', `ip-${i}`))
    const refused = await requestFor('visee@exemple.fr', 'ip-autre')
    expect(refused).toMatchObject({ ok: false, reason: 'link-still-valid' })
    // Until the last link sent stops working, not until the end of the hour.
    if (refused.ok) throw new Error('refus attendu')
    expect(refused.rateLimit.retryAfter).toBeLessThanOrEqual(SIGN_IN_TOKEN_MINUTES * 60)
    // The e-mails went to the person: the last one still signs them in.
    expect(await consumeSignInLink(app.db, sent.at(-1)!.token)).toMatchObject({ ok: true })
    // Older unused links still work too, so the newest is not the only one.
    expect(await consumeSignInLink(app.db, sent[0]!.token)).toMatchObject({ ok: true })
    // Every link used: the person asks again and gets a new e-mail, whatever the hour's count.
    for (const mail of sent.slice(1, -1)) await consumeSignInLink(app.db, mail.token)
    const again = await ask('visee@exemple.fr', 'ip-autre-encore')
    expect(await consumeSignInLink(app.db, again.token)).toMatchObject({ ok: true })
  })

  it('un flot de demandes n’obtient plus qu’un e-mail par durée de vie d’un lien une fois le plafond atteint', async () => {
    startOfWindow(SIGN_IN_LIMITS.perEmail.windowSeconds)
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail.limit; i++) await ask('bombardee@exemple.fr', `ip-${i}`)
    const before = await app.db.selectFrom('email_outbox').selectAll().execute()
    for (let i = 0; i < 20; i++) expect(await requestFor('bombardee@exemple.fr', `ip-flot-${i}`)).toMatchObject({ ok: false, reason: 'link-still-valid' })
    expect(await app.db.selectFrom('email_outbox').selectAll().execute()).toHaveLength(before.length)
    // Once the links sent have expired, one more e-mail, then refusals again while it works.
    setClockOffset(clockOffset() + (SIGN_IN_TOKEN_MINUTES + 1) * 60_000)
    expect(await requestFor('bombardee@exemple.fr', 'ip-flot-a')).toMatchObject({ ok: true })
    expect(await requestFor('bombardee@exemple.fr', 'ip-flot-b')).toMatchObject({ ok: false, reason: 'link-still-valid' })
    expect(await app.db.selectFrom('email_outbox').selectAll().execute()).toHaveLength(before.length + 1)
  })
})

describe('budget de codes erronés par adresse (issue 16 #7)', () => {
  it('dix codes faux par jour pour une adresse, quelles que soient les demandes : ensuite même le bon code est refusé, le lien fonctionne', async () => {
    startOfWindow(30 * 24 * 3600)
    const first = await ask('devinee@exemple.fr', 'ip-1')
    const second = await ask('devinee@exemple.fr', 'ip-2')
    for (const { requestId, code } of [first, second]) {
      for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) expect(await consumeSignInCode(app.db, requestId, wrongCode(code))).toEqual({ ok: false, reason: 'wrong-code' })
    }
    const third = await ask('devinee@exemple.fr', 'ip-3')
    // Refused without being compared: the answer says nothing about the code.
    expect(await consumeSignInCode(app.db, third.requestId, wrongCode(third.code))).toEqual({ ok: false, reason: 'code-budget-spent' })
    expect(await consumeSignInCode(app.db, third.requestId, third.code)).toEqual({ ok: false, reason: 'code-budget-spent' })
    expect(await consumeSignInLink(app.db, third.token)).toMatchObject({ ok: true })
    // Another address is not concerned.
    const other = await ask('autre@exemple.fr', 'ip-1')
    expect(await consumeSignInCode(app.db, other.requestId, other.code)).toMatchObject({ ok: true })
  })

  it('un bon code ne consomme pas le budget', async () => {
    startOfWindow(30 * 24 * 3600)
    const first = await ask('distraite@exemple.fr', 'ip-1')
    const second = await ask('distraite@exemple.fr', 'ip-2')
    for (let i = 0; i < 5; i++) await consumeSignInCode(app.db, first.requestId, wrongCode(first.code))
    for (let i = 0; i < 4; i++) await consumeSignInCode(app.db, second.requestId, wrongCode(second.code))
    expect(await consumeSignInCode(app.db, second.requestId, second.code)).toMatchObject({ ok: true })
    const third = await ask('distraite@exemple.fr', 'ip-3')
    expect(await consumeSignInCode(app.db, third.requestId, wrongCode(third.code))).toEqual({ ok: false, reason: 'wrong-code' })
    expect(await consumeSignInCode(app.db, third.requestId, wrongCode(third.code))).toEqual({ ok: false, reason: 'code-budget-spent' })
  })

  it('trente codes faux par 30 jours, et la purge quotidienne ne remet pas le compteur à zéro', async () => {
    startOfWindow(30 * 24 * 3600)
    const day = 24 * 3600 * 1000
    for (let d = 0; d < 3; d++) {
      for (let r = 0; r < 2; r++) {
        const { requestId, code } = await ask('tenace@exemple.fr', `ip-${d}-${r}`)
        for (let i = 0; i < 5; i++) expect(await consumeSignInCode(app.db, requestId, wrongCode(code))).toEqual({ ok: false, reason: 'wrong-code' })
      }
      setClockOffset(clockOffset() + day)
      await purgeRateLimits(app.db, now())
    }
    const { requestId, code } = await ask('tenace@exemple.fr', 'ip-4')
    expect(await consumeSignInCode(app.db, requestId, code)).toEqual({ ok: false, reason: 'code-budget-spent' })
  })

  it('des essais simultanés ne dépassent pas le budget', async () => {
    startOfWindow(30 * 24 * 3600)
    const requests = []
    for (let i = 0; i < 4; i++) requests.push(await ask('simultanee@exemple.fr', `ip-${i}`))
    const results = await Promise.all(
      requests.flatMap(({ requestId, code }) => Array.from({ length: 5 }, () => consumeSignInCode(app.db, requestId, wrongCode(code)))),
    )
    const reasons = results.map((r) => (r.ok ? 'ok' : r.reason))
    expect(reasons.filter((r) => r === 'wrong-code')).toHaveLength(CODE_FAILURE_BUDGET.perDay.limit)
    expect(reasons.filter((r) => r === 'code-budget-spent')).toHaveLength(20 - CODE_FAILURE_BUDGET.perDay.limit)
  })
})

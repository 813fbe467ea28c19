import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { signInEmail } from '#emails/sign-in.tsx'
import { queueEmail } from '#app/email/send.server.ts'
import type { JobQueue } from '#app/jobs/types.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { randomDigits, randomToken, safeEqual, sha256 } from '#app/utils/crypto.server.ts'
import { hitRateLimit, LONG_WINDOW_PREFIX, refundRateLimit, type RateLimitResult } from '#app/utils/rate-limit.server.ts'

export const SIGN_IN_TOKEN_MINUTES = 10
export const MAX_CODE_ATTEMPTS = 5

export const SIGN_IN_LIMITS = {
  /** One place asking again and again for the same address. */
  perEmailAndIp: { limit: 5, windowSeconds: 15 * 60 },
  /**
   * E-mails to one address, from anywhere. Enforced only while a link sent to that address still
   * works, so that nobody can leave a person without a working link (docs/decisions/083).
   */
  perEmail: { limit: 10, windowSeconds: 3600 },
  perIp: { limit: 30, windowSeconds: 15 * 60 },
  codePerIp: { limit: 30, windowSeconds: 15 * 60 },
}

/**
 * Wrong codes allowed per address, whatever the number of requests and IP addresses: this, not
 * the number of e-mails, bounds the odds of guessing a code (at most 2 × 30 wrong codes in any
 * 30 days, so at most 60 / 10⁶ = 0.006 % a month; docs/decisions/083). Once spent, codes are
 * refused for the address but links (256 random bits, not guessable) keep working.
 */
export const CODE_FAILURE_BUDGET = {
  perDay: { limit: 10, windowSeconds: 24 * 3600 },
  perMonth: { limit: 30, windowSeconds: 30 * 24 * 3600 },
}

function codeBudgetKeys(email: string) {
  const id = sha256(normaliseEmail(email))
  return [
    { key: `sign-in-code-failures:day:${id}`, rule: CODE_FAILURE_BUDGET.perDay },
    { key: `${LONG_WINDOW_PREFIX}sign-in-code-failures:month:${id}`, rule: CODE_FAILURE_BUDGET.perMonth },
  ]
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

const SAME_SITE = 'https://application.invalid'

/**
 * Only local paths are accepted as a destination after sign-in (no open redirect). The target is
 * resolved as a browser would resolve it (the URL parser drops tabs and line breaks and reads a
 * backslash as a slash, so `/\t/evil.example` is `//evil.example`), and refused unless it stays on
 * this site. Control characters and backslashes are refused outright: a `Location` header cannot
 * carry them and no link of ours has them. What is returned is the normalised path, safe in a header.
 */
export function safeRedirect(target: string | null | undefined, fallback = '/'): string {
  if (!target || !target.startsWith('/') || /[\p{Cc}\\]/u.test(target)) return fallback
  let url: URL
  try {
    url = new URL(target, SAME_SITE)
  } catch {
    return fallback
  }
  if (url.origin !== SAME_SITE) return fallback
  return `${url.pathname}${url.search}${url.hash}`
}

export type SignInRequestResult =
  | { ok: true; requestId: string }
  | { ok: false; reason: 'rate-limited' | 'link-still-valid'; rateLimit: RateLimitResult }

/**
 * Sends a sign-in link and a six-digit code to an address. Both are stored hashed, expire after
 * ten minutes and work once. Anyone can ask: the account is created at the first sign-in.
 */
export async function requestSignIn(
  services: { db: Db; jobs: JobQueue; appUrl: string },
  input: { email: string; ipHash: string; redirectTo?: string | null },
): Promise<SignInRequestResult> {
  const email = normaliseEmail(input.email)
  const emailId = sha256(email)
  const at = now()
  const perIp = await hitRateLimit(services.db, `sign-in:ip:${input.ipHash}`, SIGN_IN_LIMITS.perIp, at)
  if (!perIp.allowed) return { ok: false, reason: 'rate-limited', rateLimit: perIp }
  const perPlace = await hitRateLimit(services.db, `sign-in:email-ip:${emailId}:${input.ipHash}`, SIGN_IN_LIMITS.perEmailAndIp, at)
  if (!perPlace.allowed) return { ok: false, reason: 'rate-limited', rateLimit: perPlace }
  const perEmail = await hitRateLimit(services.db, `sign-in:email:${emailId}`, SIGN_IN_LIMITS.perEmail, at)
  if (!perEmail.allowed) {
    // Past the cap, a new e-mail is refused only while one already sent still works: every e-mail
    // goes to the person's own mailbox, so a flood from many addresses cannot leave them without a
    // working link, and it gains at most one e-mail per link lifetime (10 minutes).
    const workingUntil = await workingLinkExpiry(services.db, email, at)
    if (workingUntil) {
      const untilExpiry = Math.max(1, Math.ceil((workingUntil.getTime() - at.getTime()) / 1000))
      return { ok: false, reason: 'link-still-valid', rateLimit: { ...perEmail, retryAfter: Math.min(perEmail.retryAfter, untilExpiry) } }
    }
  }

  const linkToken = randomToken(32)
  const code = randomDigits(6)
  const requestId = await services.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('sign_in_tokens')
      .values({
        email,
        link_token_hash: sha256(linkToken),
        code_hash: sha256(code),
        redirect_to: safeRedirect(input.redirectTo, '') || null,
        expires_at: new Date(now().getTime() + SIGN_IN_TOKEN_MINUTES * 60_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const link = `${services.appUrl}/connexion/lien?jeton=${linkToken}`
    await queueEmail({ db: trx, jobs: services.jobs }, email, signInEmail({ link, code, minutes: SIGN_IN_TOKEN_MINUTES }))
    return row.id
  })
  return { ok: true, requestId }
}

/**
 * When the last unused link sent to an address stops working, or null if none works. Read through
 * the index on (lower(email), created_at desc); the rows of one address are few (the limits above
 * allow some sixteen an hour, and the daily retention deletes them a day after they expire).
 */
async function workingLinkExpiry(db: Db, email: string, at: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('sign_in_tokens')
    .select(sql<Date>`max(expires_at)`.as('until'))
    .where(sql`lower(email)`, '=', email)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst()
  return row?.until ? new Date(row.until) : null
}

export type TokenStatus = 'valid' | 'expired' | 'used' | 'unknown'

/** Tells whether a link token can still be used, without using it. */
export async function inspectSignInLink(db: Db, token: string): Promise<TokenStatus> {
  const row = await db
    .selectFrom('sign_in_tokens')
    .select(['expires_at', 'used_at'])
    .where('link_token_hash', '=', sha256(token))
    .executeTakeFirst()
  if (!row) return 'unknown'
  if (row.used_at) return 'used'
  if (row.expires_at <= now()) return 'expired'
  return 'valid'
}

export type SignInResult =
  | { ok: true; userId: string; redirectTo: string | null; created: boolean }
  | { ok: false; reason: TokenStatus | 'wrong-code' | 'too-many-attempts' | 'code-budget-spent' }

/** Uses a link token: atomically marks it used, then finds or creates the account. */
export async function consumeSignInLink(db: Db, token: string): Promise<SignInResult> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('sign_in_tokens')
      .set({ used_at: now() })
      .where('link_token_hash', '=', sha256(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now())
      .returning(['email', 'redirect_to'])
      .executeTakeFirst()
    if (!row) {
      const status = await inspectSignInLink(trx, token)
      return { ok: false as const, reason: status === 'valid' ? 'used' : status }
    }
    const { id, created } = await findOrCreateUser(trx, row.email, 'lien')
    return { ok: true as const, userId: id, redirectTo: row.redirect_to, created }
  })
}

/**
 * Checks a typed code against a sign-in request; five wrong codes and the request is dead, and the
 * address's budget of wrong codes (CODE_FAILURE_BUDGET) holds across all its requests.
 */
export async function consumeSignInCode(db: Db, requestId: string, code: string): Promise<SignInResult> {
  const at = now()
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('sign_in_tokens')
      .set({ code_attempts: sql`code_attempts + 1` })
      .where('id', '=', requestId)
      .returning(['email', 'redirect_to', 'code_hash', 'code_attempts', 'used_at', 'expires_at'])
      .executeTakeFirst()
    if (!row) return { ok: false as const, reason: 'unknown' }
    if (row.used_at) return { ok: false as const, reason: 'used' }
    if (row.expires_at <= now()) return { ok: false as const, reason: 'expired' }
    if (row.code_attempts > MAX_CODE_ATTEMPTS) return { ok: false as const, reason: 'too-many-attempts' }
    // Counted before the code is compared (concurrent guesses cannot overrun the budget), then given
    // back unless the code was compared and wrong: only wrong codes spend it. A refused attempt is
    // not compared, so a spent budget tells nothing about the code.
    const budget = codeBudgetKeys(row.email)
    let spent = false
    for (const { key, rule } of budget) {
      if (!(await hitRateLimit(trx, key, rule, at)).allowed) spent = true
    }
    const giveBack = async () => {
      for (const { key, rule } of budget) await refundRateLimit(trx, key, rule, at)
    }
    if (spent) {
      await giveBack()
      return { ok: false as const, reason: 'code-budget-spent' }
    }
    if (!safeEqual(row.code_hash, sha256(code))) return { ok: false as const, reason: 'wrong-code' }
    await giveBack()
    await trx.updateTable('sign_in_tokens').set({ used_at: now() }).where('id', '=', requestId).execute()
    const { id, created } = await findOrCreateUser(trx, row.email, 'code')
    return { ok: true as const, userId: id, redirectTo: row.redirect_to, created }
  })
}

export async function findOrCreateUser(db: Db, rawEmail: string, method: string): Promise<{ id: string; created: boolean }> {
  const email = normaliseEmail(rawEmail)
  // Insert first: two simultaneous first sign-ins cannot create two accounts.
  const inserted = await db
    .insertInto('users')
    .values({ email, last_sign_in_at: now() })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returning('id')
    .executeTakeFirst()
  if (inserted) {
    await audit(db, { actorId: inserted.id, action: 'user.created', subjectType: 'user', subjectId: inserted.id, data: { method } })
    return { id: inserted.id, created: true }
  }
  const existing = await db
    .updateTable('users')
    .set({ last_sign_in_at: now() })
    .where(sql`lower(email)`, '=', email)
    .returning('id')
    .executeTakeFirstOrThrow()
  await audit(db, { actorId: existing.id, action: 'user.signed_in', subjectType: 'user', subjectId: existing.id, data: { method } })
  return { id: existing.id, created: false }
}

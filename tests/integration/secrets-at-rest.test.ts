import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import * as m0009 from '#db/migrations/0009-secrets-au-repos.ts'
import { applicationReceiptEmail } from '#emails/application-receipt.tsx'
import type { AppServices } from '#app/context.server.ts'
import { sessionIdAtRest } from '#app/auth/lucia-adapter.server.ts'
import { endSession, validateRequestSession } from '#app/auth/session.server.ts'
import { requestSignIn } from '#app/auth/sign-in.server.ts'
import { deliverEmail, queueEmail, REDACTED_EMAIL_TEXT } from '#app/email/send.server.ts'
import type { EmailTransport, OutgoingEmail } from '#app/email/transport.server.ts'
import { sha256 } from '#app/utils/crypto.server.ts'
import { createTestServices } from '#tests/helpers/context.ts'
import { createTestDb, truncateAll } from '#tests/helpers/db.ts'

let handle: DbHandle
let services: AppServices
beforeAll(async () => {
  handle = await createTestDb()
  services = await createTestServices(handle)
})
afterAll(() => handle.close())
beforeEach(() => truncateAll(handle.db))

async function createUser(email = 'porteuse@exemple.fr') {
  return handle.db.insertInto('users').values({ email }).returning('id').executeTakeFirstOrThrow()
}

/** A provider that keeps what it was given (as Resend would deliver it), and can be made to fail. */
function providerTransport(options: { failFirst?: boolean } = {}) {
  const delivered: OutgoingEmail[] = []
  let fail = options.failFirst ?? false
  const transport: EmailTransport = {
    name: 'resend',
    async deliver(email) {
      if (fail) {
        fail = false
        throw new Error('fournisseur indisponible')
      }
      delivered.push(email)
      return `fournisseur-${delivered.length}`
    },
  }
  return { transport, delivered }
}

async function askSignIn() {
  const result = await requestSignIn({ db: handle.db, jobs: services.jobs, appUrl: 'http://localhost:3000' }, { email: 'porteuse@exemple.fr', ipHash: 'ip-1' })
  if (!result.ok) throw new Error('limite atteinte')
  return handle.db.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow()
}

describe('sessions stockées sous empreinte (issue 16 #8)', () => {
  it('la table garde l’empreinte SHA-256, pas la valeur du cookie ; le cookie ouvre la session, l’empreinte volée n’ouvre rien', async () => {
    const user = await createUser()
    const session = await services.auth.createSession(user.id, { auth_method: 'email', id_token_hint: null })
    const rows = await handle.db.selectFrom('sessions').select('id').execute()
    expect(rows).toEqual([{ id: sha256(session.id) }])
    expect(JSON.stringify(await handle.db.selectFrom('sessions').selectAll().execute())).not.toContain(session.id)

    const valid = await validateRequestSession(handle.db, services.auth, services.auth.createSessionCookie(session.id).serialize())
    expect(valid.user?.id).toBe(user.id)
    // What a copy of the database gives: a stored id used as a cookie opens nothing.
    const stolen = await validateRequestSession(handle.db, services.auth, services.auth.createSessionCookie(rows[0]!.id).serialize())
    expect(stolen.user).toBeNull()

    await endSession(services.auth, session.id)
    expect(await handle.db.selectFrom('sessions').select('id').execute()).toEqual([])
  })

  it('la migration 0009 hache les sessions existantes sur place : personne n’est déconnecté (et les deux calculs d’empreinte concordent)', async () => {
    const user = await createUser()
    // The tables as they were before 0009: the cookie value as id, no redaction columns.
    await sql`ALTER TABLE email_outbox DROP COLUMN redacted_subject, DROP COLUMN redacted_at`.execute(handle.db)
    const cookieId = 'abcdefghijklmnopqrstuvwxyz234567abcdefgh'
    await sql`INSERT INTO sessions (id, user_id, expires_at) VALUES (${cookieId}, ${user.id}, now() + interval '1 hour')`.execute(handle.db)
    await sql`INSERT INTO email_outbox (to_address, subject, html, text, template, status)
      VALUES ('porteuse@exemple.fr', 'Votre code de connexion : 123456', '<a href="http://localhost:3000/connexion/lien?jeton=secret">', 'jeton=secret 123456', 'sign-in', 'sent'),
             ('porteuse@exemple.fr', 'Votre code de connexion : 654321', 'jeton=attente', 'jeton=attente 654321', 'sign-in', 'queued'),
             ('porteuse@exemple.fr', 'Candidature reçue', 'corps', 'corps', 'application-receipt', 'sent')`.execute(handle.db)

    await m0009.up(handle.db)

    expect(await handle.db.selectFrom('sessions').select('id').execute()).toEqual([{ id: sessionIdAtRest(cookieId) }])
    const stillSignedIn = await validateRequestSession(handle.db, services.auth, services.auth.createSessionCookie(cookieId).serialize())
    expect(stillSignedIn.user?.id).toBe(user.id)

    const emails = await handle.db.selectFrom('email_outbox').select(['subject', 'html', 'text', 'status']).orderBy('subject').execute()
    expect(emails).toEqual([
      { subject: 'Candidature reçue', html: 'corps', text: 'corps', status: 'sent' },
      { subject: 'Votre code de connexion', html: '', text: REDACTED_EMAIL_TEXT, status: 'sent' },
      // Not delivered yet: kept whole, its delivery redacts it.
      { subject: 'Votre code de connexion : 654321', html: 'jeton=attente', text: 'jeton=attente 654321', status: 'queued' },
    ])
  })
})

describe('e-mails porteurs d’un secret effacés une fois remis (issue 16 #8)', () => {
  it('l’e-mail de connexion part entier chez le fournisseur, puis la boîte d’envoi ne garde ni lien, ni code, ni corps', async () => {
    const queued = await askSignIn()
    const code = /\b(\d{6})\b/.exec(queued.subject)![1]!
    const token = /jeton=([\w-]+)/.exec(queued.text)![1]!
    const { transport, delivered } = providerTransport()

    await deliverEmail({ db: handle.db, mailer: transport, env: services.env }, queued.id)

    expect(delivered).toHaveLength(1)
    expect(delivered[0]!.subject).toContain(code)
    expect(delivered[0]!.text).toContain(token)
    expect(delivered[0]!.html).toContain(token)
    const stored = await handle.db.selectFrom('email_outbox').selectAll().where('id', '=', queued.id).executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ status: 'sent', subject: 'Votre code de connexion', html: '', text: REDACTED_EMAIL_TEXT, to_address: 'porteuse@exemple.fr' })
    expect(stored.redacted_at).not.toBeNull()
    expect(JSON.stringify(stored)).not.toContain(code)
    expect(JSON.stringify(stored)).not.toContain(token)
  })

  it('un envoi qui échoue garde l’e-mail entier pour la nouvelle tentative, qui l’efface ensuite', async () => {
    const queued = await askSignIn()
    const { transport, delivered } = providerTransport({ failFirst: true })
    await expect(deliverEmail({ db: handle.db, mailer: transport, env: services.env }, queued.id)).rejects.toThrow('fournisseur indisponible')
    expect(await handle.db.selectFrom('email_outbox').select(['subject', 'text']).executeTakeFirstOrThrow()).toEqual({ subject: queued.subject, text: queued.text })

    await deliverEmail({ db: handle.db, mailer: transport, env: services.env }, queued.id)
    expect(delivered[0]!.text).toBe(queued.text)
    expect(await handle.db.selectFrom('email_outbox').select(['subject', 'text']).executeTakeFirstOrThrow()).toEqual({ subject: 'Votre code de connexion', text: REDACTED_EMAIL_TEXT })
  })

  it('un e-mail sans secret est gardé tel quel ; sans fournisseur (démonstration), la boîte d’envoi est la boîte aux lettres et garde tout', async () => {
    const receiptId = await queueEmail(
      { db: handle.db, jobs: services.jobs },
      'porteuse@exemple.fr',
      applicationReceiptEmail({
        reference: 'AIC-2026-0001',
        projectTitle: 'Jardin partagé',
        callTitle: 'Appel 2026',
        submittedAt: '6 décembre 2026',
        deadline: '31 décembre 2026',
        link: 'http://localhost:3000/mes-candidatures/x',
        resubmission: false,
      }),
    )
    const { transport } = providerTransport()
    await deliverEmail({ db: handle.db, mailer: transport, env: services.env }, receiptId!)
    const receipt = await handle.db.selectFrom('email_outbox').selectAll().where('id', '=', receiptId!).executeTakeFirstOrThrow()
    expect(receipt.text).toContain('AIC-2026-0001')
    expect(receipt.redacted_at).toBeNull()

    const signIn = await askSignIn().then(() => handle.db.selectFrom('email_outbox').selectAll().where('template', '=', 'sign-in').executeTakeFirstOrThrow())
    await deliverEmail({ db: handle.db, mailer: services.mailer, env: services.env }, signIn.id)
    const kept = await handle.db.selectFrom('email_outbox').selectAll().where('id', '=', signIn.id).executeTakeFirstOrThrow()
    expect(services.mailer.name).toBe('outbox')
    expect(kept).toMatchObject({ status: 'sent', subject: signIn.subject, text: signIn.text })
  })
})

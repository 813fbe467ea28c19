import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import * as m0009 from '#db/migrations/0009-secrets-au-repos.ts'
import { applicationReceiptEmail } from '#emails/application-receipt.tsx'
import { sessionIdAtRest } from '#app/auth/lucia-adapter.server.ts'
import { endSession, validateRequestSession } from '#app/auth/session.server.ts'
import { requestSignIn } from '#app/auth/sign-in.server.ts'
import { deliverEmail, queueEmail, REDACTED_EMAIL_TEXT } from '#app/email/send.server.ts'
import type { EmailTransport, OutgoingEmail } from '#app/email/transport.server.ts'
import { sha256 } from '#app/utils/crypto.server.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()

async function createUser(email = 'porteuse@exemple.fr') {
  return app.db.insertInto('users').values({ email }).returning('id').executeTakeFirstOrThrow()
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
  const result = await requestSignIn({ db: app.db, jobs: app.services.jobs, appUrl: 'http://localhost:3000' }, { email: 'porteuse@exemple.fr', ipHash: 'ip-1' })
  if (!result.ok) throw new Error('limite atteinte')
  return app.db.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow()
}

describe('sessions stockées sous empreinte (issue 16 #8)', () => {
  it('la table garde l’empreinte SHA-256, pas la valeur du cookie ; le cookie ouvre la session, l’empreinte volée n’ouvre rien', async () => {
    const user = await createUser()
    const session = await app.services.auth.createSession(user.id, { auth_method: 'email', id_token_hint: null })
    const rows = await app.db.selectFrom('sessions').select('id').execute()
    expect(rows).toEqual([{ id: sha256(session.id) }])
    expect(JSON.stringify(await app.db.selectFrom('sessions').selectAll().execute())).not.toContain(session.id)

    const valid = await validateRequestSession(app.db, app.services.auth, app.services.auth.createSessionCookie(session.id).serialize())
    expect(valid.user?.id).toBe(user.id)
    // What a copy of the database gives: a stored id used as a cookie opens nothing.
    const stolen = await validateRequestSession(app.db, app.services.auth, app.services.auth.createSessionCookie(rows[0]!.id).serialize())
    expect(stolen.user).toBeNull()

    await endSession(app.services.auth, session.id)
    expect(await app.db.selectFrom('sessions').select('id').execute()).toEqual([])
  })

  it('la migration 0009 hache les sessions existantes sur place : personne n’est déconnecté (et les deux calculs d’empreinte concordent)', async () => {
    const user = await createUser()
    // The tables as they were before 0009: the cookie value as id, no redaction columns.
    await sql`ALTER TABLE email_outbox DROP COLUMN redacted_subject, DROP COLUMN redacted_at`.execute(app.db)
    const cookieId = 'abcdefghijklmnopqrstuvwxyz234567abcdefgh'
    await sql`INSERT INTO sessions (id, user_id, expires_at) VALUES (${cookieId}, ${user.id}, now() + interval '1 hour')`.execute(app.db)
    await sql`INSERT INTO email_outbox (to_address, subject, html, text, template, status)
      VALUES ('porteuse@exemple.fr', 'Votre code de connexion : 123456', '<a href="http://localhost:3000/connexion/lien?jeton=secret">', 'jeton=secret 123456', 'sign-in', 'sent'),
             ('porteuse@exemple.fr', 'Votre code de connexion : 654321', 'jeton=attente', 'jeton=attente 654321', 'sign-in', 'queued'),
             ('porteuse@exemple.fr', 'Candidature reçue', 'corps', 'corps', 'application-receipt', 'sent')`.execute(app.db)

    await m0009.up(app.db)

    expect(await app.db.selectFrom('sessions').select('id').execute()).toEqual([{ id: sessionIdAtRest(cookieId) }])
    const stillSignedIn = await validateRequestSession(app.db, app.services.auth, app.services.auth.createSessionCookie(cookieId).serialize())
    expect(stillSignedIn.user?.id).toBe(user.id)

    const emails = await app.db.selectFrom('email_outbox').select(['subject', 'html', 'text', 'status']).orderBy('subject').execute()
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

    await deliverEmail({ db: app.db, mailer: transport, env: app.services.env }, queued.id)

    expect(delivered).toHaveLength(1)
    expect(delivered[0]!.subject).toContain(code)
    expect(delivered[0]!.text).toContain(token)
    expect(delivered[0]!.html).toContain(token)
    const stored = await app.db.selectFrom('email_outbox').selectAll().where('id', '=', queued.id).executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ status: 'sent', subject: 'Votre code de connexion', html: '', text: REDACTED_EMAIL_TEXT, to_address: 'porteuse@exemple.fr' })
    expect(stored.redacted_at).not.toBeNull()
    expect(JSON.stringify(stored)).not.toContain(code)
    expect(JSON.stringify(stored)).not.toContain(token)
  })

  it('un envoi qui échoue garde l’e-mail entier pour la nouvelle tentative, qui l’efface ensuite', async () => {
    const queued = await askSignIn()
    const { transport, delivered } = providerTransport({ failFirst: true })
    await expect(deliverEmail({ db: app.db, mailer: transport, env: app.services.env }, queued.id)).rejects.toThrow('fournisseur indisponible')
    expect(await app.db.selectFrom('email_outbox').select(['subject', 'text']).executeTakeFirstOrThrow()).toEqual({ subject: queued.subject, text: queued.text })

    await deliverEmail({ db: app.db, mailer: transport, env: app.services.env }, queued.id)
    expect(delivered[0]!.text).toBe(queued.text)
    expect(await app.db.selectFrom('email_outbox').select(['subject', 'text']).executeTakeFirstOrThrow()).toEqual({ subject: 'Votre code de connexion', text: REDACTED_EMAIL_TEXT })
  })

  it('un e-mail sans secret est gardé tel quel ; sans fournisseur (démonstration), la boîte d’envoi est la boîte aux lettres et garde tout', async () => {
    const receiptId = await queueEmail(
      { db: app.db, jobs: app.services.jobs },
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
    await deliverEmail({ db: app.db, mailer: transport, env: app.services.env }, receiptId!)
    const receipt = await app.db.selectFrom('email_outbox').selectAll().where('id', '=', receiptId!).executeTakeFirstOrThrow()
    expect(receipt.text).toContain('AIC-2026-0001')
    expect(receipt.redacted_at).toBeNull()

    const signIn = await askSignIn().then(() => app.db.selectFrom('email_outbox').selectAll().where('template', '=', 'sign-in').executeTakeFirstOrThrow())
    await deliverEmail({ db: app.db, mailer: app.services.mailer, env: app.services.env }, signIn.id)
    const kept = await app.db.selectFrom('email_outbox').selectAll().where('id', '=', signIn.id).executeTakeFirstOrThrow()
    expect(app.services.mailer.name).toBe('outbox')
    expect(kept).toMatchObject({ status: 'sent', subject: signIn.subject, text: signIn.text })
  })
})

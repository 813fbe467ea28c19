import { sql, type Kysely } from 'kysely'

// Secrets at rest (issue 16 #8, decision 083).
// - Session ids are stored as the SHA-256 of the cookie value (hex, as `sha256()` in
//   app/utils/crypto.server.ts). Existing sessions are hashed in place: nobody is signed out by
//   the update. PostgreSQL's own sha256() (11+, PGlite included) hashes the same UTF-8 bytes.
// - E-mails that carry a secret (sign-in link and code, invitation link) record the subject they
//   keep once delivered; the body is then dropped (app/email/send.server.ts). Those already sent
//   are redacted here.
/** What a redacted e-mail's body says (the same sentence as REDACTED_EMAIL_TEXT at the time of writing). */
const REDACTED_TEXT = 'Contenu effacé après l’envoi : il contenait un lien ou un code personnel.'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`UPDATE sessions SET id = encode(sha256(convert_to(id, 'UTF8')), 'hex')`.execute(db)

  await db.schema.alterTable('email_outbox').addColumn('redacted_subject', 'text').execute()
  await db.schema.alterTable('email_outbox').addColumn('redacted_at', 'timestamptz').execute()
  await sql`
    UPDATE email_outbox
    SET subject = CASE template WHEN 'sign-in' THEN 'Votre code de connexion' ELSE subject END,
        html = '',
        text = ${REDACTED_TEXT},
        redacted_at = now()
    WHERE template IN ('sign-in', 'invitation', 'co-leader-invitation') AND status = 'sent'`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  // A hash cannot be undone: the sessions are dropped (everyone signs in again).
  await sql`DELETE FROM sessions`.execute(db)
  await db.schema.alterTable('email_outbox').dropColumn('redacted_at').execute()
  await db.schema.alterTable('email_outbox').dropColumn('redacted_subject').execute()
}

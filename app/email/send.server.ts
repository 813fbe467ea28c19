import { render } from '@react-email/render'
import type { ReactElement } from 'react'
import type { Db } from '#db/client.ts'
import type { EmailContent } from '#emails/layout.tsx'
import type { JobContext, JobQueue } from '#app/jobs/types.ts'
import { now } from '#app/utils/clock.server.ts'

export const DELIVER_EMAIL_JOB = 'email.deliver'
const MAX_ATTEMPTS = 6

/** The body an e-mail with a secret keeps in the outbox once delivered (decision 083). */
export const REDACTED_EMAIL_TEXT = 'Contenu effacé après l’envoi : il contenait un lien ou un code personnel.'

/**
 * Renders an e-mail, records it in the outbox and enqueues its delivery, in the given
 * transaction when there is one. The same idempotency key never queues a second e-mail.
 */
export async function queueEmail(
  { db, jobs }: { db: Db; jobs: JobQueue },
  to: string,
  content: EmailContent,
  options: { idempotencyKey?: string } = {},
): Promise<string | null> {
  const element = content.body as ReactElement
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })])
  const row = await db
    .insertInto('email_outbox')
    .values({
      idempotency_key: options.idempotencyKey ?? null,
      to_address: to,
      subject: content.subject,
      html,
      text,
      template: content.template,
      redacted_subject: content.redactedSubject ?? null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!row) return null
  await jobs.send(DELIVER_EMAIL_JOB, { id: row.id }, { db })
  return row.id
}

/** Delivers one queued e-mail. Idempotent: an e-mail already sent is not sent again. */
export async function deliverEmail(context: Pick<JobContext, 'db' | 'mailer' | 'env'>, id: string): Promise<void> {
  const { db, mailer, env } = context
  const email = await db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirst()
  // Not visible yet (transaction not committed): throwing makes the queue retry later.
  if (!email) throw new Error(`E-mail ${id} introuvable`)
  if (email.status !== 'queued') return
  try {
    const providerId = await mailer.deliver({
      id: email.id,
      from: env.EMAIL_FROM,
      to: email.to_address,
      subject: email.subject,
      html: email.html,
      text: email.text,
    })
    // A secret (sign-in link and code, invitation link) is in the person's mailbox now: the outbox
    // keeps a subject without it and no body. Without a provider the outbox is the mailbox
    // (/dev/boite-mail, demo on loopback), so it keeps everything.
    const redact = email.redacted_subject !== null && mailer.name !== 'outbox'
    await db
      .updateTable('email_outbox')
      .set({
        status: 'sent',
        sent_at: now(),
        attempts: email.attempts + 1,
        provider_message_id: providerId,
        last_error: null,
        ...(redact ? { subject: email.redacted_subject!, html: '', text: REDACTED_EMAIL_TEXT, redacted_at: now() } : {}),
      })
      .where('id', '=', id)
      .execute()
    if (mailer.name === 'outbox' && env.DEMO_MODE) {
      const link = email.text.match(/https?:\/\/\S+/)?.[0]
      console.log(`\n  ✉  E-mail pour ${email.to_address} : « ${email.subject} »${link ? `\n     ${link}` : ''}\n`)
    }
  } catch (error) {
    const attempts = email.attempts + 1
    await db
      .updateTable('email_outbox')
      .set({
        attempts,
        status: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued',
        last_error: String(error instanceof Error ? error.message : error).slice(0, 1000),
      })
      .where('id', '=', id)
      .execute()
    throw error
  }
}

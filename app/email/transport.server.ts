import { Resend } from 'resend'

export interface OutgoingEmail {
  /** Stable id: the provider uses it to refuse a second send of the same e-mail. */
  id: string
  from: string
  to: string
  subject: string
  html: string
  text: string
}

export interface EmailTransport {
  readonly name: 'resend' | 'outbox'
  /** Sends one e-mail; returns the provider's message id. Throws when sending failed. */
  deliver(email: OutgoingEmail): Promise<string | null>
}

/** Without a provider, e-mails stay in the `email_outbox` table (listed on /dev/boite-mail). */
export const outboxTransport: EmailTransport = {
  name: 'outbox',
  async deliver() {
    return null
  },
}

export function resendTransport(apiKey: string): EmailTransport {
  const resend = new Resend(apiKey)
  return {
    name: 'resend',
    async deliver(email) {
      const { data, error } = await resend.emails.send(
        { from: email.from, to: email.to, subject: email.subject, html: email.html, text: email.text },
        { idempotencyKey: `aic-${email.id}` },
      )
      if (error) throw new Error(`Resend : ${error.name} ${error.message}`)
      return data?.id ?? null
    },
  }
}

export function createEmailTransport(env: { RESEND_API_KEY?: string }): EmailTransport {
  return env.RESEND_API_KEY ? resendTransport(env.RESEND_API_KEY) : outboxTransport
}

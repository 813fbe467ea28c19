import { Body, Container, Head, Hr, Html, Preview, Section, Text } from '@react-email/components'
import type { ReactNode } from 'react'

export interface EmailContent {
  subject: string
  /** Template name recorded in the outbox (for tests and statistics). */
  template: string
  body: ReactNode
  /**
   * Set when the e-mail carries a secret (sign-in link and code, invitation link): once delivered,
   * the outbox keeps only this subject, and no body (decision 083).
   */
  redactedSubject?: string
}

const styles = {
  body: { backgroundColor: '#f6f6f6', fontFamily: 'Marianne, Arial, sans-serif', color: '#161616', margin: 0 },
  container: { backgroundColor: '#ffffff', margin: '24px auto', padding: '24px', maxWidth: '560px' },
  brand: { fontWeight: 700, fontSize: '14px', lineHeight: '18px', textTransform: 'uppercase' as const, margin: 0 },
  service: { fontSize: '16px', fontWeight: 700, margin: '8px 0 0' },
  footer: { fontSize: '12px', color: '#666666' },
}

/** Common frame of every e-mail: Marianne block, service name, footer. */
export function EmailLayout({ preview, children }: { preview: string; children: ReactNode }) {
  return (
    <Html lang="fr">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Section>
            <Text style={styles.brand}>{'République\nFrançaise'}</Text>
            <Text style={styles.service}>{'Accélérateur d’initiatives citoyennes'}</Text>
          </Section>
          <Hr />
          {children}
          <Hr />
          <Text style={styles.footer}>
            {'Ce message vous est envoyé automatiquement par l’Accélérateur d’initiatives citoyennes (DITP). Merci de ne pas y répondre directement.'}
          </Text>
        </Container>
      </Body>
    </Html>
  )
}

export const emailStyles = {
  paragraph: { fontSize: '16px', lineHeight: '24px' },
  button: {
    backgroundColor: '#000091',
    color: '#ffffff',
    padding: '12px 20px',
    textDecoration: 'none',
    display: 'inline-block',
    fontSize: '16px',
  },
  code: { fontSize: '28px', letterSpacing: '6px', fontWeight: 700 },
}

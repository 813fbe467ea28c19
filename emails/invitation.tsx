import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

export function invitationEmail({
  link,
  roleLabel,
  scopeLabel,
  inviterName,
  message,
  days,
}: {
  link: string
  roleLabel: string
  scopeLabel: string | null
  inviterName: string
  message: string | null
  days: number
}): EmailContent {
  const what = scopeLabel ? `${roleLabel} — ${scopeLabel}` : roleLabel
  return {
    subject: `Invitation : ${what}`,
    template: 'invitation',
    redactedSubject: `Invitation : ${what}`,
    body: (
      <EmailLayout preview={`${inviterName} vous invite : ${what}`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {`${inviterName} vous invite à rejoindre l’Accélérateur d’initiatives citoyennes en tant que : ${what}.`}
        </Text>
        {message ? <Text style={emailStyles.paragraph}>{`Son message : « ${message} »`}</Text> : null}
        <Button href={link} style={emailStyles.button}>
          {'Voir l’invitation'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
        <Text style={emailStyles.paragraph}>
          {`Cette invitation est valable ${days} jours. Connectez-vous avec l’adresse à laquelle vous avez reçu ce message pour l’accepter.`}
        </Text>
      </EmailLayout>
    ),
  }
}

import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** Invitation to write an application together. */
export function coLeaderInvitationEmail({
  inviterName,
  projectTitle,
  callTitle,
  link,
  days,
}: {
  inviterName: string
  projectTitle: string
  callTitle: string
  link: string
  days: number
}): EmailContent {
  return {
    subject: `${inviterName} vous invite à compléter une candidature`,
    template: 'co-leader-invitation',
    redactedSubject: `${inviterName} vous invite à compléter une candidature`,
    body: (
      <EmailLayout preview={`${inviterName} vous invite à compléter la candidature « ${projectTitle} »`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {`${inviterName} vous invite à rédiger ensemble la candidature « ${projectTitle} » à l’appel « ${callTitle} » de l’Accélérateur d’initiatives citoyennes.`}
        </Text>
        <Text style={emailStyles.paragraph}>{'En tant que co-porteur, vous pourrez compléter et modifier toutes les sections, puis déposer la candidature.'}</Text>
        <Button href={link} style={emailStyles.button}>
          {'Rejoindre la candidature'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
        <Text style={emailStyles.paragraph}>
          {`Cette invitation est valable ${days} jours. Connectez-vous avec l’adresse à laquelle vous avez reçu ce message pour l’accepter.`}
        </Text>
      </EmailLayout>
    ),
  }
}

import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** Sent to every leader when the state of their application changes (other than a submission). */
export function applicationStatusEmail({
  projectTitle,
  reference,
  stateTitle,
  explanation,
  nextStep,
  motivation,
  link,
}: {
  projectTitle: string
  reference: string | null
  stateTitle: string
  explanation: string
  nextStep: string
  motivation: string | null
  link: string
}): EmailContent {
  const ref = reference ? ` (${reference})` : ''
  return {
    subject: `${stateTitle} : ${projectTitle}${ref}`,
    template: 'application-status',
    body: (
      <EmailLayout preview={`${stateTitle} : ${projectTitle}`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>{`Votre candidature « ${projectTitle} »${ref} a changé d’état : ${stateTitle.toLowerCase()}.`}</Text>
        <Text style={emailStyles.paragraph}>{explanation}</Text>
        {motivation ? <Text style={emailStyles.paragraph}>{`Message de l’équipe : « ${motivation} »`}</Text> : null}
        <Text style={emailStyles.paragraph}>{`Et maintenant ? ${nextStep}`}</Text>
        <Button href={link} style={emailStyles.button}>
          {'Voir ma candidature'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
      </EmailLayout>
    ),
  }
}

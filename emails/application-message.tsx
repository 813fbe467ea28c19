import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** A new message in an application's thread, for the other side (leaders or instruction team). */
export function applicationMessageEmail({
  projectTitle,
  reference,
  fromTeam,
  link,
}: {
  projectTitle: string
  reference: string | null
  fromTeam: boolean
  link: string
}): EmailContent {
  const ref = reference ? ` (${reference})` : ''
  return {
    subject: `Nouveau message : ${projectTitle}${ref}`,
    template: 'application-message',
    body: (
      <EmailLayout preview={`Nouveau message à propos de « ${projectTitle} »`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {fromTeam
            ? `L’équipe d’instruction vous a écrit à propos de votre candidature « ${projectTitle} »${ref}.`
            : `Les porteurs du projet « ${projectTitle} »${ref} ont écrit à l’équipe d’instruction.`}
        </Text>
        <Text style={emailStyles.paragraph}>{'Pour protéger les informations échangées, le message se lit sur le site, après connexion.'}</Text>
        <Button href={link} style={emailStyles.button}>
          {'Lire le message'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
      </EmailLayout>
    ),
  }
}

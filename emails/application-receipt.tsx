import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** Sent to every leader of an application when it is submitted (or submitted again). */
export function applicationReceiptEmail({
  reference,
  projectTitle,
  callTitle,
  submittedAt,
  deadline,
  link,
  resubmission,
}: {
  reference: string
  projectTitle: string
  callTitle: string
  submittedAt: string
  deadline: string
  link: string
  resubmission: boolean
}): EmailContent {
  return {
    subject: `Candidature déposée : ${reference}`,
    template: 'application-receipt',
    body: (
      <EmailLayout preview={`Votre candidature « ${projectTitle} » est déposée (référence ${reference}).`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {`${resubmission ? 'Votre candidature a de nouveau été déposée' : 'Votre candidature a bien été déposée'} le ${submittedAt}, pour l’appel « ${callTitle} ».`}
        </Text>
        <Text style={emailStyles.paragraph}>{`Projet : ${projectTitle}`}</Text>
        <Text style={emailStyles.paragraph}>{`Référence : ${reference}`}</Text>
        <Text style={emailStyles.paragraph}>
          {`Gardez cette référence : elle vous sera demandée si vous écrivez à l’équipe. Jusqu’au ${deadline}, vous pouvez encore rouvrir votre candidature pour la modifier ; il faudra alors la déposer de nouveau.`}
        </Text>
        <Button href={link} style={emailStyles.button}>
          {'Voir mon attestation de dépôt'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
      </EmailLayout>
    ),
  }
}

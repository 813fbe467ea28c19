import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** Reminder to leaders whose application is still a draft, seven days and one day before the deadline. */
export function deadlineReminderEmail({
  projectTitle,
  callTitle,
  deadline,
  daysLeft,
  missingCount,
  link,
}: {
  projectTitle: string
  callTitle: string
  deadline: string
  daysLeft: number
  missingCount: number
  link: string
}): EmailContent {
  const when = daysLeft <= 1 ? 'demain' : `dans ${daysLeft} jours`
  return {
    subject: `Rappel : dépôt des candidatures ${when}`,
    template: 'deadline-reminder',
    body: (
      <EmailLayout preview={`Votre candidature « ${projectTitle} » n’est pas encore déposée.`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {`Votre candidature « ${projectTitle} » à l’appel « ${callTitle} » est encore un brouillon. La date limite de dépôt est le ${deadline}.`}
        </Text>
        <Text style={emailStyles.paragraph}>
          {missingCount > 0
            ? `Il reste ${missingCount} ${missingCount > 1 ? 'éléments' : 'élément'} à compléter avant de pouvoir la déposer.`
            : 'Elle semble complète : il ne vous reste plus qu’à la déposer.'}
        </Text>
        <Button href={link} style={emailStyles.button}>
          {'Compléter ma candidature'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
      </EmailLayout>
    ),
  }
}

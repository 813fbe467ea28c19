import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** Sent to a jury member who still has evaluations to send, a few days before the scoring deadline. */
export function scoringReminderEmail({
  callTitle,
  deadline,
  done,
  total,
  link,
}: {
  callTitle: string
  deadline: string
  done: number
  total: number
  link: string
}): EmailContent {
  const left = total - done
  return {
    subject: `Rappel : ${left} ${left > 1 ? 'évaluations' : 'évaluation'} à envoyer avant le ${deadline}`,
    template: 'scoring-reminder',
    body: (
      <EmailLayout preview={`Il vous reste ${left} ${left > 1 ? 'évaluations' : 'évaluation'} à envoyer.`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {`Pour l’appel « ${callTitle} », vous avez envoyé ${done} ${done > 1 ? 'évaluations' : 'évaluation'} sur ${total}. Les évaluations sont attendues jusqu’au ${deadline}.`}
        </Text>
        <Button href={link} style={emailStyles.button}>
          {'Voir mes évaluations'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
      </EmailLayout>
    ),
  }
}

import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** The mentor's daily digest of new alerts (one e-mail a day at most, not one per alert). */
export function mentoringAlertsEmail({ alerts, link }: { alerts: Array<{ projectTitle: string; message: string }>; link: string }): EmailContent {
  const count = alerts.length
  return {
    subject: count > 1 ? `${count} alertes sur vos projets accompagnés` : 'Une alerte sur un projet accompagné',
    template: 'mentoring-alerts',
    body: (
      <EmailLayout preview={`${count} point${count > 1 ? 's' : ''} à regarder sur vos projets.`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>{'Voici ce qui demande votre attention aujourd’hui :'}</Text>
        {alerts.map((alert, index) => (
          <Text key={index} style={emailStyles.paragraph}>{`• ${alert.projectTitle} : ${alert.message}`}</Text>
        ))}
        <Button href={link} style={emailStyles.button}>
          {'Voir la cohorte'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
      </EmailLayout>
    ),
  }
}

import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

export interface DigestLine {
  label: string
  value: string
  previous: string
  answers: number
}

/** The Monday summary of last week's reviews on a service. */
export function feedbackWeeklyDigestEmail({
  serviceName,
  period,
  reviews,
  previousReviews,
  lines,
  link,
  settingsLink,
}: {
  serviceName: string
  period: string
  reviews: number
  previousReviews: number
  lines: DigestLine[]
  link: string
  settingsLink: string
}): EmailContent {
  const count = reviews === 0 ? 'aucun avis' : reviews === 1 ? '1 avis' : `${reviews.toLocaleString('fr-FR')} avis`
  return {
    subject: `Résumé de la semaine : « ${serviceName} »`,
    template: 'feedback-weekly-digest',
    body: (
      <EmailLayout preview={`${serviceName} : ${count} ${period}`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {`« ${serviceName} » a reçu ${count} ${period} (${previousReviews.toLocaleString('fr-FR')} la semaine précédente).`}
        </Text>
        {lines.map((line) => (
          <Text key={line.label} style={emailStyles.paragraph}>
            {`${line.label} : ${line.value} (semaine précédente : ${line.previous}), sur ${line.answers.toLocaleString('fr-FR')} réponse${line.answers > 1 ? 's' : ''}.`}
          </Text>
        ))}
        <Button href={link} style={emailStyles.button}>
          {'Voir le tableau de bord'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
        <Text style={emailStyles.paragraph}>{`Vous recevez ce résumé chaque lundi. Pour ne plus le recevoir : ${settingsLink}`}</Text>
      </EmailLayout>
    ),
  }
}

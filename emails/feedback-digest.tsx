import { Button, Heading, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

export interface DigestEmailGroup {
  serviceName: string
  reviews: number
  link: string
  items: Array<{ when: string; text: string }>
}

function count(reviews: number): string {
  return reviews === 0 ? 'aucun avis' : reviews === 1 ? '1 avis' : `${reviews.toLocaleString('fr-FR')} avis`
}

/** A person's digest: the services they follow, each with its latest comments, newest first. */
export function feedbackDigestEmail({
  frequency,
  period,
  groups,
  settingsLink,
  schedule,
}: {
  frequency: 'daily' | 'weekly'
  period: string
  groups: DigestEmailGroup[]
  settingsLink: string
  schedule: string
}): EmailContent {
  const label = frequency === 'weekly' ? 'de la semaine' : 'du jour'
  const total = groups.reduce((sum, group) => sum + group.reviews, 0)
  const subject = groups.length === 1 ? `Résumé ${label} : « ${groups[0]!.serviceName} »` : `Résumé ${label} : ${count(total)} sur ${groups.length} services`
  return {
    subject,
    template: frequency === 'weekly' ? 'feedback-weekly-digest' : 'feedback-daily-digest',
    body: (
      <EmailLayout preview={`${count(total)} ${period}`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {total === 0
            ? `Aucun avis n’est arrivé ${period} sur les services que vous suivez.`
            : `Voici les avis reçus ${period}, service par service, les plus récents d’abord.`}
        </Text>
        {groups.map((group) => (
          <div key={group.link}>
            <Heading as="h2" style={emailStyles.paragraph}>{`${group.serviceName}`}</Heading>
            <Text style={emailStyles.paragraph}>{`« ${group.serviceName} » a reçu ${count(group.reviews)} ${period}.`}</Text>
            {group.items.map((item, index) => (
              <Text key={index} style={emailStyles.paragraph}>{`${item.when} : « ${item.text} »`}</Text>
            ))}
            <Button href={group.link} style={emailStyles.button}>
              {`Voir les avis de « ${group.serviceName} »`}
            </Button>
            <Text style={emailStyles.paragraph}>{`Lien : ${group.link}`}</Text>
          </div>
        ))}
        <Text
          style={emailStyles.paragraph}
        >{`Vous recevez ce résumé ${schedule}. Pour changer l’heure, le jour ou ne plus le recevoir : ${settingsLink}`}</Text>
      </EmailLayout>
    ),
  }
}

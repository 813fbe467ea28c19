import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** New « Pas bien » reviews on a service, grouped (at most one e-mail per quiet period). */
export function feedbackNegativeAlertEmail({
  serviceName,
  count,
  excerpts,
  link,
  settingsLink,
}: {
  serviceName: string
  count: number
  excerpts: string[]
  link: string
  settingsLink: string
}): EmailContent {
  const what = count > 1 ? `${count} nouveaux avis « Pas bien »` : 'Un nouvel avis « Pas bien »'
  return {
    subject: `${what} sur « ${serviceName} »`,
    template: 'feedback-negative-alert',
    body: (
      <EmailLayout preview={`${what} sur « ${serviceName} »`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {`${what} ${count > 1 ? 'sont arrivés' : 'est arrivé'} sur « ${serviceName} ». Les usagers ont répondu « Pas bien » à la question « De façon générale, comment ça s’est passé ? ».`}
        </Text>
        {excerpts.length ? <Text style={emailStyles.paragraph}>{'Ce qu’ils en disent :'}</Text> : null}
        {excerpts.map((excerpt, index) => (
          <Text key={index} style={emailStyles.paragraph}>{`« ${excerpt} »`}</Text>
        ))}
        <Button href={link} style={emailStyles.button}>
          {'Lire ces avis'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
        <Text style={emailStyles.paragraph}>{`Vous recevez ce message car vous suivez ce service. Pour ne plus le recevoir : ${settingsLink}`}</Text>
      </EmailLayout>
    ),
  }
}

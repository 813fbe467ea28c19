import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** To the owner of an application: a co-leader says they have finished their part (decision 097). */
export function coLeaderPartDoneEmail({ coLeaderName, projectTitle, link }: { coLeaderName: string; projectTitle: string; link: string }): EmailContent {
  return {
    subject: `${coLeaderName} a terminé sa partie de la candidature « ${projectTitle} »`,
    template: 'co-leader-part-done',
    body: (
      <EmailLayout preview={`${coLeaderName} a terminé sa partie`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>{`${coLeaderName}, co-porteur de la candidature « ${projectTitle} », indique avoir terminé sa partie.`}</Text>
        <Text style={emailStyles.paragraph}>
          {'Relisez la candidature, vérifiez ce qui manque encore, puis déposez-la avant la date limite. Tant qu’elle n’est pas déposée, chacun peut encore la modifier.'}
        </Text>
        <Button href={link} style={emailStyles.button}>
          {'Vérifier et déposer'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
      </EmailLayout>
    ),
  }
}

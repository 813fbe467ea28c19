import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** An application handed over to a co-leader (decision 097): one e-mail to each of the two people. */
export function applicationOwnershipEmail({
  projectTitle,
  link,
  formerOwner,
  newOwner,
  recipient,
}: {
  projectTitle: string
  link: string
  formerOwner: string
  newOwner: string
  recipient: 'new' | 'former'
}): EmailContent {
  return {
    subject:
      recipient === 'new' ? `Vous êtes maintenant responsable de la candidature « ${projectTitle} »` : `Vous avez confié la candidature « ${projectTitle} » à ${newOwner}`,
    template: 'application-ownership',
    body: (
      <EmailLayout preview={`La candidature « ${projectTitle} » a un nouveau responsable`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {recipient === 'new'
            ? `${formerOwner} vous a confié la candidature « ${projectTitle} ». Vous en êtes maintenant responsable : vous pouvez inviter et retirer des co-porteurs, et la confier à votre tour à quelqu’un d’autre.`
            : `Vous avez confié la candidature « ${projectTitle} » à ${newOwner}, qui en est maintenant responsable. Vous restez co-porteur : vous pouvez toujours la compléter, ou la quitter.`}
        </Text>
        <Button href={link} style={emailStyles.button}>
          {'Voir la candidature'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
      </EmailLayout>
    ),
  }
}

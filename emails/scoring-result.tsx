import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** Sent to each leader when a call's results are published: the decision, its motivation, the shared comments. */
export function scoringResultEmail({
  projectTitle,
  callTitle,
  decisionLabel,
  motivation,
  comments,
  link,
}: {
  projectTitle: string
  callTitle: string
  decisionLabel: string
  motivation: string
  comments: string[]
  link: string
}): EmailContent {
  return {
    subject: `Résultats de l’appel « ${callTitle} » : ${decisionLabel.toLowerCase()}`,
    template: 'scoring-result',
    body: (
      <EmailLayout preview={`Votre projet « ${projectTitle} » : ${decisionLabel.toLowerCase()}.`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>{`Les résultats de l’appel « ${callTitle} » sont publiés. Décision pour votre projet « ${projectTitle} » : ${decisionLabel.toLowerCase()}.`}</Text>
        <Text style={emailStyles.paragraph}>{`Motif : ${motivation}`}</Text>
        {comments.length ? <Text style={emailStyles.paragraph}>{'Commentaires des jurys partagés avec vous :'}</Text> : null}
        {comments.map((comment, index) => (
          <Text key={index} style={emailStyles.paragraph}>{`– « ${comment} »`}</Text>
        ))}
        <Button href={link} style={emailStyles.button}>
          {'Voir les résultats de l’appel'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
      </EmailLayout>
    ),
  }
}

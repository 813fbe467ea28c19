import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** To the leader of a project once a committee has decided about it. */
export function mentoringDecisionEmail({
  projectTitle,
  committee,
  decision,
  amount,
  motivation,
  link,
}: {
  projectTitle: string
  committee: string
  decision: string
  amount: string | null
  motivation: string
  link: string
}): EmailContent {
  return {
    subject: `${committee} : décision pour « ${projectTitle} »`,
    template: 'mentoring-decision',
    body: (
      <EmailLayout preview={`Décision du ${committee.toLowerCase()} : ${decision.toLowerCase()}.`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {`Le ${committee.toLowerCase()} a rendu sa décision pour votre projet « ${projectTitle} » : ${decision.toLowerCase()}${amount ? `, avec une tranche de financement de ${amount}` : ''}.`}
        </Text>
        <Text style={emailStyles.paragraph}>{`Motivation : ${motivation}`}</Text>
        <Button href={link} style={emailStyles.button}>
          {'Voir le suivi du projet'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
      </EmailLayout>
    ),
  }
}

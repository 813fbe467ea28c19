import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** To the leaders of a retained project when its cohort is created: where to follow the mentoring. */
export function mentoringWelcomeEmail({ projectTitle, cohortName, period, link }: { projectTitle: string; cohortName: string; period: string; link: string }): EmailContent {
  return {
    subject: `Votre projet « ${projectTitle} » entre en accompagnement`,
    template: 'mentoring-welcome',
    body: (
      <EmailLayout preview={`L’accompagnement de trois mois de « ${projectTitle} » commence.`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {`Votre projet « ${projectTitle} » fait partie de la cohorte « ${cohortName} », accompagnée ${period}. Vous y retrouverez le diagnostic, les besoins, les actions, les points d’étape avec votre chargé·e d’accélération, et les décisions des comités.`}
        </Text>
        <Button href={link} style={emailStyles.button}>
          {'Suivre mon accompagnement'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
      </EmailLayout>
    ),
  }
}

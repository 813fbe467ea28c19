import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** To a ministry referent added to a mentored project (with or without an account yet). */
export function mentoringReferentEmail({ projectTitle, cohortName, link }: { projectTitle: string; cohortName: string; link: string }): EmailContent {
  return {
    subject: `Vous êtes référent du projet « ${projectTitle} »`,
    template: 'mentoring-referent',
    body: (
      <EmailLayout preview={`L’équipe du programme vous a ajouté comme référent du projet « ${projectTitle} ».`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {`L’équipe de l’Accélérateur d’initiatives citoyennes vous a ajouté comme référent ministériel du projet « ${projectTitle} » (${cohortName}). Vous pouvez suivre son accompagnement : besoins, actions, points d’étape et mises en relation.`}
        </Text>
        <Text style={emailStyles.paragraph}>{'Connectez-vous avec cette adresse e-mail : aucun mot de passe n’est nécessaire.'}</Text>
        <Button href={link} style={emailStyles.button}>
          {'Voir le suivi du projet'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
      </EmailLayout>
    ),
  }
}

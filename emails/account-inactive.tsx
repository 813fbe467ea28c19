import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

export function accountInactiveEmail({ signInUrl, deletionDate }: { signInUrl: string; deletionDate: string }): EmailContent {
  return {
    subject: 'Votre compte sera supprimé faute d’utilisation',
    template: 'account-inactive',
    body: (
      <EmailLayout preview={`Sans connexion de votre part, votre compte sera supprimé le ${deletionDate}.`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {`Vous ne vous êtes pas connecté·e à l’Accélérateur d’initiatives citoyennes depuis près de trois ans. Pour ne pas garder vos données plus longtemps que nécessaire, votre compte sera supprimé le ${deletionDate}.`}
        </Text>
        <Text style={emailStyles.paragraph}>{'Pour le garder, il suffit de vous connecter avant cette date.'}</Text>
        <Button href={signInUrl} style={emailStyles.button}>
          {'Me connecter'}
        </Button>
      </EmailLayout>
    ),
  }
}

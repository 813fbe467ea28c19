import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

export function signInEmail({ link, code, minutes }: { link: string; code: string; minutes: number }): EmailContent {
  return {
    subject: `Votre code de connexion : ${code}`,
    template: 'sign-in',
    redactedSubject: 'Votre code de connexion',
    body: (
      <EmailLayout preview={`Votre code de connexion : ${code}`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {`Pour vous connecter, utilisez ce lien ou saisissez le code ci-dessous dans la page de connexion. Ils sont valables ${minutes} minutes et ne servent qu’une fois.`}
        </Text>
        <Button href={link} style={emailStyles.button}>
          {'Me connecter'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
        <Text style={emailStyles.code}>{code}</Text>
        <Text style={emailStyles.paragraph}>
          {'Si vous n’avez pas demandé à vous connecter, ignorez ce message : personne ne peut se connecter sans ce lien ou ce code.'}
        </Text>
      </EmailLayout>
    ),
  }
}

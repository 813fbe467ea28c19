import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** The service answered (publicly) the experience a person told. */
export function experienceAnsweredEmail({ serviceName, title, statusLabel, link }: { serviceName: string; title: string; statusLabel: string; link: string }): EmailContent {
  return {
    subject: `« ${serviceName} » a répondu à votre expérience`,
    template: 'experience-answered',
    body: (
      <EmailLayout preview={`« ${serviceName} » a répondu à votre expérience`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>{`Le service « ${serviceName} » a publié une réponse à votre expérience « ${title} ». Statut : ${statusLabel}.`}</Text>
        <Button href={link} style={emailStyles.button}>
          {'Lire la réponse'}
        </Button>
        <Text style={emailStyles.paragraph}>{`Lien : ${link}`}</Text>
        <Text style={emailStyles.paragraph}>{'Votre adresse e-mail n’est jamais publiée. Elle sert seulement à vous prévenir.'}</Text>
      </EmailLayout>
    ),
  }
}

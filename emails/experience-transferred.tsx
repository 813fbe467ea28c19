import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** The author's experience is now followed by another organisation's service (a transfer accepted). */
export function experienceTransferredEmail(input: { title: string; serviceName: string; organisationName: string; link: string | null }): EmailContent {
  const subject = 'Votre expérience est suivie par un autre service'
  return {
    subject,
    template: 'experience-transferred',
    body: (
      <EmailLayout preview={subject}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>
          {`Votre expérience « ${input.title} » concerne « ${input.serviceName} » (${input.organisationName}). Ce service l’a acceptée : c’est lui qui la suit désormais et qui vous répondra.`}
        </Text>
        {input.link ? (
          <>
            <Button href={input.link} style={emailStyles.button}>
              {'Voir mon expérience'}
            </Button>
            <Text style={emailStyles.paragraph}>{`Lien : ${input.link}`}</Text>
          </>
        ) : (
          <Text style={emailStyles.paragraph}>{'Elle sera publiée après relecture ; nous vous préviendrons.'}</Text>
        )}
      </EmailLayout>
    ),
  }
}

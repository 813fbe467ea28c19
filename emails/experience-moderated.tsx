import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

/** The moderation decision on an experience: published (with its link) or refused (with the reason). */
export function experienceModeratedEmail(
  input: { serviceName: string; title: string } & ({ published: true; link: string; redacted: boolean } | { published: false; reason: string }),
): EmailContent {
  const subject = input.published ? 'Votre expérience est publiée' : 'Votre expérience n’a pas été publiée'
  return {
    subject,
    template: input.published ? 'experience-published' : 'experience-refused',
    body: (
      <EmailLayout preview={subject}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        {input.published ? (
          <>
            <Text style={emailStyles.paragraph}>
              {`Votre expérience « ${input.title} » sur « ${input.serviceName} » est publiée. ${input.redacted ? 'Certains passages ont été masqués pour protéger des données personnelles.' : ''} Le service peut maintenant y répondre ; nous vous préviendrons.`}
            </Text>
            <Button href={input.link} style={emailStyles.button}>
              {'Voir mon expérience'}
            </Button>
            <Text style={emailStyles.paragraph}>{`Lien : ${input.link}`}</Text>
          </>
        ) : (
          <Text style={emailStyles.paragraph}>
            {`Votre expérience « ${input.title} » sur « ${input.serviceName} » n’a pas été publiée. Motif : ${input.reason}. Vous pouvez raconter à nouveau votre expérience en tenant compte de ce motif.`}
          </Text>
        )}
      </EmailLayout>
    ),
  }
}

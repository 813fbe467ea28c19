import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles, type EmailContent } from './layout.tsx'

export interface CohortWeek {
  name: string
  projects: number
  onTrack: number
  atRisk: number
  stuck: number
  checkIns: number
  decisions: number
  openAlerts: number
  link: string
}

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n > 1 ? words : word}`

/** Monday digest to the programme team: each running cohort's health and what changed in the week. */
export function mentoringWeeklyDigestEmail({ cohorts }: { cohorts: CohortWeek[] }): EmailContent {
  return {
    subject: 'Accompagnement : la semaine des cohortes',
    template: 'mentoring-weekly-digest',
    body: (
      <EmailLayout preview={`${cohorts.length} cohorte${cohorts.length > 1 ? 's' : ''} en cours.`}>
        <Text style={emailStyles.paragraph}>{'Bonjour,'}</Text>
        <Text style={emailStyles.paragraph}>{'Voici où en sont les cohortes en cours, et ce qui a changé ces sept derniers jours.'}</Text>
        {cohorts.map((cohort) => (
          <Text key={cohort.link} style={emailStyles.paragraph}>
            {`${cohort.name} : ${plural(cohort.projects, 'projet')}, dont ${cohort.onTrack} en bonne voie, ${cohort.atRisk} à risque et ${plural(cohort.stuck, 'bloqué')}. Cette semaine : ${plural(cohort.checkIns, 'point d’étape', 'points d’étape')}, ${plural(cohort.decisions, 'décision de comité', 'décisions de comité')}. Alertes ouvertes : ${cohort.openAlerts}. ${cohort.link}`}
          </Text>
        ))}
        <Button href={cohorts[0]?.link ?? ''} style={emailStyles.button}>
          {'Voir les cohortes'}
        </Button>
      </EmailLayout>
    ),
  }
}

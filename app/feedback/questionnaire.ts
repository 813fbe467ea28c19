// The national « Je donne mon avis » questionnaire: wording, answer codes, steps and the
// validation of each step. Shared by server and browser; no database here.
import { z } from 'zod'
import { fromLegacy } from '#app/utils/legacy-values.ts'
import type { FormDefinition } from '#db/schema/feedback.ts'

export type OptionalQuestion = FormDefinition['questions'][number]

export const DEFAULT_DEFINITION: FormDefinition = { questions: ['clarity', 'help', 'comment', 'contact'], thanks: null }

export const OPTIONAL_QUESTIONS: Array<{ key: OptionalQuestion; label: string }> = [
  { key: 'clarity', label: 'Qu’avez-vous pensé des informations et des instructions fournies ?' },
  { key: 'help', label: 'L’aide : moyens utilisés, aide obtenue et sa qualité' },
  { key: 'comment', label: 'Souhaitez-vous nous en dire plus ?' },
  { key: 'contact', label: 'Adresse e-mail pour être recontacté (facultative)' },
]

export const SATISFACTION_QUESTION = 'De façon générale, comment ça s’est passé ?'
export const SATISFACTION_CHOICES = [
  { code: 'tres-bien', value: 2, label: 'Très bien' },
  { code: 'moyen', value: 1, label: 'Moyen' },
  { code: 'pas-bien', value: 0, label: 'Pas bien' },
] as const
export type SatisfactionCode = (typeof SATISFACTION_CHOICES)[number]['code']
export const SATISFACTION_CODES = SATISFACTION_CHOICES.map((choice) => choice.code) as [SatisfactionCode, ...SatisfactionCode[]]

export function satisfactionValue(code: SatisfactionCode): number {
  return SATISFACTION_CHOICES.find((choice) => choice.code === code)!.value
}
export function satisfactionLabel(value: number): string {
  return SATISFACTION_CHOICES.find((choice) => choice.value === value)?.label ?? '—'
}
export function satisfactionCode(value: number): SatisfactionCode | null {
  return SATISFACTION_CHOICES.find((choice) => choice.value === value)?.code ?? null
}

export const CLARITY_QUESTION = 'Qu’avez-vous pensé des informations et des instructions fournies ?'
export const CLARITY_CHOICES = [
  { value: 1, label: 'Pas clair du tout' },
  { value: 2, label: 'Pas très clair' },
  { value: 3, label: 'Moyennement clair' },
  { value: 4, label: 'Clair' },
  { value: 5, label: 'Très clair' },
] as const

export const HELP_QUESTION = 'Avez-vous cherché de l’aide pendant cette démarche ? Par quels moyens ?'
export const HELP_CHANNELS = [
  { code: 'counter', label: 'Au guichet' },
  { code: 'phone', label: 'Par téléphone' },
  { code: 'email', label: 'Par e-mail' },
  { code: 'chat', label: 'Par chat' },
  { code: 'relative', label: 'Un proche' },
  { code: 'association', label: 'Une association' },
  { code: 'internet', label: 'Des sites internet' },
  { code: 'other', label: 'Autre' },
] as const
export type HelpChannel = (typeof HELP_CHANNELS)[number]['code']
export const NO_HELP_CODE = 'aucune'
export const NO_HELP_LABEL = 'Je n’ai pas eu besoin d’aide'
export const CHANNEL_CODES = HELP_CHANNELS.map((channel) => channel.code) as [HelpChannel, ...HelpChannel[]]
/**
 * The channel codes stored before migration 0023 (decision 111), read as the English ones: a questionnaire page
 * opened before the change still posts them.
 */
const FRENCH_CHANNEL_CODES: Record<string, HelpChannel> = { guichet: 'counter', telephone: 'phone', proche: 'relative', autre: 'other' }
const channelCode = fromLegacy(FRENCH_CHANNEL_CODES)

export const REACHED_QUESTION = 'Avez-vous réussi à obtenir de l’aide ?'
export const QUALITY_QUESTION = 'Comment évaluez-vous la qualité de l’aide obtenue ?'
export const QUALITY_CHOICES = [
  { value: 1, label: 'Très mauvaise' },
  { value: 2, label: 'Mauvaise' },
  { value: 3, label: 'Moyenne' },
  { value: 4, label: 'Bonne' },
  { value: 5, label: 'Très bonne' },
] as const

export const COMMENT_QUESTION = 'Souhaitez-vous nous en dire plus ?'
export const COMMENT_NOTICE =
  'Ne donnez pas d’informations personnelles : nom, adresse, adresse e-mail, numéro de téléphone, numéro de sécurité sociale, coordonnées bancaires.'
export const COMMENT_MAX = 2000
export const CONTACT_QUESTION = 'Votre adresse e-mail (facultatif)'
export const CONTACT_HINT = 'Seulement si vous acceptez que l’administration vous recontacte au sujet de votre avis.'

export const DEFAULT_THANKS = 'Merci pour votre avis. Il aide l’administration à améliorer cette démarche.'

// ---------------------------------------------------------------------------------------------
// Steps

export type StepName = 'satisfaction' | 'clarte' | 'aide' | 'aide-suite' | 'commentaire'

/** The main steps a definition asks, in order (« aide-suite » belongs to « aide »). */
export function mainSteps(definition: FormDefinition): StepName[] {
  const steps: StepName[] = ['satisfaction']
  if (definition.questions.includes('clarity')) steps.push('clarte')
  if (definition.questions.includes('help')) steps.push('aide')
  if (definition.questions.includes('comment') || definition.questions.includes('contact')) steps.push('commentaire')
  return steps
}

/** Where to go after a step: the next step name, or null for the thank-you page. */
export function nextStep(definition: FormDefinition, current: StepName, answers: { helpNeeded: boolean | null }): StepName | null {
  if (current === 'aide' && answers.helpNeeded === true) return 'aide-suite'
  const steps = mainSteps(definition)
  const index = steps.indexOf(current === 'aide-suite' ? 'aide' : current)
  return steps[index + 1] ?? null
}

export function isStepName(value: string | null | undefined): value is StepName {
  return value === 'satisfaction' || value === 'clarte' || value === 'aide' || value === 'aide-suite' || value === 'commentaire'
}

/** « Étape 2 sur 4 ». */
export function stepPosition(definition: FormDefinition, step: StepName): { index: number; count: number } {
  const steps = mainSteps(definition)
  return { index: steps.indexOf(step === 'aide-suite' ? 'aide' : step) + 1, count: steps.length }
}

// ---------------------------------------------------------------------------------------------
// Validation (French messages next to each field)

const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

export const SatisfactionSchema = z.object({
  satisfaction: z.enum(SATISFACTION_CODES, { error: 'Choisissez une réponse : « Très bien », « Moyen » ou « Pas bien ».' }),
})

export const ClaritySchema = z.object({
  clarity: z.coerce
    .number({ error: 'Choisissez une réponse de 1 à 5.' })
    .int('Choisissez une réponse de 1 à 5.')
    .min(1, 'Choisissez une réponse de 1 à 5.')
    .max(5, 'Choisissez une réponse de 1 à 5.')
    .optional(),
})

export const HelpSchema = z.object({
  channels: z
    .array(z.preprocess(channelCode, z.enum([...CHANNEL_CODES, NO_HELP_CODE], { error: 'Choisissez parmi les moyens proposés.' })))
    .max(9, 'Choisissez parmi les moyens proposés.')
    .optional()
    .superRefine((channels, ctx) => {
      if (channels?.includes(NO_HELP_CODE) && channels.length > 1) {
        ctx.addIssue({
          code: 'custom',
          message: 'Vous avez coché « Je n’ai pas eu besoin d’aide » et un moyen d’aide : gardez l’un ou l’autre.',
        })
      }
    }),
})

export const HelpFollowUpSchema = z
  .object({
    reached: z.enum(['oui', 'non'], { error: 'Répondez « Oui » ou « Non ».' }).optional(),
    quality: z.coerce
      .number({ error: 'Choisissez une réponse de « Très mauvaise » à « Très bonne ».' })
      .int('Choisissez une réponse de « Très mauvaise » à « Très bonne ».')
      .min(1, 'Choisissez une réponse de « Très mauvaise » à « Très bonne ».')
      .max(5, 'Choisissez une réponse de « Très mauvaise » à « Très bonne ».')
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (value.reached === 'non' && value.quality !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['quality'],
        message: 'Vous indiquez ne pas avoir obtenu d’aide : ne notez pas sa qualité, ou répondez « Oui » à la question précédente.',
      })
    }
  })

export const CommentSchema = z.object({
  comment: z
    .string()
    .trim()
    .max(COMMENT_MAX, { error: (issue) => `Votre message ne doit pas dépasser ${COMMENT_MAX.toLocaleString('fr-FR')} caractères (il en compte ${String((issue.input as string)?.length?.toLocaleString('fr-FR') ?? '')}).` })
    .refine((value) => !FORBIDDEN_CONTROL.test(value), 'Votre message contient des caractères non autorisés.')
    .optional(),
  contact: z
    .string()
    .trim()
    .max(254, 'Cette adresse e-mail est trop longue (254 caractères au plus).')
    .pipe(z.email('Saisissez une adresse e-mail valide, par exemple nom@exemple.fr, ou laissez ce champ vide.'))
    .optional(),
})

/** Parsed answers of one step, ready to store. */
export type StepAnswers =
  | { step: 'clarte'; clarity: number | null }
  | { step: 'aide'; helpNeeded: boolean | null; channels: HelpChannel[] }
  | { step: 'aide-suite'; reached: boolean | null; quality: number | null }
  | { step: 'commentaire'; comment: string | null; contact: string | null }

export function schemaForStep(step: Exclude<StepName, 'satisfaction'>) {
  switch (step) {
    case 'clarte':
      return ClaritySchema
    case 'aide':
      return HelpSchema
    case 'aide-suite':
      return HelpFollowUpSchema
    case 'commentaire':
      return CommentSchema
  }
}

/** Turns a validated step value into the answers stored on the review. */
export function toStepAnswers(step: Exclude<StepName, 'satisfaction'>, value: Record<string, unknown>): StepAnswers {
  switch (step) {
    case 'clarte':
      return { step, clarity: (value.clarity as number | undefined) ?? null }
    case 'aide': {
      const channels = (value.channels as string[] | undefined) ?? []
      if (channels.length === 0) return { step, helpNeeded: null, channels: [] }
      if (channels.includes(NO_HELP_CODE)) return { step, helpNeeded: false, channels: [] }
      return { step, helpNeeded: true, channels: CHANNEL_CODES.filter((code) => channels.includes(code)) }
    }
    case 'aide-suite': {
      const reached = value.reached === 'oui' ? true : value.reached === 'non' ? false : null
      return { step, reached, quality: reached === false ? null : ((value.quality as number | undefined) ?? null) }
    }
    case 'commentaire':
      return { step, comment: (value.comment as string | undefined) || null, contact: (value.contact as string | undefined) || null }
  }
}

export function channelLabel(code: string): string {
  return HELP_CHANNELS.find((channel) => channel.code === code)?.label ?? code
}

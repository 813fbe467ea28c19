import '#app/utils/zod-fr.ts'
import { z } from 'zod'
import { personalDataKinds } from '#app/feedback/personal-data.ts'
import { EmailSchema, longText, shortText } from '#app/utils/validation.ts'
import { ANSWER_STATUSES, CHANGE_STATUSES, CHANNELS, FEELINGS, REFUSAL_REASONS } from './labels.ts'

const values = <T extends string>(list: ReadonlyArray<{ value: T }>) => list.map((item) => item.value) as [T, ...T[]]
const optional = <S extends z.ZodTypeAny>(schema: S) => z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional())
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Saisissez une date valide, par exemple 2026-03-14.').refine((value) => !Number.isNaN(Date.parse(value)), 'Saisissez une date valide, par exemple 2026-03-14.')

export const TellSchema = z.object({
  // Length first: the detector is slow on very long texts, which are refused anyway.
  title: shortText('un titre', 120).refine((value) => value.length > 120 || personalDataKinds(value).length === 0, 'Le titre sera public : n’y mettez pas de données personnelles (e-mail, téléphone, adresse…).'),
  body: longText('ce qui s’est passé', 5000).pipe(z.string().min(30, 'Racontez en quelques phrases ce qui s’est passé (30 caractères au moins).')),
  happenedOn: optional(isoDate.refine((value) => value >= '2000-01-01', 'Saisissez une date après l’an 2000.')),
  channel: z.enum(values(CHANNELS), { error: 'Choisissez comment vous avez fait la démarche.' }),
  feeling: z.enum(values(FEELINGS), { error: 'Choisissez votre ressenti.' }),
  authorName: optional(shortText('un prénom ou un pseudonyme', 40).refine((value) => value.length > 40 || personalDataKinds(value).length === 0, 'Ce nom sera public : n’y mettez ni e-mail ni téléphone.')),
  authorEmail: optional(EmailSchema),
  consent: z.literal('on', { error: 'Confirmez que vous avez lu ce qui sera publié.' }),
})

const refusalChoice = z
  .string({ error: 'Choisissez un motif de refus.' })
  .min(1, 'Choisissez un motif de refus.')
  .max(60, 'Choisissez un motif de la liste.')
  .refine((value) => REFUSAL_REASONS.some((reason) => reason.value === value) || /^modele:[0-9a-f-]{36}$/i.test(value), 'Choisissez un motif de la liste.')

const experienceIds = z.preprocess(
  (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.string().uuid('Cette expérience n’existe pas.')).min(1, 'Cochez au moins une expérience.').max(50, 'Cochez 50 expériences au plus.'),
)

export const BulkModerationSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('publish_selection'), experienceIds }),
  z.object({ intent: z.literal('refuse_selection'), experienceIds, reason: refusalChoice }),
  // Spam (decision 101, complément): reversible, the experience stays waiting for a person.
  z.object({ intent: z.literal('mark_spam_selection'), experienceIds }),
  z.object({ intent: z.literal('mark_not_spam_selection'), experienceIds }),
])

export const RefusalTemplateSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('create'),
    reason: z.enum(values(REFUSAL_REASONS), { error: 'Choisissez le motif auquel ce modèle se rattache.' }),
    title: shortText('un nom pour le modèle', 80),
    message: longText('le message envoyé à l’auteur', 1000),
  }),
  z.object({
    intent: z.literal('edit'),
    templateId: z.string({ error: 'Ce modèle n’existe pas.' }).uuid('Ce modèle n’existe pas.'),
    reason: z.enum(values(REFUSAL_REASONS), { error: 'Choisissez le motif auquel ce modèle se rattache.' }),
    title: shortText('un nom pour le modèle', 80),
    message: longText('le message envoyé à l’auteur', 1000),
  }),
  z.object({ intent: z.literal('archive'), templateId: z.string({ error: 'Ce modèle n’existe pas.' }).uuid('Ce modèle n’existe pas.') }),
])

export const TransferDecisionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('accept'), transferId: z.string({ error: 'Cette demande n’existe pas.' }).uuid('Cette demande n’existe pas.') }),
  z.object({
    intent: z.literal('decline'),
    transferId: z.string({ error: 'Cette demande n’existe pas.' }).uuid('Cette demande n’existe pas.'),
    reason: longText('le motif du refus', 1000),
  }),
])

export const AnswerSchema = z.object({
  intent: z.literal('answer'),
  token: z.string({ error: 'Rechargez la page puis recommencez.' }).uuid('Rechargez la page puis recommencez.'),
  body: longText('la réponse', 5000),
  status: z.enum(values(ANSWER_STATUSES), { error: 'Choisissez un statut.' }),
  signerRole: shortText('votre fonction', 100),
  signWithName: optional(z.literal('on')),
})

export const EditAnswerSchema = z.object({
  intent: z.literal('edit_answer'),
  answerId: z.string({ error: 'Cette réponse n’existe pas.' }).uuid('Cette réponse n’existe pas.'),
  body: longText('la réponse', 5000),
  status: z.enum(values(ANSWER_STATUSES), { error: 'Choisissez un statut.' }),
})

export const CommentSchema = z.object({
  intent: z.literal('comment'),
  token: z.string({ error: 'Rechargez la page puis recommencez.' }).uuid('Rechargez la page puis recommencez.'),
  body: longText('votre commentaire', 2000),
})

export const ReassignSchema = z.object({
  intent: z.literal('reassign'),
  targetServiceId: z.string({ error: 'Choisissez le service compétent.' }).uuid('Choisissez le service compétent.'),
  note: longText('une note pour le service', 1000),
})

/**
 * Every form of an experience's page for its team (app/routes/services.$serviceId.experiences.$experienceId.tsx).
 * Publishing posts one `passage-<n>` field per highlighted passage (`effacer` or `garder`): their number
 * depends on the text, so they pass through (`catchall`) and the action reads them.
 */
export const ExperienceActionSchema = z.discriminatedUnion('intent', [
  z
    .object({ intent: z.literal('publish'), extra: optional(z.string({ error: 'Saisissez les passages à masquer, un par ligne.' }).max(2000, 'Ce champ ne doit pas dépasser 2000 caractères.')) })
    .catchall(z.unknown()),
  // A reason of the closed list or `modele:<id>` (one of the organisation's templates): resolved by moderation.server.ts.
  z.object({ intent: z.literal('refuse'), reason: refusalChoice }),
  AnswerSchema,
  EditAnswerSchema,
  CommentSchema,
  ReassignSchema,
])
export const EXPERIENCE_INTENTS = ['publish', 'refuse', 'answer', 'edit_answer', 'comment', 'reassign'] as const

/** The two forms of a service's « changements » page: record a change, mark a planned one done. */
export const ChangeSchema = z
  .object({
    intent: z.literal('record'),
    token: z.string({ error: 'Rechargez la page puis recommencez.' }).uuid('Rechargez la page puis recommencez.'),
    title: shortText('un titre', 150),
    description: longText('une description', 3000),
    status: z.enum(values(CHANGE_STATUSES), { error: 'Choisissez où en est le changement.' }),
    plannedOn: optional(isoDate),
    doneOn: optional(isoDate),
    experienceIds: z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(z.string().uuid('Cette expérience n’existe pas.')).max(50)),
    reviewIds: z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(z.string().uuid('Cet avis n’existe pas.')).max(50, 'Choisissez 50 avis au plus.')),
  })
  .refine((value) => value.status !== 'done' || value.doneOn, { message: 'Indiquez la date à laquelle le changement a été réalisé.', path: ['doneOn'] })

export const ChangeDoneSchema = z.object({
  intent: z.literal('mark_done'),
  changeId: z.string().uuid('Ce changement n’existe pas.'),
  doneOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Saisissez une date valide, par exemple 2026-03-14.'),
})

export const ChangeActionSchema = z.discriminatedUnion('intent', [ChangeSchema, ChangeDoneSchema])

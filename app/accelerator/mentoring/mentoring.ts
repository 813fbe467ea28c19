// Mentoring vocabulary and rules shared by pages and server: labels, date arithmetic on
// « YYYY-MM-DD » days, form schemas. Pure: no database here.
import '#app/utils/zod-fr.ts'
import { z } from 'zod'
import type {
  ActionOwner,
  ActionStatus,
  CommitteeDecision,
  CommitteeKind,
  Health,
  IntroductionOutcome,
  NeedKind,
  NeedStatus,
} from '#db/schema/mentoring.ts'
import { isDay } from '#app/utils/days.ts'
import { longText, shortText } from '#app/utils/validation.ts'

export type { ActionOwner, ActionStatus, CommitteeDecision, CommitteeKind, Health, IntroductionOutcome, NeedKind, NeedStatus }

export const HEALTH_LABELS: Record<Health, string> = { on_track: 'En bonne voie', at_risk: 'À risque', stuck: 'Bloqué' }
export const HEALTH_SEVERITY: Record<Health, 'success' | 'warning' | 'error'> = { on_track: 'success', at_risk: 'warning', stuck: 'error' }
export const NEED_KIND_LABELS: Record<NeedKind, string> = { consolidation: 'Consolidation', integration: 'Intégration', deployment: 'Déploiement' }
export const NEED_STATUS_LABELS: Record<NeedStatus, string> = { open: 'Ouvert', in_progress: 'En cours', met: 'Satisfait', dropped: 'Abandonné' }
export const ACTION_OWNER_LABELS: Record<ActionOwner, string> = { leader: 'Porteur du projet', mentor: 'Chargé·e d’accélération', referent: 'Référent ministériel' }
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = { todo: 'À faire', in_progress: 'En cours', done: 'Faite', dropped: 'Abandonnée' }
export const INTRODUCTION_OUTCOME_LABELS: Record<IntroductionOutcome, string> = {
  pending: 'En attente',
  met: 'Rencontre faite',
  followed_up: 'Suite donnée',
  no_follow_up: 'Sans suite',
}
export const COMMITTEE_KIND_LABELS: Record<CommitteeKind, string> = { acceleration: 'Comité d’accélération', commitment: 'Comité d’engagement' }
export const COMMITTEE_DECISION_LABELS: Record<CommitteeDecision, string> = { approved: 'Favorable', rejected: 'Défavorable', postponed: 'Ajourné' }

export const options = <T extends string>(labels: Record<T, string>) =>
  (Object.entries(labels) as Array<[T, string]>).map(([value, label]) => ({ value, label }))
const keys = <T extends string>(labels: Record<T, string>) => Object.keys(labels) as [T, ...T[]]

/** Orders of the cohort view (read from the address, so they work without JavaScript). */
export const COHORT_SORTS = ['titre', 'sante', 'dernier-point', 'retards'] as const
export type CohortSort = (typeof COHORT_SORTS)[number]

/** Alert thresholds (issue 6). */
export const NO_CHECK_IN_DAYS = 21
export const NEED_OPEN_DAYS = 30
export const COMMITTEE_PREPARATION_DAYS = 7
export const COHORT_ENDING_DAYS = 14

export function isOverdue(action: { status: ActionStatus; due_on: string }, today: string): boolean {
  return (action.status === 'todo' || action.status === 'in_progress') && action.due_on < today
}

export function isOpenNeed(status: NeedStatus): boolean {
  return status === 'open' || status === 'in_progress'
}

/** « 80 000 », « 80000 », « 80 000 € » → 80000; anything else → NaN. */
export function parseAmount(value: string): number {
  const cleaned = value.replace(/[\s\u00a0\u202f€]/g, '')
  return /^\d+$/.test(cleaned) ? Number(cleaned) : Number.NaN
}

/** « 1 234,5 » or « 1234.5 » → 1234.5; anything else → NaN. */
export function parseDecimal(value: string): number {
  const cleaned = value.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.')
  return /^\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : Number.NaN
}

/** Whether the indicator unit only counts whole things (foyers, personnes…), or is a percentage. */
export function unitRule(unit: string): 'percent' | 'count' | 'any' {
  const u = unit.trim().toLowerCase()
  if (u === '%' || u.includes('pourcent') || u.includes('%')) return 'percent'
  if (/(euro|€|heure|km|kg|tonne|litre|m2|m²|taux|moyenne)/.test(u)) return 'any'
  return 'count'
}

/** Checks a value against the indicator's unit; returns a French message or null. */
export function indicatorValueProblem(value: number, unit: string): string | null {
  if (!Number.isFinite(value)) return `Saisissez un nombre (${unit}), par exemple 120.`
  if (value < 0) return 'La valeur ne peut pas être négative.'
  if (value > 1_000_000_000) return 'Cette valeur est trop grande.'
  const rule = unitRule(unit)
  if (rule === 'percent' && value > 100) return 'Un pourcentage ne peut pas dépasser 100.'
  if (rule === 'count' && !Number.isInteger(value)) return `Cet indicateur compte des ${unit} : saisissez un nombre entier.`
  return null
}

/** Share of the way from start to target, 0–100 (null when start equals target). */
export function progressPercent(start: number, target: number, current: number): number | null {
  if (start === target) return null
  const share = ((current - start) / (target - start)) * 100
  return Math.max(0, Math.min(100, Math.round(share)))
}

const daySchema = (label: string) =>
  z
    .string({ error: `Saisissez ${label}.` })
    .trim()
    .min(1, `Saisissez ${label}.`)
    .refine(isDay, 'Saisissez une date valide, par exemple 2027-02-15.')

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Ce champ ne doit pas dépasser ${max} caractères.`)
    .refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), 'Ce champ contient des caractères non autorisés.')
    .optional()
    .transform((value) => value || null)

export const CohortSchema = z.object({
  callId: z.string({ error: 'Choisissez l’appel dont viennent les projets.' }).uuid('Choisissez l’appel dont viennent les projets.'),
  name: shortText('le nom de la cohorte', 120),
  startsOn: daySchema('la date de début'),
  endsOn: z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || isDay(value), 'Saisissez une date valide, par exemple 2027-05-15.'),
})

export const DiagnosisSchema = z.object({
  strengths: longText('les forces du projet', 3000),
  risks: longText('les risques', 3000),
  successLooksLike: longText('ce qu’est une réussite dans trois mois', 3000),
})

export const NeedSchema = z.object({
  kind: z.enum(keys(NEED_KIND_LABELS), { error: 'Choisissez le type de besoin.' }),
  description: longText('la description du besoin', 2000),
})

/** Editing a saved need: the same fields and rules as adding one. */
export const NeedEditSchema = NeedSchema.extend({
  needId: z.string({ error: 'Ce besoin n’existe pas.' }).uuid('Ce besoin n’existe pas.'),
})

export const NeedStatusSchema = z.object({
  needId: z.string().uuid('Ce besoin n’existe pas.'),
  status: z.enum(keys(NEED_STATUS_LABELS), { error: 'Choisissez un état.' }),
})

export const ActionSchema = z.object({
  title: shortText('l’action', 300),
  needId: z
    .string()
    .optional()
    .refine((value) => !value || z.string().uuid().safeParse(value).success, 'Ce besoin n’existe pas.')
    .transform((value) => value || null),
  owner: z.enum(keys(ACTION_OWNER_LABELS), { error: 'Choisissez qui porte l’action.' }),
  dueOn: daySchema('l’échéance'),
})

/** Editing a saved action: the same fields and rules as adding one. */
export const ActionEditSchema = ActionSchema.extend({
  actionId: z.string({ error: 'Cette action n’existe pas.' }).uuid('Cette action n’existe pas.'),
})

export const ActionStatusSchema = z.object({
  actionId: z.string().uuid('Cette action n’existe pas.'),
  status: z.enum(keys(ACTION_STATUS_LABELS), { error: 'Choisissez un état.' }),
})

export const CheckInSchema = z.object({
  heldOn: daySchema('la date du point d’étape'),
  attendees: shortText('les participants', 500),
  notes: longText('le compte rendu', 5000),
  privateNotes: optionalText(3000),
  decisions: optionalText(3000),
  minutesSpent: z.coerce
    .number({ error: 'Saisissez un temps en minutes, par exemple 60.' })
    .int('Saisissez un nombre entier de minutes.')
    .min(0, 'Le temps passé ne peut pas être négatif.')
    .max(1440, 'Un point d’étape ne dure pas plus d’une journée (1 440 minutes).'),
  health: z.enum(keys(HEALTH_LABELS), { error: 'Choisissez l’état de santé du projet.' }),
})

/** Correcting a saved check-in: the same fields and rules as recording one. */
export const CheckInEditSchema = CheckInSchema.extend({
  checkInId: z.string({ error: 'Ce point d’étape n’existe pas.' }).uuid('Ce point d’étape n’existe pas.'),
})

export const LeaderViewSchema = z.object({
  checkInId: z.string().uuid('Ce point d’étape n’existe pas.'),
  leaderView: longText('votre point de vue', 3000),
})

export const IntroductionSchema = z.object({
  organisation: shortText('l’administration ou la structure', 200),
  person: optionalText(200),
  reason: longText('la raison de la mise en relation', 2000),
  madeOn: daySchema('la date de la mise en relation'),
})

export const IntroductionOutcomeSchema = z.object({
  introductionId: z.string().uuid('Cette mise en relation n’existe pas.'),
  outcome: z.enum(keys(INTRODUCTION_OUTCOME_LABELS), { error: 'Choisissez une suite.' }),
})

export const IndicatorValueSchema = z.object({
  measuredOn: daySchema('la date de la mesure'),
  value: shortText('la valeur', 30),
})

export const ReferentSchema = z.object({
  email: z.string({ error: 'Saisissez l’adresse e-mail du référent.' }).trim().min(1, 'Saisissez l’adresse e-mail du référent.').pipe(z.email('Saisissez une adresse e-mail valide, par exemple nom@exemple.gouv.fr.')),
  name: optionalText(200),
  organisation: optionalText(200),
})

export const ReferentRemovalSchema = z.object({
  referentId: z.string({ error: 'Ce référent n’existe pas.' }).uuid('Ce référent n’existe pas.'),
})

export const CommitteeSchema = z.object({
  kind: z.enum(keys(COMMITTEE_KIND_LABELS), { error: 'Choisissez le type de comité.' }),
  heldOn: daySchema('la date du comité'),
  members: longText('les membres du comité', 2000),
  // The agenda: checked projects; createCommittee keeps those of the cohort and refuses an empty agenda.
  projectIds: z.array(z.string()).default([]),
})

export const PreparationSchema = z.object({
  projectId: z.string().uuid('Ce projet n’existe pas.'),
  preparationNote: longText('la note de préparation', 3000),
})

export const DecisionSchema = z.object({
  projectId: z.string().uuid('Ce projet n’existe pas.'),
  decision: z.enum(keys(COMMITTEE_DECISION_LABELS), { error: 'Choisissez une décision.' }),
  amount: z
    .string()
    .trim()
    .optional()
    .transform((value) => value ?? ''),
  motivation: longText('la motivation de la décision', 3000),
})

/** Every form of a project's follow-up page (app/routes/accompagnement.projets.$projectId._index.tsx), one intent each. */
export const ProjectActionSchema = z.discriminatedUnion('intent', [
  DiagnosisSchema.extend({ intent: z.literal('diagnosis') }),
  NeedSchema.extend({ intent: z.literal('need') }),
  NeedEditSchema.extend({ intent: z.literal('need_edit') }),
  NeedStatusSchema.extend({ intent: z.literal('need_status') }),
  ActionSchema.extend({ intent: z.literal('action') }),
  ActionEditSchema.extend({ intent: z.literal('action_edit') }),
  ActionStatusSchema.extend({ intent: z.literal('action_status') }),
  CheckInSchema.extend({ intent: z.literal('check_in') }),
  CheckInEditSchema.extend({ intent: z.literal('check_in_edit') }),
  LeaderViewSchema.extend({ intent: z.literal('leader_view') }),
  IntroductionSchema.extend({ intent: z.literal('introduction') }),
  IntroductionOutcomeSchema.extend({ intent: z.literal('introduction_outcome') }),
  IndicatorValueSchema.extend({ intent: z.literal('indicator') }),
  ReferentSchema.extend({ intent: z.literal('referent') }),
  ReferentRemovalSchema.extend({ intent: z.literal('referent_remove') }),
])

/** The two forms of a committee's page, one per item of its agenda (app/routes/accompagnement.comites.$committeeId.tsx). */
export const CommitteeActionSchema = z.discriminatedUnion('intent', [
  PreparationSchema.extend({ intent: z.literal('preparation') }),
  DecisionSchema.extend({ intent: z.literal('decision') }),
])

export const MAX_TRANCHE_EUROS = 500_000

/** A tranche amount typed by the team: whole euros, 0 to 500 000; required for a favourable decision. */
export function trancheProblem(decision: CommitteeDecision, amountText: string): { amount: number | null; problem: string | null } {
  if (!amountText) return decision === 'approved' ? { amount: null, problem: 'Saisissez le montant de la tranche (0 si aucun financement).' } : { amount: null, problem: null }
  const amount = parseAmount(amountText)
  if (!Number.isFinite(amount)) return { amount: null, problem: 'Saisissez un montant en euros, sans centimes, par exemple 80 000.' }
  if (amount > MAX_TRANCHE_EUROS) return { amount: null, problem: `Une tranche ne peut pas dépasser ${MAX_TRANCHE_EUROS.toLocaleString('fr-FR')} €.` }
  if (decision !== 'approved' && amount > 0) return { amount: null, problem: 'Seule une décision favorable peut attribuer un financement.' }
  return { amount, problem: null }
}

export const ReportSchema = z.object({ reportText: longText('le rapport final', 20_000) })
export const PublicTextSchema = z.object({
  publicText: longText('le texte public', 1500),
  consent: z.literal('oui', { error: 'Cochez la case pour accepter la publication.' }),
})

/** The three forms of a project's final report (app/routes/accompagnement.projets.$projectId.rapport.tsx). */
export const ReportActionSchema = z.discriminatedUnion('intent', [
  ReportSchema.extend({ intent: z.literal('save') }),
  z.object({ intent: z.literal('validate') }),
  PublicTextSchema.extend({ intent: z.literal('public') }),
])

// States of a call for projects and the changes the programme team makes:
// brouillon → ouvert → clos → en évaluation → en délibération → résultats publiés.
// Opening (when scheduled) and closing also happen on time, by the job in jobs.server.ts.
import type { CallState } from '#db/schema/accelerator.ts'

export type { CallState }

export const CALL_STATE_LABELS: Record<CallState, string> = {
  brouillon: 'Brouillon',
  ouvert: 'Ouvert',
  clos: 'Clos',
  en_evaluation: 'En évaluation',
  en_deliberation: 'En délibération',
  resultats_publies: 'Résultats publiés',
}

export const CALL_STATE_SEVERITY: Record<CallState, 'info' | 'success' | 'warning' | 'new' | undefined> = {
  brouillon: 'new',
  ouvert: 'success',
  clos: undefined,
  en_evaluation: 'info',
  en_deliberation: 'warning',
  resultats_publies: undefined,
}

export const CALL_TRANSITIONS = {
  open: { from: 'brouillon', to: 'ouvert', label: 'Ouvrir l’appel maintenant', audit: 'call.opened' },
  close: { from: 'ouvert', to: 'clos', label: 'Clore l’appel maintenant', audit: 'call.closed' },
  start_evaluation: { from: 'clos', to: 'en_evaluation', label: 'Passer en évaluation', audit: 'call.evaluation_started' },
  start_deliberation: { from: 'en_evaluation', to: 'en_deliberation', label: 'Passer en délibération', audit: 'call.deliberation_started' },
  publish_results: { from: 'en_deliberation', to: 'resultats_publies', label: 'Publier les résultats', audit: 'call.results_published' },
} as const satisfies Record<string, { from: CallState; to: CallState; label: string; audit: string }>

export type CallTransitionName = keyof typeof CALL_TRANSITIONS

export function isCallTransitionName(value: string): value is CallTransitionName {
  return Object.hasOwn(CALL_TRANSITIONS, value)
}

export function callTransitionFrom(state: CallState): CallTransitionName | null {
  return (Object.keys(CALL_TRANSITIONS) as CallTransitionName[]).find((name) => CALL_TRANSITIONS[name].from === state) ?? null
}

/** Grid and eligibility: edited in place while a draft, by a new version while open or closed, frozen once scoring starts. */
export function gridEditMode(state: CallState): 'in_place' | 'new_version' | 'frozen' {
  if (state === 'brouillon') return 'in_place'
  if (state === 'ouvert' || state === 'clos') return 'new_version'
  return 'frozen'
}

/** The scoring settings can change until scoring starts. */
export function scoringSettingsEditable(state: CallState): boolean {
  return state === 'brouillon' || state === 'ouvert' || state === 'clos'
}

/** Once the call is closed, its selection (juries, assignment, deliberation) is under way or done. */
export function selectionUnderWay(state: CallState): boolean {
  return state !== 'brouillon' && state !== 'ouvert'
}

/** The closing date can change until the call is closed. */
export function closingDateEditable(state: CallState): boolean {
  return state === 'brouillon' || state === 'ouvert'
}

/** Reviews are being written or have been: the juries' pages exist. */
export const SCORING_STATES: readonly CallState[] = ['en_evaluation', 'en_deliberation', 'resultats_publies']

export function scoringStarted(state: CallState): boolean {
  return SCORING_STATES.includes(state)
}

/** The team prepares the juries from the opening on. */
export const JURY_STATES: readonly CallState[] = ['ouvert', 'clos', ...SCORING_STATES]

/** The team changes the assignment of reviews: once closed, until the evaluation ends. */
export function assignmentOpen(state: CallState): boolean {
  return state === 'clos' || state === 'en_evaluation'
}

/** A leader may still name people in conflict: once closed, before the reviews are read. */
export function objectionsOpen(state: CallState): boolean {
  return state === 'clos' || state === 'en_evaluation'
}

/** How the public sees a call. */
export type PublicCallStatus = 'upcoming' | 'open' | 'past'

export function publicStatus(call: { state: CallState; opening_scheduled: boolean; closes_at: Date | string }, at: Date): PublicCallStatus | null {
  if (call.state === 'brouillon') return call.opening_scheduled ? 'upcoming' : null
  if (call.state === 'ouvert' && at.getTime() < new Date(call.closes_at).getTime()) return 'open'
  return 'past'
}

export const JURY_LABELS = {
  administration: 'Administration',
  citizen: 'Panel citoyen',
  both: 'Les deux jurys',
} as const

export const CITIZEN_MODE_LABELS = {
  numbers: 'Notes de 1 à 5',
  majority_judgment: 'Jugement majoritaire (mentions)',
} as const

export const COMBINATION_RULE_LABELS = {
  weighted: 'Notes des deux jurys combinées selon leur poids',
  sequential: 'En deux temps : l’administration présélectionne, puis le panel citoyen classe les projets présélectionnés',
} as const

/** How the two juries' opinions are combined, in plain words. */
export function selectionRuleText(call: {
  combination_rule: keyof typeof COMBINATION_RULE_LABELS
  admin_jury_weight: number
  citizen_jury_weight: number
  sequential_top_n: number | null
  citizen_scoring_mode: keyof typeof CITIZEN_MODE_LABELS
}): string {
  const rule =
    call.combination_rule === 'weighted'
      ? `Les notes des deux jurys sont combinées : l’administration compte pour ${call.admin_jury_weight} %, le panel citoyen pour ${call.citizen_jury_weight} %.`
      : `La sélection se fait en deux temps : l’administration présélectionne ${call.sequential_top_n ?? 'quelques'} projets, puis le panel citoyen les classe.`
  const mode =
    call.citizen_scoring_mode === 'numbers'
      ? 'Les membres du panel citoyen notent chaque critère de 1 à 5.'
      : 'Les membres du panel citoyen donnent une mention à chaque critère (jugement majoritaire), de « insuffisant » à « excellent ».'
  return `${rule} ${mode}`
}

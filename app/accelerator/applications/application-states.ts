// States of an application and the transitions between them (as Démarches Simplifiées does it):
// brouillon → déposée → en instruction (→ correction demandée → en instruction again)
//   → recevable | non retenue | sans suite; recevable → présélectionnée | non retenue → retenue | non retenue.
// A corrected application goes back to the state it was asked from (en instruction), not to
// « déposée »: the agent carries on where they were (issue 17 #6, decision 086).
// Pure data and functions, shared by the pages and by the one module that changes states
// (application-state-machine.server.ts). Routes never change a state themselves.
import type { ApplicationState, EligibilityChecks } from '#db/schema/accelerator.ts'
import { formatDate, formatDateAtTime } from '#app/utils/format.ts'
import { ELIGIBILITY_CHECKS } from '../limits.ts'

export type { ApplicationState }

export const APPLICATION_STATES: ApplicationState[] = [
  'brouillon',
  'deposee',
  'en_instruction',
  'correction_demandee',
  'recevable',
  'preselectionnee',
  'non_retenue',
  'sans_suite',
  'retenue',
]

export const APPLICATION_STATE_LABELS: Record<ApplicationState, string> = {
  brouillon: 'Brouillon',
  deposee: 'Déposée',
  en_instruction: 'En instruction',
  correction_demandee: 'Correction demandée',
  recevable: 'Recevable',
  preselectionnee: 'Présélectionnée',
  non_retenue: 'Non retenue',
  sans_suite: 'Classée sans suite',
  retenue: 'Retenue',
}

/** DSFR badge severity for each state. */
export const APPLICATION_STATE_SEVERITY: Record<ApplicationState, 'info' | 'success' | 'warning' | 'error' | 'new' | undefined> = {
  brouillon: 'new',
  deposee: 'info',
  en_instruction: 'info',
  correction_demandee: 'warning',
  recevable: 'success',
  preselectionnee: 'success',
  non_retenue: 'error',
  sans_suite: undefined,
  retenue: 'success',
}

/** Who may trigger a transition: a member of the application, a reviewer of its call, the programme team. */
export type TransitionActor = 'leader' | 'reviewer' | 'team'

export interface TransitionDefinition {
  from: ApplicationState[]
  to: ApplicationState
  by: TransitionActor
  motivation: 'required' | 'optional' | 'none'
  /** Button label. */
  label: string
  /** Audit action (also the timeline entry). */
  audit: string
}

export const TRANSITIONS = {
  submit: { from: ['brouillon'], to: 'deposee', by: 'leader', motivation: 'none', label: 'Déposer ma candidature', audit: 'application.submitted' },
  resubmit: {
    from: ['correction_demandee'],
    // Back to the state the correction was asked from (request_correction starts only there).
    to: 'en_instruction',
    by: 'leader',
    motivation: 'none',
    label: 'Déposer ma candidature corrigée',
    audit: 'application.resubmitted',
  },
  reopen: { from: ['deposee'], to: 'brouillon', by: 'leader', motivation: 'none', label: 'Rouvrir pour modifier', audit: 'application.reopened' },
  start_instruction: {
    from: ['deposee'],
    to: 'en_instruction',
    by: 'reviewer',
    motivation: 'none',
    label: 'Passer en instruction',
    audit: 'application.instruction_started',
  },
  request_correction: {
    from: ['en_instruction'],
    to: 'correction_demandee',
    by: 'reviewer',
    motivation: 'required',
    label: 'Demander une correction',
    audit: 'application.correction_requested',
  },
  declare_admissible: {
    from: ['en_instruction'],
    to: 'recevable',
    by: 'reviewer',
    motivation: 'none',
    label: 'Déclarer recevable',
    audit: 'application.declared_admissible',
  },
  declare_inadmissible: {
    from: ['deposee', 'en_instruction'],
    to: 'non_retenue',
    by: 'reviewer',
    motivation: 'required',
    label: 'Déclarer non recevable',
    audit: 'application.declared_inadmissible',
  },
  close_without_action: {
    from: ['deposee', 'en_instruction', 'correction_demandee', 'recevable'],
    to: 'sans_suite',
    by: 'reviewer',
    motivation: 'required',
    label: 'Classer sans suite',
    audit: 'application.closed_without_action',
  },
  // « en instruction » too: applications of calls instructed before the « recevable » step existed.
  preselect: {
    from: ['en_instruction', 'recevable'],
    to: 'preselectionnee',
    by: 'reviewer',
    motivation: 'optional',
    label: 'Présélectionner',
    audit: 'application.preselected',
  },
  not_preselected: {
    from: ['en_instruction', 'recevable'],
    to: 'non_retenue',
    by: 'reviewer',
    motivation: 'required',
    label: 'Ne pas présélectionner',
    audit: 'application.not_preselected',
  },
  retain: { from: ['preselectionnee'], to: 'retenue', by: 'team', motivation: 'required', label: 'Retenir', audit: 'application.retained' },
  reject: { from: ['preselectionnee'], to: 'non_retenue', by: 'team', motivation: 'required', label: 'Ne pas retenir', audit: 'application.rejected' },
} as const satisfies Record<string, TransitionDefinition>

export type TransitionName = keyof typeof TRANSITIONS

export const TRANSITION_NAMES = Object.keys(TRANSITIONS) as TransitionName[]

/** Transitions a reviewer can apply from the instruction page (pre-selection comes with scoring). */
export const INSTRUCTION_TRANSITIONS: TransitionName[] = ['start_instruction', 'declare_admissible', 'request_correction', 'declare_inadmissible', 'close_without_action']

export function isTransitionName(value: string): value is TransitionName {
  return Object.hasOwn(TRANSITIONS, value)
}

export function transitionsFrom(state: ApplicationState, names: readonly TransitionName[] = TRANSITION_NAMES): TransitionName[] {
  return names.filter((name) => (TRANSITIONS[name].from as readonly ApplicationState[]).includes(state))
}

/** The audit actions shown on a leader's timeline, with their wording. */
export const TIMELINE_LABELS: Record<string, string> = {
  'application.created': 'Candidature créée',
  'application.submitted': 'Candidature déposée',
  'application.resubmitted': 'Candidature corrigée et déposée de nouveau',
  'application.reopened': 'Candidature rouverte pour modification',
  'application.instruction_started': 'Passage en instruction',
  'application.correction_requested': 'Correction demandée',
  'application.declared_admissible': 'Candidature déclarée recevable',
  'application.declared_inadmissible': 'Candidature déclarée non recevable',
  'application.closed_without_action': 'Candidature classée sans suite',
  'application.preselected': 'Projet présélectionné',
  'application.not_preselected': 'Projet non présélectionné',
  'application.retained': 'Projet retenu',
  'application.rejected': 'Projet non retenu',
  'application.co_leader_joined': 'Un co-porteur a rejoint la candidature',
  'application.co_leader_removed': 'Un co-porteur a été retiré',
  'application.co_leader_left': 'Un co-porteur a quitté la candidature',
  'application.co_leader_part_done': 'Un co-porteur a terminé sa partie',
  'application.co_leader_part_reopened': 'Un co-porteur a repris sa partie',
  'application.ownership_transferred': 'La candidature a été confiée à un co-porteur',
}

export interface CallTiming {
  state: string
  closes_at: Date | string
  results_on: string
}

/** Can the leaders still write in this application now, and if not, why (in plain French). */
export function editability(
  application: { state: ApplicationState },
  call: CallTiming,
  at: Date,
): { editable: true } | { editable: false; reason: string } {
  if (application.state === 'correction_demandee') return { editable: true }
  if (application.state !== 'brouillon') {
    return {
      editable: false,
      reason:
        application.state === 'deposee' && callAcceptsSubmissions(call, at)
          ? 'Votre candidature est déposée. Pour la modifier, rouvrez-la, puis déposez-la de nouveau avant la date limite.'
          : 'Votre candidature est déposée : elle ne peut plus être modifiée.',
    }
  }
  if (!callAcceptsSubmissions(call, at)) {
    return {
      editable: false,
      reason: `La date limite de dépôt était le ${formatDateAtTime(call.closes_at)}. Votre brouillon est conservé et reste consultable, mais il ne peut plus être modifié ni déposé.`,
    }
  }
  return { editable: true }
}

/** The call is open and its deadline has not passed (the deadline counts even before the job closes the call). */
export function callAcceptsSubmissions(call: CallTiming, at: Date): boolean {
  return call.state === 'ouvert' && at.getTime() < new Date(call.closes_at).getTime()
}

/** What a leader reads about their application's state: what it means, and what comes next. */
export function leaderExplanation(
  application: { state: ApplicationState; reference: string | null; last_submitted_at: Date | string | null; state_motivation: string | null },
  call: CallTiming,
  at: Date,
): { title: string; explanation: string; nextStep: string } {
  const open = callAcceptsSubmissions(call, at)
  const deadline = formatDateAtTime(call.closes_at)
  const results = formatDate(`${call.results_on}T12:00:00Z`)
  switch (application.state) {
    case 'brouillon':
      return open
        ? {
            title: 'Brouillon en cours de rédaction',
            explanation: 'Votre candidature est enregistrée au fur et à mesure. Seuls vous et les co-porteurs invités la voient.',
            nextStep: `Complétez chaque section, puis déposez votre candidature avant le ${deadline}.`,
          }
        : {
            title: 'Brouillon non déposé',
            explanation: `L’appel à projets est clos depuis le ${deadline}. Votre brouillon n’a pas été déposé : il reste consultable, mais il ne peut plus être modifié.`,
            nextStep: 'Vous pourrez candidater au prochain appel à projets.',
          }
    case 'deposee':
      return {
        title: 'Candidature déposée',
        explanation: `Votre candidature a été déposée${application.last_submitted_at ? ` le ${formatDateAtTime(application.last_submitted_at)}` : ''}${application.reference ? ` sous la référence ${application.reference}` : ''}. L’équipe d’instruction va l’examiner.`,
        nextStep: open
          ? `Jusqu’au ${deadline}, vous pouvez encore la rouvrir pour la modifier ; il faudra alors la déposer de nouveau.`
          : 'Vous n’avez rien à faire. Vous recevrez un e-mail quand elle passera en instruction.',
      }
    case 'en_instruction':
      return {
        title: 'En instruction',
        explanation: 'Un agent instructeur vérifie que votre candidature est complète et que votre structure peut candidater.',
        nextStep: 'Vous n’avez rien à faire. S’il manque une information, vous recevrez une demande de correction par e-mail.',
      }
    case 'correction_demandee':
      return {
        title: 'Correction demandée',
        explanation: 'L’équipe d’instruction vous demande de corriger ou de compléter votre candidature.',
        nextStep: 'Modifiez les champs indiqués, puis déposez de nouveau votre candidature.',
      }
    case 'recevable':
      return {
        title: 'Candidature recevable',
        explanation: 'Votre candidature est complète et votre structure peut candidater : l’instruction est terminée.',
        nextStep: `Votre projet sera évalué par les jurys après la clôture de l’appel. Les résultats sont attendus vers le ${results}. Vous n’avez rien à faire.`,
      }
    case 'preselectionnee':
      return {
        title: 'Projet présélectionné',
        explanation: 'Les administrations ont présélectionné votre projet. Il est maintenant examiné par le panel citoyen.',
        nextStep: `Les résultats sont attendus vers le ${results}. Vous serez prévenu par e-mail.`,
      }
    case 'non_retenue':
      return {
        title: 'Candidature non retenue',
        explanation: `Votre candidature n’a pas été retenue.${application.state_motivation ? ` Motif : ${application.state_motivation}` : ''}`,
        nextStep: 'Vous pouvez poser vos questions à l’équipe dans la messagerie, et candidater à un prochain appel.',
      }
    case 'sans_suite':
      return {
        title: 'Candidature classée sans suite',
        explanation: `Votre candidature a été classée sans suite.${application.state_motivation ? ` Motif : ${application.state_motivation}` : ''}`,
        nextStep: 'Si vous pensez qu’il s’agit d’une erreur, écrivez à l’équipe dans la messagerie.',
      }
    case 'retenue':
      return {
        title: 'Projet retenu',
        explanation: 'Félicitations : votre projet est retenu pour l’accompagnement de trois mois.',
        nextStep: 'L’équipe du programme vous contacte pour préparer le diagnostic de départ avec votre chargé·e d’accélération.',
      }
  }
}

/**
 * The application is back in instruction after a corrected re-deposit: that re-deposit is its last
 * change of state (it dates the state change and the submission with the same instant).
 */
export function returnedFromCorrection(application: {
  state: ApplicationState
  state_changed_at: Date | string | null
  last_submitted_at: Date | string | null
}): boolean {
  return (
    application.state === TRANSITIONS.resubmit.to &&
    application.state_changed_at !== null &&
    application.last_submitted_at !== null &&
    new Date(application.state_changed_at).getTime() === new Date(application.last_submitted_at).getTime()
  )
}

/** Every point of the eligibility checklist answered « Oui » (`yes`): the application may be declared admissible. */
export function eligibilityConfirmed(checks: EligibilityChecks | null | undefined): boolean {
  return ELIGIBILITY_CHECKS.every((check) => checks?.[check.key] === 'yes')
}

/** The points of the checklist not (yet) answered « Oui », with their labels. */
export function eligibilityPending(checks: EligibilityChecks | null | undefined): Array<{ key: string; label: string; answer: 'no' | 'to_check' | null }> {
  return ELIGIBILITY_CHECKS.filter((check) => checks?.[check.key] !== 'yes').map((check) => {
    const answer = checks?.[check.key]
    return { key: check.key, label: check.label, answer: answer === 'no' || answer === 'to_check' ? answer : null }
  })
}

/**
 * What the instruction page says at each point: where the application is, and the agent's next
 * action (issue 17 #6). `returnedAt`: the corrected application came back into instruction then.
 */
export function instructionGuidance(situation: {
  state: ApplicationState
  eligibility: EligibilityChecks | null | undefined
  returnedAt: Date | string | null
  correctionRequestedAt: string | null
}): { title: string; situation: string; next: string } {
  const title = APPLICATION_STATE_LABELS[situation.state]
  const pending = eligibilityPending(situation.eligibility)
  switch (situation.state) {
    case 'brouillon':
      return { title, situation: 'Les porteurs n’ont pas encore déposé leur candidature.', next: 'Aucune action pour le moment.' }
    case 'deposee':
      return {
        title,
        situation: 'La candidature est déposée et attend d’être prise en charge.',
        next: 'Passez-la en instruction : vous vérifierez ensuite son éligibilité. Les porteurs ne pourront plus la rouvrir.',
      }
    case 'en_instruction': {
      const back = situation.returnedAt
        ? `Les porteurs ont déposé leur candidature corrigée le ${formatDateAtTime(situation.returnedAt)} : elle est revenue en instruction. Vérifiez les champs corrigés. `
        : ''
      const refused = pending.filter((p) => p.answer === 'no')
      const next = refused.length
        ? `${refused.length > 1 ? `${refused.length} points de l’éligibilité sont` : 'Un point de l’éligibilité est'} à « Non » : déclarez la candidature non recevable (avec le motif), ou demandez une correction aux porteurs.`
        : pending.length
          ? `Complétez la vérification de l’éligibilité (${pending.length === ELIGIBILITY_CHECKS.length ? 'aucun point vérifié' : `${pending.length} point${pending.length > 1 ? 's' : ''} à vérifier`}). Quand chaque point est à « Oui », déclarez la candidature recevable. S’il manque une information, demandez une correction.`
          : 'Chaque point de l’éligibilité est à « Oui » : déclarez la candidature recevable.'
      return { title, situation: `${back}Un agent vérifie que la candidature est complète et éligible.`, next }
    }
    case 'correction_demandee':
      return {
        title,
        situation: `Une correction a été demandée aux porteurs${situation.correctionRequestedAt ? ` le ${formatDateAtTime(situation.correctionRequestedAt)}` : ''}.`,
        next: 'Vous n’avez rien à faire : quand les porteurs déposeront leur candidature corrigée, elle reviendra en instruction, ici.',
      }
    case 'recevable':
      return {
        title,
        situation: 'L’instruction est terminée : la candidature est complète et éligible.',
        next: 'Aucune action d’instruction : la candidature sera évaluée par les jurys après la clôture de l’appel.',
      }
    case 'preselectionnee':
      return { title, situation: 'Le projet est présélectionné par l’administration.', next: 'Aucune action d’instruction : la suite se décide en délibération.' }
    case 'non_retenue':
      return { title, situation: 'La candidature n’est pas retenue ; les porteurs ont reçu le motif.', next: 'Aucune action : le dossier est terminé.' }
    case 'sans_suite':
      return { title, situation: 'La candidature est classée sans suite ; les porteurs ont reçu le motif.', next: 'Aucune action : le dossier est terminé.' }
    case 'retenue':
      return { title, situation: 'Le projet est retenu pour l’accompagnement.', next: 'Aucune action d’instruction.' }
  }
}

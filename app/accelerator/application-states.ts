// States of an application and the transitions between them (as Démarches Simplifiées does it):
// brouillon → déposée → en instruction (→ correction demandée → déposée)
//   → présélectionnée | non retenue | sans suite → retenue | non retenue.
// Pure data and functions, shared by the pages and by the one module that changes states
// (application-state-machine.server.ts). Routes never change a state themselves.
import type { ApplicationState } from '#db/schema/accelerator.ts'
import { formatDate, formatDateAtTime } from '#app/utils/format.ts'

export type { ApplicationState }

export const APPLICATION_STATES: ApplicationState[] = [
  'brouillon',
  'deposee',
  'en_instruction',
  'correction_demandee',
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
    to: 'deposee',
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
  declare_inadmissible: {
    from: ['deposee', 'en_instruction'],
    to: 'non_retenue',
    by: 'reviewer',
    motivation: 'required',
    label: 'Déclarer non recevable',
    audit: 'application.declared_inadmissible',
  },
  close_without_action: {
    from: ['deposee', 'en_instruction', 'correction_demandee'],
    to: 'sans_suite',
    by: 'reviewer',
    motivation: 'required',
    label: 'Classer sans suite',
    audit: 'application.closed_without_action',
  },
  preselect: {
    from: ['en_instruction'],
    to: 'preselectionnee',
    by: 'reviewer',
    motivation: 'optional',
    label: 'Présélectionner',
    audit: 'application.preselected',
  },
  not_preselected: {
    from: ['en_instruction'],
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
export const INSTRUCTION_TRANSITIONS: TransitionName[] = ['start_instruction', 'request_correction', 'declare_inadmissible', 'close_without_action']

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
  'application.declared_inadmissible': 'Candidature déclarée non recevable',
  'application.closed_without_action': 'Candidature classée sans suite',
  'application.preselected': 'Projet présélectionné',
  'application.not_preselected': 'Projet non présélectionné',
  'application.retained': 'Projet retenu',
  'application.rejected': 'Projet non retenu',
  'application.co_leader_joined': 'Un co-porteur a rejoint la candidature',
  'application.co_leader_removed': 'Un co-porteur a été retiré',
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

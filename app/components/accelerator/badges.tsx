import { APPLICATION_STATE_LABELS, APPLICATION_STATE_SEVERITY, type ApplicationState } from '#app/accelerator/applications/application-states.ts'
import { CALL_STATE_LABELS, CALL_STATE_SEVERITY, type CallState } from '#app/accelerator/calls/call-states.ts'
import type { SectionStatus } from '#app/accelerator/applications/application-form.ts'

function badgeClass(severity: string | undefined, small: boolean) {
  return `fr-badge${severity ? ` fr-badge--${severity}` : ''}${small ? ' fr-badge--sm' : ''} fr-badge--no-icon`
}

export function ApplicationStateBadge({ state, small = false }: { state: ApplicationState; small?: boolean }) {
  return <p className={badgeClass(APPLICATION_STATE_SEVERITY[state], small)}>{APPLICATION_STATE_LABELS[state]}</p>
}

export function CallStateBadge({ state, scheduled = false, small = false }: { state: CallState; scheduled?: boolean; small?: boolean }) {
  if (state === 'brouillon' && scheduled) return <p className={badgeClass('info', small)}>Ouverture programmée</p>
  return <p className={badgeClass(CALL_STATE_SEVERITY[state], small)}>{CALL_STATE_LABELS[state]}</p>
}

const SECTION_STATUS = {
  empty: { label: 'Non commencée', severity: undefined },
  partial: { label: 'À compléter', severity: 'warning' },
  complete: { label: 'Complète', severity: 'success' },
} as const

export function SectionStatusBadge({ status }: { status: SectionStatus }) {
  const { label, severity } = SECTION_STATUS[status]
  return <span className={badgeClass(severity, true)}>{label}</span>
}

export function sectionStatusLabel(status: SectionStatus): string {
  return SECTION_STATUS[status].label
}

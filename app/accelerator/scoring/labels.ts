// Labels of the joint scoring shared by the server and the pages (no server-only import here).
import type { ConflictKind, DecisionKind } from '#db/schema/scoring.ts'

export const CONFLICT_KINDS: Array<{ value: ConflictKind; label: string }> = [
  { value: 'personnel', label: 'Lien personnel (famille, amitié)' },
  { value: 'professionnel', label: 'Lien professionnel (collègue, partenaire, ancien employeur)' },
  { value: 'financier', label: 'Intérêt financier' },
  { value: 'autre', label: 'Autre raison' },
]
export const CONFLICT_KIND_LABELS = Object.fromEntries(CONFLICT_KINDS.map((k) => [k.value, k.label])) as Record<ConflictKind, string>

export const CONFLICT_STATUS_LABELS = {
  declared: 'À examiner',
  upheld: 'Conflit retenu',
  dismissed: 'Pas de conflit',
} as const

export const DECISIONS: Array<{ value: DecisionKind; label: string }> = [
  { value: 'retenue', label: 'Retenue' },
  { value: 'liste_attente', label: 'Liste d’attente' },
  { value: 'non_retenue', label: 'Non retenue' },
]
export const DECISION_LABELS = Object.fromEntries(DECISIONS.map((d) => [d.value, d.label])) as Record<DecisionKind, string>

// Labels of the joint scoring shared by the server and the pages (no server-only import here).
import type { ConflictKind, DecisionKind } from '#db/schema/scoring.ts'
import { fromLegacy } from '#app/utils/legacy-values.ts'

export const CONFLICT_KINDS: Array<{ value: ConflictKind; label: string }> = [
  { value: 'personal', label: 'Lien personnel (famille, amitié)' },
  { value: 'professional', label: 'Lien professionnel (collègue, partenaire, ancien employeur)' },
  { value: 'financial', label: 'Intérêt financier' },
  { value: 'other', label: 'Autre raison' },
]
export const CONFLICT_KIND_LABELS = Object.fromEntries(CONFLICT_KINDS.map((k) => [k.value, k.label])) as Record<ConflictKind, string>

/** The French kinds stored before migration 0026 (decision 115), which a review page opened before the deploy still posts. */
export const LEGACY_CONFLICT_KINDS: Readonly<Record<string, ConflictKind>> = {
  personnel: 'personal',
  professionnel: 'professional',
  financier: 'financial',
  autre: 'other',
}

/** A posted conflict kind, the old French value read as the English one; anything else is returned as it came. */
export const conflictKindCode = fromLegacy(LEGACY_CONFLICT_KINDS)

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

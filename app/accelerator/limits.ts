// Limits and fixed lists shared by the server and the pages (no server-only code here: the
// browser bundle imports this file).
import { fromLegacy } from '#app/utils/legacy-values.ts'

export const MAX_FILE_BYTES = 10 * 1024 * 1024
export const MAX_FILES_PER_APPLICATION = 20
export const MAX_MEMBERS = 5
export const CO_LEADER_INVITATION_DAYS = 14

/** What a reviewer checks before instructing further. */
export const ELIGIBILITY_CHECKS = [
  { key: 'structure_kind', label: 'La structure fait partie des types admis par l’appel' },
  { key: 'legal_identity', label: 'Le numéro SIRET ou RNA correspond bien à la structure' },
  { key: 'general_interest', label: 'Le projet relève de l’intérêt général' },
  { key: 'attachments', label: 'Les statuts et les derniers comptes sont joints et lisibles' },
  { key: 'commitment', label: 'Deux contacts s’engagent à consacrer 2 à 3 jours par mois au programme' },
  { key: 'de_minimis', label: 'Les aides publiques déclarées respectent le plafond « de minimis »' },
] as const

export const ELIGIBILITY_ANSWERS = [
  { value: 'yes', label: 'Oui' },
  { value: 'no', label: 'Non' },
  { value: 'to_check', label: 'À vérifier' },
] as const

/** The French answers stored before migration 0026 (decision 115), which an instruction page opened before the deploy still posts. */
export const LEGACY_ELIGIBILITY_ANSWERS: Readonly<Record<string, (typeof ELIGIBILITY_ANSWERS)[number]['value']>> = {
  oui: 'yes',
  non: 'no',
  a_verifier: 'to_check',
}

/** A posted answer of the checklist, the old French value read as the English one; anything else is returned as it came. */
export const eligibilityAnswerCode = fromLegacy(LEGACY_ELIGIBILITY_ANSWERS)

// Conflicts of interest the product finds by itself (issue 20, decision 099), before any
// assignment and before a reviewer is even invited. Pure: the caller loads what the database
// knows (scoring-conflict-detection.server.ts) and this module says which reviewer/application
// pairs look linked, and why, in French. A detected pair is blocked exactly like a declared
// conflict until the programme team dismisses each of its reasons with a motivation.

/**
 * Webmail domains shared by millions of people: an address there says nothing about an
 * organisation, so two such addresses are never a conflict.
 */
export const GENERIC_EMAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'laposte.net',
  'sfr.fr',
  'neuf.fr',
  'bbox.fr',
  'numericable.fr',
  'club-internet.fr',
  'aliceadsl.fr',
  'outlook.fr',
  'outlook.com',
  'hotmail.fr',
  'hotmail.com',
  'live.fr',
  'live.com',
  'msn.com',
  'yahoo.fr',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'protonmail.com',
  'protonmail.ch',
  'proton.me',
  'pm.me',
  'gmx.fr',
  'gmx.com',
  'aol.com',
  'aol.fr',
  'mailo.com',
  'tutanota.com',
  'yandex.com',
])

export type DetectedConflictRule = 'own_application' | 'organisation' | 'same_call_leader' | 'email_domain' | 'previous_conflict'

export const DETECTED_RULE_LABELS: Record<DetectedConflictRule, string> = {
  own_application: 'Porteur de la candidature',
  organisation: 'Même organisation',
  same_call_leader: 'Porte une autre candidature de la même structure',
  email_domain: 'Même domaine d’adresse e-mail',
  previous_conflict: 'Conflit déclaré lors d’un appel précédent',
}

export interface DetectionReviewer {
  /** Null for a person invited by e-mail who has no account yet. */
  id: string | null
  email: string
  /** SIRET from ProConnect or the profile (14 digits), when known. */
  siret: string | null
}

export interface DetectionLeader {
  userId: string | null
  name: string
  email: string
}

export interface DetectionApplication {
  id: string
  reference: string
  title: string
  structureName: string
  /** What the structure typed (spaces allowed): SIRET and RNA. */
  siret: string
  rna: string
  /** The owner and the co-leaders with access, then the form's two contacts (by e-mail). */
  leaders: readonly DetectionLeader[]
}

/** A conflict declared (by the reviewer, or upheld by the team) on an application of an earlier call. */
export interface PreviousConflict {
  id: string
  reviewerId: string
  callTitle: string
  /** The leaders of that earlier application. */
  leaderUserIds: readonly string[]
  leaderEmails: readonly string[]
}

export interface DetectedReason {
  /** Stable key of this reason for this pair: a dismissal applies to exactly these keys. */
  key: string
  rule: DetectedConflictRule
  /** Plain French, shown to the programme team. */
  message: string
  /** An applicant never reviews their own application: this reason cannot be dismissed. */
  dismissible: boolean
}

export interface DetectedConflict {
  applicationId: string
  /** Null when the reviewer has no account yet (invitation check). */
  reviewerId: string | null
  reasons: DetectedReason[]
}

export const digitsOnly = (value: string | null | undefined) => (value ?? '').replace(/\D/g, '')

/** The SIREN (the legal unit, 9 digits) of a 14-digit SIRET or a 9-digit SIREN, else null. */
export function sirenOf(value: string | null | undefined): string | null {
  const digits = digitsOnly(value)
  return digits.length === 14 || digits.length === 9 ? digits.slice(0, 9) : null
}

const normaliseRna = (value: string | null | undefined) => {
  const rna = (value ?? '').replace(/\s/g, '').toUpperCase()
  return /^W\d{9}$/.test(rna) ? rna : null
}

/** The domain of an e-mail address, lowercased, or null when it has none. */
export function emailDomain(email: string | null | undefined): string | null {
  const at = (email ?? '').trim().toLowerCase().lastIndexOf('@')
  if (at < 1) return null
  const domain = (email ?? '').trim().toLowerCase().slice(at + 1)
  return domain.includes('.') ? domain : null
}

export const isGenericEmailDomain = (domain: string) => GENERIC_EMAIL_DOMAINS.has(domain.toLowerCase())

const formatSiren = (siren: string) => `${siren.slice(0, 3)} ${siren.slice(3, 6)} ${siren.slice(6, 9)}`
const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()

/** Two applications share a structure when their SIREN or their RNA is the same. */
function sharedStructure(a: DetectionApplication, b: DetectionApplication): string | null {
  const sirenA = sirenOf(a.siret)
  if (sirenA && sirenA === sirenOf(b.siret)) return `SIREN ${formatSiren(sirenA)}`
  const rnaA = normaliseRna(a.rna)
  if (rnaA && rnaA === normaliseRna(b.rna)) return `RNA ${rnaA}`
  return null
}

const isLeaderOf = (reviewer: DetectionReviewer, application: DetectionApplication) =>
  application.leaders.some((leader) => (reviewer.id !== null && leader.userId === reviewer.id) || sameEmail(leader.email, reviewer.email))

/** The reasons why this reviewer may not review this application (empty: no link found). */
export function detectPairReasons(
  reviewer: DetectionReviewer,
  application: DetectionApplication,
  context: { applications: readonly DetectionApplication[]; previousConflicts: readonly PreviousConflict[] },
): DetectedReason[] {
  const reasons: DetectedReason[] = []
  if (isLeaderOf(reviewer, application)) {
    reasons.push({
      key: 'own_application',
      rule: 'own_application',
      message: 'Cette personne porte ou co-porte cette candidature : elle ne peut jamais l’évaluer.',
      dismissible: false,
    })
  }
  const reviewerSiren = sirenOf(reviewer.siret)
  const structureSiren = sirenOf(application.siret)
  if (reviewerSiren && reviewerSiren === structureSiren) {
    const sameEstablishment = digitsOnly(reviewer.siret) === digitsOnly(application.siret)
    reasons.push({
      key: `organisation:${reviewerSiren}`,
      rule: 'organisation',
      message: sameEstablishment
        ? `Même organisation : le SIRET de cette personne (${digitsOnly(reviewer.siret)}) est celui de la structure candidate « ${application.structureName} ».`
        : `Même organisation : le SIRET de cette personne (${digitsOnly(reviewer.siret)}) et celui de la structure candidate « ${application.structureName} » ont le même SIREN (${formatSiren(reviewerSiren)}).`,
      dismissible: true,
    })
  }
  for (const other of context.applications) {
    if (other.id === application.id || !isLeaderOf(reviewer, other)) continue
    const shared = sharedStructure(application, other)
    if (!shared) continue
    reasons.push({
      key: `same_call_leader:${other.id}`,
      rule: 'same_call_leader',
      message: `Cette personne porte aussi la candidature ${other.reference || 'en brouillon'} « ${other.title} », d’une structure commune (${shared}).`,
      dismissible: true,
    })
  }
  const domain = emailDomain(reviewer.email)
  if (domain && !isGenericEmailDomain(domain)) {
    const leader = application.leaders.find((candidate) => emailDomain(candidate.email) === domain && !sameEmail(candidate.email, reviewer.email))
    if (leader) {
      reasons.push({
        key: `email_domain:${domain}`,
        rule: 'email_domain',
        message: `Même domaine d’adresse e-mail (@${domain}) que ${leader.name}, qui porte cette candidature.`,
        dismissible: true,
      })
    }
  }
  if (reviewer.id !== null) {
    for (const previous of context.previousConflicts) {
      if (previous.reviewerId !== reviewer.id) continue
      const leader = application.leaders.find(
        (candidate) =>
          (candidate.userId !== null && previous.leaderUserIds.includes(candidate.userId)) || previous.leaderEmails.some((email) => sameEmail(email, candidate.email)),
      )
      if (!leader) continue
      reasons.push({
        key: `previous_conflict:${previous.id}`,
        rule: 'previous_conflict',
        message: `Un conflit d’intérêts a été déclaré lors de l’appel « ${previous.callTitle} » entre cette personne et ${leader.name}, qui porte cette candidature.`,
        dismissible: true,
      })
    }
  }
  return reasons
}

/** Every detected conflict between these reviewers and the applications of one call. */
export function detectConflicts(input: {
  reviewers: readonly DetectionReviewer[]
  applications: readonly DetectionApplication[]
  previousConflicts: readonly PreviousConflict[]
}): DetectedConflict[] {
  const found: DetectedConflict[] = []
  for (const application of input.applications) {
    for (const reviewer of input.reviewers) {
      const reasons = detectPairReasons(reviewer, application, input)
      if (reasons.length > 0) found.push({ applicationId: application.id, reviewerId: reviewer.id, reasons })
    }
  }
  return found
}

export interface Dismissal {
  applicationId: string
  reviewerId: string
  reasonKey: string
}

/** The reasons of a detected conflict that the team has not dismissed (a new reason blocks again). */
export function undismissedReasons(conflict: DetectedConflict, dismissals: readonly Dismissal[]): DetectedReason[] {
  return conflict.reasons.filter(
    (reason) =>
      !reason.dismissible ||
      !dismissals.some((d) => d.applicationId === conflict.applicationId && d.reviewerId === conflict.reviewerId && d.reasonKey === reason.key),
  )
}

/**
 * The pairs the assignment must never contain: the declared (or upheld) conflicts, plus each
 * detected conflict with at least one reason the team has not dismissed.
 */
export function blockedPairs(
  declared: readonly { applicationId: string; reviewerId: string }[],
  detected: readonly DetectedConflict[],
  dismissals: readonly Dismissal[],
): Array<{ applicationId: string; reviewerId: string }> {
  const seen = new Set<string>()
  const pairs: Array<{ applicationId: string; reviewerId: string }> = []
  const add = (applicationId: string, reviewerId: string) => {
    const key = `${applicationId}\u0000${reviewerId}`
    if (seen.has(key)) return
    seen.add(key)
    pairs.push({ applicationId, reviewerId })
  }
  for (const pair of declared) add(pair.applicationId, pair.reviewerId)
  for (const conflict of detected) {
    if (conflict.reviewerId !== null && undismissedReasons(conflict, dismissals).length > 0) add(conflict.applicationId, conflict.reviewerId)
  }
  return pairs
}

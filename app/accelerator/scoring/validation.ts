// Checks of a ranking input. The domain layer validates each review when it is submitted (zod,
// French messages next to the field); this is the last line of defence before the maths, so a
// corrupted row is reported in plain French instead of silently skewing a ranking.
import { isMention } from './majority-judgment.ts'
import type { CombinationRule } from './combination.ts'
import type { FlagSettings } from './flags.ts'
import type { NormalisationSettings } from './normalisation.ts'
import { JURIES, MAX_LEVEL, MIN_LEVEL, type ApplicationRef, type Criterion, type InputIssue, type Jury, type JuryMode, type Review } from './types.ts'

export interface JurySettings {
  mode: JuryMode
  /** Reviews each application should receive from this jury (k for the administration, m for the panel). */
  expectedReviews: number
}

export interface RankingInput {
  applications: readonly ApplicationRef[]
  criteria: readonly Criterion[]
  /** Submitted reviews only (drafts never count). */
  reviews: readonly Review[]
  juries: Readonly<Record<Jury, JurySettings>>
  rule: CombinationRule
  normalisation?: NormalisationSettings
  flags?: FlagSettings
  /** Number of places of the call (laureates), for the « near the cut » flag. */
  places?: number
}

const MAX_ISSUES = 20

const isNonNegative = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0
const isCount = (value: unknown): value is number => isNonNegative(value) && Number.isInteger(value)

/** Every problem of the input, in plain French (at most 20, then a count of the others). */
export function validateRankingInput(input: RankingInput): InputIssue[] {
  const issues: InputIssue[] = []
  let hidden = 0
  const report = (code: string, message: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ code, message })
    else hidden++
  }

  const applicationIds = new Set<string>()
  for (const application of input.applications) {
    if (typeof application.id !== 'string' || application.id === '') report('application_id', 'Une candidature n’a pas d’identifiant.')
    else if (applicationIds.has(application.id)) report('application_duplicate', `La candidature ${application.id} apparaît deux fois.`)
    applicationIds.add(application.id)
  }

  const criteria = new Map<string, Criterion>()
  for (const criterion of input.criteria) {
    if (criteria.has(criterion.id)) report('criterion_duplicate', `Le critère « ${criterion.label} » apparaît deux fois dans la grille.`)
    criteria.set(criterion.id, criterion)
    if (!isNonNegative(criterion.weight)) report('criterion_weight', `Le poids du critère « ${criterion.label} » doit être un nombre positif ou nul.`)
    if (criterion.jury !== 'both' && !JURIES.includes(criterion.jury)) report('criterion_jury', `Le critère « ${criterion.label} » n’est attribué à aucun jury.`)
  }

  for (const jury of JURIES) {
    const settings = input.juries[jury]
    if (!settings || (settings.mode !== 'numbers' && settings.mode !== 'majority_judgment')) {
      report('jury_mode', `Le mode de notation du ${jury === 'administration' ? 'jury de l’administration' : 'panel citoyen'} est inconnu.`)
      continue
    }
    if (!isCount(settings.expectedReviews)) report('jury_expected', 'Le nombre d’avis attendus par candidature doit être un entier positif ou nul.')
    if (settings.mode === 'numbers') {
      const weighted = input.criteria.some((c) => (c.jury === jury || c.jury === 'both') && isNonNegative(c.weight) && c.weight > 0)
      const hasReviews = input.reviews.some((review) => review.jury === jury)
      if (!weighted && hasReviews) {
        report('jury_no_criteria', `Le ${jury === 'administration' ? 'jury de l’administration' : 'panel citoyen'} note avec des chiffres mais n’a aucun critère avec un poids.`)
      }
    }
  }

  const seen: Record<Jury, Map<string, Set<string>>> = { administration: new Map(), citizen: new Map() }
  // Built only when a problem is reported: the loop below runs once per review.
  let review: Review
  const who = () => `L’avis de ${review.reviewerId} sur ${review.applicationId}`
  for (review of input.reviews) {
    if (!applicationIds.has(review.applicationId)) {
      report('review_application', `${who()} porte sur une candidature qui n’est pas dans la liste.`)
      continue
    }
    if (!JURIES.includes(review.jury)) {
      report('review_jury', `${who()} n’est rattaché à aucun jury.`)
      continue
    }
    let reviewed = seen[review.jury].get(review.reviewerId)
    if (!reviewed) seen[review.jury].set(review.reviewerId, (reviewed = new Set()))
    if (reviewed.has(review.applicationId)) report('review_duplicate', `${who()} apparaît deux fois : un évaluateur ne donne qu’un avis par candidature.`)
    reviewed.add(review.applicationId)
    const mode = input.juries[review.jury]?.mode
    if (mode === 'majority_judgment') {
      if (!isMention(review.mention)) report('review_mention', `${who()} n’a pas de mention valide (de « À rejeter » à « Excellent »).`)
      if (review.scores && Object.keys(review.scores).length > 0) report('review_scores_in_mj', `${who()} contient des notes chiffrées alors que ce jury vote au jugement majoritaire.`)
    } else if (mode === 'numbers') {
      if (review.mention !== undefined) report('review_mention_in_numbers', `${who()} contient une mention alors que ce jury note avec des chiffres.`)
      const scores = review.scores ?? {}
      let weighted = false
      for (const [criterionId, level] of Object.entries(scores)) {
        const criterion = criteria.get(criterionId)
        if (!criterion || (criterion.jury !== review.jury && criterion.jury !== 'both')) {
          report('review_criterion', `${who()} note un critère qui n’est pas dans la grille de ce jury (${criterionId}).`)
          continue
        }
        if (!Number.isInteger(level) || level < MIN_LEVEL || level > MAX_LEVEL) {
          report('review_level', `${who()} donne ${String(level)} au critère « ${criterion.label} » : la note doit être un entier de ${MIN_LEVEL} à ${MAX_LEVEL}.`)
        }
        if (criterion.weight > 0) weighted = true
      }
      if (!weighted) report('review_empty', `${who()} ne note aucun critère de la grille.`)
    }
  }

  const rule = input.rule
  if (rule?.kind === 'combined') {
    const { administration, citizen } = rule.weights ?? ({} as Record<Jury, number>)
    if (!isNonNegative(administration) || !isNonNegative(citizen)) report('rule_weights', 'Les poids des jurys doivent être des nombres positifs ou nuls.')
    else if (administration + citizen <= 0) report('rule_weights', 'Au moins un des deux jurys doit avoir un poids.')
  } else if (rule?.kind === 'sequential') {
    if (!isCount(rule.preselect)) report('rule_preselect', 'Le nombre de candidatures présélectionnées doit être un entier positif ou nul.')
    if (rule.veto) {
      if (rule.veto.mentionAtOrBelow !== undefined && !isMention(rule.veto.mentionAtOrBelow)) report('rule_veto', 'La mention du veto citoyen est inconnue.')
      if (rule.veto.lowerMedianAtOrBelow !== undefined && !Number.isFinite(rule.veto.lowerMedianAtOrBelow)) report('rule_veto', 'Le seuil du veto citoyen doit être un nombre.')
    }
  } else {
    report('rule_kind', 'La règle de sélection doit être « combinée » ou « en deux temps ».')
  }

  const normalisation = input.normalisation
  if (normalisation) {
    if (!['centred', 'zscore', 'none'].includes(normalisation.method)) report('normalisation_method', 'La méthode de correction des notes est inconnue.')
    if (normalisation.minReviews !== undefined && (!isCount(normalisation.minReviews) || normalisation.minReviews < 1)) {
      report('normalisation_min', 'Le nombre minimal d’avis par évaluateur doit être un entier d’au moins 1.')
    }
  }
  for (const [name, value] of Object.entries(input.flags ?? {})) {
    if (value !== undefined && !isNonNegative(value)) report('flag_setting', `Le réglage d’alerte « ${name} » doit être un nombre positif ou nul.`)
  }
  if (input.places !== undefined && !isCount(input.places)) report('places', 'Le nombre de places doit être un entier positif ou nul.')

  if (hidden > 0) issues.push({ code: 'more', message: `… et ${hidden} autre${hidden > 1 ? 's' : ''} problème${hidden > 1 ? 's' : ''}.` })
  return issues
}

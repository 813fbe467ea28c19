import type { Persona } from '#tests/helpers/world.ts'

/**
 * Who may use each route, and what everyone else gets. Kept next to the matrix test: a route
 * missing from this table makes the test fail.
 *
 * Outcomes: `ok` (served, or refused only for its input), `signin` (redirected to sign in),
 * `unauthorized` (401: an API without a valid key), `forbidden` (403), `notfound` (404: also what
 * someone gets for another person's resource).
 */
export type Outcome = 'ok' | 'signin' | 'unauthorized' | 'forbidden' | 'notfound'
export type Access = { default: Outcome } & Partial<Record<Persona, Outcome>>

export interface RouteAccess {
  /** Route parameters, from the ids of the test world. */
  params?: (ids: Record<string, string>) => Record<string, string>
  search?: string
  loader?: Access
  action?: Access
}

export const everyone = (outcome: Outcome = 'ok'): Access => ({ default: outcome })
export const signedIn: Access = { default: 'ok', anonymous: 'signin' }
/** Only these personas; anonymous people are asked to sign in, the others refused. */
export function only(...personas: Persona[]): Access {
  const access: Access = { default: 'forbidden', anonymous: 'signin' }
  for (const persona of personas) access[persona] = 'ok'
  return access
}

/** The application's leader and co-leader; anyone else gets a 404 (never a hint that it exists). */
const leaders: Access = { default: 'notfound', anonymous: 'signin', leader: 'ok', coLeader: 'ok' }

/** The demo organisation's service team; a member of another organisation gets a 404. */
const serviceOnly: Access = { default: 'forbidden', anonymous: 'signin', serviceTeam: 'ok', otherOrganisationMember: 'notfound' }

const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000'
const UNKNOWN_TOKEN = 'A'.repeat(43)

export const ACCESS: Record<string, RouteAccess> = {
  $: { params: () => ({ '*': 'nulle-part' }), loader: everyone('notfound'), action: everyone('notfound') },
  _index: {},
  accessibilite: { loader: everyone() },
  'mentions-legales': {},
  'donnees-personnelles': {},
  'gestion-cookies': {},
  'plan-du-site': {},
  'connexion._index': { loader: everyone(), action: everyone() },
  'connexion.code': { loader: everyone(), action: everyone() },
  'connexion.lien': { loader: everyone(), action: everyone() },
  deconnexion: { loader: everyone(), action: everyone() },
  // ProConnect is not configured in these tests: its pages answer 404 (tests/integration/proconnect.test.ts
  // and the browser journeys cover them configured).
  'connexion.proconnect._index': { loader: everyone('notfound') },
  'connexion.proconnect.retour': { loader: everyone('notfound') },
  'connexion.proconnect.bienvenue': { loader: signedIn },
  'deconnexion_.proconnect': { loader: everyone() },
  'dev.boite-mail._index': { loader: everyone() },
  'dev.boite-mail.$id': { params: () => ({ id: UNKNOWN_UUID }), loader: everyone('notfound') },
  'invitations.$jeton': {
    params: () => ({ jeton: UNKNOWN_TOKEN }),
    loader: everyone('notfound'),
    action: { default: 'notfound', anonymous: 'signin' },
  },
  'profil._index': { loader: signedIn, action: signedIn },
  'profil.suppression': { loader: signedIn, action: signedIn },
  'profil.mes-donnees': { loader: signedIn },
  'equipe._index': { loader: only('programmeTeam') },
  'equipe.personnes': { loader: only('programmeTeam'), action: only('programmeTeam') },
  'equipe.journal': { loader: only('programmeTeam') },
  'panel._index': { loader: only('panelist', 'otherCallPanelist') },
  'accompagnement._index': { loader: signedIn },

  // Calls and applications (issue 4).
  'appels._index': { loader: everyone() },
  'appels.$slug._index': { params: (ids) => ({ slug: ids.openCallSlug! }), loader: everyone() },
  'appels.$slug.candidater': { params: (ids) => ({ slug: ids.openCallSlug! }), loader: signedIn, action: signedIn },
  'equipe.appels._index': { loader: only('programmeTeam') },
  'equipe.appels.nouveau': { loader: only('programmeTeam'), action: only('programmeTeam') },
  'equipe.appels.$callId._index': { params: (ids) => ({ callId: ids.openCall! }), loader: only('programmeTeam'), action: only('programmeTeam') },
  'equipe.appels.$callId.modifier': { params: (ids) => ({ callId: ids.openCall! }), loader: only('programmeTeam'), action: only('programmeTeam') },
  'equipe.appels.$callId.grille': { params: (ids) => ({ callId: ids.openCall! }), loader: only('programmeTeam'), action: only('programmeTeam') },
  'instruction._index': { loader: only('reviewer', 'programmeTeam') },
  'instruction.$callId._index': { params: (ids) => ({ callId: ids.evaluationCall! }), loader: only('reviewer', 'programmeTeam') },
  'instruction.$callId.export': { params: (ids) => ({ callId: ids.evaluationCall! }), search: '?format=csv', loader: only('reviewer', 'programmeTeam') },
  'instruction.$callId.$applicationId': {
    params: (ids) => ({ callId: ids.evaluationCall!, applicationId: ids.leaderSubmittedApplication! }),
    loader: only('reviewer', 'programmeTeam'),
    action: only('reviewer', 'programmeTeam'),
  },
  'mes-candidatures._index': { loader: signedIn },
  'mes-candidatures.$id': { params: (ids) => ({ id: ids.leaderApplication! }), loader: leaders },
  'mes-candidatures.$id._index': { params: (ids) => ({ id: ids.leaderApplication! }), loader: leaders },
  // An expired session posting a section gets a 401 that keeps the text, not a redirect (decision 098).
  'mes-candidatures.$id.$section': {
    params: (ids) => ({ id: ids.leaderApplication!, section: 'projet' }),
    loader: leaders,
    action: { ...leaders, anonymous: 'unauthorized' },
  },
  'mes-candidatures.$id.pieces-jointes': { params: (ids) => ({ id: ids.leaderApplication! }), loader: leaders, action: leaders },
  'mes-candidatures.$id.co-porteurs': { params: (ids) => ({ id: ids.leaderApplication! }), loader: leaders, action: leaders },
  'mes-candidatures.$id.depot': { params: (ids) => ({ id: ids.leaderApplication! }), loader: leaders, action: leaders },
  'mes-candidatures.$id.apercu-jurys': { params: (ids) => ({ id: ids.leaderApplication! }), loader: leaders },
  'mes-candidatures.$id.messages': { params: (ids) => ({ id: ids.leaderApplication! }), loader: leaders, action: leaders },
  'mes-candidatures.$id.conflits': { params: (ids) => ({ id: ids.leaderSubmittedApplication! }), loader: leaders, action: leaders },
  'mes-candidatures.$id.attestation': { params: (ids) => ({ id: ids.leaderSubmittedApplication! }), loader: leaders },
  'mes-candidatures.rejoindre.$jeton': {
    params: () => ({ jeton: UNKNOWN_TOKEN }),
    loader: everyone('notfound'),
    action: { default: 'notfound', anonymous: 'signin' },
  },
  // A submitted application's file: its leaders, and the people who instruct its call.
  'pieces-jointes.$fileId': {
    params: (ids) => ({ fileId: ids.leaderFile! }),
    loader: { default: 'notfound', anonymous: 'signin', leader: 'ok', coLeader: 'ok', reviewer: 'ok', programmeTeam: 'ok' },
  },
  // Joint scoring (issue 5): jury members of the call in evaluation; a member of another call's jury gets a 404.
  'evaluation.$callId._index': {
    params: (ids) => ({ callId: ids.evaluationCall! }),
    loader: { ...only('reviewer', 'panelist'), otherCallPanelist: 'notfound' },
    action: { ...only('reviewer', 'panelist'), otherCallPanelist: 'notfound' },
  },
  'evaluation.$callId.guide': { params: (ids) => ({ callId: ids.evaluationCall! }), loader: { ...only('reviewer', 'panelist'), otherCallPanelist: 'notfound' } },
  // Only the assigned reviewer opens an application; the panelist of the same call is not assigned it: 404.
  'evaluation.$callId.$applicationId': {
    params: (ids) => ({ callId: ids.evaluationCall!, applicationId: ids.scoringApplication! }),
    loader: { ...only('reviewer'), panelist: 'notfound', otherCallPanelist: 'notfound' },
    action: { ...only('reviewer'), panelist: 'notfound', otherCallPanelist: 'notfound' },
  },
  'equipe.appels.$callId.jurys': { params: (ids) => ({ callId: ids.evaluationCall! }), loader: only('programmeTeam'), action: only('programmeTeam') },
  'equipe.appels.$callId.affectation': { params: (ids) => ({ callId: ids.evaluationCall! }), loader: only('programmeTeam'), action: only('programmeTeam') },
  'equipe.appels.$callId.deliberation': { params: (ids) => ({ callId: ids.evaluationCall! }), loader: only('programmeTeam'), action: only('programmeTeam') },
  'equipe.appels.$callId.dossier-de-decision': { params: (ids) => ({ callId: ids.evaluationCall! }), loader: only('programmeTeam'), action: only('programmeTeam') },
  'equipe.appels.$callId.resultats-csv': { params: (ids) => ({ callId: ids.evaluationCall! }), loader: only('programmeTeam') },
  // Results not published yet: not found for everyone.
  'appels.$slug.resultats': { params: (ids) => ({ slug: ids.openCallSlug! }), loader: everyone('notfound') },
  // Feedback (issue 7): public form pages, embeds, and the service teams' pages.
  'avis.$placementId._index': { params: (ids) => ({ placementId: ids.placement! }), loader: everyone() },
  'avis.$placementId.$reviewId': {
    params: (ids) => ({ placementId: ids.placement!, reviewId: ids.reviewInProgress! }),
    search: '?jeton=',
    loader: everyone(),
    action: everyone(),
  },
  'avis.$placementId.merci': { params: (ids) => ({ placementId: ids.placement! }), loader: everyone() },
  'integration.avis.$placementId._index': { params: (ids) => ({ placementId: ids.placement! }), loader: everyone(), action: everyone() },
  'integration.avis.$placementId.$reviewId': {
    params: (ids) => ({ placementId: ids.placement!, reviewId: ids.reviewInProgress! }),
    search: '?jeton=',
    loader: everyone(),
    action: everyone(),
  },
  'integration.avis.$placementId.merci': { params: (ids) => ({ placementId: ids.placement! }), loader: everyone() },
  'integration.sourire.$placementId._index': { params: (ids) => ({ placementId: ids.placement! }), loader: everyone() },
  'integration.sourire.$placementId.$reviewId': {
    params: (ids) => ({ placementId: ids.placement!, reviewId: ids.reviewInProgress! }),
    search: '?jeton=',
    loader: everyone(),
  },
  'integration.widget[.]js': { loader: everyone() },
  'integration.bouton-bleu[.]svg': { loader: everyone() },
  'integration.bouton-blanc[.]svg': { loader: everyone() },
  'integration.marianne[.]woff2': { loader: everyone() },
  'services._index': { loader: only('serviceTeam', 'otherOrganisationMember') },
  'services.nouveau': { loader: only('serviceTeam', 'otherOrganisationMember'), action: only('serviceTeam', 'otherOrganisationMember') },
  'services.exports._index': { loader: only('serviceTeam', 'otherOrganisationMember'), action: only('serviceTeam', 'otherOrganisationMember') },
  // An export is downloadable only by the person who asked for it.
  'services.exports.$exportId': { params: (ids) => ({ exportId: ids.export! }), loader: serviceOnly },
  'services.organisations.$organisationId._index': { params: (ids) => ({ organisationId: ids.organisation! }), loader: serviceOnly },
  'services.organisations.$organisationId.avis': { params: (ids) => ({ organisationId: ids.organisation! }), loader: serviceOnly },
  'services.$serviceId': { params: (ids) => ({ serviceId: ids.service! }), loader: serviceOnly },
  'services.$serviceId._index': { params: (ids) => ({ serviceId: ids.service! }), loader: serviceOnly },
  'services.$serviceId.alertes': { params: (ids) => ({ serviceId: ids.service! }), loader: serviceOnly, action: serviceOnly },
  'services.$serviceId.avis._index': { params: (ids) => ({ serviceId: ids.service! }), loader: serviceOnly },
  'services.$serviceId.spam': { params: (ids) => ({ serviceId: ids.service! }), loader: serviceOnly, action: serviceOnly },
  'services.$serviceId.avis.$reviewId': { params: (ids) => ({ serviceId: ids.service!, reviewId: ids.review! }), loader: serviceOnly, action: serviceOnly },
  'services.$serviceId.emplacements._index': { params: (ids) => ({ serviceId: ids.service! }), loader: serviceOnly, action: serviceOnly },
  'services.$serviceId.emplacements.$placementId': {
    params: (ids) => ({ serviceId: ids.service!, placementId: ids.placement! }),
    loader: serviceOnly,
    action: serviceOnly,
  },
  'services.$serviceId.equipe': { params: (ids) => ({ serviceId: ids.service! }), loader: serviceOnly, action: serviceOnly },
  'services.$serviceId.parametres': { params: (ids) => ({ serviceId: ids.service! }), loader: serviceOnly, action: serviceOnly },
  'services.$serviceId.questionnaire': { params: (ids) => ({ serviceId: ids.service! }), loader: serviceOnly, action: serviceOnly },

  // Services Publics+ (issue 8): public experiences, moderation, answers, changes.
  'experiences._index': { loader: everyone() },
  'experiences.changements': { loader: everyone() },
  'experiences.$experienceId': { params: (ids) => ({ experienceId: ids.experience! }), loader: everyone() },
  'experiences.services.$serviceId._index': { params: (ids) => ({ serviceId: ids.service! }), loader: everyone() },
  'experiences.services.$serviceId.raconter': { params: (ids) => ({ serviceId: ids.service! }), loader: everyone(), action: everyone() },
  'experiences.services.$serviceId.merci': { params: (ids) => ({ serviceId: ids.service! }), loader: everyone() },
  'services.$serviceId.experiences._index': { params: (ids) => ({ serviceId: ids.service! }), loader: serviceOnly, action: serviceOnly },
  'services.$serviceId.experiences.$experienceId': {
    params: (ids) => ({ serviceId: ids.service!, experienceId: ids.pendingExperience! }),
    loader: serviceOnly,
    action: serviceOnly,
  },
  'services.$serviceId.changements': { params: (ids) => ({ serviceId: ids.service! }), loader: serviceOnly, action: serviceOnly },
  // Issue 19: transfers received by an organisation; « moi aussi » on a published experience (anyone, no account).
  'services.organisations.$organisationId.transferts': { params: (ids) => ({ organisationId: ids.organisation! }), loader: serviceOnly, action: serviceOnly },
  'experiences.$experienceId_.moi-aussi': { params: (ids) => ({ experienceId: ids.experience! }), loader: everyone(), action: everyone() },
  'services.organisations.$organisationId.modeles-de-refus': { params: (ids) => ({ organisationId: ids.organisation! }), loader: serviceOnly, action: serviceOnly },
  'services.organisations.$organisationId.cles-api': { params: (ids) => ({ organisationId: ids.organisation! }), loader: serviceOnly, action: serviceOnly },
  'experiences.donnees._index': { loader: everyone() },
  // Also the dated daily files of reviews (avis-AAAA-MM-JJ.csv, open-data-daily.test.ts): open to everyone.
  'experiences.donnees.$fichier': { params: () => ({ fichier: 'experiences.csv' }), loader: everyone() },
  'api.documentation': { loader: everyone() },
  'api.v1.openapi[.]json': { loader: everyone() },
  // The API answers 401 to anyone without a key, signed in or not (tests/integration/experiences-api.test.ts covers keys).
  'api.v1.experiences': { loader: everyone('unauthorized') },
  'api.v1.services': { loader: everyone('unauthorized') },
  // Data teams' cursors (tests/integration/data-api.test.ts covers keys, cursors and bad input).
  'api.v1.avis': { loader: everyone('unauthorized') },
  'api.v1.changements': { loader: everyone('unauthorized') },
  // Test hooks exist only with TEST_HOOKS=true (never in production): 404 for everyone here.
  'test-hooks': { loader: everyone('notfound'), action: everyone('notfound') },

  // Mentoring (issue 6): the team and the cohort's mentor; the project's leaders (and referents) on its pages.
  'accompagnement.cohortes.nouvelle': { loader: only('programmeTeam'), action: only('programmeTeam') },
  'accompagnement.cohortes.$cohortId._index': {
    params: (ids) => ({ cohortId: ids.cohort! }),
    loader: { ...only('programmeTeam', 'mentor'), otherCohortMentor: 'notfound' },
    action: { ...only('programmeTeam'), otherCohortMentor: 'notfound' },
  },
  'accompagnement.cohortes.$cohortId.export': {
    params: (ids) => ({ cohortId: ids.cohort! }),
    search: '?format=csv',
    loader: { ...only('programmeTeam', 'mentor'), otherCohortMentor: 'notfound' },
  },
  'accompagnement.cohortes.$cohortId.comites': { params: (ids) => ({ cohortId: ids.cohort! }), loader: only('programmeTeam'), action: only('programmeTeam') },
  'accompagnement.comites.$committeeId': {
    params: (ids) => ({ committeeId: ids.committee! }),
    loader: { ...only('programmeTeam', 'mentor'), otherCohortMentor: 'notfound' },
    action: { ...only('programmeTeam', 'mentor'), otherCohortMentor: 'notfound' },
  },
  'accompagnement.projets.$projectId._index': { params: (ids) => ({ projectId: ids.mentoredProject! }), loader: mentoredProject(), action: mentoredProject() },
  'accompagnement.projets.$projectId.rapport': { params: (ids) => ({ projectId: ids.mentoredProject! }), loader: mentoredProject(), action: mentoredProject() },
  'cohortes.$cohortId.resultats': { params: (ids) => ({ cohortId: ids.cohort! }), loader: everyone() },
}

/** A mentored project: its leaders, the cohort's mentor and the team; anyone else a 404. */
function mentoredProject(): Access {
  return { default: 'notfound', anonymous: 'signin', leader: 'ok', coLeader: 'ok', mentor: 'ok', programmeTeam: 'ok' }
}

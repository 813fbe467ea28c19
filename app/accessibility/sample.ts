// The sample of pages the RGAA grid is checked on (RGAA 4.1 method: an « échantillon » of
// representative pages, with the mandatory ones: home, sign-in, legal pages, site map, statement).
// The browser checks of tests/e2e/accessibility-grid.spec.ts open each of them. Decision 096.

export const SAMPLE_PAGES = [
  { id: 'accueil', title: 'Accueil', path: '/' },
  { id: 'appels', title: 'Appels à projets', path: '/appels' },
  { id: 'appel', title: 'Page d’un appel à projets', path: '/appels/edition-3' },
  { id: 'connexion', title: 'Connexion', path: '/connexion' },
  { id: 'candidature', title: 'Formulaire de candidature (une partie)', path: '/mes-candidatures/{candidature}/{partie}' },
  { id: 'evaluation', title: 'Évaluation d’un projet par un jury (boutons radio des mentions et des niveaux)', path: '/evaluation/{appel}/{candidature}' },
  { id: 'deliberation', title: 'Résultats et délibération', path: '/equipe/appels/{appel}/deliberation' },
  { id: 'avis', title: 'Questionnaire « Je donne mon avis »', path: '/avis/{emplacement}' },
  { id: 'tableau-de-bord', title: 'Tableau de bord d’un service (graphique et tableau)', path: '/services/{service}' },
  { id: 'emplacement', title: 'Emplacement et codes d’intégration (image du bouton)', path: '/services/{service}/emplacements/{emplacement}' },
  { id: 'experiences', title: 'Expériences publiques', path: '/experiences' },
  { id: 'plan-du-site', title: 'Plan du site', path: '/plan-du-site' },
  { id: 'accessibilite', title: 'Déclaration d’accessibilité', path: '/accessibilite' },
  { id: 'mentions-legales', title: 'Mentions légales', path: '/mentions-legales' },
] as const

export type SamplePageId = (typeof SAMPLE_PAGES)[number]['id']

export const SAMPLE_PAGE_IDS = SAMPLE_PAGES.map((page) => page.id) as [SamplePageId, ...SamplePageId[]]

// The RGAA 4.1 grid of this site (decision 096): for each of the 106 criteria, its status, how it is
// checked (a named automated test, or a manual check with its date and method) and the pages of the
// sample it concerns. The statement (/accessibilite) and the footer's mention are computed from it.
// tests/unit/accessibility-grid.test.ts fails when a criterion is missing, when a cited test does not
// exist, or when a criterion is « conforme » without a check.
//
// Rule kept here: a criterion nobody has verified is « non conforme » (with « Non vérifié » as its
// reason), never « conforme » by default.
import { z } from 'zod'
import { STATUSES, type CriterionStatus } from './conformity.ts'
import { RGAA_CRITERIA } from './rgaa-criteria.ts'
import { SAMPLE_PAGE_IDS, type SamplePageId } from './sample.ts'

const checkSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('test'), file: z.string().regex(/^tests\/(e2e|unit|integration)\/[\w./-]+\.(spec|test)\.ts$/), test: z.string().min(10) }),
  z.object({ kind: z.literal('manuel'), date: z.iso.date(), method: z.string().min(30), finding: z.string().min(10) }),
])

const entrySchema = z
  .object({
    criterion: z.string().regex(/^\d{1,2}\.\d{1,2}$/),
    status: z.enum(STATUSES),
    checks: z.array(checkSchema),
    pages: z.union([z.literal('toutes'), z.array(z.enum(SAMPLE_PAGE_IDS)).min(1)]),
    /** Why it is not met or does not apply; for a met criterion, what was found. */
    note: z.string().min(10),
  })
  .refine((entry) => entry.status !== 'conforme' || entry.checks.length > 0, { message: 'un critère conforme cite au moins une vérification' })

export type GridCheck = z.infer<typeof checkSchema>
export type TestCheck = Extract<GridCheck, { kind: 'test' }>
export type GridEntry = z.infer<typeof entrySchema> & { status: CriterionStatus }

const GRID_SPEC = 'tests/e2e/accessibility-grid.spec.ts'
const grid = (test: string): TestCheck => ({ kind: 'test', file: GRID_SPEC, test })

/** The automated checks cited below (each name must exist in its file: the unit test checks it). */
export const CHECKS = {
  axe: grid('échantillon : axe (WCAG 2.1 A et AA) ne trouve aucune violation'),
  images: grid('échantillon : chaque image a une alternative, les images décoratives sont ignorées et chaque graphique a son tableau de données'),
  tables: grid('échantillon : chaque tableau de données a un titre et des en-têtes déclarés, aucun tableau complexe ni de mise en forme'),
  document: grid('échantillon : type de document, langue française et titre « page – service » sur chaque page'),
  structure: grid('échantillon : un seul titre de niveau 1, des niveaux sans saut, les régions de la page et un ordre de lecture qui suit le code'),
  presentation: grid('échantillon : aucune mise en forme par des balises ou des attributs de présentation'),
  zoom200: grid('échantillon : à 1280 px zoomé à 200 %, aucun défilement horizontal et aucun texte coupé'),
  reflow: grid('échantillon : à 320 px de large (zoom 400 %), aucun défilement horizontal'),
  spacing: grid('échantillon : avec l’espacement du texte de WCAG 1.4.12, aucun texte coupé ni masqué'),
  forms: grid('échantillon : chaque champ a une étiquette et chaque groupe de boutons radio ou de cases a sa légende'),
  navigation: grid('échantillon : en-tête, menu, pied de page et lien vers le plan du site au même endroit sur chaque page'),
  radios: grid('les boutons radio des évaluations ont un nom pour les lecteurs d’écran : mentions du jugement majoritaire et niveaux des critères'),
  skipLinks: { kind: 'test', file: 'tests/e2e/public-pages.spec.ts', test: 'les liens d’évitement mènent au contenu au clavier' },
  keyboardApplication: { kind: 'test', file: 'tests/e2e/keyboard.spec.ts', test: 'une porteuse se connecte et commence sa candidature au clavier seul' },
  keyboardFeedback: { kind: 'test', file: 'tests/e2e/keyboard.spec.ts', test: 'une personne donne son avis sur un service au clavier seul' },
  noScriptSignIn: { kind: 'test', file: 'tests/e2e/sign-in.spec.ts', test: 'la connexion complète fonctionne en envoi de formulaire classique' },
  noScriptFeedback: {
    kind: 'test',
    file: 'tests/e2e/feedback.spec.ts',
    test: 'le questionnaire fonctionne sans JavaScript et au clavier, avec des messages à côté des questions',
  },
  fieldError: { kind: 'test', file: 'tests/e2e/sign-in.spec.ts', test: 'une adresse invalide est signalée à côté du champ, en français' },
} satisfies Record<string, TestCheck>

const DAY = '2026-12-07'
const manual = (method: string, finding: string): GridCheck => ({ kind: 'manuel', date: DAY, method, finding })

const SHOTS_200 =
  'Captures Playwright pleine page à 1280 px zoomés à 200 % (640 px CSS, densité 2) ; celles du questionnaire, de la candidature et du tableau de bord ouvertes et regardées'
const SHOTS_320 = 'Captures Playwright pleine page à 320 px de large (1280 px zoomés à 400 %) ; celle du questionnaire ouverte et regardée'
const SHOTS_SPACING =
  'Feuille de style WCAG 1.4.12 injectée (interligne 1,5, paragraphes 2, lettres 0,12, mots 0,16) ; capture pleine page à 1280 px de la candidature ouverte et regardée'
const FORMS =
  'Captures Playwright du formulaire de candidature et du questionnaire (1280 px, 200 %, espacement du texte) ouvertes et lues ; noms des boutons radio de l’évaluation lus dans l’arbre d’accessibilité de Chromium par le test cité'
const CODE = 'Relecture du code des composants et des routes (recherche des balises et attributs concernés dans app/)'
const NOT_CHECKED = 'Non vérifié : '

const entries: GridEntry[] = [
  // 1. Images
  {
    criterion: '1.1',
    status: 'conforme',
    checks: [CHECKS.axe, CHECKS.images],
    pages: 'toutes',
    note: 'Images porteuses d’information : l’image du bouton « Je donne mon avis » (alt) et les graphiques du tableau de bord (role="img" et légende).',
  },
  {
    criterion: '1.2',
    status: 'conforme',
    checks: [CHECKS.images, manual(CODE, 'Les visages du questionnaire et les icônes sont en aria-hidden ; les pictogrammes du DSFR sont des fonds CSS.')],
    pages: 'toutes',
    note: 'Les images de décoration sont ignorées par les technologies d’assistance.',
  },
  {
    criterion: '1.3',
    status: 'conforme',
    checks: [
      CHECKS.images,
      manual(
        CODE,
        'Le bouton « Je donne mon avis » a pour alternative le texte qu’il affiche ; le graphique est nommé par sa légende (titre, couleurs, renvoi au tableau).',
      ),
    ],
    pages: ['tableau-de-bord', 'emplacement'],
    note: 'Alternatives pertinentes.',
  },
  {
    criterion: '1.4',
    status: 'non_applicable',
    checks: [manual(CODE, 'Aucun CAPTCHA : les formulaires publics utilisent un champ piège invisible.')],
    pages: 'toutes',
    note: 'Aucun CAPTCHA ni image-test.',
  },
  { criterion: '1.5', status: 'non_applicable', checks: [manual(CODE, 'Aucun CAPTCHA.')], pages: 'toutes', note: 'Aucun CAPTCHA.' },
  {
    criterion: '1.6',
    status: 'conforme',
    checks: [CHECKS.images],
    pages: ['tableau-de-bord'],
    note: 'Chaque graphique est suivi d’un tableau de données qui donne les mêmes chiffres (description détaillée).',
  },
  {
    criterion: '1.7',
    status: 'conforme',
    checks: [
      manual(
        `${CODE} : le graphique et le tableau qui le suit sont produits à partir des mêmes points`,
        'Le tableau donne pour chaque période le nombre d’avis par réponse et la satisfaction : toute l’information du graphique.',
      ),
    ],
    pages: ['tableau-de-bord'],
    note: 'Description détaillée pertinente.',
  },
  {
    criterion: '1.8',
    status: 'conforme',
    checks: [
      manual(
        CODE,
        'Seule image texte : l’image du bouton à intégrer sur les sites des administrations, montrée telle qu’elle sera affichée (cas particulier : rendu essentiel).',
      ),
    ],
    pages: ['emplacement'],
    note: 'Aucune image texte hors l’aperçu du bouton à intégrer, dont l’apparence est l’information même.',
  },
  {
    criterion: '1.9',
    status: 'conforme',
    checks: [CHECKS.images],
    pages: ['tableau-de-bord'],
    note: 'Les légendes des graphiques (figcaption) sont reliées à l’image par aria-labelledby, dans un élément figure.',
  },
  // 2. Cadres
  { criterion: '2.1', status: 'conforme', checks: [CHECKS.axe, CHECKS.images], pages: 'toutes', note: 'Les cadres du widget intégré ont un titre (title).' },
  {
    criterion: '2.2',
    status: 'conforme',
    checks: [
      manual(
        CODE,
        'Cadres de la page d’un emplacement : « Aperçu du questionnaire dans la fenêtre intégrée », « Aperçu de l’avis en un clic » ; cadres du widget chez les administrations : « Questionnaire « Je donne mon avis » », « Donnez votre avis en un clic ». Chacun dit ce qu’il contient.',
      ),
    ],
    pages: ['emplacement'],
    note: 'Titres de cadre pertinents.',
  },
  // 3. Couleurs
  {
    criterion: '3.1',
    status: 'non_conforme',
    checks: [],
    pages: 'toutes',
    note: `${NOT_CHECKED}les badges (« Brouillon », « Non commencée ») et la légende du graphique nomment leur information, mais toutes les pages de l’échantillon n’ont pas été regardées.`,
  },
  {
    criterion: '3.2',
    status: 'conforme',
    checks: [CHECKS.axe],
    pages: 'toutes',
    note: 'Contrastes des textes mesurés par axe (règle color-contrast) sur chaque page.',
  },
  {
    criterion: '3.3',
    status: 'non_conforme',
    checks: [],
    pages: 'toutes',
    note: `${NOT_CHECKED}le contraste des bordures de champs, des indicateurs de focus et des barres des graphiques n’a pas été mesuré.`,
  },
  // 4. Multimédia : aucun média sur le site (le test des images échoue s’il en trouve un).
  ...['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '4.10', '4.11', '4.12', '4.13'].map((criterion): GridEntry => ({
    criterion,
    status: 'non_applicable',
    checks: [CHECKS.images],
    pages: 'toutes',
    note: 'Aucun média audio, vidéo ou non temporel sur le site.',
  })),
  // 5. Tableaux
  {
    criterion: '5.1',
    status: 'non_applicable',
    checks: [CHECKS.tables],
    pages: 'toutes',
    note: 'Aucun tableau de données complexe (une seule ligne d’en-têtes, aucune cellule fusionnée).',
  },
  { criterion: '5.2', status: 'non_applicable', checks: [CHECKS.tables], pages: 'toutes', note: 'Aucun tableau de données complexe.' },
  {
    criterion: '5.3',
    status: 'non_applicable',
    checks: [CHECKS.tables],
    pages: 'toutes',
    note: 'Aucun tableau de mise en forme : chaque tableau a un titre et des en-têtes.',
  },
  { criterion: '5.4', status: 'conforme', checks: [CHECKS.tables], pages: 'toutes', note: 'Chaque tableau de données a son titre dans un élément caption.' },
  {
    criterion: '5.5',
    status: 'conforme',
    checks: [
      manual(
        'Lecture des titres (caption) des tableaux dans le code des pages de l’échantillon et sur la capture du tableau de bord',
        'Chaque titre dit ce que contient le tableau (« Classement (notes brutes et corrigées, note combinée, rang, alertes) », « Avis et satisfaction par période »).',
      ),
    ],
    pages: ['deliberation', 'tableau-de-bord', 'appels'],
    note: 'Titres de tableaux pertinents.',
  },
  {
    criterion: '5.6',
    status: 'conforme',
    checks: [CHECKS.tables, CHECKS.axe],
    pages: 'toutes',
    note: 'En-têtes de colonnes et de lignes en th avec leur portée.',
  },
  { criterion: '5.7', status: 'conforme', checks: [CHECKS.tables], pages: 'toutes', note: 'Chaque en-tête a un attribut scope (col ou row).' },
  { criterion: '5.8', status: 'non_applicable', checks: [CHECKS.tables], pages: 'toutes', note: 'Aucun tableau de mise en forme.' },
  // 6. Liens
  {
    criterion: '6.1',
    status: 'non_conforme',
    checks: [],
    pages: 'toutes',
    note: `${NOT_CHECKED}les intitulés des liens n’ont pas été relus un à un avec leur contexte (liens « Commencer », « Modifier » des listes).`,
  },
  { criterion: '6.2', status: 'conforme', checks: [CHECKS.axe], pages: 'toutes', note: 'Chaque lien a un intitulé (règle link-name d’axe).' },
  // 7. Scripts
  {
    criterion: '7.1',
    status: 'non_conforme',
    checks: [CHECKS.radios],
    pages: 'toutes',
    note: `${NOT_CHECKED}aucun lecteur d’écran réel (NVDA, JAWS, VoiceOver) n’a été utilisé ; seul l’arbre d’accessibilité de Chromium a été relu.`,
  },
  {
    criterion: '7.2',
    status: 'conforme',
    checks: [CHECKS.noScriptSignIn, CHECKS.noScriptFeedback],
    pages: ['connexion', 'avis', 'candidature'],
    note: 'Chaque formulaire fonctionne sans JavaScript (envoi classique), ce qui est l’alternative aux scripts.',
  },
  {
    criterion: '7.3',
    status: 'conforme',
    checks: [CHECKS.keyboardApplication, CHECKS.keyboardFeedback],
    pages: ['connexion', 'candidature', 'avis'],
    note: 'Les parcours entiers se font au clavier seul.',
  },
  {
    criterion: '7.4',
    status: 'non_conforme',
    checks: [],
    pages: 'toutes',
    note: `${NOT_CHECKED}les changements de contexte déclenchés par les scripts (enregistrement automatique, listes) n’ont pas été passés en revue.`,
  },
  {
    criterion: '7.5',
    status: 'non_conforme',
    checks: [],
    pages: 'toutes',
    note: `${NOT_CHECKED}la restitution des messages de statut (« Enregistré à… », « Décision enregistrée ») par un lecteur d’écran n’a pas été vérifiée.`,
  },
  // 8. Éléments obligatoires
  { criterion: '8.1', status: 'conforme', checks: [CHECKS.document], pages: 'toutes', note: 'Chaque page commence par <!DOCTYPE html>.' },
  {
    criterion: '8.2',
    status: 'non_conforme',
    checks: [CHECKS.axe],
    pages: 'toutes',
    note: `${NOT_CHECKED}le code n’a pas été passé au validateur du W3C (axe ne contrôle qu’une partie de la validité).`,
  },
  { criterion: '8.3', status: 'conforme', checks: [CHECKS.document, CHECKS.axe], pages: 'toutes', note: 'Langue par défaut lang="fr" sur l’élément html.' },
  {
    criterion: '8.4',
    status: 'conforme',
    checks: [CHECKS.document],
    pages: 'toutes',
    note: 'Le code de langue fr est valide et pertinent (site en français).',
  },
  { criterion: '8.5', status: 'conforme', checks: [CHECKS.document, CHECKS.axe], pages: 'toutes', note: 'Chaque page a un titre.' },
  {
    criterion: '8.6',
    status: 'non_conforme',
    checks: [CHECKS.document],
    pages: 'toutes',
    note: `${NOT_CHECKED}chaque titre a la forme « Page – Service » (test cité) et ceux des pages publiques sont vérifiés mot à mot, mais la pertinence des titres des pages connectées n’a pas été relue.`,
  },
  {
    criterion: '8.7',
    status: 'non_conforme',
    checks: [],
    pages: 'toutes',
    note: `${NOT_CHECKED}les mots et passages dans une autre langue (textes des usagers, noms de produits) n’ont pas été relevés.`,
  },
  { criterion: '8.8', status: 'non_conforme', checks: [], pages: 'toutes', note: `${NOT_CHECKED}dépend du relevé des changements de langue (critère 8.7).` },
  {
    criterion: '8.9',
    status: 'non_conforme',
    checks: [],
    pages: 'toutes',
    note: `${NOT_CHECKED}l’usage des balises à des fins de présentation n’a pas été relu.`,
  },
  {
    criterion: '8.10',
    status: 'non_conforme',
    checks: [],
    pages: ['experiences'],
    note: `${NOT_CHECKED}les textes publiés par les usagers peuvent être écrits de droite à gauche et n’ont pas d’attribut dir.`,
  },
  // 9. Structuration de l’information
  {
    criterion: '9.1',
    status: 'conforme',
    checks: [
      CHECKS.structure,
      manual(
        'Lecture des titres sur les captures de la candidature, du questionnaire et du tableau de bord',
        'Les titres décrivent les parties de la page (« Votre structure », « Votre avis général », « Indicateurs »).',
      ),
    ],
    pages: 'toutes',
    note: 'Un seul titre de niveau 1, niveaux sans saut dans le contenu.',
  },
  {
    criterion: '9.2',
    status: 'conforme',
    checks: [CHECKS.structure, CHECKS.navigation],
    pages: 'toutes',
    note: 'En-tête, navigation, contenu principal et pied de page, dans cet ordre.',
  },
  { criterion: '9.3', status: 'conforme', checks: [CHECKS.axe], pages: 'toutes', note: 'Listes structurées (règles list et listitem d’axe).' },
  { criterion: '9.4', status: 'non_conforme', checks: [], pages: 'toutes', note: `${NOT_CHECKED}l’indication des citations n’a pas été relue.` },
  // 10. Présentation de l’information
  { criterion: '10.1', status: 'conforme', checks: [CHECKS.presentation], pages: 'toutes', note: 'La présentation passe par les feuilles de style du DSFR.' },
  {
    criterion: '10.2',
    status: 'non_conforme',
    checks: [],
    pages: 'toutes',
    note: `${NOT_CHECKED}les pages n’ont pas encore été regardées sans feuilles de style.`,
  },
  {
    criterion: '10.3',
    status: 'non_conforme',
    checks: [CHECKS.structure],
    pages: 'toutes',
    note: `${NOT_CHECKED}l’ordre des titres suit l’ordre du code à 320 px (test cité), mais les pages n’ont pas été lues sans feuilles de style.`,
  },
  {
    criterion: '10.4',
    status: 'conforme',
    checks: [
      CHECKS.zoom200,
      manual(
        SHOTS_200,
        'Texte lisible, rien ne se chevauche ni ne disparaît. Défaut trouvé par le test et corrigé le même jour : le tableau du classement de la délibération coupait ses dernières colonnes (« Alertes », « Décision ») ; il défile désormais dans son cadre.',
      ),
    ],
    pages: 'toutes',
    note: 'Vérifié le 7 décembre 2026 : le test cité passe sur les 13 pages de l’échantillon, dans la suite complète des parcours (npm test).',
  },
  {
    criterion: '10.5',
    status: 'non_conforme',
    checks: [],
    pages: 'toutes',
    note: `${NOT_CHECKED}les déclarations CSS de couleur de fond et de texte n’ont pas été vérifiées deux à deux.`,
  },
  {
    criterion: '10.6',
    status: 'conforme',
    checks: [CHECKS.axe],
    pages: 'toutes',
    note: 'Les liens du texte sont soulignés (DSFR ; règle link-in-text-block d’axe).',
  },
  {
    criterion: '10.7',
    status: 'conforme',
    checks: [CHECKS.keyboardApplication, CHECKS.keyboardFeedback],
    pages: ['connexion', 'candidature', 'avis', 'appel'],
    note: 'À chaque tabulation des parcours au clavier, l’élément qui a le focus est visible (contour mesuré).',
  },
  { criterion: '10.8', status: 'non_conforme', checks: [], pages: 'toutes', note: `${NOT_CHECKED}les contenus cachés n’ont pas été passés en revue.` },
  {
    criterion: '10.9',
    status: 'non_conforme',
    checks: [],
    pages: 'toutes',
    note: `${NOT_CHECKED}l’information donnée par la forme, la taille ou la position n’a pas été recherchée.`,
  },
  { criterion: '10.10', status: 'non_conforme', checks: [], pages: 'toutes', note: `${NOT_CHECKED}voir le critère 10.9.` },
  {
    criterion: '10.11',
    status: 'conforme',
    checks: [CHECKS.reflow, manual(SHOTS_320, 'Une seule colonne, aucun texte coupé ; les tableaux défilent dans leur cadre (cas particulier).')],
    pages: 'toutes',
    note: 'Vérifié le 7 décembre 2026 : le test cité passe sur les 13 pages de l’échantillon, dans la suite complète des parcours (npm test).',
  },
  {
    criterion: '10.12',
    status: 'conforme',
    checks: [CHECKS.spacing, manual(SHOTS_SPACING, 'Aucun texte coupé ni chevauché ; boutons et étiquettes s’agrandissent.')],
    pages: 'toutes',
    note: 'Vérifié le 7 décembre 2026 : le test cité passe sur les 13 pages de l’échantillon, dans la suite complète des parcours (npm test).',
  },
  {
    criterion: '10.13',
    status: 'non_applicable',
    checks: [manual(CODE, 'Aucune infobulle ni contenu affiché au survol ou au focus ; les menus s’ouvrent par un clic.')],
    pages: 'toutes',
    note: 'Aucun contenu additionnel au survol ou au focus.',
  },
  {
    criterion: '10.14',
    status: 'non_applicable',
    checks: [manual(CODE, 'Aucun contenu rendu visible par les seuls styles CSS au survol.')],
    pages: 'toutes',
    note: 'Aucun contenu additionnel apparaissant par CSS.',
  },
  // 11. Formulaires
  { criterion: '11.1', status: 'conforme', checks: [CHECKS.forms, CHECKS.axe], pages: 'toutes', note: 'Chaque champ a une étiquette.' },
  {
    criterion: '11.2',
    status: 'conforme',
    checks: [
      CHECKS.radios,
      manual(
        FORMS,
        'Noms restitués : « Adresse e-mail », « Nom de la structure », « Très bien »… ; les boutons radio des niveaux portent « Niveau n » et le libellé du niveau.',
      ),
    ],
    pages: ['connexion', 'candidature', 'avis', 'evaluation'],
    note: 'Vérifié le 7 décembre 2026 : le test cité passe sur les 13 pages de l’échantillon, dans la suite complète des parcours (npm test). Étiquettes lues aussi sur les captures de la candidature et du questionnaire.',
  },
  {
    criterion: '11.3',
    status: 'non_conforme',
    checks: [],
    pages: 'toutes',
    note: `${NOT_CHECKED}la cohérence des étiquettes répétées d’une page à l’autre n’a pas été relevée.`,
  },
  {
    criterion: '11.4',
    status: 'conforme',
    checks: [manual(FORMS, 'Chaque étiquette est au-dessus de son champ (ou à côté de sa case), à 1280 px comme à 200 %.')],
    pages: ['candidature', 'avis'],
    note: 'Étiquettes accolées aux champs.',
  },
  {
    criterion: '11.5',
    status: 'non_conforme',
    checks: [CHECKS.forms],
    pages: 'toutes',
    note: 'Boutons radio et cases de même nature regroupés dans un fieldset.',
  },
  { criterion: '11.6', status: 'non_conforme', checks: [CHECKS.forms, CHECKS.radios], pages: 'toutes', note: 'Chaque regroupement a sa légende.' },
  {
    criterion: '11.7',
    status: 'conforme',
    checks: [manual(FORMS, 'Légendes restituées : « Votre mention pour ce projet », le titre de chaque critère, les questions du questionnaire.')],
    pages: ['candidature', 'avis', 'evaluation'],
    note: 'Vérifié le 7 décembre 2026 : le test cité passe sur les 13 pages de l’échantillon, dans la suite complète des parcours (npm test). Légendes lues aussi sur les captures de la candidature et du questionnaire.',
  },
  {
    criterion: '11.8',
    status: 'non_conforme',
    checks: [],
    pages: 'toutes',
    note: `${NOT_CHECKED}le regroupement des options des listes de choix n’a pas été relu.`,
  },
  {
    criterion: '11.9',
    status: 'conforme',
    checks: [
      CHECKS.axe,
      manual(
        FORMS,
        'Boutons : « Recevoir mon lien de connexion », « Enregistrer », « Envoyer mon évaluation », « Envoyer mon avis » : ils disent ce qu’ils font.',
      ),
    ],
    pages: ['connexion', 'candidature', 'avis', 'evaluation'],
    note: 'Intitulés de boutons pertinents.',
  },
  {
    criterion: '11.10',
    status: 'conforme',
    checks: [CHECKS.fieldError, CHECKS.noScriptFeedback],
    pages: ['connexion', 'avis', 'candidature'],
    note: 'Champs facultatifs signalés « (facultatif) », erreurs en français à côté du champ et reliées à lui (aria-invalid, aria-describedby).',
  },
  {
    criterion: '11.11',
    status: 'conforme',
    checks: [CHECKS.fieldError],
    pages: ['connexion', 'avis', 'candidature'],
    note: 'Les messages d’erreur disent comment corriger (« Saisissez une adresse e-mail valide, par exemple nom@exemple.fr. »).',
  },
  {
    criterion: '11.12',
    status: 'non_conforme',
    checks: [],
    pages: ['candidature', 'evaluation'],
    note: `${NOT_CHECKED}la possibilité de relire et corriger avant le dépôt d’une candidature ou l’envoi d’une évaluation n’a pas été vérifiée au regard du critère.`,
  },
  {
    criterion: '11.13',
    status: 'non_conforme',
    checks: [],
    pages: 'toutes',
    note: `${NOT_CHECKED}l’attribut autocomplete est posé sur les champs de contact de la candidature mais n’a pas été vérifié sur tous les champs concernés.`,
  },
  // 12. Navigation
  { criterion: '12.1', status: 'non_conforme', checks: [CHECKS.navigation], pages: 'toutes', note: 'Menu de l’en-tête et plan du site sur chaque page.' },
  {
    criterion: '12.2',
    status: 'conforme',
    checks: [CHECKS.navigation],
    pages: 'toutes',
    note: 'Vérifié le 7 décembre 2026 : le test cité passe sur les 13 pages de l’échantillon, dans la suite complète des parcours (npm test).',
  },
  {
    criterion: '12.3',
    status: 'non_conforme',
    checks: [
      manual(
        'Lecture de la page plan du site et comparaison avec les routes et les espaces de chaque personne',
        'Le plan ne mentionne ni l’espace des jurys (panel, évaluation, instruction) ni celui de l’équipe du programme.',
      ),
    ],
    pages: ['plan-du-site'],
    note: 'Le plan du site ne reflète pas toute l’architecture : espaces des jurys et de l’équipe du programme absents.',
  },
  {
    criterion: '12.4',
    status: 'non_conforme',
    checks: [CHECKS.navigation],
    pages: 'toutes',
    note: 'Lien « Plan du site » dans le pied de page de chaque page.',
  },
  {
    criterion: '12.5',
    status: 'non_applicable',
    checks: [manual(CODE, 'Le site n’a pas de moteur de recherche.')],
    pages: 'toutes',
    note: 'Le site n’a pas de moteur de recherche commun à ses pages (les recherches des avis et des expériences sont propres à leur page).',
  },
  {
    criterion: '12.6',
    status: 'conforme',
    checks: [CHECKS.skipLinks, CHECKS.navigation],
    pages: 'toutes',
    note: 'Liens d’évitement vers le contenu, le menu et le pied de page.',
  },
  { criterion: '12.7', status: 'conforme', checks: [CHECKS.skipLinks], pages: 'toutes', note: 'Lien d’évitement vers le contenu principal en tête de page.' },
  {
    criterion: '12.8',
    status: 'conforme',
    checks: [CHECKS.keyboardApplication, CHECKS.keyboardFeedback],
    pages: ['connexion', 'candidature', 'avis', 'appel'],
    note: 'Ordre de tabulation cohérent.',
  },
  {
    criterion: '12.9',
    status: 'conforme',
    checks: [CHECKS.keyboardApplication, CHECKS.keyboardFeedback],
    pages: ['connexion', 'candidature', 'avis', 'appel'],
    note: 'Aucun piège au clavier.',
  },
  {
    criterion: '12.10',
    status: 'non_applicable',
    checks: [manual(CODE, 'Aucun gestionnaire de touche : aucun raccourci clavier.')],
    pages: 'toutes',
    note: 'Aucun raccourci clavier.',
  },
  {
    criterion: '12.11',
    status: 'non_conforme',
    checks: [],
    pages: 'toutes',
    note: `${NOT_CHECKED}l’accès au clavier des contenus qui s’ouvrent (menus, détails) n’a pas été vérifié page par page.`,
  },
  // 13. Consultation
  {
    criterion: '13.1',
    status: 'non_conforme',
    checks: [],
    pages: ['connexion', 'candidature'],
    note: `${NOT_CHECKED}le code de connexion expire au bout de 10 minutes et la session a une durée limitée ; ces limites, et la mise à jour automatique de la page des exports, n’ont pas été confrontées aux cas particuliers du critère.`,
  },
  {
    criterion: '13.2',
    status: 'conforme',
    checks: [
      manual(
        CODE,
        'Aucune ouverture de fenêtre sans action : les liens qui ouvrent une nouvelle fenêtre (liens externes du pied de page, licence, aperçus du questionnaire) le font au clic et le disent (« … – nouvelle fenêtre »).',
      ),
    ],
    pages: 'toutes',
    note: 'Pas de nouvelle fenêtre sans action.',
  },
  {
    criterion: '13.3',
    status: 'non_conforme',
    checks: [],
    pages: ['candidature'],
    note: `${NOT_CHECKED}l’accessibilité des documents téléchargeables produits par le site (attestations, exports) n’a pas été vérifiée.`,
  },
  { criterion: '13.4', status: 'non_conforme', checks: [], pages: ['candidature'], note: `${NOT_CHECKED}voir le critère 13.3.` },
  {
    criterion: '13.5',
    status: 'conforme',
    checks: [
      manual(
        CODE,
        'Les visages du questionnaire sont des SVG en aria-hidden ; chaque bouton porte son texte : « Très bien », « Moyen », « Pas bien » (vu sur la capture).',
      ),
    ],
    pages: ['avis'],
    note: 'Les émoticônes ont une alternative textuelle.',
  },
  {
    criterion: '13.6',
    status: 'conforme',
    checks: [manual(CODE, 'Le texte de chaque bouton à visage dit la réponse donnée.')],
    pages: ['avis'],
    note: 'Alternative pertinente.',
  },
  {
    criterion: '13.7',
    status: 'non_applicable',
    checks: [manual(CODE, 'Aucun effet de flash ni changement brusque de luminosité.')],
    pages: 'toutes',
    note: 'Aucun flash.',
  },
  {
    criterion: '13.8',
    status: 'non_applicable',
    checks: [manual(CODE, 'Aucun contenu en mouvement ou clignotant (aucune animation ni carrousel).')],
    pages: 'toutes',
    note: 'Aucun contenu en mouvement.',
  },
  {
    criterion: '13.9',
    status: 'conforme',
    checks: [CHECKS.reflow, CHECKS.zoom200],
    pages: 'toutes',
    note: 'Vérifié le 7 décembre 2026 : le test cité passe sur les 13 pages de l’échantillon, dans la suite complète des parcours (npm test).',
  },
  {
    criterion: '13.10',
    status: 'non_applicable',
    checks: [manual(CODE, 'Aucune fonctionnalité à geste complexe (pas de glisser, de pincer).')],
    pages: 'toutes',
    note: 'Aucun geste complexe.',
  },
  {
    criterion: '13.11',
    status: 'conforme',
    checks: [manual(CODE, 'Actions portées par des boutons et des liens natifs, déclenchées au relâchement ; aucun gestionnaire pointerdown ni mousedown.')],
    pages: 'toutes',
    note: 'Les actions au pointeur peuvent être annulées.',
  },
  {
    criterion: '13.12',
    status: 'non_applicable',
    checks: [manual(CODE, 'Aucune fonctionnalité liée au mouvement de l’appareil.')],
    pages: 'toutes',
    note: 'Aucun mouvement de l’appareil.',
  },
]

export const RGAA_GRID: readonly GridEntry[] = z.array(entrySchema).parse(entries) as GridEntry[]

/** Each criterion of the RGAA with its evaluation, in the order of the référentiel. */
export function gridByCriterion() {
  const byNumber = new Map(RGAA_GRID.map((entry) => [entry.criterion, entry]))
  return RGAA_CRITERIA.map((criterion) => ({ ...criterion, evaluation: byNumber.get(criterion.number) }))
}

export type { SamplePageId }

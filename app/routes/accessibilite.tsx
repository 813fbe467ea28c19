import type { MetaFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Déclaration d’accessibilité') }]

// What each RGAA theme relies on: axe (WCAG 2.1 A and AA rules) on every page of the browser
// journeys, keyboard-only journeys (tests/e2e/keyboard.spec.ts), and what only a person can judge.
const CRITERIA = [
  { theme: '1. Images', automatic: 'présence d’une alternative textuelle ; images décoratives ignorées', manual: 'pertinence des alternatives' },
  { theme: '3. Couleurs', automatic: 'contrastes des textes et des composants (axe)', manual: 'information donnée par la couleur seule' },
  { theme: '4. Multimédia', automatic: 'sans objet (aucune vidéo ni aucun son)', manual: '—' },
  { theme: '5. Tableaux', automatic: 'titres de tableaux (caption), en-têtes de lignes et de colonnes ; un tableau à côté de chaque graphique', manual: 'pertinence des titres' },
  { theme: '6. Liens', automatic: 'chaque lien a un intitulé', manual: 'intitulés compréhensibles hors contexte' },
  { theme: '7. Scripts', automatic: 'chaque formulaire fonctionne sans JavaScript ; composants DSFR avec leurs rôles ARIA', manual: 'restitution par NVDA, JAWS et VoiceOver' },
  { theme: '8. Éléments obligatoires', automatic: 'langue de la page, titre unique « Page – Service », code valide pour axe', manual: 'changements de langue dans le texte' },
  { theme: '9. Structuration', automatic: 'un seul titre de niveau 1, niveaux de titres, régions (en-tête, navigation, contenu, pied de page), listes', manual: 'pertinence du plan de chaque page' },
  { theme: '10. Présentation', automatic: 'prise de focus visible à chaque étape des parcours au clavier', manual: 'zoom à 200 %, espacement du texte modifié, affichage sur mobile' },
  { theme: '11. Formulaires', automatic: 'étiquette pour chaque champ, groupes de cases dans un fieldset avec sa légende, erreurs à côté du champ et liées à lui', manual: 'clarté des consignes et des exemples' },
  { theme: '12. Navigation', automatic: 'liens d’évitement, ordre de tabulation, aucun piège au clavier (parcours entiers au clavier), plan du site', manual: 'cohérence de la navigation entre les pages' },
  { theme: '13. Consultation', automatic: 'pas de limite de temps ; brouillons enregistrés ; fichiers téléchargeables avec leur format et leur poids', manual: 'documents téléchargés (PDF) accessibles' },
]

export default function Accessibility() {
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-9">
          <h1>Déclaration d’accessibilité</h1>
          <p>Établie le 23 novembre 2026, mise à jour le 2 décembre 2026.</p>
          <p>
            La Direction interministérielle de la transformation publique (DITP) s’engage à rendre son service
            accessible, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.
          </p>
          <p>
            Cette déclaration d’accessibilité s’applique au site de l’Accélérateur d’initiatives citoyennes et du
            service « Je donne mon avis ».
          </p>

          <h2>État de conformité</h2>
          <p>
            Ce site est <strong>non conforme</strong> avec le référentiel général d’amélioration de l’accessibilité
            (RGAA 4.1) : aucun audit complet n’a encore été réalisé par un organisme indépendant. Il est conçu pour
            être conforme, avec le système de design de l’État, et vérifié à chaque modification.
          </p>

          <h2>Comment l’accessibilité est vérifiée</h2>
          <p>
            À chaque modification du site, des tests automatiques parcourent les pages principales dans un navigateur.
            Certains critères du RGAA se vérifient par un outil, d’autres par ces parcours au clavier, d’autres encore
            demandent un regard humain.
          </p>
          <div className="fr-table">
            <table>
              <caption>Critères du RGAA 4.1 et manière de les vérifier</caption>
              <thead>
                <tr>
                  <th scope="col">Thématique du RGAA</th>
                  <th scope="col">Vérifié automatiquement</th>
                  <th scope="col">Vérifié à la main (reste à faire lors d’un audit)</th>
                </tr>
              </thead>
              <tbody>
                {CRITERIA.map((row) => (
                  <tr key={row.theme}>
                    <td>{row.theme}</td>
                    <td>{row.automatic}</td>
                    <td>{row.manual}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            Pages vérifiées automatiquement : accueil, appels à projets et page d’un appel, connexion, espace porteur
            et formulaire de candidature, instruction, évaluation par les jurys et délibération, accompagnement des
            projets, formulaire « Je donne mon avis » (page, fenêtre intégrée, sourires), tableaux de bord des services,
            expériences publiques et réponses, pages de l’équipe du programme, pages légales.
          </p>

          <h2>Établissement de cette déclaration</h2>
          <p>Technologies utilisées : HTML5, CSS, JavaScript (facultatif pour les formulaires), WAI-ARIA.</p>
          <p>Environnement de test : Chromium récent sous Linux, avec l’outil axe-core 4.13.</p>

          <h2>Retour d’information et contact</h2>
          <p>
            Si vous n’arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter l’équipe du programme
            pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme, par e-mail à
            accelerateur@modernisation.gouv.fr.
          </p>

          <h2>Voies de recours</h2>
          <p>
            Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu ou une fonctionnalité du
            site, que vous nous le signalez et que vous ne parvenez pas à obtenir une réponse rapide de notre part, vous
            êtes en droit de faire parvenir vos doléances ou une demande de saisine au Défenseur des droits :
          </p>
          <ul>
            <li>écrire un message au Défenseur des droits (formulaire sur defenseurdesdroits.fr) ;</li>
            <li>contacter le délégué du Défenseur des droits dans votre région ;</li>
            <li>
              envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse
              71120, 75342 Paris CEDEX 07.
            </li>
          </ul>
          <p>
            <Link to="/plan-du-site">Plan du site</Link>
          </p>
        </div>
      </div>
    </div>
  )
}

import type { MetaFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Déclaration d’accessibilité') }]

export default function Accessibility() {
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-9">
          <h1>Déclaration d’accessibilité</h1>
          <p>Établie le 23 novembre 2026.</p>
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

          <h2>Ce qui est vérifié à chaque modification</h2>
          <ul>
            <li>
              chaque page est analysée automatiquement (outil axe, règles WCAG 2.1 niveaux A et AA) lors des tests de
              parcours : aucune anomalie n’est tolérée ;
            </li>
            <li>les formulaires fonctionnent au clavier et sans JavaScript (envoi classique) ;</li>
            <li>chaque page a un titre unique de la forme « Page – Service » et des liens d’évitement ;</li>
            <li>les messages d’erreur sont affichés à côté du champ concerné et annoncés aux lecteurs d’écran ;</li>
            <li>chaque graphique est accompagné d’un tableau présentant les mêmes données.</li>
          </ul>

          <h2>Ce qui doit encore être vérifié à la main</h2>
          <ul>
            <li>la pertinence des alternatives textuelles et des intitulés de liens (critères 1.3, 6.1) ;</li>
            <li>la restitution complète par les lecteurs d’écran NVDA, JAWS et VoiceOver (critère 7.1) ;</li>
            <li>l’affichage avec un zoom de 200 % et l’espacement du texte modifié (critères 10.4, 10.12).</li>
          </ul>

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

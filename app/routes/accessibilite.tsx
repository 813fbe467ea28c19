import { json, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { STATEMENT } from '#app/accessibility/statement.server.ts'
import { FullGrid, HowItWasTested, InaccessibleContents, TestResults } from '#app/components/accessibility/statement-sections.tsx'
import { pageTitle } from '#app/utils/meta.ts'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction = () => [{ title: pageTitle('Déclaration d’accessibilité') }]

// The statement follows the legal model of the RGAA 4.1; every figure and list on it comes from the
// grid (app/accessibility/rgaa-grid.ts), so the page and the footer change when the grid does (decision 096).
export async function loader() {
  return json({ statement: STATEMENT })
}

export default function Accessibility() {
  const { statement } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-10">
          <h1>Déclaration d’accessibilité</h1>
          <p>
            La Direction interministérielle de la transformation publique (DITP) s’engage à rendre ses sites internet, intranet, extranet et ses progiciels
            accessibles, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.
          </p>
          <p>Cette déclaration d’accessibilité s’applique au site de l’Accélérateur d’initiatives citoyennes et du service « Je donne mon avis ».</p>

          <h2>État de conformité</h2>
          <p>
            Ce site est <strong>{statement.level}</strong> avec le référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1
            {statement.level === 'totalement conforme' ? '.' : ', en raison des non-conformités et des critères non vérifiés énumérés ci-dessous.'}
          </p>

          <TestResults statement={statement} />
          <InaccessibleContents statement={statement} />
          <HowItWasTested statement={statement} />
          <FullGrid statement={statement} />

          <h2>Retour d’information et contact</h2>
          <p>
            Si vous n’arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter l’équipe du programme pour être orienté vers une alternative
            accessible ou obtenir le contenu sous une autre forme :
          </p>
          <ul>
            <li>par e-mail à accelerateur@modernisation.gouv.fr ;</li>
            <li>par courrier : Direction interministérielle de la transformation publique, 20 avenue de Ségur, 75007 Paris.</li>
          </ul>

          <h2>Voies de recours</h2>
          <p>
            Cette procédure est à utiliser dans le cas suivant : vous avez signalé au responsable du site internet un défaut d’accessibilité qui vous empêche
            d’accéder à un contenu ou à un des services du portail et vous n’avez pas obtenu de réponse satisfaisante.
          </p>
          <ul>
            <li>écrire un message au Défenseur des droits (formulaire sur defenseurdesdroits.fr) ;</li>
            <li>contacter le délégué du Défenseur des droits dans votre région ;</li>
            <li>envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li>
          </ul>
          <p>
            <Link to="/plan-du-site">Plan du site</Link>
          </p>
        </div>
      </div>
    </div>
  )
}

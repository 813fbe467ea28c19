import { CallOut } from '@codegouvfr/react-dsfr/CallOut'
import { Tile } from '@codegouvfr/react-dsfr/Tile'
import type { MetaFunction } from '@remix-run/node'
import { pageTitle } from '#app/utils/meta.ts'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction = () => [{ title: pageTitle('Accueil') }]

export default function Home() {
  return (
    <>
      <div className="fr-container fr-py-6w">
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-8">
            <h1>Porter un projet citoyen avec l’État, et améliorer les services publics avec leurs usagers</h1>
            <p className="fr-text--lead">
              Ce service réunit deux démarches du plan d’action national pour un gouvernement ouvert :
              l’Accélérateur d’initiatives citoyennes, qui aide des projets d’intérêt général à grandir avec les
              administrations, et « Je donne mon avis », qui permet à chacun de dire comment s’est passée une
              démarche administrative.
            </p>
          </div>
        </div>
      </div>

      <section className="fr-container fr-pb-6w" aria-labelledby="accelerateur">
        <h2 id="accelerateur">L’Accélérateur d’initiatives citoyennes</h2>
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-7">
            <p>
              Vous portez, avec une association, un collectif ou une entreprise de l’économie sociale et solidaire,
              un projet qui rend service à tous ? Lors d’un appel à projets, vous déposez votre candidature en
              ligne, à votre rythme : elle est enregistrée au fur et à mesure.
            </p>
            <p>
              Les candidatures sont évaluées par les administrations et par un panel de citoyennes et de citoyens,
              selon une grille de critères publiée à l’avance : intérêt général, impact, maturité du projet,
              ouverture et transparence, effet levier de l’appui de l’État. Les décisions sont publiées ensemble,
              avec leurs motifs.
            </p>
            <p>
              Les projets retenus sont accompagnés pendant trois mois par une chargée ou un chargé d’accélération
              et par des référents dans les ministères : diagnostic, mises en relation, comités de financement et
              bilan public.
            </p>
          </div>
          <div className="fr-col-12 fr-col-md-5">
            <CallOut title="En 2022" iconId="ri-information-line">
              187 candidatures reçues en six semaines, 9 projets accompagnés pendant trois mois.
            </CallOut>
          </div>
        </div>
        <ol className="fr-mt-2w">
          <li>Vous créez votre compte avec votre adresse e-mail, sans mot de passe.</li>
          <li>Vous rédigez votre candidature en plusieurs fois et la déposez avant la date limite.</li>
          <li>Vous suivez son avancement et répondez aux éventuelles demandes de correction.</li>
          <li>Si votre projet est retenu, vous suivez votre plan d’accompagnement de trois mois ici même.</li>
        </ol>
        <a className="fr-btn fr-mt-2w" href="/appels">
          Voir les appels à projets
        </a>
      </section>

      <section className="fr-container fr-pb-6w" aria-labelledby="avis">
        <h2 id="avis">« Je donne mon avis » sur un service public</h2>
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-7">
            <p>
              Après une démarche en ligne ou au guichet, vous pouvez dire en moins d’une minute comment elle s’est
              passée, de façon anonyme. Les équipes des services publics lisent ces avis et suivent leur évolution.
            </p>
            <p>
              Vous pouvez aussi raconter votre expérience plus longuement. Après relecture, elle est publiée avec la
              réponse de l’administration et, quand c’est le cas, les changements qu’elle a entraînés : « vous nous
              l’avez dit, nous l’avons fait ».
            </p>
            <p>
              Vous travaillez dans un service public ? Placez le questionnaire sur votre démarche (bouton, fenêtre intégrée ou avis en un
              clic) et suivez les avis dans <a href="/services">votre espace « Mes services publics »</a>.
            </p>
          </div>
        </div>
      </section>

      <section className="fr-container fr-pb-8w" aria-labelledby="espaces">
        <h2 id="espaces">Accéder à votre espace</h2>
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-4">
            <Tile
              title="Porteuses et porteurs de projet"
              desc="Déposer et suivre une candidature, puis votre accompagnement."
              linkProps={{ href: '/mes-candidatures' }}
              orientation="vertical"
            />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Tile
              title="Jurys et équipe du programme"
              desc="Instruire, évaluer et délibérer sur les candidatures."
              linkProps={{ href: '/connexion' }}
              orientation="vertical"
            />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Tile
              title="Équipes des services publics"
              desc="Lire les avis des usagers, y répondre et publier vos changements."
              linkProps={{ href: '/services' }}
              orientation="vertical"
            />
          </div>
        </div>
      </section>
    </>
  )
}

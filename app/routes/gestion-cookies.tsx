import type { MetaFunction } from '@remix-run/node'
import { pageTitle } from '#app/utils/meta.ts'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction = () => [{ title: pageTitle('Gestion des cookies') }]

export default function Cookies() {
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-9">
          <h1>Gestion des cookies</h1>
          <p>
            Ce site ne dépose aucun cookie de mesure d’audience, de publicité ou de réseau social. Il n’y a donc rien à
            accepter ni à refuser : aucun bandeau ne vous le demande.
          </p>
          <p>Il dépose seulement les cookies strictement nécessaires à son fonctionnement :</p>
          <div className="fr-table">
            <table>
              <caption>Cookies utilisés</caption>
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">À quoi il sert</th>
                  <th scope="col">Durée</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td>__Host-aic-session</td>
                  <td>Garder votre session ouverte quand vous êtes connecté·e.</td>
                  <td>12 heures sans activité, 7 jours au plus</td>
                </tr>
                <tr>
                  <td>__Host-aic-csrf</td>
                  <td>Vérifier que les formulaires envoyés viennent bien de ce site (protection contre la falsification de requêtes).</td>
                  <td>Le temps de la visite</td>
                </tr>
              </tbody>
            </table>
          </div>
          <p>
            Ces cookies sont exemptés de consentement (article 82 de la loi Informatique et Libertés, lignes directrices
            de la CNIL).
          </p>
        </div>
      </div>
    </div>
  )
}

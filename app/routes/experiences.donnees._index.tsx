import { json, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { EXPERIENCE_FIELDS, LICENCE, REVIEW_MONTH_FIELDS, SERVICE_FIELDS } from '#app/experiences/open-data.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Données ouvertes des expériences et des avis') }]

export async function loader() {
  return json({ experienceFields: EXPERIENCE_FIELDS, serviceFields: SERVICE_FIELDS, reviewMonthFields: REVIEW_MONTH_FIELDS, licence: LICENCE })
}

function Dictionary({ fields, caption }: { fields: ReadonlyArray<{ name: string; description: string }>; caption: string }) {
  return (
    <div className="fr-table">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Colonne</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => (
            <tr key={field.name}>
              <td>
                <code>{field.name}</code>
              </td>
              <td>{field.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export default function OpenData() {
  const { experienceFields, serviceFields, reviewMonthFields, licence } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Données ouvertes des expériences et des avis</h1>
      <p className="fr-text--lead">
        Les expériences publiées, les réponses des services, les changements, les chiffres par service et les avis « Je donne mon avis » mois par mois, à
        télécharger librement.
      </p>
      <p>
        {'Licence : '}
        <a href={licence.url} rel="noopener noreferrer" target="_blank" title={`${licence.name} – nouvelle fenêtre`}>
          {licence.name}
        </a>
        . Les fichiers sont produits à la demande à partir des données du jour (mis à jour en continu, au moins chaque jour). Aucune donnée personnelle :
        seulement les textes publiés après modération et le pseudonyme choisi par l’usager ; les avis ne sont publiés qu’en nombres et en indicateurs, jamais un
        avis ni un commentaire.
      </p>
      <h2>Fichiers</h2>
      <ul>
        <li>
          <a href="/experiences/donnees/experiences.csv" download>
            Expériences publiées et réponses (CSV, séparateur point-virgule)
          </a>
        </li>
        <li>
          <a href="/experiences/donnees/experiences.json">Expériences publiées et réponses (JSON)</a>
        </li>
        <li>
          <a href="/experiences/donnees/services.csv" download>
            Chiffres par service (CSV)
          </a>
        </li>
        <li>
          <a href="/experiences/donnees/services.json">Chiffres par service (JSON)</a>
        </li>
        <li>
          <a href="/experiences/donnees/avis-par-mois.csv" download>
            Avis « Je donne mon avis », mois par mois et service par service (CSV)
          </a>
        </li>
        <li>
          <a href="/experiences/donnees/avis-par-mois.json">Avis « Je donne mon avis », mois par mois et service par service (JSON)</a>
        </li>
      </ul>
      <p>
        Pour les outils des services publics : <Link to="/api/documentation">l’API</Link>.
      </p>
      <h2>Dictionnaire des données</h2>
      <Dictionary fields={experienceFields} caption="Fichier des expériences" />
      <Dictionary fields={serviceFields} caption="Fichier des chiffres par service" />
      <Dictionary fields={reviewMonthFields} caption="Fichier des avis par mois" />
    </div>
  )
}

import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Pagination } from '#app/components/pagination.tsx'
import { EXPERIENCE_FIELDS, LICENCE, REVIEW_MONTH_FIELDS, SERVICE_FIELDS } from '#app/experiences/open-data.server.ts'
import { DAILY_REVIEW_FIELDS, listDailyFiles } from '#app/feedback/open-data-daily.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction = () => [{ title: pageTitle('Données ouvertes des expériences et des avis') }]

const PageSchema = z.coerce.number().int().min(1).max(100_000).catch(1)

export async function loader({ request, context }: LoaderFunctionArgs) {
  const page = PageSchema.parse(new URL(request.url).searchParams.get('page') ?? 1)
  const daily = await listDailyFiles(context.db, page)
  return json({
    experienceFields: EXPERIENCE_FIELDS,
    serviceFields: SERVICE_FIELDS,
    reviewMonthFields: REVIEW_MONTH_FIELDS,
    reviewFields: DAILY_REVIEW_FIELDS,
    licence: LICENCE,
    daily: { ...daily, page: Math.min(page, daily.pages) },
  })
}

const dateFormat = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
const numberFormat = new Intl.NumberFormat('fr-FR')

/** « mardi 1er décembre 2026 », « dimanche 6 décembre 2026 ». */
function longDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`)
  const text = dateFormat.format(date)
  return date.getUTCDate() === 1 ? text.replace(' 1 ', ' 1er ') : text
}

function size(bytes: number): string {
  return bytes < 1024 ? `${numberFormat.format(bytes)} octets` : `${numberFormat.format(Math.round(bytes / 102.4) / 10)} Ko`
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
  const { experienceFields, serviceFields, reviewMonthFields, reviewFields, licence, daily } = useLoaderData<typeof loader>()
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
        seulement les textes publiés après modération et le pseudonyme choisi par l’usager ; les avis sont publiés en nombres et en indicateurs, et un par un
        dans les fichiers quotidiens, sans leur commentaire.
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
      <h2 id="avis-quotidiens">Avis « Je donne mon avis », un fichier par jour</h2>
      <p>
        Chaque nuit, un fichier CSV réunit les avis de la veille (jour à l’heure de Paris), un avis par ligne, sans donnée personnelle : ni adresse e-mail, ni
        empreinte de connexion, ni texte libre (les commentaires ne sont lus que par l’équipe du service), et sans les avis retenus comme spam. Un fichier publié
        ne change plus et reste disponible ; son empreinte SHA-256 permet de vérifier le fichier téléchargé.
      </p>
      {daily.total === 0 ? (
        <p className="fr-text--bold">Aucun fichier quotidien pour l’instant : le premier sera publié dans la nuit qui suit le premier jour d’avis.</p>
      ) : (
        <>
          <div className="fr-table">
            <table>
              <caption>
                Fichiers quotidiens des avis, du plus récent au plus ancien ({daily.total} fichier{daily.total > 1 ? 's' : ''})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Jour des avis</th>
                  <th scope="col">Fichier</th>
                  <th scope="col">Avis</th>
                  <th scope="col">Taille</th>
                  <th scope="col">Empreinte SHA-256</th>
                </tr>
              </thead>
              <tbody>
                {daily.files.map((file) => (
                  <tr key={file.day}>
                    <td>{longDay(file.day)}</td>
                    <td>
                      <a href={`/experiences/donnees/${file.name}`} download>
                        {file.name}
                      </a>
                    </td>
                    <td>{numberFormat.format(file.rows)}</td>
                    <td>{size(file.bytes)}</td>
                    <td>
                      <code className="fr-text--xs">{file.sha256}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={daily.page} pageCount={daily.pages} href={(p) => `?page=${p}#avis-quotidiens`} />
        </>
      )}
      <h2>Dictionnaire des données</h2>
      <Dictionary fields={experienceFields} caption="Fichier des expériences" />
      <Dictionary fields={serviceFields} caption="Fichier des chiffres par service" />
      <Dictionary fields={reviewMonthFields} caption="Fichier des avis par mois" />
      <Dictionary fields={reviewFields} caption="Fichiers quotidiens des avis (avis-AAAA-MM-JJ.csv)" />
    </div>
  )
}

import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { API_PAGE_SIZE, openApiDocument } from '#app/experiences/api.server.ts'
import { API_RATE_LIMIT } from '#app/experiences/api-keys.server.ts'
import { EXPERIENCE_FIELDS } from '#app/experiences/open-data.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction = () => [{ title: pageTitle('Documentation de l’API') }]

/** A human-readable page of the OpenAPI document (the same source). */
export async function loader({ context }: LoaderFunctionArgs) {
  const document = openApiDocument(context.env.APP_URL)
  return json({
    pageSize: API_PAGE_SIZE,
    rateLimit: API_RATE_LIMIT.limit,
    fields: EXPERIENCE_FIELDS,
    server: document.servers[0]!.url,
    paths: Object.entries(document.paths).map(([path, item]) => ({ path, summary: item.get.summary, responses: Object.entries(item.get.responses).map(([code, r]) => ({ code, description: r.description })) })),
  })
}

export default function ApiDocumentation() {
  const { server, paths, pageSize, rateLimit, fields } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Documentation de l’API</h1>
      <p className="fr-text--lead">Une API en lecture seule pour les outils des services publics : expériences publiées, réponses et chiffres de vos services.</p>
      <h2>S’authentifier</h2>
      <p>
        Un membre de votre organisation crée une clé dans « Mes services », puis « Clés d’API ». Envoyez-la dans chaque requête :{' '}
        <code>Authorization: Bearer spp_…</code>. Une clé ne lit que les données de son organisation ; une clé absente, inconnue ou révoquée reçoit une
        erreur 401, un service d’une autre organisation une erreur 403.
      </p>
      <p>{`Limite : ${rateLimit} requêtes par heure et par clé (au-delà : erreur 429 avec l’en-tête Retry-After). Listes paginées par ${pageSize}.`}</p>
      <h2>Points d’accès</h2>
      <p>
        Adresse de base : <code>{server}</code>. Description OpenAPI complète : <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
      </p>
      {paths.map((path) => (
        <section key={path.path} className="fr-mb-4w">
          <h3>
            <code>{`GET ${path.path}`}</code>
          </h3>
          <p>{path.summary}</p>
          <ul>
            {path.responses.map((response) => (
              <li key={response.code}>{`${response.code} : ${response.description}`}</li>
            ))}
          </ul>
        </section>
      ))}
      <h2>Champs d’une expérience</h2>
      <p>
        Les mêmes que les <Link to="/experiences/donnees">données ouvertes</Link> :
      </p>
      <dl>
        {fields.map((field) => (
          <div key={field.name}>
            <dt>
              <code>{field.name}</code>
            </dt>
            <dd>{field.description}</dd>
          </div>
        ))}
      </dl>
    </div>
  )
}

import { PAGE_SIZE } from '#app/experiences/labels.ts'
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { ExperienceList } from '#app/components/experiences/public-lists.tsx'
import { listPublicServices, listPublished } from '#app/experiences/experiences.server.ts'
import { formatNumber } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction = () => [{ title: pageTitle('Expériences des usagers') }]

function pageOf(value: string | null) {
  const page = Number(value)
  return Number.isInteger(page) && page >= 1 && page <= 10000 ? page : 1
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200)
  const page = pageOf(url.searchParams.get('page'))
  const [services, published] = await Promise.all([listPublicServices(context.db), listPublished(context.db, { q: q || undefined, page })])
  return json({ q, page, services, ...published })
}

export default function ExperiencesIndex() {
  const { q, page, services, rows, total } = useLoaderData<typeof loader>()
  const pageCount = Math.ceil(total / PAGE_SIZE)
  return (
    <div className="fr-container fr-py-6w">
      <h1>Expériences des usagers</h1>
      <p className="fr-text--lead">
        Des usagers racontent leur expérience d’un service public ; les services leur répondent en public. Chaque récit est relu avant publication.
      </p>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Link className="fr-btn fr-btn--secondary" to="/experiences/changements">
            Vous nous l’avez dit, nous l’avons fait
          </Link>
        </li>
        <li>
          <Link className="fr-btn fr-btn--tertiary" to="/experiences/donnees">
            Données ouvertes
          </Link>
        </li>
      </ul>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-8">
          <Form method="get" role="search" className="fr-search-bar fr-mb-4w" id="recherche-experiences">
            <label className="fr-label" htmlFor="q">
              Rechercher dans les expériences
            </label>
            <input className="fr-input" type="search" id="q" name="q" defaultValue={q} placeholder="Par exemple : rendez-vous" />
            <button className="fr-btn" type="submit" title="Rechercher">
              Rechercher
            </button>
          </Form>
          <h2>{q ? `Résultats pour « ${q} » : ${formatNumber(total)}` : `Expériences publiées : ${formatNumber(total)}`}</h2>
          {rows.length ? (
            <ExperienceList rows={rows} headingLevel="h3" />
          ) : (
            <p>{q ? 'Aucune expérience publiée ne correspond à votre recherche.' : 'Aucune expérience n’est encore publiée.'}</p>
          )}
          <Pagination page={page} pageCount={pageCount} href={(p) => `/experiences?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`} />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <h2>Raconter votre expérience</h2>
          <p>Choisissez le service concerné :</p>
          {services.length ? (
            <ul>
              {services.map((service) => (
                <li key={service.id}>
                  <Link to={`/experiences/services/${service.id}`}>{service.name}</Link>
                  <span className="fr-text--sm">{` — ${service.organisation_name}, ${formatNumber(service.published)} publiée${service.published > 1 ? 's' : ''}`}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p>Aucun service n’est encore ouvert aux expériences.</p>
          )}
        </div>
      </div>
    </div>
  )
}

import { PAGE_SIZE } from '#app/experiences/labels.ts'
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb'
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { notFound } from '#app/auth/authorize.server.ts'
import { Pagination } from '#app/components/pagination.tsx'
import { listChanges } from '#app/experiences/changes.server.ts'
import { ChangeList, ExperienceList, RatesTable, StatsTable } from '#app/components/experiences/public-lists.tsx'
import { publicRates } from '#app/experiences/rates.server.ts'
import { findPublicService, listPublished} from '#app/experiences/experiences.server.ts'
import { formatDelay, publicStats, reviewAggregates } from '#app/experiences/stats.server.ts'
import { formatNumber } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Expériences sur « ${data.service.name} »` : 'Service introuvable') }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const service = await findPublicService(context.db, params.serviceId)
  if (!service) throw notFound('Ce service n’existe pas.')
  const page = Math.min(10000, Math.max(1, Number.parseInt(new URL(request.url).searchParams.get('page') ?? '1', 10) || 1))
  const [published, stats, changes, reviews, rates] = await Promise.all([
    listPublished(context.db, { serviceId: service.id, page }),
    publicStats(context.db, { serviceId: service.id }),
    listChanges(context.db, { serviceId: service.id, page: 1 }),
    reviewAggregates(context.db, { organisationId: service.organisation_id, serviceId: service.id }),
    publicRates(context.db, { serviceId: service.id }),
  ])
  return json({
    service: { id: service.id, name: service.name, description: service.description, organisationName: service.organisation_name },
    page,
    ...published,
    stats: { ...stats, medianAnswerLabel: formatDelay(stats.medianAnswerHours) },
    changes: changes.rows,
    reviews: reviews.get(service.id) ?? { reviews: 0, satisfaction: null },
    rates: { window: rates.window, rows: [{ id: service.id, name: service.name, rates: rates.rates }] },
  })
}

export default function ServiceExperiences() {
  const { service, page, rows, total, stats, changes, reviews, rates } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb currentPageLabel={service.name} segments={[{ label: 'Expériences des usagers', linkProps: { href: '/experiences' } }]} />
      <h1>{service.name}</h1>
      <p className="fr-text--lead">{service.organisationName}</p>
      <Link className="fr-btn fr-mb-4w" to={`/experiences/services/${service.id}/raconter`}>
        Raconter votre expérience
      </Link>
      <h2>Les chiffres de ce service</h2>
      <StatsTable stats={stats} caption={`Expériences et réponses sur « ${service.name} »`} />
      <RatesTable view={rates} caption="Taux de réponse" scopeLabel="Service" />
      <div className="fr-table">
        <table>
          <caption>{`Avis « Je donne mon avis » sur « ${service.name} »`}</caption>
          <thead>
            <tr>
              <th scope="col">Indicateur</th>
              <th scope="col">Valeur</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Avis reçus</th>
              <td>{formatNumber(reviews.reviews)}</td>
            </tr>
            <tr>
              <th scope="row">Satisfaction moyenne (sur 10)</th>
              <td>{reviews.satisfaction === null ? '—' : formatNumber(reviews.satisfaction, 1)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <h2 className="fr-mt-4w">Vous nous l’avez dit, nous l’avons fait</h2>
      {changes.length ? <ChangeList rows={changes} showService={false} /> : <p>Aucun changement n’est encore enregistré pour ce service.</p>}
      <h2 className="fr-mt-4w">{`Expériences publiées (${total})`}</h2>
      {rows.length ? <ExperienceList rows={rows} showService={false} headingLevel="h3" /> : <p>Aucune expérience n’est encore publiée sur ce service. Soyez le premier à raconter la vôtre.</p>}
      <Pagination page={page} pageCount={Math.ceil(total / PAGE_SIZE)} href={(p) => `/experiences/services/${service.id}?page=${p}`} />
    </div>
  )
}

import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb'
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireOrganisation } from '#app/feedback/access.server.ts'
import {
  AnswersTable,
  EvolutionChart,
  EvolutionTable,
  ExportButtons,
  FiltersForm,
  IndicatorCards,
  PeriodSummary,
  VerbatimList,
} from '#app/components/feedback/dashboard.tsx'
import { loadOrganisationDashboard } from '#app/feedback/dashboard.server.ts'
import { filtersToParams, parseReviewFilters } from '#app/feedback/filters.ts'
import { formatIndicator } from '#app/feedback/indicators.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { searchVerbatims } from '#app/feedback/verbatims.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { formatNumber } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Tableau de bord – ${data.organisation.name}` : 'Tableau de bord de l’organisation') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrganisation(context, request, params.organisationId)
  const { filters: parsed, errors } = parseReviewFilters(new URL(request.url).searchParams, parisDay(now()))
  // Placement and version belong to one service: not offered here.
  const filters = { ...parsed, placementId: null, versionId: null }
  const [dashboard, verbatims] = await Promise.all([
    loadOrganisationDashboard(context.db, organisation.id, filters),
    searchVerbatims(context.db, { organisationId: organisation.id }, filters, { query: null, page: 1, perPage: 5, count: false }),
  ])
  return json({ organisation, filters, errors, filterParams: filtersToParams(filters).toString(), ...dashboard, latest: verbatims.items.slice(0, 5) })
}

export default function OrganisationDashboard() {
  const data = useLoaderData<typeof loader>()
  const { summary } = data
  const points = summary.series.map((point) => ({ bucket: point.bucket, label: point.label, answers: point.answers, reviews: point.measures.reviews, satisfaction: point.satisfaction }))
  const base = `/services/organisations/${data.organisation.id}`
  return (
    <div className="fr-container fr-pb-6w">
      <Breadcrumb currentPageLabel={data.organisation.name} segments={[{ label: 'Mes services', linkProps: { href: '/services' } }]} />
      <h1>{data.organisation.name}</h1>
      <p className="fr-text--lead">Tableau de bord de tous les services de l’organisation.</p>
      <FiltersForm filters={data.filters} errors={data.errors} />
      <PeriodSummary reviews={summary.totals.reviews} previousReviews={summary.previousTotals.reviews} from={data.filters.from} to={data.filters.to} previous={summary.previous} />
      <section aria-labelledby="indicateurs">
        <h2 id="indicateurs">Indicateurs</h2>
        <IndicatorCards indicators={summary.indicators} previous={summary.previousIndicators} />
      </section>
      <section aria-labelledby="reponses" className="fr-mt-4w">
        <h2 id="reponses">Réponses à « De façon générale, comment ça s’est passé ? »</h2>
        <AnswersTable answers={summary.answers} total={summary.totals.reviews} caption="Répartition des réponses sur la période, tous services" />
      </section>
      <section aria-labelledby="evolution" className="fr-mt-4w">
        <h2 id="evolution">Évolution</h2>
        <EvolutionChart points={points} title="Nombre d’avis par période, tous services, selon la réponse" tableId="tableau-evolution" />
        <EvolutionTable points={points} tableId="tableau-evolution" caption="Avis et satisfaction par période, tous services" />
      </section>
      <section aria-labelledby="services" className="fr-mt-4w">
        <h2 id="services">Par service</h2>
        <div className="fr-table">
          <table>
            <caption>{`Services de l’organisation (${data.services.length}), du plus au moins d’avis`}</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Avis</th>
                <th scope="col">Satisfaction</th>
                <th scope="col">Simplicité du langage</th>
                <th scope="col">Aide joignable</th>
              </tr>
            </thead>
            <tbody>
              {data.services.map((service) => {
                const m = service.measures
                return (
                  <tr key={service.id}>
                    <th scope="row">
                      <Link to={`/services/${service.id}?${data.filterParams}`}>{service.name}</Link>
                    </th>
                    <td>{formatNumber(m.reviews)}</td>
                    <td>{formatIndicator({ value: service.satisfaction, unit: '/10' })}</td>
                    <td>{formatIndicator({ value: m.clarity_count ? (m.clarity_sum * 2.5) / m.clarity_count : null, unit: '/10' })}</td>
                    <td>{formatIndicator({ value: m.reached_answered ? (m.reached_yes * 100) / m.reached_answered : null, unit: '%' })}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="derniers" className="fr-mt-4w">
        <h2 id="derniers">Derniers commentaires</h2>
        <VerbatimList items={data.latest} showService reviewHref={(item) => `/services/${item.serviceId}/avis/${item.id}`} />
        <Link className="fr-link" to={`${base}/avis?${data.filterParams}`}>
          Lire et rechercher tous les commentaires de l’organisation
        </Link>
      </section>
      <section aria-labelledby="exporter" className="fr-mt-4w">
        <h2 id="exporter">Exporter</h2>
        <p>L’export contient les avis de tous les services pour la période et les filtres choisis. Il est préparé en arrière-plan.</p>
        <ExportButtons scope="organisation" scopeId={data.organisation.id} filterParams={data.filterParams} rows={summary.totals.reviews} />
      </section>
      <section aria-labelledby="moderation" className="fr-mt-4w">
        <h2 id="moderation">Expériences publiques</h2>
        <p>Les expériences se modèrent service par service. Ce qui vaut pour toute l’organisation se règle ici.</p>
        <ul>
          <li>
            <Link to={`${base}/transferts`}>Transferts reçus d’autres organisations</Link>
          </li>
          <li>
            <Link to={`${base}/modeles-de-refus`}>Modèles de refus</Link>
          </li>
        </ul>
      </section>
      <section aria-labelledby="api" className="fr-mt-4w">
        <h2 id="api">API et données ouvertes</h2>
        <p>Vos outils peuvent lire les expériences publiées, les réponses et les chiffres de vos services avec une clé d’API.</p>
        <Link className="fr-link" to={`/services/organisations/${data.organisation.id}/cles-api`}>
          Gérer les clés d’API
        </Link>
      </section>
    </div>
  )
}

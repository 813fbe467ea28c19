import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireService } from '#app/feedback/access.server.ts'
import {
  AnswersTable,
  EvolutionChart,
  EvolutionTable,
  ExportButtons,
  FiltersForm,
  IndicatorCards,
  PeriodSummary,
  percent,
  VerbatimList,
} from '#app/components/feedback/dashboard.tsx'
import { loadServiceDashboard } from '#app/feedback/dashboard.server.ts'
import { filtersToParams, parseReviewFilters } from '#app/feedback/filters.ts'
import { formatIndicator } from '#app/feedback/indicators.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { HELP_CHANNELS } from '#app/feedback/questionnaire.ts'
import { searchVerbatims } from '#app/feedback/verbatims.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { formatNumber } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Tableau de bord – ${data.service.name}` : 'Tableau de bord') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { service } = await requireService(context, request, params.serviceId)
  const { filters, errors } = parseReviewFilters(new URL(request.url).searchParams, parisDay(now()))
  const scope = { organisationId: service.organisation_id, serviceId: service.id }
  const [dashboard, verbatims] = await Promise.all([
    loadServiceDashboard(context.db, scope, filters),
    searchVerbatims(context.db, scope, filters, { query: null, page: 1, perPage: 5, count: false }),
  ])
  // The chart and its table need five figures per period, not the twenty sums behind them: the
  // page's data, serialised into the HTML, stays small (decision 080, 7 December).
  const { series, ...summary } = dashboard.summary
  return json({
    service: { id: service.id, name: service.name },
    filters,
    errors,
    filterParams: filtersToParams(filters).toString(),
    placements: dashboard.placements,
    versions: dashboard.versions,
    summary,
    points: series.map((point) => ({ bucket: point.bucket, label: point.label, answers: point.answers, reviews: point.measures.reviews, satisfaction: point.satisfaction })),
    latest: verbatims.items,
  })
}

export default function ServiceDashboard() {
  const data = useLoaderData<typeof loader>()
  const { summary, points } = data
  const base = `/services/${data.service.id}`
  return (
    <>
      <h1>{data.service.name}</h1>
      <p className="fr-text--lead">Tableau de bord des avis des usagers.</p>
      <FiltersForm filters={data.filters} errors={data.errors} placements={data.placements} versions={data.versions} />
      <PeriodSummary reviews={summary.totals.reviews} previousReviews={summary.previousTotals.reviews} from={data.filters.from} to={data.filters.to} previous={summary.previous} />
      {summary.totals.reviews === 0 ? (
        <div className="fr-callout fr-mb-4w">
          <p className="fr-callout__text">
            Aucun avis sur cette période. Pour en recevoir, affichez le questionnaire sur votre démarche :{' '}
            <Link to={`${base}/emplacements`}>emplacements et codes d’intégration</Link>.
          </p>
        </div>
      ) : null}
      <section aria-labelledby="indicateurs">
        <h2 id="indicateurs">Indicateurs</h2>
        <IndicatorCards indicators={summary.indicators} previous={summary.previousIndicators} />
        <p className="fr-text--sm">
          {`Score de contact global : ${formatIndicator({ value: summary.contactScore, unit: '/10' })} (qualité de l’aide, en comptant 0 pour les personnes qui n’ont pas réussi à obtenir de l’aide).`}
        </p>
      </section>
      <section aria-labelledby="reponses" className="fr-mt-4w">
        <h2 id="reponses">Réponses à « De façon générale, comment ça s’est passé ? »</h2>
        <AnswersTable answers={summary.answers} total={summary.totals.reviews} caption="Répartition des réponses sur la période" />
      </section>
      <section aria-labelledby="evolution" className="fr-mt-4w">
        <h2 id="evolution">Évolution</h2>
        <EvolutionChart points={points} title="Nombre d’avis par période, selon la réponse" tableId="tableau-evolution" />
        <EvolutionTable points={points} tableId="tableau-evolution" caption="Avis et satisfaction par période" />
      </section>
      <section aria-labelledby="aide" className="fr-mt-4w">
        <h2 id="aide">Moyens d’aide utilisés</h2>
        <div className="fr-table fr-table--no-caption-top">
          <table>
            <caption>{`Parmi les ${formatNumber(summary.totals.help_answered)} personnes qui ont répondu à la question sur l’aide`}</caption>
            <thead>
              <tr>
                <th scope="col">Moyen</th>
                <th scope="col">Personnes</th>
                <th scope="col">Part</th>
              </tr>
            </thead>
            <tbody>
              {HELP_CHANNELS.map((channel) => {
                const count = summary.totals[`ch_${channel.code}` as keyof typeof summary.totals] as number
                return (
                  <tr key={channel.code}>
                    <th scope="row">{channel.label}</th>
                    <td>{formatNumber(count)}</td>
                    <td>{percent(count, summary.totals.help_answered)}</td>
                  </tr>
                )
              })}
              <tr>
                <th scope="row">Je n’ai pas eu besoin d’aide</th>
                <td>{formatNumber(summary.totals.help_none)}</td>
                <td>{percent(summary.totals.help_none, summary.totals.help_answered)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="emplacements" className="fr-mt-4w">
        <h2 id="emplacements">Par emplacement</h2>
        {data.placements.length === 0 ? (
          <p>
            Aucun emplacement. <Link to={`${base}/emplacements`}>Créer un emplacement</Link>
          </p>
        ) : (
          <div className="fr-table fr-table--no-caption-top">
            <table>
              <caption>Avis et satisfaction par emplacement sur la période</caption>
              <thead>
                <tr>
                  <th scope="col">Emplacement</th>
                  <th scope="col">Avis</th>
                  <th scope="col">Satisfaction</th>
                </tr>
              </thead>
              <tbody>
                {data.placements.map((placement) => (
                  <tr key={placement.id}>
                    <th scope="row">
                      <Link to={`${base}/emplacements/${placement.id}`}>{placement.name}</Link>
                    </th>
                    <td>{formatNumber(placement.measures.reviews)}</td>
                    <td>{formatIndicator({ value: placement.satisfaction, unit: '/10' })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="derniers" className="fr-mt-4w">
        <h2 id="derniers">Derniers commentaires</h2>
        <VerbatimList items={data.latest} showService={false} reviewHref={(item) => `${base}/avis/${item.id}`} />
        <Link className="fr-link" to={`${base}/avis?${data.filterParams}`}>
          Lire et rechercher tous les commentaires
        </Link>
      </section>
      <section aria-labelledby="exporter" className="fr-mt-4w">
        <h2 id="exporter">Exporter</h2>
        <p>L’export contient les avis correspondant aux filtres ci-dessus. Il est préparé en arrière-plan : vous le retrouvez dans « Mes exports ».</p>
        <ExportButtons scope="service" scopeId={data.service.id} filterParams={data.filterParams} rows={summary.totals.reviews} />
      </section>
    </>
  )
}

import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireService } from '#app/feedback/access.server.ts'
import { ExportButtons, FiltersForm, VerbatimList } from '#app/components/feedback/dashboard.tsx'
import { filtersToParams, parseReviewFilters } from '#app/feedback/filters.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { listPlacements } from '#app/feedback/services.server.ts'
import { normaliseQuery, searchVerbatims } from '#app/feedback/verbatims.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { formatDateTime, formatNumber } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Avis des usagers – ${data.service.name}` : 'Avis des usagers') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { service } = await requireService(context, request, params.serviceId)
  const url = new URL(request.url)
  const { filters, errors } = parseReviewFilters(url.searchParams, parisDay(now()))
  const query = normaliseQuery(url.searchParams.get('q'))
  const page = Number(url.searchParams.get('page')) || 1
  const [result, placements, versions] = await Promise.all([
    // Whoever may open this service's reviews may check its masked comments (their detail page):
    // they learn which masked comments match, never their text here.
    searchVerbatims(context.db, { organisationId: service.organisation_id, serviceId: service.id }, filters, { query, page, includeMasked: true }),
    listPlacements(context.db, service.id),
    context.db
      .selectFrom('feedback_form_versions as v')
      .innerJoin('feedback_forms as f', 'f.id', 'v.form_id')
      .select(['v.id', 'v.version', 'f.name as form_name'])
      .where('f.service_id', '=', service.id)
      .orderBy('v.version', 'desc')
      .execute(),
  ])
  return json({
    service: { id: service.id, name: service.name },
    filters,
    errors,
    query,
    filterParams: filtersToParams(filters, { q: query }).toString(),
    placements: placements.map((p) => ({ id: p.id, name: p.name })),
    versions,
    ...result,
  })
}

export default function ServiceVerbatims() {
  const data = useLoaderData<typeof loader>()
  const base = `/services/${data.service.id}`
  return (
    <>
      <h1>Avis des usagers</h1>
      <p className="fr-text--lead">Les commentaires laissés en réponse à « Souhaitez-vous nous en dire plus ? ».</p>
      <FiltersForm filters={data.filters} errors={data.errors} placements={data.placements} versions={data.versions} query={data.query} showGranularity={false} />
      <h2 className="fr-h4" aria-live="polite">
        {data.capped
          ? `Plus de ${formatNumber(data.total)} commentaires`
          : `${formatNumber(data.total)} commentaire${data.total > 1 ? 's' : ''}${data.query ? ` contenant « ${data.query} »` : ''}`}
      </h2>
      {data.masked && data.masked.total > 0 ? (
        <div className="fr-notice fr-notice--info fr-mb-3w">
          <div className="fr-container">
            <div className="fr-notice__body">
              <p className="fr-notice__title">
                {data.masked.total > 1
                  ? `${formatNumber(data.masked.total)} commentaires masqués correspondent aussi`
                  : '1 commentaire masqué correspond aussi'}
              </p>
              <p className="fr-notice__desc">
                Ils contiennent peut-être des données personnelles : leur texte n’est pas affiché ici. Ouvrez chacun pour le vérifier, puis
                l’afficher ou effacer les données personnelles.
              </p>
              <ul className="fr-mt-1w">
                {data.masked.items.map((item) => (
                  <li key={item.id}>
                    <Link to={`${base}/avis/${item.id}`}>{`Vérifier le commentaire masqué du ${formatDateTime(item.createdAt)}`}</Link>
                  </li>
                ))}
              </ul>
              {data.masked.total > data.masked.items.length ? (
                <p className="fr-text--sm fr-mb-0">{`Les ${formatNumber(data.masked.items.length)} plus récents sont listés.`}</p>
              ) : null}
            </div>
          </div>
        </div>
      ) : null}
      <VerbatimList items={data.items} showService={false} reviewHref={(item) => `${base}/avis/${item.id}`} />
      <Pagination page={data.page} pageCount={data.pageCount} href={(page) => `?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(data.filterParams)), page: String(page) }).toString()}`} />
      <section aria-labelledby="exporter" className="fr-mt-6w">
        <h2 id="exporter">Exporter ces avis</h2>
        <p>L’export contient tous les avis de la période et des filtres choisis (avec ou sans commentaire). Les commentaires masqués restent masqués.</p>
        <ExportButtons scope="service" scopeId={data.service.id} filterParams={data.filterParams} />
      </section>
    </>
  )
}

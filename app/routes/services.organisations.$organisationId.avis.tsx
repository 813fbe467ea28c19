import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb'
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireOrganisation } from '#app/feedback/access.server.ts'
import { FiltersForm, VerbatimList } from '#app/components/feedback/dashboard.tsx'
import { filtersToParams, parseReviewFilters } from '#app/feedback/filters.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { normaliseQuery, searchVerbatims } from '#app/feedback/verbatims.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { formatNumber } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Avis des usagers – ${data.organisation.name}` : 'Avis des usagers') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrganisation(context, request, params.organisationId)
  const url = new URL(request.url)
  const { filters: parsed, errors } = parseReviewFilters(url.searchParams, parisDay(now()))
  const filters = { ...parsed, placementId: null, versionId: null }
  const query = normaliseQuery(url.searchParams.get('q'))
  const result = await searchVerbatims(context.db, { organisationId: organisation.id }, filters, { query, page: Number(url.searchParams.get('page')) || 1 })
  return json({ organisation, filters, errors, query, filterParams: filtersToParams(filters, { q: query }).toString(), ...result })
}

export default function OrganisationVerbatims() {
  const data = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-pb-6w">
      <Breadcrumb
        currentPageLabel="Avis des usagers"
        segments={[
          { label: 'Mes services', linkProps: { href: '/services' } },
          { label: data.organisation.name, linkProps: { href: `/services/organisations/${data.organisation.id}` } },
        ]}
      />
      <h1>{`Avis des usagers – ${data.organisation.name}`}</h1>
      <FiltersForm filters={data.filters} errors={data.errors} query={data.query} showGranularity={false} />
      <h2 className="fr-h4" aria-live="polite">
        {data.capped
          ? `Plus de ${formatNumber(data.total)} commentaires`
          : `${formatNumber(data.total)} commentaire${data.total > 1 ? 's' : ''}${data.query ? ` contenant « ${data.query} »` : ''}`}
      </h2>
      <VerbatimList items={data.items} showService reviewHref={(item) => `/services/${item.serviceId}/avis/${item.id}`} />
      <Pagination page={data.page} pageCount={data.pageCount} href={(page) => `?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(data.filterParams)), page: String(page) }).toString()}`} />
    </div>
  )
}

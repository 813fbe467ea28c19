import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { notFound } from '#app/auth/authorize.server.ts'
import { requireCallStaff } from '#app/accelerator/access.server.ts'
import { STRUCTURE_KINDS, structureKindCode, structureKindLabel, TERRITORIES, territoryLabel } from '#app/accelerator/applications/application-form.ts'
import { APPLICATION_STATE_LABELS, APPLICATION_STATES } from '#app/accelerator/applications/application-states.ts'
import { findCall } from '#app/accelerator/calls/calls.server.ts'
import { countsByState, searchApplications } from '#app/accelerator/instruction/instruction.server.ts'
import { ApplicationStateBadge } from '#app/components/accelerator/badges.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { formatDate } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Candidatures – ${data.call.title}` : 'Candidatures') }]

const SHOWN_STATES = APPLICATION_STATES.filter((state) => state !== 'brouillon')

const FiltersSchema = z.object({
  etat: z.enum(SHOWN_STATES as [string, ...string[]]).optional().catch(undefined),
  // An address saved before migration 0025 (`?type=collectif`) still filters (decision 113).
  type: z.preprocess(structureKindCode, z.enum(STRUCTURE_KINDS.map((k) => k.value) as [string, ...string[]]).optional()).catch(undefined),
  territoire: z.enum(TERRITORIES.map((t) => t.value) as [string, ...string[]]).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const callId = params.callId ?? ''
  requireCallStaff(context, request, callId)
  const call = await findCall(context.db, callId)
  if (!call || call.state === 'brouillon') throw notFound()
  const url = new URL(request.url)
  const filters = FiltersSchema.parse(Object.fromEntries(url.searchParams))
  const [result, allCounts] = await Promise.all([
    searchApplications(context.db, call.id, {
      state: filters.etat as never,
      kind: filters.type,
      territory: filters.territoire,
      q: filters.q || undefined,
      page: filters.page,
    }),
    countsByState(context.db, call.id),
  ])
  return json({ call: { id: call.id, title: call.title }, filters, result, allCounts, query: url.searchParams.toString() })
}

export default function CallApplications() {
  const { call, filters, result, allCounts, query } = useLoaderData<typeof loader>()
  const params = new URLSearchParams(query)
  const pageHref = (page: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(page))
    return `?${next.toString()}`
  }
  const total = Object.values(allCounts).reduce((a, b) => a + b, 0)
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: '/instruction', label: 'Instruction' }]} current={call.title} />
      <h1>Candidatures – {call.title}</h1>
      <p>
        {total} candidature{total > 1 ? 's' : ''} déposée{total > 1 ? 's' : ''} (les brouillons ne sont pas visibles).
      </p>
      <ul className="fr-tags-group fr-mb-3w" aria-label="Nombre de candidatures par état">
        <li>
          <Link className="fr-tag" to="?" aria-current={!filters.etat ? 'true' : undefined}>
            Toutes ({total})
          </Link>
        </li>
        {SHOWN_STATES.map((state) => (
          <li key={state}>
            <Link className="fr-tag" to={`?etat=${state}`} aria-current={filters.etat === state ? 'true' : undefined}>
              {APPLICATION_STATE_LABELS[state]} ({allCounts[state]})
            </Link>
          </li>
        ))}
      </ul>

      <Form method="get" className="fr-mb-4w" role="search" aria-label="Filtrer les candidatures">
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-6">
            <div className="fr-input-group">
              <label className="fr-label" htmlFor="recherche">
                Rechercher
                <span className="fr-hint-text">Dans le titre, la description, le problème, les publics, la structure ou la référence.</span>
              </label>
              <input className="fr-input" type="search" id="recherche" name="q" defaultValue={filters.q ?? ''} />
            </div>
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <div className="fr-select-group">
              <label className="fr-label" htmlFor="filtre-etat">
                État
              </label>
              <select className="fr-select" id="filtre-etat" name="etat" defaultValue={filters.etat ?? ''}>
                <option value="">Tous les états</option>
                {SHOWN_STATES.map((state) => (
                  <option key={state} value={state}>
                    {APPLICATION_STATE_LABELS[state]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <div className="fr-select-group">
              <label className="fr-label" htmlFor="filtre-type">
                Type de structure
              </label>
              <select className="fr-select" id="filtre-type" name="type" defaultValue={filters.type ?? ''}>
                <option value="">Tous les types</option>
                {STRUCTURE_KINDS.map((kind) => (
                  <option key={kind.value} value={kind.value}>
                    {kind.label}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <div className="fr-select-group">
              <label className="fr-label" htmlFor="filtre-territoire">
                Territoire
              </label>
              <select className="fr-select" id="filtre-territoire" name="territoire" defaultValue={filters.territoire ?? ''}>
                <option value="">Tous les territoires</option>
                {TERRITORIES.map((territory) => (
                  <option key={territory.value} value={territory.value}>
                    {territory.label}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </div>
        <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
          <li>
            <button type="submit" className="fr-btn">
              Filtrer
            </button>
          </li>
          <li>
            <Link className="fr-btn fr-btn--tertiary" to="?">
              Effacer les filtres
            </Link>
          </li>
        </ul>
      </Form>

      <p role="status">
        {result.total} résultat{result.total > 1 ? 's' : ''}
        {filters.q ? ` pour « ${filters.q} »` : ''}.
      </p>
      {result.rows.length === 0 ? (
        <p>Aucune candidature ne correspond à ces critères.</p>
      ) : (
        <div className="fr-table">
          <table>
            <caption>Candidatures (page {filters.page} sur {result.pageCount})</caption>
            <thead>
              <tr>
                <th scope="col">Référence</th>
                <th scope="col">Projet</th>
                <th scope="col">Structure</th>
                <th scope="col">Territoires</th>
                <th scope="col">Déposée le</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((row) => (
                <tr key={row.id}>
                  <td>{row.reference}</td>
                  <td>
                    <Link to={`/instruction/${call.id}/${row.id}`}>{row.title}</Link>
                  </td>
                  <td>
                    {row.structure}
                    <br />
                    <span className="fr-text--xs">{structureKindLabel(row.kind)}</span>
                  </td>
                  <td>{row.territories.map(territoryLabel).join(', ')}</td>
                  <td>{row.submittedAt ? formatDate(row.submittedAt) : ''}</td>
                  <td>
                    <ApplicationStateBadge state={row.state} small />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={filters.page} pageCount={result.pageCount} href={pageHref} />

      <section aria-labelledby="exports" className="fr-mt-6w">
        <h2 id="exports">Exporter</h2>
        <p>Toutes les candidatures déposées sur cet appel, une ligne par candidature, pièces jointes listées par nom.</p>
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li>
            <a className="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left" href={`/instruction/${call.id}/export?format=csv`} download>
              Télécharger en CSV
            </a>
          </li>
          <li>
            <a className="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left" href={`/instruction/${call.id}/export?format=xlsx`} download>
              Télécharger en XLSX (tableur)
            </a>
          </li>
        </ul>
      </section>
    </div>
  )
}

import { PAGE_SIZE } from '#app/experiences/labels.ts'
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { listForTeam, type QueueTab } from '#app/experiences/experiences.server.ts'
import { answerStatusLabel, feelingLabel, refusalLabel } from '#app/experiences/labels.ts'
import { requireService } from '#app/feedback/access.server.ts'
import { describeKinds } from '#app/feedback/personal-data.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Expériences – ${data.service.name}` : 'Expériences') }]

const TABS: Array<{ value: QueueTab; label: string; status: string }> = [
  { value: 'a-moderer', label: 'À modérer', status: 'pending' },
  { value: 'publiees', label: 'Publiées', status: 'published' },
  { value: 'refusees', label: 'Refusées', status: 'refused' },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { service } = await requireService(context, request, params.serviceId)
  const url = new URL(request.url)
  const tab = TABS.find((candidate) => candidate.value === url.searchParams.get('onglet'))?.value ?? 'a-moderer'
  const page = Math.min(10000, Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1))
  const result = await listForTeam(context.db, service.id, tab, page)
  return json({ service: { id: service.id, name: service.name }, tab, page, ...result })
}

export default function TeamExperiences() {
  const { service, tab, page, rows, total, counts } = useLoaderData<typeof loader>()
  const base = `/services/${service.id}/experiences`
  return (
    <>
      <h1>Expériences des usagers</h1>
      <p>
        Les récits publics sur ce service. Chacun est relu avant publication : vérifiez les passages surlignés (données personnelles), masquez ce qui doit
        l’être, puis publiez ou refusez avec un motif. Une fois publié, répondez en public.{' '}
        <Link to={`/experiences/services/${service.id}`}>Voir la page publique</Link>
      </p>
      <nav className="fr-mb-3w" aria-label="Statut des expériences">
        <ul className="fr-btns-group fr-btns-group--inline-sm">
          {TABS.map((item) => (
            <li key={item.value}>
              <Link className={`fr-btn fr-btn--sm ${item.value === tab ? '' : 'fr-btn--secondary'}`} aria-current={item.value === tab ? 'page' : undefined} to={`${base}?onglet=${item.value}`}>
                {`${item.label} (${counts[item.status] ?? 0})`}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {rows.length ? (
        <div className="fr-table">
          <table>
            <caption>{TABS.find((item) => item.value === tab)!.label}</caption>
            <thead>
              <tr>
                <th scope="col">Titre</th>
                <th scope="col">Reçue le</th>
                <th scope="col">Ressenti</th>
                <th scope="col">{tab === 'a-moderer' ? 'Données personnelles' : tab === 'publiees' ? 'Réponse' : 'Motif'}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={`${base}/${row.id}`}>{row.title}</Link>
                  </td>
                  <td>{formatDateTime(row.created_at)}</td>
                  <td>{feelingLabel(row.feeling)}</td>
                  <td>
                    {tab === 'a-moderer'
                      ? row.pii_kinds.length
                        ? `À vérifier : ${describeKinds(row.pii_kinds)}`
                        : 'Rien de détecté'
                      : tab === 'publiees'
                        ? answerStatusLabel(row.answer_status)
                        : refusalLabel(row.refusal_reason)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{tab === 'a-moderer' ? 'Aucune expérience n’attend de modération.' : tab === 'publiees' ? 'Aucune expérience publiée.' : 'Aucune expérience refusée.'}</p>
      )}
      <Pagination page={page} pageCount={Math.ceil(total / PAGE_SIZE)} href={(p) => `${base}?onglet=${tab}&page=${p}`} />
    </>
  )
}

import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listPublicCalls } from '#app/accelerator/calls/calls.server.ts'
import { formatDate, formatDateAtTime } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction = () => [{ title: pageTitle('Appels à projets') }]

export async function loader({ context }: LoaderFunctionArgs) {
  return json(await listPublicCalls(context.db))
}

type PublicCall = ReturnType<typeof useLoaderData<typeof loader>>['open'][number]

function CallCard({ call, status }: { call: PublicCall; status: 'open' | 'upcoming' | 'past' }) {
  const detail =
    status === 'open'
      ? `Dépôt des candidatures jusqu’au ${formatDateAtTime(call.closes_at)}`
      : status === 'upcoming'
        ? `Ouverture le ${formatDateAtTime(call.opens_at)}`
        : `Clos le ${formatDate(call.closes_at)}`
  return (
    <div className="fr-card fr-enlarge-link fr-mb-3w">
      <div className="fr-card__body">
        <div className="fr-card__content">
          <h3 className="fr-card__title">
            <Link to={`/appels/${call.slug}`}>{call.title}</Link>
          </h3>
          <p className="fr-card__desc">{detail}. {call.places} projets accompagnés au plus.</p>
          <div className="fr-card__start">
            <p className={`fr-badge fr-badge--no-icon ${status === 'open' ? 'fr-badge--success' : status === 'upcoming' ? 'fr-badge--info' : ''}`}>
              {status === 'open' ? 'Ouvert' : status === 'upcoming' ? 'À venir' : 'Clos'}
            </p>
          </div>
        </div>
      </div>
    </div>
  )
}

export default function PublicCalls() {
  const { open, upcoming, past } = useLoaderData<typeof loader>()
  const sections = [
    { id: 'ouverts', title: 'Appels ouverts', calls: open, status: 'open' as const, empty: 'Aucun appel n’est ouvert en ce moment.' },
    { id: 'a-venir', title: 'Appels à venir', calls: upcoming, status: 'upcoming' as const, empty: 'Aucun appel n’est annoncé pour le moment.' },
    { id: 'passes', title: 'Appels passés', calls: past, status: 'past' as const, empty: 'Aucun appel passé.' },
  ]
  return (
    <div className="fr-container fr-py-6w">
      <h1>Appels à projets</h1>
      <p className="fr-text--lead">
        L’Accélérateur d’initiatives citoyennes ouvre des appels à projets pour accompagner pendant trois mois des projets
        d’intérêt général portés par des associations, des collectifs ou des entreprises de l’économie sociale et solidaire.
      </p>
      {sections.map((section) => (
        <section key={section.id} aria-labelledby={section.id} className="fr-mb-6w">
          <h2 id={section.id}>{section.title}</h2>
          {section.calls.length === 0 ? (
            <p>{section.empty}</p>
          ) : (
            <div className="fr-grid-row fr-grid-row--gutters">
              {section.calls.map((call) => (
                <div key={call.id} className="fr-col-12 fr-col-md-6">
                  <CallCard call={call} status={section.status} />
                </div>
              ))}
            </div>
          )}
        </section>
      ))}
    </div>
  )
}

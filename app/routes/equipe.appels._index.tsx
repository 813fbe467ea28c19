import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireRole } from '#app/auth/authorize.server.ts'
import { listCallsForTeam } from '#app/accelerator/calls/calls.server.ts'
import { CallStateBadge } from '#app/components/accelerator/badges.tsx'
import { formatDateAtTime } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'

export const meta: MetaFunction = () => [{ title: pageTitle('Appels à projets') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, 'programme_team')
  return json({ calls: await listCallsForTeam(context.db) })
}

export default function TeamCalls() {
  const { calls } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: '/equipe', label: 'Équipe du programme' }]} current="Appels à projets" />
      <h1>Appels à projets</h1>
      <p>
        Créez un appel, réglez sa grille de critères et ses règles de sélection, puis ouvrez-le (tout de suite, ou à sa date
        d’ouverture). Il se clôt tout seul à sa date limite.
      </p>
      <Link className="fr-btn fr-icon-add-line fr-btn--icon-left fr-mb-4w" to="/equipe/appels/nouveau">
        Créer un appel
      </Link>
      {calls.length === 0 ? (
        <p>Aucun appel pour le moment.</p>
      ) : (
        <div className="fr-table">
          <table>
            <caption>Appels ({calls.length})</caption>
            <thead>
              <tr>
                <th scope="col">Appel</th>
                <th scope="col">État</th>
                <th scope="col">Ouverture</th>
                <th scope="col">Date limite</th>
                <th scope="col">Déposées</th>
                <th scope="col">Brouillons</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((call) => (
                <tr key={call.id}>
                  <td>
                    <Link to={`/equipe/appels/${call.id}`}>{call.title}</Link>
                  </td>
                  <td>
                    <CallStateBadge state={call.state} scheduled={call.opening_scheduled} small />
                  </td>
                  <td>{formatDateAtTime(call.opens_at)}</td>
                  <td>{formatDateAtTime(call.closes_at)}</td>
                  <td>{call.submitted}</td>
                  <td>{call.drafts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireRole } from '#app/auth/authorize.server.ts'
import { scopeIds } from '#app/auth/roles.ts'
import { CALL_STATE_LABELS } from '#app/accelerator/calls/call-states.ts'
import { JURY_STATES } from '#app/accelerator/calls/call-states.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Panel citoyen') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, 'citizen_panelist')
  const ids = scopeIds(user, 'citizen_panelist').filter(Boolean)
  const calls = ids.length
    ? await context.db
        .selectFrom('calls')
        .select(['id', 'title', 'state'])
        .where('id', 'in', ids)
        .where('state', 'in', JURY_STATES)
        .orderBy('closes_at', 'desc')
        .execute()
    : []
  // A panelist recruited while the call is open sees it too, without a link: scoring starts after the close.
  return json({ name: user.displayName ?? user.email, calls: calls.map((call) => ({ ...call, scoring: call.state !== 'ouvert' && call.state !== 'clos' })) })
}

export default function RoleHome() {
  const { name, calls } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Panel citoyen</h1>
      <p className="fr-text--lead">Bonjour {name}. Merci de participer au panel citoyen.</p>
      {calls.length === 0 ? (
        <div className="fr-callout">
          <p className="fr-callout__text">Aucune candidature ne vous est confiée pour le moment.</p>
        </div>
      ) : (
        <ul>
          {calls.map((call) => (
            <li key={call.id}>
              {call.scoring ? (
                <>
                  <Link to={`/evaluation/${call.id}`}>{call.title}</Link> ({CALL_STATE_LABELS[call.state].toLowerCase()})
                </>
              ) : (
                <>
                  {call.title} ({CALL_STATE_LABELS[call.state].toLowerCase()}) : les évaluations commenceront après la clôture de l’appel.
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireAnyRole } from '#app/auth/authorize.server.ts'
import { scopeIds } from '#app/auth/roles.ts'
import { APPLICATION_STATE_LABELS, APPLICATION_STATES } from '#app/accelerator/applications/application-states.ts'
import { scoringStarted } from '#app/accelerator/calls/call-states.ts'
import { listInstructedCalls } from '#app/accelerator/instruction/instruction.server.ts'
import { CallStateBadge } from '#app/components/accelerator/badges.tsx'
import { formatDateAtTime } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Instruction des candidatures') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireAnyRole(context, request, ['admin_reviewer', 'programme_team'])
  return json({ name: user.displayName ?? user.email, calls: await listInstructedCalls(context.db, user), scoringCalls: scopeIds(user, 'admin_reviewer') })
}

const SHOWN_STATES = APPLICATION_STATES.filter((state) => state !== 'brouillon')

export default function InstructionHome() {
  const { name, calls, scoringCalls } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Instruction des candidatures</h1>
      <p className="fr-text--lead">Bonjour {name}. Vous instruisez les candidatures des appels qui vous sont confiés.</p>
      {calls.length === 0 ? (
        <div className="fr-callout">
          <p className="fr-callout__text">Aucun appel ne vous est confié pour le moment, ou aucun n’est encore ouvert.</p>
        </div>
      ) : (
        calls.map((call) => (
          <section key={call.id} aria-labelledby={`appel-${call.id}`} className="fr-mb-6w">
            <h2 id={`appel-${call.id}`}>
              <Link to={`/instruction/${call.id}`}>{call.title}</Link>
            </h2>
            <CallStateBadge state={call.state} />
            {scoringStarted(call.state) && scoringCalls.includes(call.id) ? (
              <p className="fr-mt-1w">
                <Link className="fr-link fr-icon-arrow-right-line fr-link--icon-right" to={`/evaluation/${call.id}`}>
                  Mes évaluations pour cet appel
                </Link>
              </p>
            ) : null}
            <p className="fr-mt-1w">
              {call.total} candidature{call.total > 1 ? 's' : ''} déposée{call.total > 1 ? 's' : ''} · date limite : {formatDateAtTime(call.closes_at)}
            </p>
            <div className="fr-table fr-table--no-caption">
              <table>
                <caption>Candidatures par état – {call.title}</caption>
                <thead>
                  <tr>
                    {SHOWN_STATES.map((state) => (
                      <th key={state} scope="col">
                        {APPLICATION_STATE_LABELS[state]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    {SHOWN_STATES.map((state) => (
                      <td key={state}>
                        {call.byState[state] ? <Link to={`/instruction/${call.id}?etat=${state}`}>{call.byState[state]}</Link> : 0}
                      </td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </div>
          </section>
        ))
      )}
    </div>
  )
}

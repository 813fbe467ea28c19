import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { requireUser } from '#app/auth/authorize.server.ts'
import { invitationsFor, listMyApplications } from '#app/accelerator/applications/applications.server.ts'
import { titleOrPlaceholder } from '#app/accelerator/applications/application-form.ts'
import { leaderExplanation } from '#app/accelerator/applications/application-states.ts'
import { listOpenCalls } from '#app/accelerator/calls/calls.server.ts'
import { ApplicationStateBadge } from '#app/components/accelerator/badges.tsx'
import { now } from '#app/utils/clock.server.ts'
import { formatDate, formatDateAtTime } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Mes candidatures') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const at = now()
  const [applications, invitations, calls] = await Promise.all([
    listMyApplications(context.db, user),
    invitationsFor(context.db, user),
    listOpenCalls(context.db, at),
  ])
  return json({
    name: user.displayName ?? user.email,
    applications: applications.map((application) => ({
      id: application.id,
      state: application.state,
      reference: application.reference,
      title: titleOrPlaceholder(application.project_title),
      role: application.role,
      callTitle: application.call_title,
      updatedAt: application.updated_at,
      mentoringProjectId: application.mentoring_project_id,
      explanation: leaderExplanation(
        application,
        { state: application.call_state, closes_at: application.closes_at, results_on: application.results_on },
        at,
      ),
    })),
    invitations: invitations.map((invitation) => ({
      id: invitation.id,
      title: titleOrPlaceholder(invitation.project_title),
      callTitle: invitation.call_title,
      expiresAt: invitation.expires_at,
    })),
    openCalls: calls.map((call) => ({ slug: call.slug, title: call.title, closesAt: call.closes_at })),
  })
}

export default function MyApplications() {
  const data = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Mes candidatures</h1>
      <p className="fr-text--lead">Bonjour {data.name}. Retrouvez ici vos candidatures, leur avancement et la prochaine étape.</p>
      {params.get('quitte') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Vous ne faites plus partie de cette candidature.</p>
        </div>
      ) : null}

      {data.invitations.length ? (
        <div className="fr-alert fr-alert--info fr-mb-4w">
          <h2 className="fr-alert__title">On vous invite à rédiger une candidature</h2>
          <ul>
            {data.invitations.map((invitation) => (
              <li key={invitation.id}>
                « {invitation.title} » ({invitation.callTitle}) : ouvrez le lien reçu par e-mail pour la rejoindre, avant le{' '}
                {formatDate(invitation.expiresAt)}.
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {data.applications.length === 0 ? (
        <div className="fr-callout fr-mb-4w">
          <p className="fr-callout__text">Vous n’avez pas encore de candidature.</p>
        </div>
      ) : (
        <ul className="fr-raw-list">
          {data.applications.map((application) => (
            <li key={application.id} className="fr-card fr-mb-3w">
              <div className="fr-card__body">
                <div className="fr-card__content">
                  <h2 className="fr-card__title fr-h5">
                    <Link to={`/mes-candidatures/${application.id}`}>{application.title}</Link>
                  </h2>
                  <div className="fr-card__start">
                    <ApplicationStateBadge state={application.state} />
                    <p className="fr-card__detail fr-mt-1w">
                      {application.callTitle}
                      {application.reference ? ` · Référence ${application.reference}` : ''}
                      {application.role === 'co_leader' ? ' · Vous êtes co-porteur' : ''}
                    </p>
                  </div>
                  <div className="fr-card__desc">
                    <p className="fr-mb-1w">{application.explanation.explanation}</p>
                    <p className="fr-mb-0">
                      <strong>Prochaine étape :</strong> {application.explanation.nextStep}
                    </p>
                    {application.mentoringProjectId ? (
                      <p className="fr-mt-2w fr-mb-0">
                        <Link className="fr-link fr-icon-arrow-right-line fr-link--icon-right" to={`/accompagnement/projets/${application.mentoringProjectId}`} aria-label={`Suivi de l’accompagnement de « ${application.title} »`}>
                          Suivi de l’accompagnement
                        </Link>
                      </p>
                    ) : null}
                  </div>
                  <div className="fr-card__end">
                    <p className="fr-card__detail">Dernière modification le {formatDateAtTime(application.updatedAt)}</p>
                  </div>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}

      <section aria-labelledby="appels-ouverts" className="fr-mt-6w">
        <h2 id="appels-ouverts">Appels ouverts</h2>
        {data.openCalls.length === 0 ? (
          <p>
            Aucun appel à projets n’est ouvert en ce moment. <Link to="/appels">Voir les appels à venir et passés</Link>
          </p>
        ) : (
          <ul>
            {data.openCalls.map((call) => (
              <li key={call.slug}>
                <Link to={`/appels/${call.slug}`}>{call.title}</Link> : candidatures jusqu’au {formatDateAtTime(call.closesAt)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

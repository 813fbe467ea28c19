import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, NavLink, Outlet, useLoaderData, useRouteError } from '@remix-run/react'
import { notFound, requireUser } from '#app/auth/authorize.server.ts'
import { findMemberApplication, progressOf } from '#app/accelerator/applications/applications.server.ts'
import { projectTitle, type Answers } from '#app/accelerator/applications/application-form.ts'
import { editability } from '#app/accelerator/applications/application-states.ts'
import { ApplicationStateBadge, SectionStatusBadge } from '#app/components/accelerator/badges.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ExpiredSectionPage, expiredSectionOf } from '#app/components/accelerator/application-section/expired-section.tsx'
import { now } from '#app/utils/clock.server.ts'

// Layout of a leader's application: the sections with their progress marks, then the page.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const found = await findMemberApplication(context.db, user, params.id ?? '')
  if (found.status === 'none') throw notFound()
  if (found.status === 'removed') return json({ removed: true as const, title: found.title, application: null }, { status: 403 })
  const { application, call } = found
  const progress = await progressOf(context.db, application)
  const edit = editability(application, call, now())
  return json({
    removed: false as const,
    title: projectTitle(application.answers as Answers),
    application: {
      id: application.id,
      state: application.state,
      reference: application.reference,
      callTitle: call.title,
      editable: edit.editable,
      progress: progress.map((section) => ({ slug: section.slug, title: section.title, status: section.status })),
    },
  })
}

export default function ApplicationLayout() {
  const data = useLoaderData<typeof loader>()
  if (data.removed || !data.application) {
    return (
      <div className="fr-container fr-py-6w">
        <div className="fr-alert fr-alert--warning fr-mb-4w">
          <h2 className="fr-alert__title">Vous ne faites plus partie de cette candidature</h2>
          <p>
            Un porteur de la candidature « {data.title} » vous en a retiré. Vous ne pouvez plus la consulter ni la modifier.
            Si vous étiez en train d’écrire, votre dernier texte non enregistré est affiché ci-dessous : copiez-le si vous en avez besoin.
          </p>
        </div>
        <Outlet />
        <Link to="/mes-candidatures" className="fr-link fr-icon-arrow-left-line fr-link--icon-left">
          Revenir à mes candidatures
        </Link>
      </div>
    )
  }
  const { application } = data
  const base = `/mes-candidatures/${application.id}`
  return (
    <div className="fr-container fr-py-4w">
      <nav role="navigation" className="fr-breadcrumb fr-mb-2w aic-no-print" aria-label="vous êtes ici :">
        <ol className="fr-breadcrumb__list">
          <li>
            <Link className="fr-breadcrumb__link" to="/mes-candidatures">
              Mes candidatures
            </Link>
          </li>
          <li>
            <Link className="fr-breadcrumb__link" to={base} aria-current="page">
              {data.title}
            </Link>
          </li>
        </ol>
      </nav>
      <div className="fr-grid-row fr-grid-row--gutters">
        <nav className="fr-col-12 fr-col-md-4 fr-col-lg-3 aic-no-print" aria-labelledby="menu-candidature">
          <div className="fr-sidemenu fr-sidemenu--sticky">
            <p className="fr-sidemenu__title" id="menu-candidature">
              Ma candidature
            </p>
            <p className="fr-text--sm fr-mb-1w">{application.callTitle}</p>
            <ApplicationStateBadge state={application.state} small />
            <ul className="fr-sidemenu__list fr-mt-2w">
              <li className="fr-sidemenu__item">
                <NavLink className="fr-sidemenu__link" to={base} end>
                  Vue d’ensemble
                </NavLink>
              </li>
              {application.progress.map((section) => (
                <li key={section.slug} className="fr-sidemenu__item">
                  <NavLink className="fr-sidemenu__link" to={`${base}/${section.slug}`}>
                    <span>
                      {section.title}
                      <br />
                      <SectionStatusBadge status={section.status} />
                    </span>
                  </NavLink>
                </li>
              ))}
              <li className="fr-sidemenu__item">
                <NavLink className="fr-sidemenu__link" to={`${base}/co-porteurs`}>
                  Co-porteurs
                </NavLink>
              </li>
              <li className="fr-sidemenu__item">
                <NavLink className="fr-sidemenu__link" to={`${base}/messages`}>
                  Messagerie
                </NavLink>
              </li>
              <li className="fr-sidemenu__item">
                <NavLink className="fr-sidemenu__link" to={`${base}/conflits`}>
                  Conflits d’intérêts
                </NavLink>
              </li>
              <li className="fr-sidemenu__item">
                <NavLink className="fr-sidemenu__link" to={`${base}/apercu-jurys`}>
                  Ce que verront les jurys
                </NavLink>
              </li>
              <li className="fr-sidemenu__item">
                <NavLink className="fr-sidemenu__link" to={`${base}/depot`}>
                  {application.state === 'brouillon' || application.state === 'correction_demandee' ? 'Vérifier et déposer' : 'Dépôt'}
                </NavLink>
              </li>
            </ul>
          </div>
        </nav>
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-9">
          <Outlet />
        </div>
      </div>
    </div>
  )
}

// A section posted after the session expired (decision 098): the text comes back in a form.
export function ErrorBoundary() {
  const expired = expiredSectionOf(useRouteError())
  return expired ? <ExpiredSectionPage expired={expired} /> : <GeneralErrorBoundary />
}

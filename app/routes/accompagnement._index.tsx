import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/authorize.server.ts'
import { hasRole } from '#app/auth/roles.ts'
import { projectsFollowedBy } from '#app/accelerator/mentoring/access.server.ts'
import { listCohorts } from '#app/accelerator/mentoring/cohorts.server.ts'
import { projectTitle, type Answers } from '#app/accelerator/applications/application-form.ts'
import { HealthBadge } from '#app/components/accelerator/mentoring.tsx'
import { pageTitle } from '#app/utils/meta.ts'
import { formatDay } from '#app/utils/days.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Accompagnement des projets') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const isTeam = hasRole(user, 'programme_team')
  const isMentor = hasRole(user, 'mentor')
  const [cohorts, followed] = await Promise.all([
    isTeam || isMentor ? listCohorts(context.db, user) : Promise.resolve([]),
    projectsFollowedBy(context.db, user),
  ])
  return json({
    name: user.displayName ?? user.email,
    isTeam,
    isStaff: isTeam || isMentor,
    cohorts: cohorts.map((cohort) => ({ ...cohort, projects: cohort.projects ?? 0 })),
    followed: followed.map((p) => ({ id: p.id, title: projectTitle(p.answers as Answers), cohortName: p.cohortName, health: p.health })),
  })
}

export default function MentoringHome() {
  const { name, isTeam, isStaff, cohorts, followed } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Accompagnement des projets</h1>
      <p className="fr-text--lead">
        Bonjour {name}. Les projets retenus sont accompagnés pendant trois mois : diagnostic, besoins, actions, points d’étape, mises en
        relation et comités.
      </p>
      {isStaff ? (
        <section className="fr-mb-6w">
          <h2>Cohortes</h2>
          {isTeam ? (
            <p>
              <Link className="fr-btn fr-btn--secondary" to="/accompagnement/cohortes/nouvelle">
                Créer une cohorte
              </Link>
            </p>
          ) : null}
          {cohorts.length ? (
            <ul className="fr-raw-list">
              {cohorts.map((cohort) => (
                <li key={cohort.id} className="fr-mb-2w">
                  <Link className="fr-link" to={`/accompagnement/cohortes/${cohort.id}`}>
                    {cohort.name}
                  </Link>{' '}
                  – {cohort.callTitle}, du {formatDay(cohort.starts_on)} au {formatDay(cohort.ends_on)}, {cohort.projects} projet
                  {cohort.projects > 1 ? 's' : ''}
                </li>
              ))}
            </ul>
          ) : (
            <div className="fr-callout">
              <p className="fr-callout__text">
                {isTeam ? 'Aucune cohorte pour le moment. Créez-en une à partir des projets retenus d’un appel.' : 'Aucun projet ne vous est confié pour le moment.'}
              </p>
            </div>
          )}
        </section>
      ) : null}
      {followed.length || !isStaff ? (
        <section>
          <h2>Projets que vous suivez</h2>
          {followed.length ? (
            <ul className="fr-raw-list">
              {followed.map((project) => (
                <li key={project.id} className="fr-mb-2w">
                  <Link className="fr-link" to={`/accompagnement/projets/${project.id}`}>
                    {project.title}
                  </Link>{' '}
                  ({project.cohortName}) <HealthBadge health={project.health} small />
                </li>
              ))}
            </ul>
          ) : (
            <div className="fr-callout">
              <p className="fr-callout__text">
                Aucun projet accompagné n’est lié à votre compte. Si votre projet a été retenu, son suivi apparaîtra ici dès que l’équipe du programme
                aura créé sa cohorte.
              </p>
            </div>
          )}
        </section>
      ) : null}
    </div>
  )
}

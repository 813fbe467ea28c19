import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { requireRole } from '#app/auth/authorize.server.ts'
import { listAccessibleServices, manageableOrganisations } from '#app/feedback/access.server.ts'
import { formatIndicator } from '#app/feedback/indicators.ts'
import { monthStart } from '#app/feedback/periods.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { now } from '#app/utils/clock.server.ts'
import { formatNumber } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { addMonths } from '#app/utils/days.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Mes services publics') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, 'service_team')
  const since = addMonths(monthStart(parisDay(now())), -11)
  const [services, organisations] = await Promise.all([listAccessibleServices(context.db, user, since), manageableOrganisations(context.db, user)])
  const groups = new Map<string, { id: string; name: string; manageable: boolean; services: typeof services }>()
  for (const organisation of organisations) groups.set(organisation.id, { ...organisation, manageable: true, services: [] })
  for (const service of services) {
    const group = groups.get(service.organisation_id) ?? { id: service.organisation_id, name: service.organisation_name, manageable: false, services: [] }
    group.services.push(service)
    groups.set(service.organisation_id, group)
  }
  return json({ name: user.displayName ?? user.email, groups: [...groups.values()] })
}

export default function MyServices() {
  const { name, groups } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Mes services publics</h1>
      {params.get('bienvenue') ? (
        <div className="fr-alert fr-alert--success fr-mb-3w" role="status">
          <p>Bienvenue dans l’équipe ! Vous pouvez maintenant suivre les avis des usagers.</p>
        </div>
      ) : null}
      <p className="fr-text--lead">{`Bonjour ${name}. Retrouvez ici les avis des usagers sur vos démarches, leurs tableaux de bord, et les codes pour afficher le questionnaire « Je donne mon avis ».`}</p>
      <p>
        <Link to="/services/exports" className="fr-link fr-icon-download-line fr-link--icon-left">
          Mes exports
        </Link>
      </p>
      {groups.length === 0 ? (
        <div className="fr-callout">
          <p className="fr-callout__text">Aucun service n’est encore rattaché à votre compte. Demandez à l’équipe du programme ou à un collègue de vous inviter.</p>
        </div>
      ) : null}
      {groups.map((group) => (
        <section key={group.id} className="fr-mb-6w" aria-labelledby={`organisation-${group.id}`}>
          <h2 id={`organisation-${group.id}`}>{group.name}</h2>
          {group.manageable ? (
            <ul className="fr-btns-group fr-btns-group--inline-md">
              <li>
                <Link className="fr-btn" to={`/services/nouveau?organisation=${group.id}`}>
                  Créer un service
                </Link>
              </li>
              <li>
                <Link className="fr-btn fr-btn--secondary" to={`/services/organisations/${group.id}`}>
                  Tableau de bord de l’organisation
                </Link>
              </li>
            </ul>
          ) : null}
          {group.services.length === 0 ? (
            <div className="fr-callout">
              <p className="fr-callout__text">Cette organisation n’a pas encore de service. Créez le premier pour recueillir des avis.</p>
            </div>
          ) : (
            <div className="fr-table">
              <table>
                <caption>{`Services de ${group.name} (${group.services.length})`}</caption>
                <thead>
                  <tr>
                    <th scope="col">Service</th>
                    <th scope="col">Avis sur 12 mois</th>
                    <th scope="col">Satisfaction</th>
                  </tr>
                </thead>
                <tbody>
                  {group.services.map((service) => (
                    <tr key={service.id}>
                      <td>
                        <Link to={`/services/${service.id}`}>{service.name}</Link>
                      </td>
                      <td>{formatNumber(Number(service.reviews))}</td>
                      <td>{formatIndicator({ value: Number(service.reviews) ? Number(service.sat_points) / Number(service.reviews) : null, unit: '/10' })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </div>
  )
}

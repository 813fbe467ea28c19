import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb'
import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData, useLocation } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { requireService } from '#app/feedback/access.server.ts'
import { SideMenu } from '#app/components/feedback/dashboard.tsx'

/** The frame of every page of one service: breadcrumb and the service's menu. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { service } = await requireService(context, request, params.serviceId)
  return json({ service: { id: service.id, name: service.name, organisationId: service.organisation_id, organisationName: service.organisation_name, organisationWide: service.organisationWide } })
}

export default function ServiceLayout() {
  const { service } = useLoaderData<typeof loader>()
  const location = useLocation()
  const base = `/services/${service.id}`
  const items = [
    { href: base, text: 'Tableau de bord' },
    { href: `${base}/avis`, text: 'Avis des usagers' },
    { href: `${base}/spam`, text: 'Spam probable' },
    { href: `${base}/experiences`, text: 'Expériences publiques' },
    { href: `${base}/changements`, text: 'Changements' },
    { href: `${base}/emplacements`, text: 'Emplacements et intégration' },
    { href: `${base}/questionnaire`, text: 'Questionnaire' },
    { href: `${base}/alertes`, text: 'Alertes par e-mail' },
    { href: `${base}/equipe`, text: 'Équipe' },
    { href: `${base}/parametres`, text: 'Paramètres' },
  ]
  const current = items
    .filter((item) => location.pathname === item.href || location.pathname.startsWith(`${item.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href ?? base
  return (
    <div className="fr-container fr-pb-6w">
      <Breadcrumb
        currentPageLabel={service.name}
        segments={[
          { label: 'Mes services', linkProps: { href: '/services' } },
          ...(service.organisationWide ? [{ label: service.organisationName, linkProps: { href: `/services/organisations/${service.organisationId}` } }] : []),
        ]}
      />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-3">
          <SideMenu title={service.name} items={items} current={current} />
        </div>
        <div className="fr-col-12 fr-col-md-9">
          <Outlet />
        </div>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

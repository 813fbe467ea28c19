import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireRole } from '#app/auth/authorize.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Mes services publics') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, 'service_team')
  return json({ name: user.displayName ?? user.email })
}

export default function RoleHome() {
  const { name } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Mes services publics</h1>
      <p className="fr-text--lead">Bonjour {name}. Retrouvez les avis des usagers sur vos services.</p>
      <div className="fr-callout">
        <p className="fr-callout__text">Aucun service n’est encore rattaché à votre organisation.</p>
      </div>
    </div>
  )
}

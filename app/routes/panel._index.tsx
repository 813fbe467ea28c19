import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireRole } from '#app/auth/authorize.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Panel citoyen') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, 'citizen_panelist')
  return json({ name: user.displayName ?? user.email })
}

export default function RoleHome() {
  const { name } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Panel citoyen</h1>
      <p className="fr-text--lead">Bonjour {name}. Merci de participer au panel citoyen.</p>
      <div className="fr-callout">
        <p className="fr-callout__text">Aucune candidature ne vous est confiée pour le moment.</p>
      </div>
    </div>
  )
}

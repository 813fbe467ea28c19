import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireRole } from '#app/auth/authorize.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Instruction des candidatures') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, 'admin_reviewer')
  return json({ name: user.displayName ?? user.email })
}

export default function RoleHome() {
  const { name } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Instruction des candidatures</h1>
      <p className="fr-text--lead">Bonjour {name}. Vous instruisez les candidatures des appels qui vous sont confiés.</p>
      <div className="fr-callout">
        <p className="fr-callout__text">Aucune candidature ne vous est confiée pour le moment.</p>
      </div>
    </div>
  )
}

import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireRole } from '#app/auth/authorize.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Accompagnement des projets') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, 'mentor')
  return json({ name: user.displayName ?? user.email })
}

export default function RoleHome() {
  const { name } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Accompagnement des projets</h1>
      <p className="fr-text--lead">Bonjour {name}. Vous suivez les projets qui vous sont confiés pendant trois mois.</p>
      <div className="fr-callout">
        <p className="fr-callout__text">Aucun projet ne vous est confié pour le moment.</p>
      </div>
    </div>
  )
}

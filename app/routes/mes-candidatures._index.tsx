import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/authorize.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Mes candidatures') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  return json({ name: user.displayName ?? user.email })
}

export default function RoleHome() {
  const { name } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Mes candidatures</h1>
      <p className="fr-text--lead">Bonjour {name}. Retrouvez ici vos candidatures et leur avancement.</p>
      <div className="fr-callout">
        <p className="fr-callout__text">Vous n’avez pas encore de candidature.</p>
      </div>
    </div>
  )
}

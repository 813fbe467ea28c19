import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ProConnectFailure } from '#app/components/proconnect-failure.tsx'
import { completeSignIn } from '#app/auth/complete-sign-in.server.ts'
import { proconnectFailureMessage } from '#app/auth/proconnect-messages.ts'
import {
  PROCONNECT_WAITING_PATH,
  completeProConnectLogin,
  proconnectSettings,
  readBrowserToken,
} from '#app/auth/proconnect.server.ts'
import { ROLES } from '#app/auth/roles.ts'
import { loadRoles } from '#app/auth/session.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Connexion avec ProConnect') }]

// ProConnect's redirect after authentication (the registered redirect URI).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const settings = proconnectSettings(context.env)
  if (!settings) return json({ message: proconnectFailureMessage('not-configured') }, { status: 404 })
  const result = await completeProConnectLogin(context.db, settings, {
    callbackUrl: new URL(request.url),
    browserToken: readBrowserToken(request.headers.get('cookie')),
  })
  if (!result.ok) {
    return json(
      { message: proconnectFailureMessage(result.reason) },
      { status: result.reason === 'unavailable' ? 503 : 400, headers: { 'Cache-Control': 'no-store' } },
    )
  }
  const user = await context.db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('id', '=', result.userId)
    .executeTakeFirstOrThrow()
  const roles = await loadRoles(context.db, user.id)
  const [firstAccepted] = result.acceptedRoles
  // An agent with no role yet learns whom to ask; one who just joined is welcomed on the space
  // of the role they were invited to (the invitation page they came from is now used up).
  const destination =
    roles.length === 0
      ? PROCONNECT_WAITING_PATH
      : firstAccepted && (!result.redirectTo || result.redirectTo.startsWith('/invitations/'))
        ? `${ROLES[firstAccepted].home}?bienvenue=1`
        : result.redirectTo
  // The browser-binding cookie stays until it expires: a replay of this URL is then reported
  // as « déjà servi » rather than as unknown.
  return completeSignIn(context, { id: user.id, email: user.email, displayName: user.display_name }, destination, {
    authMethod: 'proconnect',
    idTokenHint: result.idToken,
  })
}

export default function ProConnectCallback() {
  const { message } = useLoaderData<typeof loader>()
  return <ProConnectFailure message={message} />
}

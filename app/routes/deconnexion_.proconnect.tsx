import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { completeProConnectLogout, readBrowserToken } from '#app/auth/proconnect.server.ts'
import { logger } from '#app/utils/logger.server.ts'

// ProConnect's redirect after it ended its own session (the registered post-logout URI). Our
// session ended before the trip; here we only check the state and say goodbye.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const ended = await completeProConnectLogout(context.db, {
    state: new URL(request.url).searchParams.get('state'),
    browserToken: readBrowserToken(request.headers.get('cookie')),
  })
  if (!ended) logger.warn('ProConnect : retour de déconnexion sans demande correspondante')
  return redirect(ended ? '/?deconnexion=1' : '/')
}

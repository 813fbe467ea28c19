import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { beginProConnectLogout, browserCookie, proconnectSettings, readBrowserToken } from '#app/auth/proconnect.server.ts'
import { endSession } from '#app/auth/session.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { logger } from '#app/utils/logger.server.ts'

export async function loader() {
  return redirect('/')
}

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request, context)
  if (!context.session) return redirect('/')
  const { authMethod, idTokenHint } = context.session
  const headers = new Headers({ 'Set-Cookie': await endSession(context.auth, context.session.id) })
  // Signed in with ProConnect: also end the ProConnect session, or the next person on this
  // computer would be signed in again without typing anything.
  const settings = proconnectSettings(context.env)
  if (authMethod === 'proconnect' && idTokenHint && settings) {
    try {
      const logout = await beginProConnectLogout(context.db, settings, {
        idTokenHint,
        browserToken: readBrowserToken(request.headers.get('cookie')),
      })
      if (logout) {
        headers.append('Set-Cookie', browserCookie(logout.browserToken))
        return redirect(logout.url, { headers })
      }
    } catch (error) {
      logger.warn({ err: error }, 'ProConnect : déconnexion auprès du fournisseur impossible')
    }
  }
  return redirect('/?deconnexion=1', { headers })
}

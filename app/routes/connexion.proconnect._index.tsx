import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ProConnectFailure } from '#app/components/proconnect-failure.tsx'
import { proconnectFailureMessage } from '#app/auth/proconnect-messages.ts'
import { beginProConnectLogin, browserCookie, proconnectSettings, readBrowserToken } from '#app/auth/proconnect.server.ts'
import { homeFor } from '#app/auth/roles.ts'
import { safeRedirect } from '#app/auth/sign-in.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { hitRateLimit } from '#app/utils/rate-limit.server.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Connexion avec ProConnect') }]

const PROCONNECT_START_LIMIT = { limit: 30, windowSeconds: 15 * 60 }

// The « S'identifier avec ProConnect » button is a link here: a GET that starts the round trip
// and sends the browser to ProConnect. It works without JavaScript.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirection = safeRedirect(new URL(request.url).searchParams.get('redirection'), '') || null
  const settings = proconnectSettings(context.env)
  if (!settings) return json({ message: proconnectFailureMessage('not-configured'), redirection }, { status: 404 })
  if (context.user) throw redirect(safeRedirect(redirection, homeFor(context.user)))
  const limit = await hitRateLimit(context.db, `proconnect:ip:${context.ipHash}`, PROCONNECT_START_LIMIT)
  if (!limit.allowed) {
    return json(
      { message: 'Trop de tentatives de connexion depuis votre réseau. Merci de patienter quelques minutes avant de réessayer.', redirection },
      { status: 429, headers: { 'Retry-After': String(limit.retryAfter) } },
    )
  }
  try {
    const { url, browserToken } = await beginProConnectLogin(context.db, settings, {
      browserToken: readBrowserToken(request.headers.get('cookie')),
      redirectTo: redirection,
    })
    return redirect(url, { headers: { 'Set-Cookie': browserCookie(browserToken), 'Cache-Control': 'no-store' } })
  } catch (error) {
    logger.error({ err: error }, 'ProConnect : impossible de commencer la connexion')
    return json({ message: proconnectFailureMessage('unavailable'), redirection }, { status: 503 })
  }
}

export default function StartProConnect() {
  const { message, redirection } = useLoaderData<typeof loader>()
  return <ProConnectFailure message={message} redirection={redirection} />
}

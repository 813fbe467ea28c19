import { redirect, type AppLoadContext } from '@remix-run/node'
import { homeFor } from './roles.ts'
import { loadRoles, startSession } from './session.server.ts'
import { safeRedirect } from './sign-in.server.ts'

/** Opens a new session (a fresh id: no fixation) and sends the person where they were going. */
export async function completeSignIn(
  context: AppLoadContext,
  user: { id: string; email: string; displayName: string | null },
  redirectTo: string | null,
  options: { authMethod?: 'email' | 'proconnect'; idTokenHint?: string | null } = {},
) {
  if (context.session) await context.auth.invalidateSession(context.session.id)
  const cookie = await startSession(context.auth, user.id, options)
  const roles = await loadRoles(context.db, user.id)
  const destination = safeRedirect(redirectTo, homeFor({ ...user, roles }))
  return redirect(destination, { headers: { 'Set-Cookie': cookie } })
}

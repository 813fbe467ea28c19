import { redirect, type AppLoadContext } from '@remix-run/node'
import { hasRole, type Role, type SessionUser } from './roles.ts'
import { forbidden, notFound } from '#app/utils/responses.server.ts'

export { forbidden, notFound }

/** Where to send someone who must sign in, coming back here afterwards. */
export function signInUrl(request: Request): string {
  const url = new URL(request.url)
  return `/connexion?redirection=${encodeURIComponent(url.pathname + url.search)}`
}

/** The signed-in person, or a redirect to the sign-in page. */
export function requireUser(context: AppLoadContext, request: Request): SessionUser {
  if (!context.user) throw redirect(signInUrl(request))
  return context.user
}

/**
 * The signed-in person if they hold `role` (on `scopeId` when given; a global grant covers every
 * scope). Otherwise a redirect to sign in, or a 403. Every loader and action that needs a role
 * calls this: the UI only hides what the server refuses.
 */
export function requireRole(context: AppLoadContext, request: Request, role: Role, scopeId?: string): SessionUser {
  const user = requireUser(context, request)
  if (!hasRole(user, role, scopeId)) throw forbidden()
  return user
}

/** The person if they hold any of the roles. */
export function requireAnyRole(context: AppLoadContext, request: Request, roles: Role[]): SessionUser {
  const user = requireUser(context, request)
  if (!roles.some((role) => hasRole(user, role))) throw forbidden()
  return user
}


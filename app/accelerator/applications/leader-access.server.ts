import type { AppLoadContext } from '@remix-run/node'
import { notFound, requireUser } from '#app/auth/authorize.server.ts'
import { findMemberApplication } from './applications.server.ts'

/**
 * The signed-in person's application, for the leader pages. Not a leader of it (another
 * person's application, a made-up id, a removed co-leader): 404, never a hint that it exists.
 */
export async function requireMemberApplication(context: AppLoadContext, request: Request, applicationId: string | undefined) {
  const user = requireUser(context, request)
  const found = await findMemberApplication(context.db, user, applicationId ?? '')
  if (found.status !== 'member') throw notFound()
  return { user, role: found.role, application: found.application, call: found.call }
}

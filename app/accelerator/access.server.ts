import type { AppLoadContext } from '@remix-run/node'
import type { Db } from '#db/client.ts'
import { notFound, requireAnyRole } from '#app/auth/authorize.server.ts'
import { hasRole, scopeIds, type SessionUser } from '#app/auth/roles.ts'
import type { JobQueue } from '#app/jobs/types.ts'
import { storageFor, type FileStorage } from '#app/utils/file-storage.server.ts'

/** What the accelerator's domain functions need from the app. */
export interface AcceleratorServices {
  db: Db
  jobs: JobQueue
  appUrl: string
  storage: FileStorage
}

export function acceleratorServices(context: { db: Db; jobs: JobQueue; env: { APP_URL: string; UPLOADS_DIR: string } }): AcceleratorServices {
  return { db: context.db, jobs: context.jobs, appUrl: context.env.APP_URL, storage: storageFor(context.env) }
}

/** The programme team instructs every call; an administration reviewer only the calls they are given. */
export function canInstructCall(user: SessionUser | null, callId: string): boolean {
  return hasRole(user, 'programme_team') || hasRole(user, 'admin_reviewer', callId)
}

/** Ids of the calls a person instructs, or 'all' for the programme team. */
export function instructedCallIds(user: SessionUser): string[] | 'all' {
  return hasRole(user, 'programme_team') ? 'all' : scopeIds(user, 'admin_reviewer')
}

/**
 * A reviewer or the programme team, on this call. Someone with neither role gets a 403; a
 * reviewer of another call gets a 404, as for any resource that is not theirs.
 */
export function requireCallStaff(context: AppLoadContext, request: Request, callId: string): SessionUser {
  const user = requireAnyRole(context, request, ['admin_reviewer', 'programme_team'])
  if (!canInstructCall(user, callId)) throw notFound()
  return user
}

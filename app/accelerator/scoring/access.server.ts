import type { AppLoadContext } from '@remix-run/node'
import { notFound, requireAnyRole, requireRole } from '#app/auth/authorize.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import type { ScoringJury } from '#db/schema/scoring.ts'
import { JURY_STATES, scoringStarted, selectionUnderWay } from '../calls/call-states.ts'
import { findCall } from '../calls/calls.server.ts'
import { juryOf } from './panel.server.ts'


/**
 * A member of one of this call's juries. Someone with neither jury role gets a 403; a member of
 * another call's jury a 404; a call not yet in evaluation is « not found » too.
 */
export async function requireJuryMember(context: AppLoadContext, request: Request, callId: string): Promise<{ user: SessionUser; jury: ScoringJury; call: NonNullable<Awaited<ReturnType<typeof findCall>>> }> {
  const user = requireAnyRole(context, request, ['admin_reviewer', 'citizen_panelist'])
  const jury = juryOf(user, callId)
  if (!jury) throw notFound()
  const call = await findCall(context.db, callId)
  if (!call || !scoringStarted(call.state)) throw notFound()
  return { user, jury, call }
}

/**
 * The programme team, on a call that exists and is open or later: the juries are recruited while
 * the call runs (the citizen panel especially), so their page opens before the close. Scoring
 * itself (assignment, reviews, deliberation) still waits for it: see `requireTeamOnScoredCall`.
 */
export async function requireTeamOnJuryCall(context: AppLoadContext, request: Request, callId: string) {
  const user = requireRole(context, request, 'programme_team')
  const call = await findCall(context.db, callId)
  if (!call || !JURY_STATES.includes(call.state)) throw notFound()
  return { user, call }
}

/** The programme team, on a call that exists and has closed (scoring pages of the team). */
export async function requireTeamOnScoredCall(context: AppLoadContext, request: Request, callId: string) {
  const user = requireRole(context, request, 'programme_team')
  const call = await findCall(context.db, callId)
  if (!call || !selectionUnderWay(call.state)) throw notFound()
  return { user, call }
}

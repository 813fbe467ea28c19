import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireTeamOnScoredCall } from '#app/accelerator/scoring-access.server.ts'
import { computeResults, listDecisions, resultsCsv } from '#app/accelerator/scoring-results.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { parisDay } from '#app/utils/paris-time.ts'

/** Scores and decisions of a call, as CSV (audited, like every export). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, call } = await requireTeamOnScoredCall(context, request, params.callId ?? '')
  const [results, decisions] = await Promise.all([computeResults(context.db, call), listDecisions(context.db, call.id)])
  await audit(context.db, { actorId: user.id, action: 'scoring.results_exported', subjectType: 'call', subjectId: call.id, data: { format: 'csv' } })
  return new Response(resultsCsv(results, decisions), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="notes-${call.slug}-${parisDay(now())}.csv"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

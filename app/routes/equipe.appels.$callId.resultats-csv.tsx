import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireTeamOnScoredCall } from '#app/accelerator/scoring/access.server.ts'
import { z } from 'zod'
import { computeResults, listDecisions, resultsCsv, resultsXlsx } from '#app/accelerator/scoring/results.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { parisDay } from '#app/utils/paris-time.ts'

/** Scores and decisions of a call, as CSV or XLSX (`?format=xlsx`), audited like every export. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, call } = await requireTeamOnScoredCall(context, request, params.callId ?? '')
  const [results, decisions] = await Promise.all([computeResults(context.db, call), listDecisions(context.db, call.id)])
  const format = z.enum(['csv', 'xlsx']).catch('csv').parse(new URL(request.url).searchParams.get('format'))
  await audit(context.db, { actorId: user.id, action: 'scoring.results_exported', subjectType: 'call', subjectId: call.id, data: { format } })
  return new Response(format === 'csv' ? resultsCsv(results, decisions) : await resultsXlsx(results, decisions), {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="notes-${call.slug}-${parisDay(now())}.${format}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

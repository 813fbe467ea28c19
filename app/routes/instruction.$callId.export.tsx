import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { notFound } from '#app/auth/authorize.server.ts'
import { requireCallStaff } from '#app/accelerator/access.server.ts'
import { findCall } from '#app/accelerator/calls/calls.server.ts'
import { csvStream, xlsxStream } from '#app/accelerator/exports.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { parisDay } from '#app/utils/paris-time.ts'

/** The call's submitted applications as CSV or XLSX, streamed. Each export is recorded in the audit log (personal data). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireCallStaff(context, request, params.callId ?? '')
  const call = await findCall(context.db, params.callId ?? '')
  if (!call) throw notFound()
  const format = z.enum(['csv', 'xlsx']).catch('csv').parse(new URL(request.url).searchParams.get('format'))
  await audit(context.db, { actorId: user.id, action: 'call.applications_exported', subjectType: 'call', subjectId: call.id, data: { format } })
  const name = `candidatures-${call.slug}-${parisDay(now())}.${format}`
  return new Response(format === 'csv' ? csvStream(context.db, call.id) : xlsxStream(context.db, call.id), {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

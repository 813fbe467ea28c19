import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { notFound } from '#app/auth/authorize.server.ts'
import { requireCohortStaff } from '#app/accelerator/mentoring/access.server.ts'
import { findCohort } from '#app/accelerator/mentoring/cohorts.server.ts'
import { cohortExportRows, toCsv, toXlsx } from '#app/accelerator/mentoring/exports.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { parisDay } from '#app/utils/paris-time.ts'

/** The cohort's projects as CSV or XLSX; each export is recorded in the audit log. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireCohortStaff(context, request, params.cohortId ?? '')
  const cohort = await findCohort(context.db, params.cohortId ?? '')
  if (!cohort) throw notFound()
  const format = z.enum(['csv', 'xlsx']).catch('csv').parse(new URL(request.url).searchParams.get('format'))
  const today = parisDay(now())
  const data = await cohortExportRows(context.db, cohort.id, today)
  await audit(context.db, { actorId: user.id, action: 'cohort.exported', subjectType: 'cohort', subjectId: cohort.id, data: { format } })
  return new Response(format === 'csv' ? toCsv(data) : await toXlsx(data), {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="cohorte-${today}.${format}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

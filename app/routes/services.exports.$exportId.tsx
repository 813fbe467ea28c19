import type { LoaderFunctionArgs } from '@remix-run/node'
import { notFound, requireRole } from '#app/auth/authorize.server.ts'
import { exportStream, findExportForDownload } from '#app/feedback/exports.server.ts'

const TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }

/** Downloads a finished export: only the person who asked for it, while it is kept. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireRole(context, request, 'service_team')
  const item = await findExportForDownload(context.db, user, params.exportId ?? '')
  if (!item) throw notFound('Cet export n’existe pas, n’est pas prêt ou a expiré.')
  return new Response(exportStream(context.db, item.id), {
    headers: {
      'Content-Type': TYPES[item.format],
      'Content-Disposition': `attachment; filename="${item.file_name}"`,
      'Cache-Control': 'private, no-store',
      ...(item.byte_size ? { 'Content-Length': String(item.byte_size) } : {}),
    },
  })
}

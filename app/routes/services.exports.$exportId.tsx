import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { notFound, requireRole } from '#app/auth/authorize.server.ts'
import { exportStream, findExportForDownload } from '#app/feedback/exports.server.ts'
import { isStorageUnavailable, STORAGE_UNAVAILABLE_MESSAGE, storageFor } from '#app/utils/file-storage.server.ts'
import { logger } from '#app/utils/logger.server.ts'

const TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }

/** Downloads a finished export: only the person who asked for it, while it is kept. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireRole(context, request, 'service_team')
  const item = await findExportForDownload(context.db, user, params.exportId ?? '')
  if (!item) throw notFound('Cet export n’existe pas, n’est pas prêt ou a expiré.')
  // Read through the app after the check above, from the database or the bucket (decision 092).
  const reader = exportStream(context.db, item.id, { storage: storageFor(context.env), byteSize: item.byte_size }).getReader()
  // The first piece is read before answering: a bucket that cannot be reached is a French 503,
  // not a download that stops at 0 byte.
  const first = await reader.read().catch((error: unknown) => {
    if (!isStorageUnavailable(error)) throw error
    logger.error({ err: error, requestId: context.requestId }, 'export non téléchargé : stockage injoignable')
    throw json({ message: STORAGE_UNAVAILABLE_MESSAGE }, { status: 503, headers: { 'Retry-After': '5', 'Cache-Control': 'no-store' } })
  })
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close()
      else controller.enqueue(first.value)
    },
    async pull(controller) {
      const next = await reader.read()
      if (next.done) controller.close()
      else controller.enqueue(next.value)
    },
    cancel: (reason) => reader.cancel(reason),
  })
  return new Response(body, {
    headers: {
      'Content-Type': TYPES[item.format],
      'Content-Disposition': `attachment; filename="${item.file_name}"`,
      'Cache-Control': 'private, no-store',
      ...(item.byte_size ? { 'Content-Length': String(item.byte_size) } : {}),
    },
  })
}

import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { notFound, requireUser } from '#app/auth/authorize.server.ts'
import { acceleratorServices, canInstructCall } from '#app/accelerator/access.server.ts'
import { readableAttachment } from '#app/accelerator/applications/applications.server.ts'
import { contentDisposition } from '#app/accelerator/applications/attachment-files.server.ts'
import { isStorageUnavailable, STORAGE_UNAVAILABLE_MESSAGE } from '#app/utils/file-storage.server.ts'
import { logger } from '#app/utils/logger.server.ts'

/**
 * Downloads an attachment, for the application's leaders and the people who instruct its call.
 * Always as a download (never displayed inline), with the type found when it was uploaded and
 * `nosniff`: a file cannot run as a page of the site. The name is the one shown in the pages,
 * cleaned again (decision 082): rows stored before it kept invisible characters. The bytes come
 * from the storage (disk or bucket) through the app, after the access check (decision 092).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const file = await readableAttachment(context.db, user, params.fileId ?? '', (callId) => canInstructCall(user, callId))
  if (!file) throw notFound('Ce fichier n’existe pas ou vous n’y avez pas accès.')
  const stream = await acceleratorServices(context)
    .storage.get(file.storage_key)
    .catch((error: unknown) => {
      if (!isStorageUnavailable(error)) throw error
      logger.error({ err: error, requestId: context.requestId }, 'téléchargement impossible : stockage injoignable')
      throw json({ message: STORAGE_UNAVAILABLE_MESSAGE }, { status: 503, headers: { 'Retry-After': '5', 'Cache-Control': 'no-store' } })
    })
  if (!stream) throw notFound('Ce fichier n’est plus disponible. Prévenez l’équipe du programme.')
  return new Response(stream, {
    headers: {
      'Content-Type': file.content_type,
      'Content-Length': String(file.size_bytes),
      'Content-Disposition': contentDisposition(file.original_name, file.content_type),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  })
}

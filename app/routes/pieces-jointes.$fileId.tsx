import type { LoaderFunctionArgs } from '@remix-run/node'
import { notFound, requireUser } from '#app/auth/authorize.server.ts'
import { acceleratorServices, canInstructCall } from '#app/accelerator/access.server.ts'
import { readableAttachment } from '#app/accelerator/applications.server.ts'
import { contentDisposition } from '#app/accelerator/attachment-files.server.ts'

/**
 * Downloads an attachment, for the application's leaders and the people who instruct its call.
 * Always as a download (never displayed inline), with the type found when it was uploaded and
 * `nosniff`: a file cannot run as a page of the site. The name is the one shown in the pages,
 * cleaned again (decision 082): rows stored before it kept invisible characters.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const file = await readableAttachment(context.db, user, params.fileId ?? '', (callId) => canInstructCall(user, callId))
  if (!file) throw notFound('Ce fichier n’existe pas ou vous n’y avez pas accès.')
  const stream = await acceleratorServices(context).storage.get(file.storage_key)
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

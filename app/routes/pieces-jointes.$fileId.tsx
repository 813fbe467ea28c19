import type { LoaderFunctionArgs } from '@remix-run/node'
import { notFound, requireUser } from '#app/auth/authorize.server.ts'
import { acceleratorServices, canInstructCall } from '#app/accelerator/access.server.ts'
import { readableAttachment } from '#app/accelerator/applications.server.ts'

/**
 * Downloads an attachment, for the application's leaders and the people who instruct its call.
 * Always as a download (never displayed inline), with the type found when it was uploaded and
 * `nosniff`: a file cannot run as a page of the site.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const file = await readableAttachment(context.db, user, params.fileId ?? '', (callId) => canInstructCall(user, callId))
  if (!file) throw notFound('Ce fichier n’existe pas ou vous n’y avez pas accès.')
  const stream = await acceleratorServices(context).storage.get(file.storage_key)
  if (!stream) throw notFound('Ce fichier n’est plus disponible. Prévenez l’équipe du programme.')
  const ascii = file.original_name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return new Response(stream, {
    headers: {
      'Content-Type': file.content_type,
      'Content-Length': String(file.size_bytes),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.original_name)}`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  })
}

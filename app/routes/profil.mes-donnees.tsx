import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/auth/authorize.server.ts'
import { exportUserData } from '#app/auth/data-export.server.ts'
import { audit } from '#app/utils/audit.server.ts'

// « Télécharger mes données »: a JSON file of everything held about the signed-in person.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const data = await exportUserData(context.db, user)
  await audit(context.db, { actorId: user.id, action: 'user.data_exported', subjectType: 'user', subjectId: user.id })
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="mes-donnees-accelerateur.json"',
      'Cache-Control': 'no-store',
    },
  })
}

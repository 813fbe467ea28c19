import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { endSession } from '#app/auth/session.server.ts'
import { readForm } from '#app/utils/forms.server.ts'

export async function loader() {
  return redirect('/')
}

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request, context)
  if (!context.session) return redirect('/')
  const cookie = await endSession(context.auth, context.session.id)
  return redirect('/?deconnexion=1', { headers: { 'Set-Cookie': cookie } })
}

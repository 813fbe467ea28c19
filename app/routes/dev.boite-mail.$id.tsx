import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { notFound } from '#app/auth/authorize.server.ts'
import { requireDemoMode } from '#app/utils/demo.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { UuidSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.email.subject ?? 'E-mail') }]

export async function loader({ params, context }: LoaderFunctionArgs) {
  requireDemoMode(context)
  const id = UuidSchema.safeParse(params.id)
  if (!id.success) throw notFound()
  const email = await context.db
    .selectFrom('email_outbox')
    .select(['id', 'to_address', 'subject', 'text', 'created_at', 'status'])
    .where('id', '=', id.data)
    .executeTakeFirst()
  if (!email) throw notFound()
  return json({ email })
}

export default function OutboxEmail() {
  const { email } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <Link to="/dev/boite-mail" className="fr-link fr-icon-arrow-left-line fr-link--icon-left">
        Retour à la boîte d’envoi
      </Link>
      <h1 className="fr-mt-3w">{email.subject}</h1>
      <p>
        À : {email.to_address} — {new Date(email.created_at).toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' })}
      </p>
      <pre data-testid="email-text" style={{ whiteSpace: 'pre-wrap' }} className="fr-p-3w fr-background-alt--grey">
        {email.text}
      </pre>
    </div>
  )
}

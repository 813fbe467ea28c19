import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { acceptCoLeaderInvitation, findCoLeaderInvitation } from '#app/accelerator/applications/applications.server.ts'
import { projectTitle, type Answers } from '#app/accelerator/applications/application-form.ts'
import { SecureForm } from '#app/components/forms.tsx'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Rejoindre une candidature') }]

const TokenSchema = z.string().regex(/^[\w-]{40,64}$/)

function statusMessage(status: string, email?: string): string {
  switch (status) {
    case 'accepted':
      return 'Cette invitation a déjà été acceptée.'
    case 'expired':
      return 'Cette invitation a expiré. Demandez au porteur de la candidature de vous en envoyer une nouvelle.'
    case 'revoked':
      return 'Cette invitation a été annulée par le porteur de la candidature.'
    case 'wrong-account':
      return `Cette invitation a été envoyée à ${email ?? 'une autre adresse'}. Déconnectez-vous, puis connectez-vous avec cette adresse pour l’accepter.`
    default:
      return 'Cette invitation est introuvable. Vérifiez que vous avez copié le lien en entier.'
  }
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const token = TokenSchema.safeParse(params.jeton)
  const { status, invitation } = token.success ? await findCoLeaderInvitation(context.db, token.data) : { status: 'unknown' as const, invitation: null }
  if (!invitation || status !== 'pending') {
    return json({ error: statusMessage(status), invitation: null, signedIn: Boolean(context.user), path: '' }, { status: status === 'unknown' ? 404 : 410 })
  }
  return json({
    error: null,
    signedIn: Boolean(context.user),
    path: `/mes-candidatures/rejoindre/${token.data}`,
    invitation: {
      email: invitation.email,
      title: projectTitle(invitation.answers as Answers),
      callTitle: invitation.call_title,
      inviter: invitation.inviter_name ?? invitation.inviter_email ?? 'Un porteur',
    },
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await readForm(request, context)
  const token = TokenSchema.safeParse(params.jeton)
  if (!token.success) return json({ error: statusMessage('unknown') }, { status: 404 })
  if (!context.user) throw redirect(`/connexion?redirection=${encodeURIComponent(`/mes-candidatures/rejoindre/${token.data}`)}`)
  const result = await acceptCoLeaderInvitation(context.db, context.user, token.data)
  if (!result.ok) {
    const { invitation } = await findCoLeaderInvitation(context.db, token.data)
    const status = result.reason === 'wrong-account' ? 403 : result.reason === 'unknown' ? 404 : 410
    return json({ error: statusMessage(result.reason, invitation?.email) }, { status })
  }
  return redirect(`/mes-candidatures/${result.applicationId}?bienvenue=1`)
}

export default function JoinApplication() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const error = actionData?.error ?? data.error
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-8">
          <h1>Rejoindre une candidature</h1>
          {error ? (
            <div className="fr-alert fr-alert--error fr-mb-3w" role="alert">
              <p>{error}</p>
            </div>
          ) : null}
          {data.invitation ? (
            <>
              <p className="fr-text--lead">
                {data.invitation.inviter} vous invite à rédiger ensemble la candidature « {data.invitation.title} » à l’appel «{' '}
                {data.invitation.callTitle} ».
              </p>
              <p>Invitation envoyée à : {data.invitation.email}</p>
              {data.signedIn ? (
                <SecureForm method="post">
                  <button type="submit" className="fr-btn">
                    Rejoindre la candidature
                  </button>
                </SecureForm>
              ) : (
                <Link className="fr-btn" to={`/connexion?redirection=${encodeURIComponent(data.path)}`}>
                  Me connecter pour rejoindre
                </Link>
              )}
            </>
          ) : (
            <Link to="/mes-candidatures">Aller à mes candidatures</Link>
          )}
        </div>
      </div>
    </div>
  )
}

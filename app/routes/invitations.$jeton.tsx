import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { z } from 'zod'
import { SecureForm } from '#app/components/forms.tsx'
import { acceptInvitation, findInvitation, type InvitationStatus } from '#app/auth/invitations.server.ts'
import { ROLES, isRole } from '#app/auth/roles.ts'
import { scopeLabel } from '#app/auth/scopes.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Invitation') }]

const TokenSchema = z.string().regex(/^[\w-]{40,64}$/)

function statusMessage(status: InvitationStatus | 'wrong-account', email?: string): string {
  switch (status) {
    case 'accepted':
      return 'Cette invitation a déjà été acceptée.'
    case 'expired':
      return 'Cette invitation a expiré. Demandez à l’équipe du programme de vous en envoyer une nouvelle.'
    case 'revoked':
      return 'Cette invitation a été annulée par l’équipe du programme.'
    case 'wrong-account':
      return `Cette invitation a été envoyée à ${email ?? 'une autre adresse'}. Déconnectez-vous, puis connectez-vous avec cette adresse pour l’accepter.`
    default:
      return 'Cette invitation est introuvable. Vérifiez que vous avez copié le lien en entier.'
  }
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const token = TokenSchema.safeParse(params.jeton)
  const { status, invitation } = token.success ? await findInvitation(context.db, token.data) : { status: 'unknown' as const, invitation: null }
  if (!invitation || status !== 'pending' || !isRole(invitation.role)) {
    return json({ error: statusMessage(status), invitation: null, signedInAs: context.user?.email ?? null }, { status: status === 'unknown' ? 404 : 410 })
  }
  const label = await scopeLabel(context.db, invitation.scope_type as never, invitation.scope_id)
  return json({
    error: null,
    signedInAs: context.user?.email ?? null,
    invitation: {
      email: invitation.email,
      roleLabel: ROLES[invitation.role].label,
      scopeLabel: label,
      inviterName: invitation.inviter_name,
      message: invitation.message,
    },
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await readForm(request, context)
  const token = TokenSchema.safeParse(params.jeton)
  if (!token.success) return json({ error: statusMessage('unknown') }, { status: 404 })
  if (!context.user) throw redirect(`/connexion?redirection=${encodeURIComponent(`/invitations/${token.data}`)}`)
  const result = await acceptInvitation(context.db, context.user, token.data)
  if (!result.ok) {
    const { invitation } = await findInvitation(context.db, token.data)
    const status = result.reason === 'wrong-account' ? 403 : result.reason === 'unknown' ? 404 : 410
    return json({ error: statusMessage(result.reason, invitation?.email) }, { status })
  }
  return redirect(`${ROLES[result.role].home}?bienvenue=1`)
}

export default function Invitation() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const error = actionData?.error ?? data.error
  const location = useLocation()
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8">
          <h1>Invitation</h1>
          {error ? (
            <div className="fr-alert fr-alert--error fr-mb-4w" role="alert">
              <h2 className="fr-alert__title">Invitation impossible à accepter</h2>
              <p>{error}</p>
            </div>
          ) : null}
          {data.invitation ? (
            <>
              <p className="fr-text--lead">
                {data.invitation.inviterName ?? 'L’équipe du programme'} vous invite à rejoindre l’Accélérateur
                d’initiatives citoyennes en tant que <strong>{data.invitation.roleLabel}</strong>
                {data.invitation.scopeLabel ? <> — {data.invitation.scopeLabel}</> : null}.
              </p>
              {data.invitation.message ? <blockquote className="fr-quote fr-quote--column"><p>« {data.invitation.message} »</p></blockquote> : null}
              <p>Invitation envoyée à : {data.invitation.email}</p>
              {data.signedInAs ? (
                <SecureForm method="post">
                  <p>Vous êtes connecté·e avec l’adresse {data.signedInAs}.</p>
                  <button type="submit" className="fr-btn">
                    Accepter l’invitation
                  </button>
                </SecureForm>
              ) : (
                <>
                  <p>Pour accepter, connectez-vous avec l’adresse à laquelle vous avez reçu l’invitation.</p>
                  <Link className="fr-btn" to={`/connexion?redirection=${encodeURIComponent(location.pathname)}`}>
                    Me connecter pour accepter
                  </Link>
                </>
              )}
            </>
          ) : (
            <Link className="fr-btn fr-btn--secondary" to="/">
              Retour à l’accueil
            </Link>
          )}
        </div>
      </div>
    </div>
  )
}

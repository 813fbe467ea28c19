import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import {
  inviteCoLeader,
  listMembers,
  listPendingCoLeaderInvitations,
  removeMember,
  revokeCoLeaderInvitation,
} from '#app/accelerator/applications.server.ts'
import { requireMemberApplication } from '#app/accelerator/leader-access.server.ts'
import { FormErrors, SecureForm, TextField } from '#app/components/forms.tsx'
import { formatDate } from '#app/utils/format.ts'
import { readForm, tooManyRequests } from '#app/utils/forms.server.ts'
import { hitRateLimit } from '#app/utils/rate-limit.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { MAX_MEMBERS } from '#app/accelerator/limits.ts'
import { EmailSchema, UuidSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Co-porteurs') }]

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('inviter'), email: EmailSchema }),
  z.object({ intent: z.literal('retirer'), userId: UuidSchema }),
  z.object({ intent: z.literal('annuler'), invitationId: UuidSchema }),
])

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, role, application } = await requireMemberApplication(context, request, params.id)
  const [members, invitations] = await Promise.all([listMembers(context.db, application.id), listPendingCoLeaderInvitations(context.db, application.id)])
  return json({ id: application.id, me: user.id, isOwner: role === 'porteur', members, invitations })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, application } = await requireMemberApplication(context, request, params.id)
  const submission = parseWithZod(await readForm(request, context), { schema: ActionSchema })
  if (submission.status !== 'success') return json({ result: submission.reply(), message: null }, { status: 400 })
  const value = submission.value
  const base = `/mes-candidatures/${application.id}/co-porteurs`
  if (value.intent === 'inviter') {
    // Each invitation sends an e-mail: a person cannot use this form to send dozens.
    const limit = await hitRateLimit(context.db, `co-leader-invite:${user.id}`, { limit: 10, windowSeconds: 3600 })
    if (!limit.allowed) return tooManyRequests(limit.retryAfter)
    const result = await inviteCoLeader(acceleratorServices(context), user, application.id, value.email)
    if (!result.ok) return json({ result: submission.reply({ fieldErrors: { email: [result.message] } }), message: null }, { status: 400 })
    return redirect(`${base}?invite=1`)
  }
  if (value.intent === 'annuler') {
    if (!(await revokeCoLeaderInvitation(context.db, user, application.id, value.invitationId)))
      return json({ result: null, message: 'Cette invitation n’est plus en attente.' }, { status: 404 })
    return redirect(`${base}?annulee=1`)
  }
  const result = await removeMember(context.db, user, application.id, value.userId)
  if (!result.ok) return json({ result: null, message: result.message }, { status: 400 })
  return redirect(value.userId === user.id ? '/mes-candidatures?quitte=1' : `${base}?retire=1`)
}

export default function CoLeaders() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errors = (actionData && 'result' in actionData ? actionData.result?.error : null) ?? {}
  const notice = params.get('invite')
    ? 'Invitation envoyée par e-mail.'
    : params.get('retire')
      ? 'Cette personne ne fait plus partie de la candidature.'
      : params.get('annulee')
        ? 'Invitation annulée.'
        : null
  return (
    <>
      <h1>Co-porteurs</h1>
      <p>
        Invitez une autre personne du projet à rédiger la candidature avec vous. Elle pourra modifier toutes les sections et déposer
        la candidature. Si vous modifiez tous deux la même section en même temps, rien n’est écrasé : la seconde personne est prévenue
        et choisit quelle version garder.
      </p>
      {notice ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <FormErrors errors={actionData?.message ? [actionData.message] : null} />

      <section aria-labelledby="membres" className="fr-mb-6w">
        <h2 id="membres">Personnes qui rédigent la candidature</h2>
        <ul>
          {data.members.map((member) => (
            <li key={member.user_id} className="fr-mb-1w">
              {member.display_name ? `${member.display_name} (${member.email})` : member.email}
              {member.role === 'porteur' ? ' – a créé la candidature' : ' – co-porteur'}
              {member.user_id === data.me ? ' – vous' : ''}
              {member.role !== 'porteur' && (data.isOwner || member.user_id === data.me) ? (
                <SecureForm method="post" className="fr-mt-1w">
                  <input type="hidden" name="intent" value="retirer" />
                  <input type="hidden" name="userId" value={member.user_id} />
                  <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary">
                    {member.user_id === data.me ? 'Quitter la candidature' : `Retirer ${member.display_name ?? member.email}`}
                  </button>
                </SecureForm>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      {data.invitations.length ? (
        <section aria-labelledby="invitations" className="fr-mb-6w">
          <h2 id="invitations">Invitations en attente</h2>
          <ul>
            {data.invitations.map((invitation) => (
              <li key={invitation.id} className="fr-mb-1w">
                {invitation.email} – valable jusqu’au {formatDate(invitation.expires_at)}
                <SecureForm method="post" className="fr-mt-1w">
                  <input type="hidden" name="intent" value="annuler" />
                  <input type="hidden" name="invitationId" value={invitation.id} />
                  <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary">
                    Annuler l’invitation de {invitation.email}
                  </button>
                </SecureForm>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.members.length + data.invitations.length < MAX_MEMBERS ? (
        <section aria-labelledby="inviter">
          <h2 id="inviter">Inviter un co-porteur</h2>
          <SecureForm method="post" noValidate>
            <input type="hidden" name="intent" value="inviter" />
            <TextField
              label="Adresse e-mail de la personne"
              hint="Elle reçoit un lien valable 14 jours, et se connecte avec cette adresse pour rejoindre la candidature."
              name="email"
              type="email"
              autoComplete="off"
              required
              errors={errors.email}
            />
            <button type="submit" className="fr-btn">
              Envoyer l’invitation
            </button>
          </SecureForm>
        </section>
      ) : (
        <p>Une candidature réunit {MAX_MEMBERS} personnes au plus.</p>
      )}
    </>
  )
}

import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { projectTitle, type Answers } from '#app/accelerator/applications/application-form.ts'
import { inviteCoLeader, listPendingCoLeaderInvitations, removeMember, revokeCoLeaderInvitation } from '#app/accelerator/applications/applications.server.ts'
import { teamStatus, transferOwnership } from '#app/accelerator/applications/application-team.server.ts'
import { requireMemberApplication } from '#app/accelerator/applications/leader-access.server.ts'
import { ConfirmLeave, ConfirmTransfer } from '#app/components/accelerator/application-team/confirmations.tsx'
import { PendingInvitations, TeamMembers } from '#app/components/accelerator/application-team/team-members.tsx'
import { FormErrors, SecureForm, TextField } from '#app/components/forms.tsx'
import { readForm, tooManyRequests } from '#app/utils/forms.server.ts'
import { hitRateLimit } from '#app/utils/rate-limit.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { MAX_MEMBERS } from '#app/accelerator/limits.ts'
import { EmailSchema, UuidSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Co-porteurs') }]

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('invite'), email: EmailSchema }),
  z.object({ intent: z.literal('remove_member'), userId: UuidSchema }),
  z.object({ intent: z.literal('cancel_invitation'), invitationId: UuidSchema }),
  z.object({ intent: z.literal('leave') }),
  z.object({ intent: z.literal('transfer_ownership'), userId: UuidSchema }),
])

const NOTICES: Record<string, string> = {
  invite: 'Invitation envoyée par e-mail.',
  retire: 'Cette personne ne fait plus partie de la candidature : elle n’y a plus accès.',
  annulee: 'Invitation annulée : son lien ne fonctionne plus.',
  confiee: 'La candidature est confiée : vous en êtes maintenant co-porteur. Vous avez reçu tous les deux un e-mail.',
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, role, application } = await requireMemberApplication(context, request, params.id)
  const [team, invitations] = await Promise.all([teamStatus(context.db, application.id), listPendingCoLeaderInvitations(context.db, application.id)])
  const isOwner = role === 'leader'
  const search = new URL(request.url).searchParams
  const transferTo = isOwner ? team.find((member) => member.role === 'co_leader' && member.userId === search.get('confier')) : undefined
  return json({
    id: application.id,
    title: projectTitle(application.answers as Answers),
    me: user.id,
    isOwner,
    members: team,
    invitations: invitations.map((invitation) => ({
      id: invitation.id,
      email: invitation.email,
      expiresAt: invitation.expires_at,
      canRevoke: isOwner || invitation.invited_by === user.id,
    })),
    confirmLeave: !isOwner && search.get('quitter') === '1',
    confirmTransfer: transferTo ? { userId: transferTo.userId, name: transferTo.name } : null,
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, application } = await requireMemberApplication(context, request, params.id)
  const submission = parseWithZod(await readForm(request, context), { schema: ActionSchema })
  if (submission.status !== 'success') return json({ result: submission.reply(), message: null }, { status: 400 })
  const value = submission.value
  const base = `/mes-candidatures/${application.id}/co-porteurs`
  if (value.intent === 'invite') {
    // Each invitation sends an e-mail: a person cannot use this form to send dozens.
    const limit = await hitRateLimit(context.db, `co-leader-invite:${user.id}`, { limit: 10, windowSeconds: 3600 })
    if (!limit.allowed) return tooManyRequests(limit.retryAfter)
    const result = await inviteCoLeader(acceleratorServices(context), user, application.id, value.email)
    if (!result.ok) return json({ result: submission.reply({ fieldErrors: { email: [result.message] } }), message: null }, { status: 400 })
    return redirect(`${base}?invite=1`)
  }
  if (value.intent === 'cancel_invitation') {
    const result = await revokeCoLeaderInvitation(context.db, user, application.id, value.invitationId)
    if (!result.ok) return json({ result: null, message: result.message }, { status: result.status })
    return redirect(`${base}?annulee=1`)
  }
  if (value.intent === 'transfer_ownership') {
    const result = await transferOwnership(acceleratorServices(context), user, application.id, value.userId)
    if (!result.ok) return json({ result: null, message: result.message }, { status: result.status })
    return redirect(`${base}?confiee=1`)
  }
  const leaving = value.intent === 'leave'
  const result = await removeMember(context.db, user, application.id, leaving ? user.id : value.userId)
  if (!result.ok) return json({ result: null, message: result.message }, { status: 400 })
  return redirect(leaving || value.userId === user.id ? '/mes-candidatures?quitte=1' : `${base}?retire=1`)
}

export default function CoLeaders() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errors = (actionData && 'result' in actionData ? actionData.result?.error : null) ?? {}
  const notice = Object.entries(NOTICES).find(([key]) => params.get(key))?.[1] ?? null
  const base = `/mes-candidatures/${data.id}/co-porteurs`
  return (
    <>
      <h1>Co-porteurs</h1>
      <p>
        Invitez une autre personne du projet à rédiger la candidature avec vous. Elle pourra modifier toutes les sections et déposer
        la candidature, et vous dire quand elle a terminé sa partie. Si vous modifiez tous deux la même section en même temps, rien
        n’est écrasé : la seconde personne est prévenue et choisit quelle version garder.
      </p>
      {notice ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <FormErrors errors={actionData?.message ? [actionData.message] : null} title="Rien n’a été modifié" />
      {data.confirmLeave ? <ConfirmLeave title={data.title} base={base} /> : null}
      {data.confirmTransfer ? <ConfirmTransfer name={data.confirmTransfer.name} userId={data.confirmTransfer.userId} base={base} /> : null}

      <TeamMembers members={data.members} me={data.me} isOwner={data.isOwner} base={base} />
      <PendingInvitations invitations={data.invitations} />

      {data.members.length + data.invitations.length < MAX_MEMBERS ? (
        <section aria-labelledby="inviter">
          <h2 id="inviter">Inviter un co-porteur</h2>
          <SecureForm method="post" noValidate>
            <input type="hidden" name="intent" value="invite" />
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

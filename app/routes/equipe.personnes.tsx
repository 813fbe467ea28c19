import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { FormErrors } from '#app/components/forms.tsx'
import { InviteForm, PendingInvitations, RoleAssignments } from '#app/components/people-sections.tsx'
import { requireRole } from '#app/auth/authorize.server.ts'
import { inviteToRole, revokeInvitation, revokeRole } from '#app/auth/invitations.server.ts'
import { allowedScopeTypes, isRole, ROLES, type ScopeType } from '#app/auth/roles.ts'
import { peoplePage, SCOPE_TYPE_LABELS } from '#app/auth/people.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { EmailSchema, UuidSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Personnes et rôles') }]

const InviteSchema = z.object({
  intent: z.literal('invite'),
  email: EmailSchema,
  role: z.string({ error: 'Choisissez un rôle.' }).refine(isRole, 'Choisissez un rôle dans la liste.'),
  scope: z.string().max(200).optional(),
  message: z.string().trim().max(1000, 'Le message ne doit pas dépasser 1 000 caractères.').optional(),
})

const ActionSchema = z.discriminatedUnion('intent', [
  InviteSchema,
  z.object({ intent: z.literal('remove_role'), id: UuidSchema }),
  z.object({ intent: z.literal('cancel_invitation'), id: UuidSchema }),
], { error: 'Cette action n’existe pas sur cette page.' })

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, 'programme_team')
  return json(await peoplePage(context.db))
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, 'programme_team')
  const formData = await readForm(request, context)
  const submission = parseWithZod(formData, { schema: ActionSchema })
  if (submission.status !== 'success') return json({ result: submission.reply(), message: null }, { status: 400 })
  const value = submission.value
  if (value.intent === 'remove_role') {
    if (!(await revokeRole(context.db, user, value.id))) return json({ result: null, message: 'Ce rôle a déjà été retiré.' }, { status: 404 })
    return redirect('/equipe/personnes?retire=1')
  }
  if (value.intent === 'cancel_invitation') {
    if (!(await revokeInvitation(context.db, user, value.id)))
      return json({ result: null, message: 'Cette invitation n’est plus en attente.' }, { status: 404 })
    return redirect('/equipe/personnes?annulee=1')
  }
  const role = value.role as keyof typeof ROLES
  let scopeType: ScopeType = ROLES[role].scopeType
  let scopeId = ''
  if (scopeType !== 'global') {
    const [type, id] = (value.scope ?? '').split(':')
    const allowed = allowedScopeTypes(role)
    if (!allowed.includes(type as ScopeType) || !id) {
      const kinds = allowed.map((kind) => `« ${SCOPE_TYPE_LABELS[kind]} »`).join(' ou ')
      return json(
        { result: submission.reply({ fieldErrors: { scope: [`Choisissez un périmètre du type ${kinds} pour ce rôle.`] } }), message: null },
        { status: 400 },
      )
    }
    scopeType = type as ScopeType
    scopeId = id
  }
  const result = await inviteToRole(
    { db: context.db, jobs: context.jobs, appUrl: context.env.APP_URL },
    user,
    { email: value.email, role, scopeId, scopeType, message: value.message },
  )
  if (!result.ok) {
    const message = result.error === 'already-member' ? 'Cette personne a déjà ce rôle.' : 'Ce périmètre n’existe pas.'
    return json({ result: submission.reply({ formErrors: [message] }), message }, { status: 400 })
  }
  return redirect('/equipe/personnes?invitee=1')
}

export default function People() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errors = actionData?.result?.error ?? {}
  const notice = params.get('invitee') ? 'Invitation envoyée.' : params.get('retire') ? 'Rôle retiré.' : params.get('annulee') ? 'Invitation annulée.' : null
  return (
    <div className="fr-container fr-py-6w">
      <h1>Personnes et rôles</h1>
      {notice ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <FormErrors errors={actionData?.message ? [actionData.message] : null} />
      <InviteForm roleOptions={data.roleOptions} scopeGroups={data.scopeGroups} errors={errors} />
      <PendingInvitations invitations={data.invitations} />
      <RoleAssignments members={data.members} />
    </div>
  )
}

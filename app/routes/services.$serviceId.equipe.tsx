import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { sql } from 'kysely'
import { z } from 'zod'
import { FormErrors, SecureForm, TextField } from '#app/components/forms.tsx'
import { forbidden } from '#app/auth/authorize.server.ts'
import { inviteToRole } from '#app/auth/invitations.server.ts'
import { requireService } from '#app/feedback/access.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { EmailSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Équipe du service') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { service } = await requireService(context, request, params.serviceId)
  const members = await context.db
    .selectFrom('role_assignments as ra')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .select(['ra.id', 'ra.scope_type', 'u.email', 'u.display_name'])
    .where('ra.role', '=', 'service_team')
    .where('u.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('ra.scope_type', '=', 'organisation'), eb('ra.scope_id', '=', service.organisation_id)]),
        eb.and([eb('ra.scope_type', '=', 'service'), eb('ra.scope_id', '=', service.id)]),
      ]),
    )
    .orderBy(sql`lower(u.email)`)
    .execute()
  const pending = await context.db
    .selectFrom('invitations')
    .select(['id', 'email', 'expires_at'])
    .where('role', '=', 'service_team')
    .where('scope_type', '=', 'service')
    .where('scope_id', '=', service.id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute()
  return json({ service: { id: service.id, name: service.name, organisationName: service.organisation_name, canInvite: service.organisationWide }, members, pending })
}

const InviteSchema = z.object({ email: EmailSchema })

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, service } = await requireService(context, request, params.serviceId)
  // Members of one service see their colleagues; inviting is for members of the whole organisation.
  if (!service.organisationWide) throw forbidden('Seuls les membres de l’équipe de l’organisation peuvent inviter.')
  const submission = parseWithZod(await readForm(request, context), { schema: InviteSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const result = await inviteToRole({ db: context.db, jobs: context.jobs, appUrl: context.env.APP_URL }, user, {
    email: submission.value.email,
    role: 'service_team',
    scopeType: 'service',
    scopeId: service.id,
  })
  if (!result.ok) {
    return json({ result: submission.reply({ fieldErrors: { email: [result.error === 'already-member' ? 'Cette personne fait déjà partie de l’équipe de ce service.' : 'Ce service n’existe plus.'] } }) }, { status: 400 })
  }
  return redirect(`/services/${service.id}/equipe?invite=1`)
}

export default function ServiceTeam() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errors = actionData?.result.error ?? {}
  return (
    <>
      <h1>Équipe du service</h1>
      {params.get('invite') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Invitation envoyée. La personne rejoint l’équipe après avoir accepté l’invitation reçue par e-mail.</p>
        </div>
      ) : null}
      <div className="fr-table">
        <table>
          <caption>{`Personnes qui voient les avis de « ${data.service.name} »`}</caption>
          <thead>
            <tr>
              <th scope="col">Personne</th>
              <th scope="col">Accès</th>
            </tr>
          </thead>
          <tbody>
            {data.members.map((member) => (
              <tr key={member.id}>
                <td>
                  {member.display_name ? (
                    <>
                      {member.display_name}
                      <br />
                    </>
                  ) : null}
                  <span className="fr-text--sm">{member.email}</span>
                </td>
                <td>{member.scope_type === 'organisation' ? `Tous les services de ${data.service.organisationName}` : 'Ce service seulement'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.pending.length ? (
        <>
          <h2>Invitations en attente</h2>
          <ul>
            {data.pending.map((invitation) => (
              <li key={invitation.id}>{invitation.email}</li>
            ))}
          </ul>
        </>
      ) : null}
      {data.service.canInvite ? (
        <section aria-labelledby="inviter">
          <h2 id="inviter">Inviter une personne sur ce service</h2>
          <p>Elle verra les avis et les réglages de ce service seulement, pas ceux des autres services de l’organisation.</p>
          <FormErrors errors={errors[''] ?? null} />
          <SecureForm method="post" noValidate>
            <TextField label="Adresse e-mail" name="email" type="email" autoComplete="off" required errors={errors.email} />
            <button type="submit" className="fr-btn">
              Envoyer l’invitation
            </button>
          </SecureForm>
        </section>
      ) : (
        <p>Pour inviter une personne, adressez-vous à un membre de l’équipe de l’organisation.</p>
      )}
    </>
  )
}

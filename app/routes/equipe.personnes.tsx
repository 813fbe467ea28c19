import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { FormErrors, SecureForm, SelectField, TextAreaField, TextField } from '#app/components/forms.tsx'
import { requireRole } from '#app/auth/authorize.server.ts'
import { inviteToRole, revokeInvitation, revokeRole } from '#app/auth/invitations.server.ts'
import { allowedScopeTypes, ROLES, ROLE_NAMES, isRole, type ScopeType } from '#app/auth/roles.ts'
import { listScopes } from '#app/auth/scopes.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { EmailSchema, UuidSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Personnes et rôles') }]

const InviteSchema = z.object({
  intent: z.literal('inviter'),
  email: EmailSchema,
  role: z.string({ error: 'Choisissez un rôle.' }).refine(isRole, 'Choisissez un rôle dans la liste.'),
  scope: z.string().max(200).optional(),
  message: z.string().trim().max(1000, 'Le message ne doit pas dépasser 1 000 caractères.').optional(),
})

const ActionSchema = z.discriminatedUnion('intent', [
  InviteSchema,
  z.object({ intent: z.literal('retirer-role'), id: UuidSchema }),
  z.object({ intent: z.literal('annuler-invitation'), id: UuidSchema }),
], { error: 'Cette action n’existe pas sur cette page.' })

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, 'programme_team')
  const scopeTypes = [...new Set(ROLE_NAMES.flatMap((role) => allowedScopeTypes(role)))].filter((type) => type !== 'global')
  const scopes = await Promise.all(
    scopeTypes.map(async (type) => ({ type, options: await listScopes(context.db, type as ScopeType) })),
  )
  const labels = new Map(scopes.flatMap((group) => group.options.map((option) => [`${group.type}:${option.id}`, option.label])))
  const [members, invitations] = await Promise.all([
    context.db
      .selectFrom('role_assignments')
      .innerJoin('users', 'users.id', 'role_assignments.user_id')
      .select(['role_assignments.id', 'role_assignments.role', 'role_assignments.scope_type', 'role_assignments.scope_id', 'users.email', 'users.display_name'])
      .orderBy('users.email')
      .orderBy('role_assignments.role')
      .limit(500)
      .execute(),
    context.db
      .selectFrom('invitations')
      .select(['id', 'email', 'role', 'scope_type', 'scope_id', 'expires_at', 'created_at'])
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute(),
  ])
  const describe = (role: string, scopeType: string, scopeId: string) => ({
    roleLabel: isRole(role) ? ROLES[role].label : role,
    scopeLabel: scopeType === 'global' ? 'Tout le programme' : (labels.get(`${scopeType}:${scopeId}`) ?? 'Périmètre supprimé'),
  })
  return json({
    roleOptions: ROLE_NAMES.map((role) => ({ value: role, label: ROLES[role].label })),
    scopeGroups: scopes.map((group) => ({
      type: group.type,
      label: SCOPE_TYPE_LABELS[group.type as ScopeType],
      options: group.options.map((option) => ({ value: `${group.type}:${option.id}`, label: option.label })),
    })),
    members: members.map((m) => ({ id: m.id, email: m.email, name: m.display_name, ...describe(m.role, m.scope_type, m.scope_id) })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, expiresAt: i.expires_at, ...describe(i.role, i.scope_type, i.scope_id) })),
  })
}

const SCOPE_TYPE_LABELS: Record<ScopeType, string> = {
  global: 'Tout le programme',
  call: 'Appels à projets',
  cohort: 'Cohortes',
  organisation: 'Organisations',
  service: 'Services',
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, 'programme_team')
  const formData = await readForm(request, context)
  const submission = parseWithZod(formData, { schema: ActionSchema })
  if (submission.status !== 'success') return json({ result: submission.reply(), message: null }, { status: 400 })
  const value = submission.value
  if (value.intent === 'retirer-role') {
    if (!(await revokeRole(context.db, user, value.id))) return json({ result: null, message: 'Ce rôle a déjà été retiré.' }, { status: 404 })
    return redirect('/equipe/personnes?retire=1')
  }
  if (value.intent === 'annuler-invitation') {
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
      <section aria-labelledby="inviter" className="fr-mb-6w">
        <h2 id="inviter">Inviter une personne</h2>
        <p>La personne reçoit un e-mail avec un lien valable 14 jours. Elle accepte après s’être connectée avec cette adresse.</p>
        <SecureForm method="post" noValidate>
          <input type="hidden" name="intent" value="inviter" />
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-md-6">
              <TextField label="Adresse e-mail" name="email" type="email" autoComplete="off" required errors={errors.email} />
            </div>
            <div className="fr-col-12 fr-col-md-6">
              <SelectField label="Rôle" name="role" options={data.roleOptions} placeholder="Choisir un rôle" required errors={errors.role} />
            </div>
          </div>
          <div className="fr-select-group">
            <label className="fr-label" htmlFor="champ-perimetre">
              Périmètre
              <span className="fr-hint-text">Appel, cohorte, organisation ou service concernés. Inutile pour l’équipe du programme.</span>
            </label>
            <select className="fr-select" id="champ-perimetre" name="scope" aria-describedby={errors.scope ? 'champ-perimetre-erreur' : undefined}>
              <option value="">Aucun (équipe du programme)</option>
              {data.scopeGroups.map((group) =>
                group.options.length ? (
                  <optgroup key={group.type} label={group.label}>
                    {group.options.map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </optgroup>
                ) : null,
              )}
            </select>
            <div className="fr-messages-group" id="champ-perimetre-erreur" aria-live="polite">
              {errors.scope?.map((error) => (
                <p key={error} className="fr-message fr-message--error">
                  {error}
                </p>
              ))}
            </div>
          </div>
          <TextAreaField label="Message (facultatif)" name="message" rows={3} errors={errors.message} />
          <button type="submit" className="fr-btn">
            Envoyer l’invitation
          </button>
        </SecureForm>
      </section>

      <section aria-labelledby="invitations" className="fr-mb-6w">
        <h2 id="invitations">Invitations en attente</h2>
        {data.invitations.length === 0 ? (
          <p>Aucune invitation en attente.</p>
        ) : (
          <div className="fr-table">
            <table>
              <caption>Invitations en attente ({data.invitations.length})</caption>
              <thead>
                <tr>
                  <th scope="col">Adresse</th>
                  <th scope="col">Rôle</th>
                  <th scope="col">Périmètre</th>
                  <th scope="col">Expire le</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {data.invitations.map((invitation) => (
                  <tr key={invitation.id}>
                    <td>{invitation.email}</td>
                    <td>{invitation.roleLabel}</td>
                    <td>{invitation.scopeLabel}</td>
                    <td>{new Date(invitation.expiresAt).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })}</td>
                    <td>
                      <SecureForm method="post">
                        <input type="hidden" name="intent" value="annuler-invitation" />
                        <input type="hidden" name="id" value={invitation.id} />
                        <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary" title={`Annuler l’invitation de ${invitation.email}`}>
                          Annuler
                        </button>
                      </SecureForm>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="membres">
        <h2 id="membres">Rôles attribués</h2>
        <div className="fr-table">
          <table>
            <caption>Rôles attribués ({data.members.length})</caption>
            <thead>
              <tr>
                <th scope="col">Personne</th>
                <th scope="col">Rôle</th>
                <th scope="col">Périmètre</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {data.members.map((member) => (
                <tr key={member.id}>
                  <td>
                    {member.name ? <>{member.name}<br /></> : null}
                    <span className="fr-text--sm">{member.email}</span>
                  </td>
                  <td>{member.roleLabel}</td>
                  <td>{member.scopeLabel}</td>
                  <td>
                    <SecureForm method="post">
                      <input type="hidden" name="intent" value="retirer-role" />
                      <input type="hidden" name="id" value={member.id} />
                      <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary" title={`Retirer le rôle ${member.roleLabel} à ${member.email}`}>
                        Retirer
                      </button>
                    </SecureForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  )
}

import type { SerializeFrom } from '@remix-run/node'
import type { peoplePage } from '#app/auth/people.server.ts'
import { SecureForm, SelectField, TextAreaField, TextField } from '#app/components/forms.tsx'

// The sections of the page of people and roles (app/routes/equipe.personnes.tsx).
type PeoplePage = SerializeFrom<typeof peoplePage>

export function InviteForm({
  roleOptions,
  scopeGroups,
  errors,
}: {
  roleOptions: PeoplePage['roleOptions']
  scopeGroups: PeoplePage['scopeGroups']
  errors: Record<string, string[] | null | undefined>
}) {
  return (
    <section aria-labelledby="inviter" className="fr-mb-6w">
      <h2 id="inviter">Inviter une personne</h2>
      <p>La personne reçoit un e-mail avec un lien valable 14 jours. Elle accepte après s’être connectée avec cette adresse.</p>
      <SecureForm method="post" noValidate>
        <input type="hidden" name="intent" value="invite" />
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-6">
            <TextField label="Adresse e-mail" name="email" type="email" autoComplete="off" required errors={errors.email} />
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <SelectField label="Rôle" name="role" options={roleOptions} placeholder="Choisir un rôle" required errors={errors.role} />
          </div>
        </div>
        <div className="fr-select-group">
          <label className="fr-label" htmlFor="champ-perimetre">
            Périmètre
            <span className="fr-hint-text">Appel, cohorte, organisation ou service concernés. Inutile pour l’équipe du programme.</span>
          </label>
          <select className="fr-select" id="champ-perimetre" name="scope" aria-describedby={errors.scope ? 'champ-perimetre-erreur' : undefined}>
            <option value="">Aucun (équipe du programme)</option>
            {scopeGroups.map((group) =>
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
  )
}

export function PendingInvitations({ invitations }: { invitations: PeoplePage['invitations'] }) {
  return (
    <section aria-labelledby="invitations" className="fr-mb-6w">
      <h2 id="invitations">Invitations en attente</h2>
      {invitations.length === 0 ? (
        <p>Aucune invitation en attente.</p>
      ) : (
        <div className="fr-table">
          <table>
            <caption>Invitations en attente ({invitations.length})</caption>
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
              {invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <td>{invitation.email}</td>
                  <td>{invitation.roleLabel}</td>
                  <td>{invitation.scopeLabel}</td>
                  <td>{new Date(invitation.expiresAt).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })}</td>
                  <td>
                    <SecureForm method="post">
                      <input type="hidden" name="intent" value="cancel_invitation" />
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
  )
}

export function RoleAssignments({ members }: { members: PeoplePage['members'] }) {
  return (
    <section aria-labelledby="membres">
      <h2 id="membres">Rôles attribués</h2>
      <div className="fr-table">
        <table>
          <caption>Rôles attribués ({members.length})</caption>
          <thead>
            <tr>
              <th scope="col">Personne</th>
              <th scope="col">Rôle</th>
              <th scope="col">Périmètre</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id}>
                <td>
                  {member.name ? <>{member.name}<br /></> : null}
                  <span className="fr-text--sm">{member.email}</span>
                </td>
                <td>{member.roleLabel}</td>
                <td>{member.scopeLabel}</td>
                <td>
                  <SecureForm method="post">
                    <input type="hidden" name="intent" value="remove_role" />
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
  )
}

// Sections « Membres » and « Inviter un membre » of the team's jury page.
import type { SerializeFrom } from '@remix-run/node'
import type { JuryPageData } from '#app/accelerator/scoring/jury-page.server.ts'
import { JURY_LABELS } from '#app/accelerator/scoring/types.ts'
import { FormErrors, SecureForm, SelectField, TextField } from '#app/components/forms.tsx'
import { formatDate } from '#app/utils/format.ts'

type Data = SerializeFrom<JuryPageData>

export interface InviteWarning {
  email: string
  jury: 'administration' | 'citizen'
  conflicts: Array<{ reference: string; title: string; reasons: string[] }>
}

export function MembersTable({ members }: { members: Data['members'] }) {
  if (members.length === 0) return <p>Aucun membre pour le moment : invitez les évaluateurs ci-dessous.</p>
  return (
    <div className="fr-table">
      <table>
        <caption>Membres des deux jurys</caption>
        <thead>
          <tr>
            <th scope="col">Nom</th>
            <th scope="col">Jury</th>
            <th scope="col">Charte</th>
            <th scope="col">Disponibilité</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <td>
                {m.name}
                <br />
                <span className="fr-text--xs">{m.email}</span>
              </td>
              <td>{JURY_LABELS[m.jury]}</td>
              <td>{m.jury === 'administration' ? 'Non requise' : m.charterAcceptedAt ? `Acceptée le ${formatDate(m.charterAcceptedAt)}` : 'Pas encore acceptée'}</td>
              <td>
                <SecureForm method="post">
                  <input type="hidden" name="intent" value="set_availability" />
                  <input type="hidden" name="userId" value={m.userId} />
                  <input type="hidden" name="indisponible" value={m.unavailable ? 'non' : 'oui'} />
                  {m.unavailable ? 'Indisponible ' : 'Disponible '}
                  <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary" aria-label={`${m.unavailable ? 'Marquer disponible' : 'Marquer indisponible'} : ${m.name}`}>
                    {m.unavailable ? 'Marquer disponible' : 'Marquer indisponible'}
                  </button>
                </SecureForm>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Shown instead of sending: the person to invite has links with applications of the call. */
function InviteConflictWarning({ warning }: { warning: InviteWarning }) {
  return (
    <div className="fr-alert fr-alert--warning fr-mb-3w" role="alert">
      <h4 className="fr-alert__title">
        Conflits d’intérêts détectés pour {warning.email} : {warning.conflicts.length} candidature{warning.conflicts.length > 1 ? 's' : ''}
      </h4>
      <p>L’invitation n’est pas encore envoyée. Si vous l’invitez, cette personne ne recevra jamais ces candidatures tant que vous n’écartez pas ces conflits.</p>
      <ul>
        {warning.conflicts.map((c) => (
          <li key={`${c.reference}-${c.title}`}>
            {c.reference || 'Brouillon'} – {c.title} : {c.reasons.join(' ')}
          </li>
        ))}
      </ul>
      <SecureForm method="post">
        <input type="hidden" name="intent" value="invite" />
        <input type="hidden" name="email" value={warning.email} />
        <input type="hidden" name="jury" value={warning.jury} />
        <input type="hidden" name="confirmer" value="oui" />
        <button type="submit" className="fr-btn fr-btn--secondary fr-btn--sm">
          Inviter quand même
        </button>
      </SecureForm>
    </div>
  )
}

export function InviteForm({ message, warning, err }: { message: string | null; warning: InviteWarning | null; err: (name: string) => string[] | null }) {
  return (
    <>
      <h3>Inviter un membre</h3>
      <p>Avant l’envoi, l’adresse est comparée aux candidatures de l’appel (organisation, domaine d’e-mail, candidatures portées, conflits passés).</p>
      {message ? <FormErrors errors={[message]} title="Invitation non envoyée" /> : null}
      {warning ? <InviteConflictWarning warning={warning} /> : null}
      <SecureForm method="post" noValidate>
        <input type="hidden" name="intent" value="invite" />
        <TextField label="Adresse e-mail" name="email" type="email" autoComplete="off" defaultValue={warning?.email} errors={err('email')} />
        <SelectField
          label="Jury"
          name="jury"
          placeholder="Choisissez"
          defaultValue={warning?.jury}
          options={[
            { value: 'administration', label: JURY_LABELS.administration },
            { value: 'citizen', label: JURY_LABELS.citizen },
          ]}
          errors={err('jury')}
        />
        <button type="submit" className="fr-btn">
          Envoyer l’invitation
        </button>
      </SecureForm>
    </>
  )
}

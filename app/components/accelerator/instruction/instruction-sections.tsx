import type { EligibilityChecks } from '#db/schema/accelerator.ts'
import { ELIGIBILITY_ANSWERS, ELIGIBILITY_CHECKS } from '#app/accelerator/limits.ts'
import { SecureForm, TextAreaField } from '#app/components/forms.tsx'
import { formatDateAtTime } from '#app/utils/format.ts'

/** The eligibility checklist: each point answered Oui / Non / À vérifier (stored `yes`, `no`, `to_check`). */
export function EligibilityForm({ eligibility }: { eligibility: EligibilityChecks }) {
  return (
    <SecureForm method="post">
      <input type="hidden" name="intent" value="eligibility" />
      {ELIGIBILITY_CHECKS.map((check) => (
        <fieldset key={check.key} className="fr-fieldset" aria-labelledby={`check-${check.key}-legende`}>
          <legend className="fr-fieldset__legend fr-text--regular" id={`check-${check.key}-legende`}>
            {check.label}
          </legend>
          {ELIGIBILITY_ANSWERS.map((answer) => (
            <div key={answer.value} className="fr-fieldset__element fr-fieldset__element--inline">
              <div className="fr-radio-group fr-radio-group--sm">
                <input
                  type="radio"
                  id={`check-${check.key}-${answer.value}`}
                  name={`check-${check.key}`}
                  value={answer.value}
                  defaultChecked={eligibility[check.key] === answer.value}
                />
                <label className="fr-label" htmlFor={`check-${check.key}-${answer.value}`}>
                  {answer.label}
                </label>
              </div>
            </div>
          ))}
        </fieldset>
      ))}
      <button type="submit" className="fr-btn fr-btn--secondary">
        Enregistrer la vérification
      </button>
    </SecureForm>
  )
}

type Note = {
  id: string
  display_name: string | null
  email: string | null
  created_at: string
  body: string
}

/** The team's notes on an application, never shown to the leaders, and the form to add one. */
export function InternalNotes({ notes, error }: { notes: Note[]; error: string | null }) {
  return (
    <>
      {notes.length === 0 ? (
        <p>Aucune note.</p>
      ) : (
        <ul className="fr-raw-list">
          {notes.map((note) => (
            <li key={note.id} className="aic-message">
              <p className="fr-text--sm fr-mb-1w">
                <strong>{note.display_name ?? note.email ?? 'Compte supprimé'}</strong> · {formatDateAtTime(note.created_at)}
              </p>
              <p className="fr-mb-0">{note.body}</p>
            </li>
          ))}
        </ul>
      )}
      <SecureForm method="post" noValidate>
        <input type="hidden" name="intent" value="note" />
        <TextAreaField label="Nouvelle note" name="body" rows={3} required id="nouvelle-note" errors={error ? [error] : null} />
        <button type="submit" className="fr-btn fr-btn--secondary">
          Ajouter la note
        </button>
      </SecureForm>
    </>
  )
}

/** Where the application stands and what the agent does next (issue 17 #6). */
export function InstructionGuidance({ guidance }: { guidance: { title: string; situation: string; next: string } }) {
  return (
    <div className="fr-callout fr-mt-3w fr-mb-4w" id="etat-et-suite">
      <h2 className="fr-callout__title fr-h5">Où en est la candidature</h2>
      <p className="fr-callout__text fr-text--md">
        <strong>État : {guidance.title}.</strong> {guidance.situation}
      </p>
      <p className="fr-callout__text fr-text--md">
        <strong>Prochaine action :</strong> {guidance.next}
      </p>
    </div>
  )
}

export function MembersList({ members }: { members: Array<{ id: string; name: string | null; email: string; role: string }> }) {
  return (
    <ul>
      {members.map((member) => (
        <li key={member.id}>
          {member.name ? `${member.name} – ` : ''}
          {member.email} {member.role === 'leader' ? '(responsable de la candidature)' : '(co-porteur)'}
        </li>
      ))}
    </ul>
  )
}

/** A message to the leaders: they are e-mailed that a message waits on the site. */
export function TeamMessageForm({ error }: { error: string | null }) {
  return (
    <SecureForm method="post" noValidate>
      <input type="hidden" name="intent" value="message" />
      <TextAreaField
        label="Écrire aux porteurs"
        hint="Ils reçoivent un e-mail les invitant à lire votre message sur le site."
        name="body"
        rows={4}
        required
        id="nouveau-message"
        errors={error ? [error] : null}
      />
      <button type="submit" className="fr-btn fr-btn--secondary">
        Envoyer le message
      </button>
    </SecureForm>
  )
}

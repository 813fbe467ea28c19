import { getFormProps } from '@conform-to/react'
import { fieldProps, SecureForm, TextField } from '#app/components/forms.tsx'
import { ErrorText, IntentField, Section, useFormErrors, useFreshKey, useSectionForm } from './form-parts.tsx'
import type { ProjectPermissionsView, ProjectRecordView } from './types.ts'

type Referent = ProjectRecordView['referents'][number]

/** The ministry referents of the project: the team adds them, the staff removes them. */
export function ReferentsSection({ referents, can }: { referents: Referent[]; can: ProjectPermissionsView }) {
  const removal = useFormErrors('referent_remove')
  const freshKey = useFreshKey('referent')
  return (
    <Section id="referent" title="Référents ministériels">
      {referents.length ? (
        <ul>
          {referents.map((referent) => (
            <li key={referent.id} className="fr-mb-1w">
              {referent.name ?? referent.email}
              {referent.organisation ? ` – ${referent.organisation}` : ''}
              {can.manageReferents ? ` (${referent.email})` : ''}
              {can.removeReferents ? (
                <SecureForm method="post" className="fr-ml-2w" style={{ display: 'inline' }}>
                  <IntentField value="referent_remove" />
                  <input type="hidden" name="referentId" value={referent.id} />
                  <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary" aria-label={`Retirer ${referent.name ?? referent.email} des référents du projet`}>
                    Retirer
                  </button>
                </SecureForm>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucun référent pour le moment.</p>
      )}
      {can.removeReferents ? <p className="fr-text--sm">Une personne retirée n’a plus accès au suivi du projet, immédiatement.</p> : null}
      <ErrorText messages={removal.errors.referentId} />
      {can.manageReferents ? <ReferentForm key={freshKey} /> : null}
    </Section>
  )
}

/** The form that adds a referent. */
function ReferentForm() {
  const [form, fields] = useSectionForm('referent', { id: 'referent' })
  return (
    <SecureForm method="post" {...getFormProps(form)} noValidate>
      <h3 className="fr-h6">Ajouter un référent</h3>
      <p className="fr-text--sm">Il reçoit un e-mail avec le lien du suivi ; il se connecte avec cette adresse, avec ou sans compte existant.</p>
      <IntentField value="referent" />
      <TextField label="Adresse e-mail" {...fieldProps(fields.email)} required={fields.email.required} type="email" autoComplete="off" />
      <TextField label="Nom (facultatif)" {...fieldProps(fields.name)} maxLength={fields.name.maxLength} />
      <TextField label="Ministère ou administration (facultatif)" {...fieldProps(fields.organisation)} maxLength={fields.organisation.maxLength} />
      <button type="submit" className="fr-btn fr-btn--secondary">
        Ajouter le référent
      </button>
    </SecureForm>
  )
}

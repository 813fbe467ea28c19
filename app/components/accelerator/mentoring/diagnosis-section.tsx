import { SecureForm, TextAreaField } from '#app/components/forms.tsx'
import { IntentField, Section, useFormErrors, useFreshKey } from './form-parts.tsx'
import type { ProjectView } from './types.ts'

/** The starting diagnosis: strengths, risks, what success looks like; the staff writes and corrects it. */
export function DiagnosisSection({ project, canEdit }: { project: ProjectView; canEdit: boolean }) {
  const { errors, values } = useFormErrors('diagnosis')
  const freshKey = useFreshKey('diagnosis')
  return (
    <Section id="diagnosis" title="Diagnostic">
      {project.diagnosed_at ? (
        <dl>
          <dt className="fr-text--bold">Forces</dt>
          <dd className="fr-mb-2w">{project.strengths}</dd>
          <dt className="fr-text--bold">Risques</dt>
          <dd className="fr-mb-2w">{project.risks}</dd>
          <dt className="fr-text--bold">Une réussite dans trois mois, c’est…</dt>
          <dd className="fr-mb-2w">{project.success_looks_like}</dd>
        </dl>
      ) : (
        <p>Le diagnostic de départ n’est pas encore rédigé.</p>
      )}
      {canEdit ? (
        <details key={freshKey} className="fr-mb-2w" open={!project.diagnosed_at || Object.keys(errors).length > 0}>
          <summary>{project.diagnosed_at ? 'Modifier le diagnostic' : 'Rédiger le diagnostic'}</summary>
          <SecureForm method="post" noValidate>
            <IntentField value="diagnosis" />
            <TextAreaField label="Forces du projet" name="strengths" rows={3} defaultValue={values.strengths ?? project.strengths ?? ''} errors={errors.strengths} />
            <TextAreaField label="Risques" name="risks" rows={3} defaultValue={values.risks ?? project.risks ?? ''} errors={errors.risks} />
            <TextAreaField
              label="À quoi ressemble une réussite dans trois mois ?"
              name="successLooksLike"
              rows={3}
              defaultValue={values.successLooksLike ?? project.success_looks_like ?? ''}
              errors={errors.successLooksLike}
            />
            <button type="submit" className="fr-btn">
              Enregistrer le diagnostic
            </button>
          </SecureForm>
        </details>
      ) : null}
    </Section>
  )
}

import { getFormProps } from '@conform-to/react'
import { fieldProps, SecureForm, TextAreaField } from '#app/components/forms.tsx'
import { IntentField, Section, useFreshKey, useSectionForm } from './form-parts.tsx'
import type { ProjectView } from './types.ts'

/** The starting diagnosis: strengths, risks, what success looks like; the staff writes and corrects it. */
export function DiagnosisSection({ project, canEdit }: { project: ProjectView; canEdit: boolean }) {
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
      {canEdit ? <DiagnosisForm key={freshKey} project={project} /> : null}
    </Section>
  )
}

/** The diagnosis form, in a <details> that stays open while it is not written or holds errors. */
function DiagnosisForm({ project }: { project: ProjectView }) {
  const [form, fields] = useSectionForm('diagnosis', {
    id: 'diagnostic',
    defaultValue: { strengths: project.strengths ?? '', risks: project.risks ?? '', successLooksLike: project.success_looks_like ?? '' },
  })
  return (
    <details className="fr-mb-2w" open={!project.diagnosed_at || Object.keys(form.allErrors).length > 0}>
      <summary>{project.diagnosed_at ? 'Modifier le diagnostic' : 'Rédiger le diagnostic'}</summary>
      <SecureForm method="post" {...getFormProps(form)} noValidate>
        <IntentField value="diagnosis" />
        <TextAreaField label="Forces du projet" {...fieldProps(fields.strengths)} required={fields.strengths.required} maxLength={fields.strengths.maxLength} rows={3} />
        <TextAreaField label="Risques" {...fieldProps(fields.risks)} required={fields.risks.required} maxLength={fields.risks.maxLength} rows={3} />
        <TextAreaField
          label="À quoi ressemble une réussite dans trois mois ?"
          {...fieldProps(fields.successLooksLike)}
          required={fields.successLooksLike.required}
          maxLength={fields.successLooksLike.maxLength}
          rows={3}
        />
        <button type="submit" className="fr-btn">
          Enregistrer le diagnostic
        </button>
      </SecureForm>
    </details>
  )
}

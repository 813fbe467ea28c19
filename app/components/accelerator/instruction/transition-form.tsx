import { ATTACHMENT_KINDS, ATTACHMENTS_SECTION, SECTIONS } from '#app/accelerator/applications/application-form.ts'
import { TRANSITIONS, type TransitionName } from '#app/accelerator/applications/application-states.ts'
import type { CorrectionPreview } from '#app/accelerator/applications/application-state-machine.server.ts'
import { FormErrors, SecureForm, TextAreaField } from '#app/components/forms.tsx'

/** « Prévisualiser » in the correction form: shows what the leaders will receive, sends nothing. */
export const PREVIEW_CORRECTION = 'preview_correction'

/** What the instruction page's action answers to a refused or previewed form. */
export interface Reply {
  form: 'transition' | 'note' | 'message'
  message: string | null
  transition: TransitionName | null
  /** The field a refused transition points at: its error goes next to it. */
  field?: 'motivation' | 'fields' | null
  /** What the agent typed and ticked, shown again after a refusal or a preview. */
  values?: { motivation: string; fields: string[] }
  preview?: Extract<CorrectionPreview, { ok: true }> | null
}

const CORRECTION_SECTIONS = [
  ...SECTIONS.map((section) => ({
    key: section.key,
    title: section.title,
    fields: section.fields.map((f) => ({
      name: f.name,
      label: f.group ? `${f.group} – ${f.label}` : f.label,
    })),
  })),
  {
    key: ATTACHMENTS_SECTION.key,
    title: ATTACHMENTS_SECTION.title,
    fields: ATTACHMENT_KINDS.map((k) => ({ name: k.value, label: k.label })),
  },
]

/** The fields to correct: one group, with its error on it, unfolded when in error or previewed. */
function CorrectionFields({ applicationId, error, checked, open }: { applicationId: string; error: string | null; checked: Set<string>; open: boolean }) {
  const groupId = `champs-a-corriger-${applicationId}`
  return (
    <details className="fr-mb-2w" open={open || undefined}>
      <summary>Champs à corriger (cochez au moins un champ)</summary>
      <fieldset
        className={`fr-fieldset fr-mt-1w${error ? ' fr-fieldset--error' : ''}`}
        id={groupId}
        role="group"
        aria-labelledby={`${groupId}-legende${error ? ` ${groupId}-erreur` : ''}`}
      >
        <legend className="fr-fieldset__legend fr-fieldset__legend--regular" id={`${groupId}-legende`}>
          Champs à corriger
          <span className="fr-hint-text">Les porteurs y seront conduits directement.</span>
        </legend>
        <div className="fr-messages-group" id={`${groupId}-erreur`} aria-live="polite">
          {error ? <p className="fr-message fr-message--error">{error}</p> : null}
        </div>
        {CORRECTION_SECTIONS.map((section) => (
          <div key={section.key} className="fr-fieldset__element">
            <fieldset className="fr-fieldset" aria-labelledby={`corriger-${section.key}-${applicationId}`}>
              <legend className="fr-fieldset__legend fr-text--regular" id={`corriger-${section.key}-${applicationId}`}>
                {section.title}
              </legend>
              {section.fields.map((field) => (
                <div key={field.name} className="fr-fieldset__element">
                  <div className="fr-checkbox-group fr-checkbox-group--sm">
                    <input
                      type="checkbox"
                      id={`corriger-${section.key}-${field.name}`}
                      name="fields"
                      value={`${section.key}.${field.name}`}
                      defaultChecked={checked.has(`${section.key}.${field.name}`)}
                    />
                    <label className="fr-label" htmlFor={`corriger-${section.key}-${field.name}`}>
                      {field.label}
                    </label>
                  </div>
                </div>
              ))}
            </fieldset>
          </div>
        ))}
      </fieldset>
    </details>
  )
}

/** What the leaders will receive: the e-mail and the fields listed in their messages. */
function CorrectionPreviewPanel({ preview }: { preview: NonNullable<Reply['preview']> }) {
  return (
    <div className="fr-callout fr-mb-3w" role="region" aria-labelledby="apercu-correction-titre">
      <h3 className="fr-callout__title fr-h6" id="apercu-correction-titre">
        Aperçu : ce que recevront les porteurs
      </h3>
      <p className="fr-text--sm">Rien n’est encore envoyé. Relisez, modifiez si besoin, puis cliquez sur « Demander une correction ».</p>
      <p className="fr-text--sm fr-mb-1w">
        Un e-mail à {preview.recipients > 1 ? `chacun des ${preview.recipients} porteurs` : 'chaque porteur'}, objet : <strong>{preview.subject}</strong>
      </p>
      <blockquote className="aic-answer fr-text--sm fr-mb-2w" aria-label="Texte de l’e-mail">
        {preview.text}
      </blockquote>
      <p className="fr-text--sm fr-mb-1w">Dans la messagerie de la candidature, votre message, avec un lien vers chaque champ à corriger :</p>
      <ul className="fr-text--sm">
        {preview.fields.map((field) => (
          <li key={field.key}>{field.label}</li>
        ))}
      </ul>
    </div>
  )
}

/** One transition of the application (with its motivation when it needs one; fields and a preview for a correction request). */
export function TransitionForm({ name, applicationId, reply: answer }: { name: TransitionName; applicationId: string; reply: Reply | null }) {
  const definition = TRANSITIONS[name]
  // Only this form's own reply: another form's refusal does not show here.
  const own = answer?.form === 'transition' && answer.transition === name ? answer : null
  const fieldError = (field: 'motivation' | 'fields') => (own?.message && own.field === field ? own.message : null)
  const otherError = own?.message && !own.field ? own.message : null
  const motivationField = (label: string, hint: string, rows: number) => (
    <TextAreaField
      label={label}
      hint={hint}
      name="motivation"
      rows={rows}
      required
      id={`motif-${name}`}
      defaultValue={own?.values?.motivation}
      errors={fieldError('motivation') ? [fieldError('motivation')!] : null}
    />
  )
  if (name === 'request_correction') {
    return (
      <SecureForm method="post" className="fr-mb-4w" noValidate>
        <input type="hidden" name="transition" value={name} />
        {otherError ? <FormErrors errors={[otherError]} title="Action impossible" /> : null}
        {motivationField('Message aux porteurs', 'Expliquez ce qu’il faut corriger ou compléter. Ce message leur est envoyé.', 4)}
        <CorrectionFields
          applicationId={applicationId}
          error={fieldError('fields')}
          checked={new Set(own?.values?.fields ?? [])}
          open={Boolean(fieldError('fields') || own?.preview)}
        />
        {own?.preview ? <CorrectionPreviewPanel preview={own.preview} /> : null}
        {/* « Prévisualiser » first: Enter in a field previews, it never sends. */}
        <ul className="fr-btns-group fr-btns-group--inline-sm">
          <li>
            <button type="submit" name="intent" value={PREVIEW_CORRECTION} className="fr-btn fr-btn--tertiary">
              Prévisualiser
            </button>
          </li>
          <li>
            <button type="submit" name="intent" value="transition" className="fr-btn fr-btn--secondary">
              {definition.label}
            </button>
          </li>
        </ul>
      </SecureForm>
    )
  }
  return (
    <SecureForm method="post" className="fr-mb-4w" noValidate>
      <input type="hidden" name="intent" value="transition" />
      <input type="hidden" name="transition" value={name} />
      {otherError ? <FormErrors errors={[otherError]} title="Action impossible" /> : null}
      {definition.motivation !== 'none'
        ? motivationField(`Motif (${definition.label.toLowerCase()})`, 'Obligatoire. Il est envoyé aux porteurs et gardé dans l’historique.', 3)
        : null}
      <button type="submit" className={`fr-btn${name === 'start_instruction' || name === 'declare_admissible' ? '' : ' fr-btn--secondary'}`}>
        {definition.label}
      </button>
    </SecureForm>
  )
}

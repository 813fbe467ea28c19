import { useState } from 'react'
import { fieldId, type FieldDefinition, type SectionDefinition, type SectionValues } from '#app/accelerator/applications/application-form.ts'
import { ChoiceField, FieldErrors, SelectField, TextAreaField, TextField } from '#app/components/forms.tsx'

const INPUT_TYPES: Partial<Record<FieldDefinition['type'], string>> = { email: 'email', tel: 'tel', url: 'url' }

/** A textarea with a live character counter (the limit is also said in the hint, for people without JavaScript). */
function CountedTextArea({ field, id, value, errors, disabled }: { field: FieldDefinition; id: string; value: string; errors?: string[]; disabled?: boolean }) {
  const [length, setLength] = useState(value.length)
  const over = field.max !== undefined && length > field.max
  const counterId = `${id}-compteur`
  const errorId = `${id}-erreur`
  const hasErrors = Boolean(errors?.length)
  return (
    <div className={`fr-input-group${hasErrors ? ' fr-input-group--error' : ''}`}>
      <label className="fr-label" htmlFor={id}>
        {field.label}
        {field.hint ? <span className="fr-hint-text">{field.hint}</span> : null}
      </label>
      <textarea
        className={`fr-input${hasErrors ? ' fr-input--error' : ''}`}
        id={id}
        name={field.name}
        rows={field.rows ?? 6}
        defaultValue={value}
        disabled={disabled}
        aria-invalid={hasErrors ? true : undefined}
        aria-describedby={`${counterId}${hasErrors ? ` ${errorId}` : ''}`}
        onInput={(event) => setLength(event.currentTarget.value.length)}
      />
      <p id={counterId} className={`fr-hint-text fr-mt-1w${over ? ' fr-error-text' : ''}`}>
        {length} / {field.max} caractères
      </p>
      <FieldErrors id={errorId} errors={errors ?? []} />
    </div>
  )
}

function groupFields(fields: FieldDefinition[]) {
  const groups: Array<{ legend: string | null; fields: FieldDefinition[] }> = []
  for (const field of fields) {
    const last = groups[groups.length - 1]
    if (field.group && last && last.legend === field.group) last.fields.push(field)
    else groups.push({ legend: field.group ?? null, fields: [field] })
  }
  return groups
}

/** The fields of one section of the application form, with their saved values and messages. */
export function SectionFields({
  section,
  values,
  errors,
  disabled = false,
}: {
  section: SectionDefinition
  values: SectionValues
  errors: Record<string, string | undefined>
  disabled?: boolean
}) {
  const render = (field: FieldDefinition) => {
    const id = fieldId(section.key, field.name)
    const value = values[field.name]
    const fieldErrors = errors[field.name] ? [errors[field.name]!] : undefined
    const label = field.label
    switch (field.type) {
      case 'textarea':
        return field.counter ? (
          <CountedTextArea key={field.name} field={field} id={id} value={String(value ?? '')} errors={fieldErrors} disabled={disabled} />
        ) : (
          <TextAreaField
            key={field.name}
            id={id}
            label={label}
            hint={field.hint}
            name={field.name}
            rows={field.rows ?? 4}
            defaultValue={String(value ?? '')}
            errors={fieldErrors}
            disabled={disabled}
            autoComplete={field.autoComplete}
          />
        )
      case 'select':
        return (
          <SelectField
            key={field.name}
            id={id}
            label={label}
            hint={field.hint}
            name={field.name}
            options={[...(field.options ?? [])]}
            placeholder="Choisir"
            defaultValue={String(value ?? '')}
            errors={fieldErrors}
            disabled={disabled}
          />
        )
      case 'radio':
      case 'checkboxes':
        return (
          <div key={field.name} id={id}>
            <ChoiceField
              legend={label}
              hint={field.hint}
              name={field.name}
              type={field.type === 'radio' ? 'radio' : 'checkbox'}
              options={[...(field.options ?? [])]}
              defaultValue={Array.isArray(value) ? value : value ? String(value) : undefined}
              errors={fieldErrors}
            />
          </div>
        )
      case 'checkbox':
        return (
          <div key={field.name} id={id}>
            <ChoiceField
              legend="Engagement"
              name={field.name}
              type="checkbox"
              options={[{ value: 'oui', label: field.label }]}
              defaultValue={value === 'oui' ? 'oui' : undefined}
              errors={fieldErrors}
            />
          </div>
        )
      default:
        return (
          <TextField
            key={field.name}
            id={id}
            label={label}
            hint={field.hint}
            name={field.name}
            type={INPUT_TYPES[field.type] ?? 'text'}
            inputMode={field.type === 'number' || field.type === 'siret' ? 'numeric' : undefined}
            spellCheck={field.type === 'text' ? undefined : false}
            defaultValue={String(value ?? '')}
            errors={fieldErrors}
            disabled={disabled}
            autoComplete={field.autoComplete ?? (field.group ? 'off' : undefined)}
          />
        )
    }
  }
  return (
    <>
      {groupFields(section.fields).map((group, index) =>
        group.legend ? (
          <fieldset key={`${group.legend}-${index}`} className="fr-fieldset fr-mb-2w" aria-labelledby={`legende-${section.key}-${index}`}>
            <legend className="fr-fieldset__legend" id={`legende-${section.key}-${index}`}>
              {group.legend}
            </legend>
            <div className="fr-fieldset__element">{group.fields.map(render)}</div>
          </fieldset>
        ) : (
          group.fields.map(render)
        ),
      )}
    </>
  )
}

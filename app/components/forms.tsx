import type { SubmissionResult } from '@conform-to/react'
import { Form, type FormProps } from '@remix-run/react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { HoneypotInputs } from 'remix-utils/honeypot/react'
import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react'

export const CSRF_FIELD = 'csrf'

/**
 * Every mutating form: a Remix <Form> that carries the CSRF token and, with `honeypot`, the
 * hidden field that bots fill. Works as a plain HTML post without JavaScript.
 */
export function SecureForm({ children, honeypot = false, ...props }: FormProps & { honeypot?: boolean }) {
  return (
    <Form {...props}>
      <AuthenticityTokenInput name={CSRF_FIELD} />
      {honeypot ? <HoneypotInputs label="Ne remplissez pas ce champ" /> : null}
      {children}
    </Form>
  )
}

/**
 * The `lastResult` of a conform form when the page's last reply is another form's: conform drops the errors it
 * showed and keeps the text in the fields (as the other forms' did before a post). A constant, so that conform
 * reports it once, when the reply stops being this form's.
 */
export const NOT_THIS_FORM: SubmissionResult<string[]> = { error: {} }

/** A conform field's initial value as the default of a DSFR field (conform types it `unknown`). */
export function initialText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/**
 * What every DSFR text, text area or select field takes from a conform field: its id (the error summary links
 * to it), name, initial text and errors. `required` and `maxLength` stay explicit at each field.
 */
export function fieldProps(field: { id: string; name: string; initialValue?: unknown; errors?: string[] }) {
  return { id: field.id, name: field.name, defaultValue: initialText(field.initialValue), errors: field.errors }
}

function messages(errors: string[] | null | undefined) {
  return errors?.filter(Boolean) ?? []
}

interface FieldProps {
  label: ReactNode
  hint?: ReactNode
  errors?: string[] | null
  /** An id for the field (for links from an error summary); generated when absent. */
  id?: string
}

/** A DSFR text input with its label, hint and error messages next to it. */
export function TextField({
  label,
  hint,
  errors,
  id,
  ...input
}: FieldProps & InputHTMLAttributes<HTMLInputElement> & { name: string }) {
  const generated = useId()
  const inputId = id ?? `champ-${input.name}-${generated.replace(/:/g, '')}`
  const errorList = messages(errors)
  const errorId = `${inputId}-erreur`
  const hintId = `${inputId}-aide`
  return (
    <div className={`fr-input-group${errorList.length ? ' fr-input-group--error' : ''}`}>
      <label className="fr-label" htmlFor={inputId}>
        {label}
        {hint ? (
          <span className="fr-hint-text" id={hintId}>
            {hint}
          </span>
        ) : null}
      </label>
      <input
        className={`fr-input${errorList.length ? ' fr-input--error' : ''}`}
        id={inputId}
        aria-invalid={errorList.length ? true : undefined}
        aria-describedby={errorList.length ? errorId : undefined}
        {...input}
      />
      <FieldErrors id={errorId} errors={errorList} />
    </div>
  )
}

/** A DSFR textarea, optionally with a live character counter. */
export function TextAreaField({
  label,
  hint,
  errors,
  id,
  ...textarea
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement> & { name: string }) {
  const generated = useId()
  const inputId = id ?? `champ-${textarea.name}-${generated.replace(/:/g, '')}`
  const errorList = messages(errors)
  const errorId = `${inputId}-erreur`
  return (
    <div className={`fr-input-group${errorList.length ? ' fr-input-group--error' : ''}`}>
      <label className="fr-label" htmlFor={inputId}>
        {label}
        {hint ? <span className="fr-hint-text">{hint}</span> : null}
      </label>
      <textarea
        className={`fr-input${errorList.length ? ' fr-input--error' : ''}`}
        id={inputId}
        aria-invalid={errorList.length ? true : undefined}
        aria-describedby={errorList.length ? errorId : undefined}
        {...textarea}
      />
      <FieldErrors id={errorId} errors={errorList} />
    </div>
  )
}

export interface Option {
  value: string
  label: string
}

/** A DSFR select. */
export function SelectField({
  label,
  hint,
  errors,
  id,
  options,
  placeholder,
  ...select
}: FieldProps & { name: string; options: Option[]; placeholder?: string } & React.SelectHTMLAttributes<HTMLSelectElement>) {
  const generated = useId()
  const inputId = id ?? `champ-${select.name}-${generated.replace(/:/g, '')}`
  const errorList = messages(errors)
  const errorId = `${inputId}-erreur`
  return (
    <div className={`fr-select-group${errorList.length ? ' fr-select-group--error' : ''}`}>
      <label className="fr-label" htmlFor={inputId}>
        {label}
        {hint ? <span className="fr-hint-text">{hint}</span> : null}
      </label>
      <select
        className={`fr-select${errorList.length ? ' fr-select--error' : ''}`}
        id={inputId}
        aria-invalid={errorList.length ? true : undefined}
        aria-describedby={errorList.length ? errorId : undefined}
        {...select}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldErrors id={errorId} errors={errorList} />
    </div>
  )
}

/** A DSFR group of radio buttons (or checkboxes) in a fieldset with a legend. */
export function ChoiceField({
  legend,
  hint,
  errors,
  name,
  options,
  type = 'radio',
  defaultValue,
  inline = false,
  required,
}: {
  legend: ReactNode
  hint?: ReactNode
  errors?: string[] | null
  name: string
  options: Array<Option & { hint?: string }>
  type?: 'radio' | 'checkbox'
  defaultValue?: string | string[]
  inline?: boolean
  required?: boolean
}) {
  const generated = useId().replace(/:/g, '')
  const groupId = `groupe-${name}-${generated}`
  const errorList = messages(errors)
  const selected = new Set(Array.isArray(defaultValue) ? defaultValue : defaultValue ? [defaultValue] : [])
  return (
    <fieldset
      className={`fr-fieldset${errorList.length ? ' fr-fieldset--error' : ''}`}
      id={groupId}
      aria-labelledby={`${groupId}-legende${errorList.length ? ` ${groupId}-erreur` : ''}`}
      role="group"
    >
      <legend className="fr-fieldset__legend fr-fieldset__legend--regular" id={`${groupId}-legende`}>
        {legend}
        {hint ? <span className="fr-hint-text">{hint}</span> : null}
      </legend>
      {options.map((option, index) => {
        const optionId = `${groupId}-${index}`
        return (
          <div key={option.value} className={`fr-fieldset__element${inline ? ' fr-fieldset__element--inline' : ''}`}>
            <div className={type === 'radio' ? 'fr-radio-group' : 'fr-checkbox-group'}>
              <input
                type={type}
                id={optionId}
                name={name}
                value={option.value}
                defaultChecked={selected.has(option.value)}
                required={type === 'radio' ? required : undefined}
              />
              <label className="fr-label" htmlFor={optionId}>
                {option.label}
                {option.hint ? <span className="fr-hint-text">{option.hint}</span> : null}
              </label>
            </div>
          </div>
        )
      })}
      <div className="fr-messages-group" id={`${groupId}-erreur`} aria-live="polite">
        {errorList.map((error) => (
          <p key={error} className="fr-message fr-message--error">
            {error}
          </p>
        ))}
      </div>
    </fieldset>
  )
}

export function FieldErrors({ id, errors }: { id: string; errors: string[] }) {
  return (
    <div className="fr-messages-group" id={id} aria-live="polite">
      {errors.map((error) => (
        <p key={error} className="fr-message fr-message--error">
          {error}
        </p>
      ))}
    </div>
  )
}

/** An error summary at the top of a form: the first thing a screen reader hears after a failed submit. */
export function FormErrors({ errors, title = 'Le formulaire contient des erreurs' }: { errors?: string[] | null; title?: string }) {
  const list = messages(errors ?? undefined)
  if (!list.length) return null
  return (
    <div className="fr-alert fr-alert--error fr-mb-3w" role="alert">
      <h2 className="fr-alert__title">{title}</h2>
      {list.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  )
}

/** The checkbox that selects one row of a table for a bulk action, named for screen readers. */
export function RowCheckbox({ id, name, value, label, describedBy }: { id: string; name: string; value: string; label: string; describedBy?: string }) {
  return (
    <div className="fr-checkbox-group fr-checkbox-group--sm">
      <input type="checkbox" id={id} name={name} value={value} aria-describedby={describedBy} />
      <label className="fr-label" htmlFor={id}>
        <span className="fr-sr-only">{label}</span>
      </label>
    </div>
  )
}

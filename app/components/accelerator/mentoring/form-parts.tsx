import { useForm, type DefaultValue, type getFormProps } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod/v4'
import { Link, useActionData, useLocation, useSearchParams } from '@remix-run/react'
import { useState, type ReactNode } from 'react'
import type { z } from 'zod'
import { options, ProjectActionSchema } from '#app/accelerator/mentoring/mentoring.ts'
import { NOT_THIS_FORM, SecureForm } from '#app/components/forms.tsx'
import type { ProjectActionReply, ProjectIntent } from './intents.ts'

// Pieces shared by the sections of a project's follow-up page. Every component here is declared at
// module level: a component declared inside another is a new type at each render, and React then
// remounts it, losing focus, open <details> and typed text after every submission.

/** What the form of `intent` posts, as its schema reads it (the type of its conform fields). */
export type ProjectFormInput<I extends ProjectIntent> = Extract<z.input<typeof ProjectActionSchema>, { intent: I }>

/** Each intent's constraints (`required`…), from its member of ProjectActionSchema, computed once. */
const CONSTRAINTS = Object.fromEntries(ProjectActionSchema.options.map((member) => [member.shape.intent.value, getZodConstraint(member)])) as Record<ProjectIntent, ReturnType<typeof getZodConstraint>>

/** The page's last reply, when it answers the form of `intent` (and, for a form per item, this item: `item` = { field: id }). */
function useReply(intent: ProjectIntent, item?: Record<string, string>): ProjectActionReply | null {
  const data = useActionData<ProjectActionReply>()
  if (!data || data.intent !== intent) return null
  if (item && Object.entries(item).some(([field, id]) => data.result?.initialValue?.[field] !== id)) return null
  return data
}

/**
 * A section's form on conform: `lastResult` is the page's last refusal only when it is this form's
 * (its intent, and its item for a form per item), the constraints are its intent's schema, and the
 * validation stays the server's.
 */
export function useSectionForm<I extends ProjectIntent>(intent: I, settings: { id: string; defaultValue?: DefaultValue<ProjectFormInput<I>>; item?: Record<string, string> }) {
  const reply = useReply(intent, settings.item)
  return useForm<ProjectFormInput<I>>({
    id: settings.id,
    lastResult: reply?.result ?? NOT_THIS_FORM,
    defaultValue: settings.defaultValue,
    constraint: CONSTRAINTS[intent],
    shouldValidate: 'onSubmit',
  })
}

/** What a field shared by two forms (adding an item, editing it) reads from its conform field. */
export interface SectionField {
  id: string
  name: string
  initialValue?: unknown
  errors?: string[]
  required?: boolean
  maxLength?: number
}

type FieldErrors = Record<string, string[] | null | undefined>

/** The field errors of the last refused post of `intent`: for the small forms (a state, a removal) whose error shows next to them, not at a field. */
export function useFormErrors(intent: ProjectIntent): { errors: FieldErrors } {
  const reply = useReply(intent)
  return { errors: (reply?.result?.error ?? {}) as FieldErrors }
}

/**
 * A key for the form of `intent` that changes after each of its successful posts (the redirect
 * carries `?ok=<intent>`): that form alone starts afresh, as after a plain HTML post, while the
 * other forms of the page keep what the person left in them.
 */
export function useFreshKey(intent: ProjectIntent): string {
  const location = useLocation()
  const succeeded = new URLSearchParams(location.search).get('ok') === intent
  const [key, setKey] = useState(location.key)
  if (succeeded && key !== location.key) setKey(location.key)
  return `${intent}-${key}`
}

/**
 * The item whose edit form is open: from `?modifier=<id>` (works without JavaScript), or from a refused post of that form;
 * `errors`: the refusal of an id that names no item (shown in place of the form).
 */
export function useOpenEdit<T extends { id: string }>(intent: ProjectIntent, field: string, items: T[]) {
  const reply = useReply(intent)
  const [searchParams] = useSearchParams()
  const refused = reply?.result?.initialValue?.[field]
  const editing = typeof refused === 'string' ? refused : searchParams.get('modifier')
  return { item: items.find((candidate) => candidate.id === editing), errors: reply?.result?.error?.[field] }
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} className="fr-mb-6w" aria-labelledby={`${id}-titre`}>
      <h2 id={`${id}-titre`}>{title}</h2>
      {children}
    </section>
  )
}

/** The hidden field that tells the action which form was sent. */
export function IntentField({ value }: { value: ProjectIntent }) {
  return <input type="hidden" name="intent" value={value} />
}

/** A form's refusal that belongs to no visible field (an unknown item, a state), next to it. */
export function ErrorText({ messages }: { messages: string[] | null | undefined }) {
  return messages?.length ? <p className="fr-message fr-message--error">{messages.join(' ')}</p> : null
}

/** A status select with its button, as a plain form (the label is for screen readers). */
export function StatusForm(props: {
  intent: 'need_status' | 'action_status'
  field: string
  id: string
  idPrefix: string
  label: string
  labels: Record<string, string>
  status: string
}) {
  const selectId = `${props.idPrefix}-${props.id}`
  return (
    <SecureForm method="post">
      <IntentField value={props.intent} />
      <input type="hidden" name={props.field} value={props.id} />
      <label className="fr-label fr-sr-only" htmlFor={selectId}>
        {props.label}
      </label>
      <select className="fr-select" id={selectId} name="status" defaultValue={props.status}>
        {options(props.labels).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary fr-mt-1w">
        Changer l’état
      </button>
    </SecureForm>
  )
}

/** A framed edit form of one item (`formProps`: its conform form's): its heading, the item's id, the fields, and a way back that closes it. */
export function EditBox(props: {
  projectId: string
  intent: ProjectIntent
  field: string
  id: string
  title: string
  cancelTo: string
  submit: string
  formProps: ReturnType<typeof getFormProps>
  children: ReactNode
}) {
  const { projectId, intent, field, id, title, cancelTo, submit, formProps, children } = props
  return (
    <div
      id={`modifier-${id}`}
      className="fr-p-3w fr-mb-4w"
      style={{ border: '1px solid var(--border-default-grey)', borderLeft: '4px solid var(--border-action-high-blue-france)' }}
    >
      <SecureForm method="post" {...formProps} noValidate aria-labelledby={`modifier-${id}-titre`}>
        <h3 id={`modifier-${id}-titre`} className="fr-h6">
          {title}
        </h3>
        <IntentField value={intent} />
        <input type="hidden" name={field} value={id} />
        {children}
        <button type="submit" className="fr-btn">
          {submit}
        </button>
        <Link to={`/accompagnement/projets/${projectId}#${cancelTo}`} className="fr-btn fr-btn--tertiary fr-ml-2w">
          Annuler
        </Link>
      </SecureForm>
    </div>
  )
}

/** « Modifier » next to an item: opens its edit form through the address (no JavaScript needed). */
export function EditLink({ id, label }: { id: string; label: string }) {
  return (
    <span className="fr-mt-1v" style={{ display: 'block' }}>
      <Link to={`?modifier=${id}#modifier-${id}`} className="fr-link fr-link--sm" aria-label={label}>
        Modifier
      </Link>
    </span>
  )
}

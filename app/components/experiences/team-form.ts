import { useForm, type DefaultValue, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod/v4'
import { useActionData } from '@remix-run/react'
import type { z } from 'zod'
import { NOT_THIS_FORM } from '#app/components/forms.tsx'
import { ExperienceActionSchema, type EXPERIENCE_INTENTS } from '#app/experiences/schemas.ts'

// The forms of an experience's page for its team (app/routes/services.$serviceId.experiences.$experienceId.tsx) on conform.

export type ExperienceIntent = (typeof EXPERIENCE_INTENTS)[number]

/** What the form of `intent` posts, as its member of ExperienceActionSchema reads it. */
export type ExperienceFormInput<I extends ExperienceIntent> = Extract<z.input<typeof ExperienceActionSchema>, { intent: I }>

/** Each intent's constraints (`required`…), from its member of ExperienceActionSchema, computed once. */
const CONSTRAINTS = Object.fromEntries(ExperienceActionSchema.options.map((member) => [member.shape.intent.value, getZodConstraint(member)])) as Record<
  ExperienceIntent,
  ReturnType<typeof getZodConstraint>
>

/**
 * `lastResult`: the page's last refusal when it is this form's (`replies.lastResultFor`), else NOT_THIS_FORM.
 * The validation stays the server's.
 */
export function useExperienceForm<I extends ExperienceIntent>(intent: I, settings: { id: string; lastResult: SubmissionResult<string[]>; defaultValue?: DefaultValue<ExperienceFormInput<I>> }) {
  return useForm<ExperienceFormInput<I>>({ ...settings, constraint: CONSTRAINTS[intent], shouldValidate: 'onSubmit' })
}

/** What the page's action answers when it refuses a form (a success redirects). */
export interface ExperienceActionReply {
  intent: ExperienceIntent | null
  /** conform's reply: the text the form sent and its field errors. */
  result: SubmissionResult<string[]> | null
  /** A refusal that is no field's (shown above the form). */
  message: string | null
}

/** What each section receives from the route: the last result and the general message of the form of `intent`. */
export interface Replies {
  /** For a form per answer, `answerId` names the answer whose form was refused. */
  lastResultFor: (intent: ExperienceIntent, answerId?: string) => SubmissionResult<string[]>
  messageFor: (intent: ExperienceIntent) => string[] | null
}

/** The page's last refusal, given to the form it answers: the other forms get NOT_THIS_FORM (their errors go, their text stays). */
export function useReplies(): Replies {
  const reply = useActionData<ExperienceActionReply>()
  const isFor = (intent: ExperienceIntent) => reply?.intent === intent
  return {
    lastResultFor: (intent, answerId) =>
      isFor(intent) && reply?.result && (answerId === undefined || reply.result.initialValue?.answerId === answerId) ? reply.result : NOT_THIS_FORM,
    messageFor: (intent) => (isFor(intent) && reply?.message ? [reply.message] : null),
  }
}

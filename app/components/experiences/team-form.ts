import { useForm, type DefaultValue, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod/v4'
import type { z } from 'zod'
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
 * `lastResult`: the page's last refusal when it is this form's (the route builds it once per reply), else NOT_THIS_FORM.
 * The validation stays the server's.
 */
export function useExperienceForm<I extends ExperienceIntent>(intent: I, settings: { id: string; lastResult: SubmissionResult<string[]>; defaultValue?: DefaultValue<ExperienceFormInput<I>> }) {
  return useForm<ExperienceFormInput<I>>({ ...settings, constraint: CONSTRAINTS[intent], shouldValidate: 'onSubmit' })
}

/** What each section receives from the route: the last result and the general message of the form of `intent`. */
export interface Replies {
  lastResultFor: (intent: ExperienceIntent) => SubmissionResult<string[]>
  messageFor: (intent: ExperienceIntent) => string[] | null
}

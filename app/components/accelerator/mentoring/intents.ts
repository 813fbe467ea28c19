import type { SubmissionResult } from '@conform-to/react'

/** The forms of a project's follow-up page, one intent each (the hidden `intent` field). */
export const PROJECT_INTENTS = [
  'diagnosis',
  'need',
  'need_edit',
  'need_status',
  'action',
  'action_edit',
  'action_status',
  'check_in',
  'check_in_edit',
  'leader_view',
  'introduction',
  'introduction_outcome',
  'indicator',
  'referent',
  'referent_remove',
] as const
export type ProjectIntent = (typeof PROJECT_INTENTS)[number]

/** What the page's action answers when it refuses a form (a success redirects). */
export interface ProjectActionReply {
  intent: ProjectIntent | null
  result: SubmissionResult<string[]> | null
  message: string | null
}

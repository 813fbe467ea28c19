// Tables of Services Publics+ (public experiences, answers, changes, API keys): db/migrations/0006-experiences.ts
// (stored values in English since 0021, decision 111).
import type { ColumnType, Generated } from 'kysely'
import type { NullableTimestamp } from './core.ts'
import type { SpamStatus } from './feedback.ts'

export type ExperienceChannel = 'online' | 'counter' | 'phone' | 'mail' | 'email' | 'other'
export type ExperienceFeeling = 'positive' | 'neutral' | 'negative'
export type ExperienceStatus = 'pending' | 'published' | 'refused'
export type AnswerStatus = 'in_progress' | 'answered' | 'forwarded'
export type ChangeStatus = 'planned' | 'done'
/** Why a moderator refused an experience (`experiences.refusal_reason`, `experience_refusal_templates.reason`). */
export type RefusalReason = 'abusive' | 'off_topic' | 'personal_data' | 'duplicate' | 'advertising'

export interface ExperiencesTable {
  id: Generated<string>
  organisation_id: string
  service_id: string
  title: string
  /** What the author wrote: kept privately, never published as such. */
  body: string
  /** The text published after moderation (redacted passages replaced by « [supprimé] »). */
  public_body: string | null
  happened_on: ColumnType<string | null, string | null | undefined, string | null>
  channel: ExperienceChannel
  feeling: ExperienceFeeling
  author_name: string | null
  /** Never published; erased after the retention period. */
  author_email: string | null
  pii_kinds: ColumnType<string[], string[] | undefined, string[]>
  status: Generated<ExperienceStatus>
  refusal_reason: RefusalReason | null
  /** The message of the organisation's template used to refuse, if any (sent to the author). */
  refusal_message: ColumnType<string | null, string | null | undefined, string | null>
  me_too_count: Generated<number>
  moderated_by: string | null
  moderated_at: NullableTimestamp
  published_at: NullableTimestamp
  answer_status: AnswerStatus | null
  first_answered_at: NullableTimestamp
  source_review_id: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
  email_purged_at: NullableTimestamp
  /** Spam (decision 101, complément): the day-keyed address hash and the normalised text's fingerprint, never exported. */
  ip_hash: string | null
  body_fingerprint: string | null
  spam_score: Generated<number>
  spam_reasons: ColumnType<string[], string[] | undefined, string[]>
  /** none / suspected: the score; spam / cleared: an agent's decision. Suspected and spam are held out of the queue's default view. */
  spam_status: Generated<SpamStatus>
  spam_reviewed_by: string | null
  spam_reviewed_at: NullableTimestamp
}

export interface ExperienceAnswersTable {
  id: Generated<string>
  experience_id: string
  service_id: string
  author_id: string | null
  signer_role: string
  signer_name: string | null
  body: string
  status: AnswerStatus
  created_at: Generated<Date>
  amended_at: NullableTimestamp
}

export interface ExperienceCommentsTable {
  id: Generated<string>
  experience_id: string
  author_id: string | null
  kind: Generated<'comment' | 'reassignment'>
  body: string
  created_at: Generated<Date>
}

export interface ServiceChangesTable {
  id: Generated<string>
  organisation_id: string
  service_id: string
  title: string
  description: string
  status: ChangeStatus
  planned_on: ColumnType<string | null, string | null | undefined, string | null>
  done_on: ColumnType<string | null, string | null | undefined, string | null>
  created_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface ServiceChangeSourcesTable {
  change_id: string
  experience_id: string
}

export interface ApiKeysTable {
  id: Generated<string>
  organisation_id: string
  name: string
  prefix: string
  key_hash: string
  created_by: string | null
  created_at: Generated<Date>
  last_used_at: NullableTimestamp
  revoked_at: NullableTimestamp
}

export interface ExperienceRefusalTemplatesTable {
  id: Generated<string>
  organisation_id: string
  reason: RefusalReason
  title: string
  message: string
  created_by: string | null
  created_at: Generated<Date>
  archived_at: NullableTimestamp
}

export type TransferStatus = 'pending' | 'accepted' | 'declined'

export interface ExperienceTransfersTable {
  id: Generated<string>
  experience_id: string
  from_service_id: string
  from_organisation_id: string
  to_service_id: string
  to_organisation_id: string
  note: string
  status: Generated<TransferStatus>
  requested_by: string | null
  requested_at: Generated<Date>
  decided_by: string | null
  decided_at: NullableTimestamp
  decline_reason: string | null
}

export interface ExperienceMeTooTable {
  experience_id: string
  voter_key: string
  created_at: Generated<Date>
}

export interface ServiceChangeReviewSourcesTable {
  change_id: string
  review_id: string
}

export interface ExperienceTables {
  experience_refusal_templates: ExperienceRefusalTemplatesTable
  experience_transfers: ExperienceTransfersTable
  experience_me_too: ExperienceMeTooTable
  service_change_review_sources: ServiceChangeReviewSourcesTable
  experiences: ExperiencesTable
  experience_answers: ExperienceAnswersTable
  experience_comments: ExperienceCommentsTable
  service_changes: ServiceChangesTable
  service_change_sources: ServiceChangeSourcesTable
  api_keys: ApiKeysTable
}


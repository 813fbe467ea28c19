// Tables of the accelerator area (filled by its migrations).
import type { ColumnType, Generated } from 'kysely'
import type { DateOnly, Json, JsonWithDefault, NullableTimestamp, Timestamp } from './core.ts'

export type CallState = 'brouillon' | 'ouvert' | 'clos' | 'en_evaluation' | 'en_deliberation' | 'resultats_publies'
export type Jury = 'administration' | 'citizen' | 'both'
export type CitizenScoringMode = 'numbers' | 'majority_judgment'
export type CombinationRule = 'weighted' | 'sequential'
export type ApplicationState =
  | 'brouillon'
  | 'deposee'
  | 'en_instruction'
  | 'correction_demandee'
  | 'recevable'
  | 'preselectionnee'
  | 'non_retenue'
  | 'sans_suite'
  | 'retenue'

export interface FaqEntry {
  question: string
  answer: string
}

export interface CallsTable {
  id: Generated<string>
  slug: string
  title: string
  intro: Generated<string>
  opens_at: Timestamp
  closes_at: Timestamp
  results_on: DateOnly
  places: number
  state: ColumnType<CallState, CallState | undefined, CallState>
  opening_scheduled: Generated<boolean>
  grid_version: Generated<number>
  faq: JsonWithDefault<FaqEntry[]>
  admin_reviews_per_application: Generated<number>
  citizen_reviews_per_application: Generated<number>
  citizen_scoring_mode: ColumnType<CitizenScoringMode, CitizenScoringMode | undefined, CitizenScoringMode>
  combination_rule: ColumnType<CombinationRule, CombinationRule | undefined, CombinationRule>
  /** Percent of the combined score given to each jury (rule « weighted »). */
  admin_jury_weight: Generated<number>
  citizen_jury_weight: Generated<number>
  /** Rule « sequential »: how many applications the administration passes to the citizen panel. */
  sequential_top_n: number | null
  /** Gap between the two juries' means (on the 1–5 scale) above which an application is flagged. */
  divergence_gap: ColumnType<number, number | undefined, number>
  /** Scoring deadline (migration 0005): reminders are sent before it. */
  review_deadline: NullableTimestamp
  state_changed_at: NullableTimestamp
  created_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface CallGridVersionsTable {
  call_id: string
  version: number
  eligible_kinds: JsonWithDefault<string[]>
  reason: string | null
  created_by: string | null
  created_at: Generated<Date>
}

export interface CallCriteriaTable {
  id: Generated<string>
  call_id: string
  version: number
  position: number
  title: string
  description: string
  /** Five anchors, levels 1 to 5. */
  level_descriptions: Json<string[]>
  weight: number
  jury: Jury
}

/** Answers of an application, by section (see app/accelerator/applications/application-form.ts). */
export type ApplicationAnswers = Record<string, Record<string, unknown>>
/**
 * Per section: its version, who saved it last and when, and the last version each member wrote
 * (`writers`, to tell a person's own earlier saves from someone else's). `editor` (one id per open
 * page) is only found in rows saved before `writers` existed; it is no longer read.
 */
export type SectionVersions = Record<string, { version: number; by: string; at: string; writers?: Record<string, number>; editor?: string }>

export interface CorrectionRequest {
  message: string
  fields: Array<{ section: string; field: string }>
  requestedAt: string
}

/** An answer of the eligibility checklist, in English since migration 0026 (decision 115). */
export type EligibilityAnswer = 'yes' | 'no' | 'to_check'
export type EligibilityChecks = Record<string, EligibilityAnswer>

export interface ApplicationsTable {
  id: Generated<string>
  call_id: string
  owner_id: string
  state: ColumnType<ApplicationState, ApplicationState | undefined, ApplicationState>
  reference: string | null
  answers: JsonWithDefault<ApplicationAnswers>
  section_versions: JsonWithDefault<SectionVersions>
  version: Generated<number>
  submitted_at: NullableTimestamp
  last_submitted_at: NullableTimestamp
  submission_count: Generated<number>
  state_changed_at: NullableTimestamp
  state_motivation: string | null
  correction_request: ColumnType<CorrectionRequest | null, CorrectionRequest | null | undefined, CorrectionRequest | null>
  eligibility: JsonWithDefault<EligibilityChecks>
  structure_kind: ColumnType<string | null, never, never>
  search: ColumnType<string | null, never, never>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

/** The person responsible for an application (`leader`) and the people they invited (`co_leader`); English since migration 0024. */
export type ApplicationMemberRole = 'leader' | 'co_leader'

export interface ApplicationMembersTable {
  application_id: string
  user_id: string
  role: ApplicationMemberRole
  added_by: string | null
  created_at: Generated<Date>
  removed_at: NullableTimestamp
  /** « J'ai terminé ma partie » (a co-leader), decision 097; null when not said or taken back. */
  part_done_at: NullableTimestamp
}

export interface ApplicationInvitationsTable {
  id: Generated<string>
  application_id: string
  email: string
  token_hash: string
  invited_by: string | null
  expires_at: Timestamp
  accepted_at: NullableTimestamp
  accepted_by: string | null
  revoked_at: NullableTimestamp
  created_at: Generated<Date>
}

/** Statutes, latest accounts, any other document (labels in `ATTACHMENT_KINDS`); English since migration 0024. */
export type AttachmentKind = 'statutes' | 'accounts' | 'other'

export interface ApplicationFilesTable {
  id: Generated<string>
  application_id: string
  kind: AttachmentKind
  original_name: string
  content_type: string
  size_bytes: number
  sha256: string
  storage_key: string
  uploaded_by: string | null
  created_at: Generated<Date>
}

export interface ApplicationMessagesTable {
  id: Generated<string>
  application_id: string
  author_id: string | null
  from_team: boolean
  body: string
  fields: JsonWithDefault<Array<{ section: string; field: string }>>
  created_at: Generated<Date>
}

export interface ApplicationNotesTable {
  id: Generated<string>
  application_id: string
  author_id: string | null
  body: string
  created_at: Generated<Date>
}

export interface AcceleratorTables {
  calls: CallsTable
  call_grid_versions: CallGridVersionsTable
  call_criteria: CallCriteriaTable
  applications: ApplicationsTable
  application_members: ApplicationMembersTable
  application_invitations: ApplicationInvitationsTable
  application_files: ApplicationFilesTable
  application_messages: ApplicationMessagesTable
  application_notes: ApplicationNotesTable
}

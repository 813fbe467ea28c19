// Tables of the feedback area (« Je donne mon avis »), created by db/migrations/0003-feedback.ts.
import type { ColumnType, Generated, Selectable } from 'kysely'
import type { DateOnly, Json, NullableTimestamp } from './core.ts'

export interface FeedbackServicesTable {
  id: Generated<string>
  organisation_id: string
  name: string
  description: string | null
  procedure_url: string | null
  created_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
  archived_at: NullableTimestamp
}

export interface FeedbackFormsTable {
  id: Generated<string>
  service_id: string
  name: string
  current_version_id: string | null
  created_at: Generated<Date>
}

/** What a form version asks: see app/feedback/questionnaire.ts. */
export interface FormDefinition {
  /** Optional questions shown after the required satisfaction question, in this order. */
  questions: Array<'clarity' | 'help' | 'comment' | 'contact'>
  /** Shown on the thank-you page; the default message when absent. */
  thanks?: string | null
}

export interface FeedbackFormVersionsTable {
  id: Generated<string>
  form_id: string
  version: number
  definition: Json<FormDefinition>
  created_by: string | null
  created_at: Generated<Date>
  retired_at: NullableTimestamp
}

export interface FeedbackPlacementsTable {
  id: Generated<string>
  service_id: string
  form_id: string
  name: string
  allowed_origins: ColumnType<string[], string[] | undefined, string[]>
  enabled: Generated<boolean>
  created_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

/** How the review came in: the link button, the floating widget, the one-click smiley (English since 0021). */
export type ReviewSource = 'link' | 'widget' | 'smiley'
export type PiiStatus = 'none' | 'flagged' | 'cleared' | 'redacted'
/** none: below the threshold; suspected: held by the score; spam / cleared: an agent's decision (app/feedback/spam.server.ts). */
export type SpamStatus = 'none' | 'suspected' | 'spam' | 'cleared'

export interface FeedbackReviewsTable {
  id: string
  organisation_id: string
  service_id: string
  placement_id: string
  form_version_id: string
  source: Generated<ReviewSource>
  created_at: Generated<Date>
  updated_at: Generated<Date>
  /** 2 = Très bien, 1 = Moyen, 0 = Pas bien. */
  satisfaction: number
  /** 1 (pas clair du tout) … 5 (très clair). */
  clarity: number | null
  /** null: not answered; false: « Je n'ai pas eu besoin d'aide »; true: channels listed. */
  help_needed: boolean | null
  help_channels: ColumnType<string[], string[] | undefined, string[]>
  help_reached: boolean | null
  /** 1 (très mauvaise) … 5 (très bonne). */
  help_quality: number | null
  comment: string | null
  has_comment: Generated<boolean>
  comment_tsv: ColumnType<string | null, never, never>
  contact_email: string | null
  pii_kinds: ColumnType<string[], string[] | undefined, string[]>
  pii_status: Generated<PiiStatus>
  pii_reviewed_by: string | null
  pii_reviewed_at: NullableTimestamp
  completed_at: NullableTimestamp
  text_purged_at: NullableTimestamp
  /** Daily-keyed hash of the sender's address (0011; never exported, purged with the text). */
  ip_hash: string | null
  /** Hash of the comment once normalised (case, accents, punctuation, digits): near-identical texts share it. */
  comment_fingerprint: string | null
  spam_score: Generated<number>
  spam_reasons: ColumnType<string[], string[] | undefined, string[]>
  spam_status: Generated<SpamStatus>
  spam_reviewed_by: string | null
  spam_reviewed_at: NullableTimestamp
}

/** The answer columns a review carries out of the product (API v1, the team's exports), read as they are stored. */
export type ReviewAnswerColumns = Pick<
  Selectable<FeedbackReviewsTable>,
  'source' | 'satisfaction' | 'clarity' | 'help_needed' | 'help_channels' | 'help_reached' | 'help_quality' | 'comment' | 'pii_status' | 'text_purged_at' | 'completed_at'
>

/** Integer sums kept per rollup row (app/feedback/rollup-measures.ts lists them). */
export interface StatMeasures {
  reviews: number
  sat_points: number
  clarity_count: number
  clarity_sum: number
  help_answered: number
  help_none: number
  reached_answered: number
  reached_yes: number
  quality_count: number
  quality_sum: number
  comments: number
  completed: number
  ch_counter: number
  ch_phone: number
  ch_email: number
  ch_chat: number
  ch_relative: number
  ch_association: number
  ch_internet: number
  ch_other: number
}

type Measures = { [K in keyof StatMeasures]: ColumnType<number, number | undefined, number> }

export interface FeedbackStatDeltasTable extends Measures {
  organisation_id: string
  service_id: string
  placement_id: string
  form_version_id: string
  day: DateOnly
  satisfaction: number
}

export interface FeedbackStatsDailyTable extends Measures {
  service_id: string
  day: DateOnly
  placement_id: string
  form_version_id: string
  satisfaction: number
  organisation_id: string
}

export interface FeedbackStatsServiceDailyTable extends Measures {
  organisation_id: string
  day: DateOnly
  service_id: string
  satisfaction: number
}

export interface FeedbackStatsServiceMonthlyTable extends Measures {
  organisation_id: string
  month: DateOnly
  service_id: string
  satisfaction: number
}

export interface FeedbackStatsOrgDailyTable extends Measures {
  organisation_id: string
  day: DateOnly
  satisfaction: number
}

export type ExportStatus = 'pending' | 'running' | 'ready' | 'failed'

/** One daily open-data file of de-identified reviews (migration 0019). */
export interface OpenDataDailyFilesTable {
  day: string
  storage_key: string
  row_count: number
  byte_size: number
  sha256: string
  created_at: Generated<Date>
}

export interface FeedbackExportsTable {
  id: Generated<string>
  requested_by: string
  scope_type: 'service' | 'organisation'
  scope_id: string
  format: 'csv' | 'xlsx'
  filters: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown>>
  status: Generated<ExportStatus>
  rows_total: number | null
  rows_done: Generated<number>
  byte_size: number | null
  file_name: string
  error: string | null
  created_at: Generated<Date>
  started_at: NullableTimestamp
  finished_at: NullableTimestamp
  expires_at: ColumnType<Date, Date | string, Date | string>
}

export interface FeedbackExportChunksTable {
  export_id: string
  seq: number
  data: Uint8Array
}

export interface FeedbackAlertSubscriptionsTable {
  id: Generated<string>
  user_id: string
  service_id: string
  negative_reviews: Generated<boolean>
  weekly_digest: Generated<boolean>
  /** Negative reviews created up to this instant have been announced. */
  notified_until: NullableTimestamp
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface FeedbackDigestPreferencesTable {
  user_id: string
  frequency: ColumnType<'daily' | 'weekly', 'daily' | 'weekly' | undefined, 'daily' | 'weekly'>
  /** 0 to 23, Paris time. */
  hour: Generated<number>
  /** 1 (Monday) to 7 (Sunday). */
  weekday: Generated<number>
  /** First day of the last digest queued (never sent twice). */
  last_period_start: ColumnType<string | null, string | null | undefined, string | null>
  updated_at: Generated<Date>
}

export interface FeedbackTables {
  feedback_services: FeedbackServicesTable
  feedback_forms: FeedbackFormsTable
  feedback_form_versions: FeedbackFormVersionsTable
  feedback_placements: FeedbackPlacementsTable
  feedback_reviews: FeedbackReviewsTable
  feedback_stat_deltas: FeedbackStatDeltasTable
  feedback_stats_daily: FeedbackStatsDailyTable
  feedback_stats_service_daily: FeedbackStatsServiceDailyTable
  feedback_stats_service_monthly: FeedbackStatsServiceMonthlyTable
  feedback_stats_org_daily: FeedbackStatsOrgDailyTable
  feedback_exports: FeedbackExportsTable
  open_data_daily_files: OpenDataDailyFilesTable
  feedback_export_chunks: FeedbackExportChunksTable
  feedback_alert_subscriptions: FeedbackAlertSubscriptionsTable
  feedback_digest_preferences: FeedbackDigestPreferencesTable
}

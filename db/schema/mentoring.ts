// Tables of the mentoring area (db/migrations/0007-mentoring.ts; stored values in English since 0020).
import type { ColumnType, Generated } from 'kysely'
import type { DateOnly, NullableTimestamp } from './core.ts'

export type Health = 'on_track' | 'at_risk' | 'stuck'
export type NeedKind = 'consolidation' | 'integration' | 'deployment'
export type NeedStatus = 'open' | 'in_progress' | 'met' | 'dropped'
export type ActionOwner = 'leader' | 'mentor' | 'referent'
export type ActionStatus = 'todo' | 'in_progress' | 'done' | 'dropped'
export type IntroductionOutcome = 'pending' | 'met' | 'followed_up' | 'no_follow_up'
export type CommitteeKind = 'acceleration' | 'commitment'
export type CommitteeDecision = 'approved' | 'rejected' | 'postponed'

export interface MentoringCohortsTable {
  id: Generated<string>
  call_id: string
  name: string
  starts_on: DateOnly
  ends_on: DateOnly
  published_at: NullableTimestamp
  created_by: string | null
  created_at: Generated<Date>
}

export interface MentoringProjectsTable {
  id: Generated<string>
  cohort_id: string
  application_id: string
  mentor_id: string | null
  health: ColumnType<Health, Health | undefined, Health>
  strengths: string | null
  risks: string | null
  success_looks_like: string | null
  diagnosed_at: NullableTimestamp
  report_text: string | null
  report_validated_at: NullableTimestamp
  report_validated_by: string | null
  public_text: string | null
  public_consent: Generated<boolean>
  created_at: Generated<Date>
}

export interface MentoringReferentsTable {
  id: Generated<string>
  project_id: string
  email: string
  name: string | null
  organisation: string | null
  added_by: string | null
  created_at: Generated<Date>
}

export interface MentoringNeedsTable {
  id: Generated<string>
  project_id: string
  kind: NeedKind
  description: string
  status: ColumnType<NeedStatus, NeedStatus | undefined, NeedStatus>
  opened_on: DateOnly
  closed_on: ColumnType<string | null, string | null | undefined, string | null>
  created_by: string | null
  created_at: Generated<Date>
}

export interface MentoringActionsTable {
  id: Generated<string>
  project_id: string
  need_id: string | null
  title: string
  owner: ActionOwner
  due_on: DateOnly
  status: ColumnType<ActionStatus, ActionStatus | undefined, ActionStatus>
  done_on: ColumnType<string | null, string | null | undefined, string | null>
  created_by: string | null
  created_at: Generated<Date>
}

export interface MentoringCheckInsTable {
  id: Generated<string>
  project_id: string
  held_on: DateOnly
  attendees: string
  notes: string
  private_notes: string | null
  decisions: string | null
  minutes_spent: number
  health: Health
  leader_view: string | null
  created_by: string | null
  created_at: Generated<Date>
}

export interface MentoringIntroductionsTable {
  id: Generated<string>
  project_id: string
  organisation: string
  person: string | null
  reason: string
  made_on: DateOnly
  outcome: ColumnType<IntroductionOutcome, IntroductionOutcome | undefined, IntroductionOutcome>
  created_by: string | null
  created_at: Generated<Date>
}

export interface MentoringIndicatorValuesTable {
  id: Generated<string>
  project_id: string
  measured_on: DateOnly
  value: number
  created_by: string | null
  created_at: Generated<Date>
}

export interface MentoringCommitteesTable {
  id: Generated<string>
  cohort_id: string
  kind: CommitteeKind
  held_on: DateOnly
  members: string
  created_by: string | null
  created_at: Generated<Date>
}

export interface MentoringCommitteeItemsTable {
  committee_id: string
  project_id: string
  preparation_note: string | null
  decision: CommitteeDecision | null
  amount_euros: number | null
  motivation: string | null
  decided_by: string | null
  decided_at: NullableTimestamp
}

export interface MentoringAlertsTable {
  id: Generated<string>
  project_id: string
  kind: string
  subject_key: string
  message: string
  detected_on: DateOnly
  resolved_at: NullableTimestamp
  created_at: Generated<Date>
}

export interface MentoringTables {
  mentoring_cohorts: MentoringCohortsTable
  mentoring_projects: MentoringProjectsTable
  mentoring_referents: MentoringReferentsTable
  mentoring_needs: MentoringNeedsTable
  mentoring_actions: MentoringActionsTable
  mentoring_check_ins: MentoringCheckInsTable
  mentoring_introductions: MentoringIntroductionsTable
  mentoring_indicator_values: MentoringIndicatorValuesTable
  mentoring_committees: MentoringCommitteesTable
  mentoring_committee_items: MentoringCommitteeItemsTable
  mentoring_alerts: MentoringAlertsTable
}

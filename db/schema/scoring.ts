// Tables of the joint scoring (migration 0005). The call's settings stay on `calls`.
import type { ColumnType, Generated } from 'kysely'
import type { Json, JsonWithDefault, NullableTimestamp } from './core.ts'

export type ScoringJury = 'administration' | 'citizen'
export type ConflictKind = 'personal' | 'professional' | 'financial' | 'other'
export type ConflictStatus = 'declared' | 'upheld' | 'dismissed'
export type ReviewStatus = 'draft' | 'submitted'
export type DecisionKind = 'retenue' | 'liste_attente' | 'non_retenue'

export interface ScoringJuryMembersTable {
  call_id: string
  user_id: string
  jury: ScoringJury
  charter_accepted_at: NullableTimestamp
  unavailable: Generated<boolean>
  created_at: Generated<Date>
}

export interface ScoringConflictsTable {
  id: Generated<string>
  call_id: string
  application_id: string
  user_id: string
  kind: ConflictKind
  details: string
  source: 'reviewer' | 'leader'
  status: ColumnType<ConflictStatus, ConflictStatus | undefined, ConflictStatus>
  decided_by: string | null
  decided_at: NullableTimestamp
  created_at: Generated<Date>
}

/** The team dismissed one reason of a detected conflict (migration 0011, decision 099). */
export interface ScoringConflictDismissalsTable {
  id: Generated<string>
  call_id: string
  application_id: string
  user_id: string
  /** DetectedReason.key (app/accelerator/scoring/conflict-detection.ts). */
  reason_key: string
  /** The French reason as shown when it was dismissed. */
  reason_message: string
  motivation: string
  dismissed_by: string | null
  dismissed_at: Generated<Date>
}

export interface ScoringLeaderObjectionsTable {
  id: Generated<string>
  call_id: string
  application_id: string
  names: string
  reason: string
  created_by: string | null
  handled_by: string | null
  handled_at: NullableTimestamp
  created_at: Generated<Date>
}

export interface ScoringAssignmentsTable {
  call_id: string
  application_id: string
  user_id: string
  jury: ScoringJury
  source: 'automatic' | 'forced'
  created_at: Generated<Date>
}

export interface ScoringOverridesTable {
  call_id: string
  application_id: string
  user_id: string
  kind: 'forced' | 'forbidden'
  created_by: string | null
  created_at: Generated<Date>
}

export interface ScoringReviewsTable {
  id: Generated<string>
  call_id: string
  application_id: string
  user_id: string
  jury: ScoringJury
  status: ColumnType<ReviewStatus, ReviewStatus | undefined, ReviewStatus>
  /** Criterion id → level 1–5 (numeric juries). */
  scores: JsonWithDefault<Record<string, number>>
  mention: string | null
  confidence: number | null
  comment_team: Generated<string>
  comment_leader: Generated<string>
  submitted_at: NullableTimestamp
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface ScoringDecisionsTable {
  application_id: string
  call_id: string
  decision: DecisionKind
  motivation: string
  decided_by: string | null
  decided_at: Generated<Date>
}

export interface ScoringPublicationsTable {
  call_id: string
  published_by: string | null
  published_at: Generated<Date>
  snapshot: Json<object>
}

/** Who sits on a call's decision committee (decision 100), listed by the programme team. */
export interface CommitteeMembersTable {
  call_id: string
  user_id: string
  added_by: string | null
  added_at: Generated<Date>
}

/** A committee member's « d'accord / pas d'accord » on one proposed decision. */
export interface CommitteeOpinionsTable {
  application_id: string
  user_id: string
  call_id: string
  agrees: boolean
  note: Generated<string>
  decision_seen: DecisionKind
  recorded_at: Generated<Date>
}

export interface ScoringTables {
  scoring_jury_members: ScoringJuryMembersTable
  scoring_conflicts: ScoringConflictsTable
  scoring_conflict_dismissals: ScoringConflictDismissalsTable
  scoring_leader_objections: ScoringLeaderObjectionsTable
  scoring_assignments: ScoringAssignmentsTable
  scoring_overrides: ScoringOverridesTable
  scoring_reviews: ScoringReviewsTable
  scoring_decisions: ScoringDecisionsTable
  scoring_publications: ScoringPublicationsTable
  committee_members: CommitteeMembersTable
  committee_opinions: CommitteeOpinionsTable
}

import type { ColumnType, Generated } from 'kysely'

export type Timestamp = ColumnType<Date, Date | string, Date | string>
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
/** A `date` column: 'YYYY-MM-DD' on both drivers. */
export type DateOnly = ColumnType<string, string, string>
/**
 * A json/jsonb column. Pass JavaScript values, never JSON.stringify'd strings: postgres.js would
 * store a pre-serialised string as a JSON string (proved in tests/integration/db-types.test.ts).
 */
export type Json<T> = ColumnType<T, T, T>
export type JsonWithDefault<T> = ColumnType<T, T | undefined, T>

export interface UsersTable {
  id: Generated<string>
  email: string
  display_name: string | null
  created_at: Generated<Date>
  last_sign_in_at: NullableTimestamp
  /** Set when the account is deleted: the row stays, anonymised, for records that point to it. */
  deleted_at: NullableTimestamp
  /** ProConnect: the issuer and `sub` of the last ProConnect sign-in (0004-proconnect). */
  proconnect_issuer: string | null
  proconnect_sub: string | null
  /** ProConnect claims: the agent's establishment (14 digits) and organisation label. */
  siret: string | null
  organisation: string | null
  /** The SIRET the person gave on their profile (0017): conflict detection uses it when ProConnect gave none. */
  profile_siret: string | null
}

export interface SessionsTable {
  /** SHA-256 of the cookie's session id (app/auth/lucia-adapter.server.ts): the cookie value is not stored. */
  id: string
  user_id: string
  expires_at: Timestamp
  created_at: Generated<Date>
  auth_method: Generated<string>
  id_token_hint: string | null
}

export interface SignInTokensTable {
  id: Generated<string>
  email: string
  link_token_hash: string
  code_hash: string
  redirect_to: string | null
  code_attempts: Generated<number>
  expires_at: Timestamp
  used_at: NullableTimestamp
  created_at: Generated<Date>
}

export interface RoleAssignmentsTable {
  id: Generated<string>
  user_id: string
  role: string
  scope_type: string
  scope_id: Generated<string>
  granted_by: string | null
  created_at: Generated<Date>
}

export interface InvitationsTable {
  id: Generated<string>
  email: string
  role: string
  scope_type: string
  scope_id: Generated<string>
  token_hash: string
  message: string | null
  invited_by: string | null
  expires_at: Timestamp
  accepted_at: NullableTimestamp
  accepted_by: string | null
  revoked_at: NullableTimestamp
  created_at: Generated<Date>
}

export interface OrganisationsTable {
  id: Generated<string>
  slug: string
  name: string
  created_at: Generated<Date>
}

export interface EmailOutboxTable {
  id: Generated<string>
  idempotency_key: string | null
  to_address: string
  subject: string
  html: string
  text: string
  template: string
  status: Generated<'queued' | 'sent' | 'failed'>
  attempts: Generated<number>
  provider_message_id: string | null
  last_error: string | null
  created_at: Generated<Date>
  sent_at: NullableTimestamp
  /** Set when the e-mail carries a secret: the subject kept once it is delivered (decision 083). */
  redacted_subject: string | null
  /** When the body was dropped after delivery. */
  redacted_at: NullableTimestamp
}

export interface AuditLogTable {
  id: Generated<number>
  actor_id: string | null
  actor_label: string | null
  action: string
  subject_type: string
  subject_id: string
  data: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, never>
  request_id: string | null
  created_at: Generated<Date>
}

export interface RateLimitsTable {
  key: string
  window_start: Timestamp
  hits: Generated<number>
}

export interface LocalJobsTable {
  id: Generated<number>
  queue: string
  data: JsonWithDefault<Record<string, unknown>>
  singleton_key: string | null
  state: Generated<'created' | 'retry' | 'active' | 'completed' | 'failed'>
  run_after: ColumnType<Date, Date | string | undefined, Date | string>
  attempts: Generated<number>
  max_attempts: Generated<number>
  last_error: string | null
  created_at: Generated<Date>
  completed_at: NullableTimestamp
}

export interface LocalJobSchedulesTable {
  name: string
  cron: string
  last_run_at: NullableTimestamp
}

/** One ProConnect round trip (sign-in or sign-out): single use, ten minutes, bound to a browser. */
export interface ProconnectRequestsTable {
  id: Generated<string>
  kind: 'login' | 'logout'
  /** SHA-256 of the `state` sent to ProConnect. */
  state_hash: string
  /** SHA-256 of the random value kept in the browser's __Host- cookie. */
  browser_hash: string
  nonce: string | null
  code_verifier: string | null
  redirect_to: string | null
  expires_at: Timestamp
  used_at: NullableTimestamp
  created_at: Generated<Date>
}

export interface CoreTables {
  users: UsersTable
  sessions: SessionsTable
  sign_in_tokens: SignInTokensTable
  role_assignments: RoleAssignmentsTable
  invitations: InvitationsTable
  organisations: OrganisationsTable
  email_outbox: EmailOutboxTable
  audit_log: AuditLogTable
  rate_limits: RateLimitsTable
  local_jobs: LocalJobsTable
  local_job_schedules: LocalJobSchedulesTable
  proconnect_requests: ProconnectRequestsTable
}

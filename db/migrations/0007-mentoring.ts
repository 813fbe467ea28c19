import { sql, type Kysely } from 'kysely'

// Three-month mentoring of retained applications (issue 6): cohorts, projects followed by a mentor,
// ministry referents, diagnosis, needs, actions, check-ins, introductions, indicator values,
// committees with their per-project decisions (funding tranches), alerts and final reports.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
CREATE TABLE mentoring_cohorts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  call_id uuid NOT NULL REFERENCES calls(id),
  name text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on > starts_on),
  published_at timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`.execute(db)

  await sql`
CREATE TABLE mentoring_projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cohort_id uuid NOT NULL REFERENCES mentoring_cohorts(id) ON DELETE CASCADE,
  application_id uuid NOT NULL UNIQUE REFERENCES applications(id),
  mentor_id uuid REFERENCES users(id) ON DELETE SET NULL,
  health text NOT NULL DEFAULT 'on_track' CHECK (health IN ('on_track', 'at_risk', 'stuck')),
  strengths text,
  risks text,
  success_looks_like text,
  diagnosed_at timestamptz,
  report_text text,
  report_validated_at timestamptz,
  report_validated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  public_text text,
  public_consent boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
)`.execute(db)
  await sql`CREATE INDEX mentoring_projects_cohort_idx ON mentoring_projects (cohort_id)`.execute(db)

  await sql`
CREATE TABLE mentoring_referents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES mentoring_projects(id) ON DELETE CASCADE,
  email text NOT NULL,
  name text,
  organisation text,
  added_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (project_id, email)
)`.execute(db)

  await sql`
CREATE TABLE mentoring_needs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES mentoring_projects(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('consolidation', 'integration', 'deploiement')),
  description text NOT NULL,
  status text NOT NULL DEFAULT 'ouvert' CHECK (status IN ('ouvert', 'en_cours', 'satisfait', 'abandonne')),
  opened_on date NOT NULL,
  closed_on date,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`.execute(db)
  await sql`CREATE INDEX mentoring_needs_project_idx ON mentoring_needs (project_id)`.execute(db)

  await sql`
CREATE TABLE mentoring_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES mentoring_projects(id) ON DELETE CASCADE,
  need_id uuid REFERENCES mentoring_needs(id) ON DELETE SET NULL,
  title text NOT NULL,
  owner text NOT NULL CHECK (owner IN ('leader', 'mentor', 'referent')),
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'a_faire' CHECK (status IN ('a_faire', 'en_cours', 'faite', 'abandonnee')),
  done_on date,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`.execute(db)
  await sql`CREATE INDEX mentoring_actions_project_idx ON mentoring_actions (project_id)`.execute(db)

  await sql`
CREATE TABLE mentoring_check_ins (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES mentoring_projects(id) ON DELETE CASCADE,
  held_on date NOT NULL,
  attendees text NOT NULL,
  notes text NOT NULL,
  private_notes text,
  decisions text,
  minutes_spent integer NOT NULL CHECK (minutes_spent BETWEEN 0 AND 1440),
  health text NOT NULL CHECK (health IN ('on_track', 'at_risk', 'stuck')),
  leader_view text,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`.execute(db)
  await sql`CREATE INDEX mentoring_check_ins_project_idx ON mentoring_check_ins (project_id, held_on)`.execute(db)

  await sql`
CREATE TABLE mentoring_introductions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES mentoring_projects(id) ON DELETE CASCADE,
  organisation text NOT NULL,
  person text,
  reason text NOT NULL,
  made_on date NOT NULL,
  outcome text NOT NULL DEFAULT 'en_attente' CHECK (outcome IN ('en_attente', 'rencontre_faite', 'suite_donnee', 'sans_suite')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`.execute(db)
  await sql`CREATE INDEX mentoring_introductions_project_idx ON mentoring_introductions (project_id)`.execute(db)

  await sql`
CREATE TABLE mentoring_indicator_values (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES mentoring_projects(id) ON DELETE CASCADE,
  measured_on date NOT NULL,
  value numeric NOT NULL CHECK (value >= 0),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (project_id, measured_on)
)`.execute(db)

  await sql`
CREATE TABLE mentoring_committees (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cohort_id uuid NOT NULL REFERENCES mentoring_cohorts(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('acceleration', 'engagement')),
  held_on date NOT NULL,
  members text NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`.execute(db)

  await sql`
CREATE TABLE mentoring_committee_items (
  committee_id uuid NOT NULL REFERENCES mentoring_committees(id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES mentoring_projects(id) ON DELETE CASCADE,
  preparation_note text,
  decision text CHECK (decision IN ('favorable', 'defavorable', 'ajourne')),
  amount_euros integer CHECK (amount_euros BETWEEN 0 AND 1000000),
  motivation text,
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_at timestamptz,
  PRIMARY KEY (committee_id, project_id)
)`.execute(db)

  await sql`
CREATE TABLE mentoring_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES mentoring_projects(id) ON DELETE CASCADE,
  kind text NOT NULL,
  subject_key text NOT NULL,
  message text NOT NULL,
  detected_on date NOT NULL,
  resolved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
)`.execute(db)
  // One open alert per (project, kind, subject): the daily job can run any number of times.
  await sql`CREATE UNIQUE INDEX mentoring_alerts_open_key ON mentoring_alerts (project_id, kind, subject_key) WHERE resolved_at IS NULL`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'mentoring_alerts',
    'mentoring_committee_items',
    'mentoring_committees',
    'mentoring_indicator_values',
    'mentoring_introductions',
    'mentoring_check_ins',
    'mentoring_actions',
    'mentoring_needs',
    'mentoring_referents',
    'mentoring_projects',
    'mentoring_cohorts',
  ]) {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db)
  }
}

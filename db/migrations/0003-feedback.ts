import { sql, type Kysely } from 'kysely'

// « Je donne mon avis »: services, versioned forms, placements, reviews, rollup tables kept exact
// by a trigger-fed delta log, exports and alert subscriptions.
//
// Frozen copy of the rollup measures at the time of this migration (the application reads them
// from app/feedback/rollup-measures.ts; tests/integration/feedback-rollups.test.ts proves both agree
// with a direct computation). Each measure is an integer expression over one review row `r`.
const MEASURES: Array<[name: string, expression: (r: string) => string]> = [
  ['reviews', () => '1'],
  ['sat_points', (r) => `(${r}.satisfaction * 5)`],
  ['clarity_count', (r) => `(${r}.clarity IS NOT NULL)::int`],
  ['clarity_sum', (r) => `coalesce(${r}.clarity - 1, 0)`],
  ['help_answered', (r) => `(${r}.help_needed IS NOT NULL)::int`],
  ['help_none', (r) => `(${r}.help_needed IS FALSE)::int`],
  ['reached_answered', (r) => `(${r}.help_reached IS NOT NULL)::int`],
  ['reached_yes', (r) => `(${r}.help_reached IS TRUE)::int`],
  ['quality_count', (r) => `(${r}.help_quality IS NOT NULL)::int`],
  ['quality_sum', (r) => `coalesce(${r}.help_quality - 1, 0)`],
  ['comments', (r) => `${r}.has_comment::int`],
  ['completed', (r) => `(${r}.completed_at IS NOT NULL)::int`],
  ['ch_guichet', (r) => `('guichet' = ANY(${r}.help_channels))::int`],
  ['ch_telephone', (r) => `('telephone' = ANY(${r}.help_channels))::int`],
  ['ch_email', (r) => `('email' = ANY(${r}.help_channels))::int`],
  ['ch_chat', (r) => `('chat' = ANY(${r}.help_channels))::int`],
  ['ch_proche', (r) => `('proche' = ANY(${r}.help_channels))::int`],
  ['ch_association', (r) => `('association' = ANY(${r}.help_channels))::int`],
  ['ch_internet', (r) => `('internet' = ANY(${r}.help_channels))::int`],
  ['ch_autre', (r) => `('autre' = ANY(${r}.help_channels))::int`],
]

/** Columns a review change must touch for the rollups to change. */
const TRACKED = ['satisfaction', 'clarity', 'help_needed', 'help_channels', 'help_reached', 'help_quality', 'has_comment', 'completed_at']

const measureColumns = MEASURES.map(([name]) => `${name} integer NOT NULL DEFAULT 0`).join(',\n  ')

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
CREATE TABLE feedback_services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text,
  procedure_url text,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  archived_at timestamptz
)`.execute(db)
  await sql`CREATE UNIQUE INDEX feedback_services_name_key ON feedback_services (organisation_id, lower(name)) WHERE archived_at IS NULL`.execute(db)

  await sql`
CREATE TABLE feedback_forms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL REFERENCES feedback_services(id) ON DELETE CASCADE,
  name text NOT NULL,
  current_version_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
)`.execute(db)
  await sql`CREATE INDEX feedback_forms_service_idx ON feedback_forms (service_id)`.execute(db)

  await sql`
CREATE TABLE feedback_form_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  form_id uuid NOT NULL REFERENCES feedback_forms(id) ON DELETE CASCADE,
  version integer NOT NULL,
  definition jsonb NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  UNIQUE (form_id, version)
)`.execute(db)
  await sql`ALTER TABLE feedback_forms ADD CONSTRAINT feedback_forms_current_version_fkey FOREIGN KEY (current_version_id) REFERENCES feedback_form_versions(id)`.execute(db)

  await sql`
CREATE TABLE feedback_placements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL REFERENCES feedback_services(id) ON DELETE CASCADE,
  form_id uuid NOT NULL REFERENCES feedback_forms(id),
  name text NOT NULL,
  allowed_origins text[] NOT NULL DEFAULT '{}',
  enabled boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
)`.execute(db)
  await sql`CREATE INDEX feedback_placements_service_idx ON feedback_placements (service_id)`.execute(db)

  // Reviews: no foreign keys on purpose (ingest speed; rows are only written by the ingest
  // statement, which derives service and organisation from the placement). See decision 021.
  await sql`
CREATE TABLE feedback_reviews (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL,
  service_id uuid NOT NULL,
  placement_id uuid NOT NULL,
  form_version_id uuid NOT NULL,
  source text NOT NULL DEFAULT 'lien' CHECK (source IN ('lien', 'widget', 'sourire')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  satisfaction smallint NOT NULL CHECK (satisfaction BETWEEN 0 AND 2),
  clarity smallint CHECK (clarity BETWEEN 1 AND 5),
  help_needed boolean,
  help_channels text[] NOT NULL DEFAULT '{}',
  help_reached boolean,
  help_quality smallint CHECK (help_quality BETWEEN 1 AND 5),
  comment text,
  has_comment boolean NOT NULL DEFAULT false,
  comment_tsv tsvector GENERATED ALWAYS AS (CASE WHEN comment IS NULL THEN NULL ELSE to_tsvector('french', comment) END) STORED,
  contact_email text,
  pii_kinds text[] NOT NULL DEFAULT '{}',
  pii_status text NOT NULL DEFAULT 'none' CHECK (pii_status IN ('none', 'flagged', 'cleared', 'redacted')),
  pii_reviewed_by uuid,
  pii_reviewed_at timestamptz,
  completed_at timestamptz,
  text_purged_at timestamptz,
  CHECK (help_needed IS TRUE OR cardinality(help_channels) = 0),
  CHECK (help_needed IS NOT TRUE OR cardinality(help_channels) > 0)
)`.execute(db)
  await sql`CREATE INDEX feedback_reviews_service_created_idx ON feedback_reviews (service_id, created_at DESC, id)`.execute(db)
  await sql`CREATE INDEX feedback_reviews_service_comments_idx ON feedback_reviews (service_id, created_at DESC) WHERE has_comment`.execute(db)
  await sql`CREATE INDEX feedback_reviews_org_comments_idx ON feedback_reviews (organisation_id, created_at DESC) WHERE has_comment`.execute(db)
  await sql`CREATE INDEX feedback_reviews_tsv_idx ON feedback_reviews USING gin (comment_tsv) WHERE has_comment`.execute(db)
  await sql`CREATE INDEX feedback_reviews_retention_idx ON feedback_reviews (created_at) WHERE comment IS NOT NULL OR contact_email IS NOT NULL`.execute(db)

  // Delta log: every change of a review appends its contribution (+new, −old). Appending never
  // contends on a hot row; the fold job moves deltas into the rollup tables (batches by ctid: no
  // sequence and no primary key to maintain on the hot path). See decision 020.
  await sql
    .raw(
      `
CREATE TABLE feedback_stat_deltas (
  organisation_id uuid NOT NULL,
  service_id uuid NOT NULL,
  placement_id uuid NOT NULL,
  form_version_id uuid NOT NULL,
  day date NOT NULL,
  satisfaction smallint NOT NULL,
  ${measureColumns}
)`,
    )
    .execute(db)
  await sql`CREATE INDEX feedback_stat_deltas_scope_idx ON feedback_stat_deltas (organisation_id, service_id)`.execute(db)

  const rollups: Array<[table: string, keys: string]> = [
    ['feedback_stats_daily', 'service_id uuid NOT NULL, day date NOT NULL, placement_id uuid NOT NULL, form_version_id uuid NOT NULL, satisfaction smallint NOT NULL, organisation_id uuid NOT NULL, PRIMARY KEY (service_id, day, placement_id, form_version_id, satisfaction)'],
    ['feedback_stats_service_daily', 'organisation_id uuid NOT NULL, day date NOT NULL, service_id uuid NOT NULL, satisfaction smallint NOT NULL, PRIMARY KEY (organisation_id, day, service_id, satisfaction)'],
    ['feedback_stats_service_monthly', 'organisation_id uuid NOT NULL, month date NOT NULL, service_id uuid NOT NULL, satisfaction smallint NOT NULL, PRIMARY KEY (organisation_id, month, service_id, satisfaction)'],
    ['feedback_stats_org_daily', 'organisation_id uuid NOT NULL, day date NOT NULL, satisfaction smallint NOT NULL, PRIMARY KEY (organisation_id, day, satisfaction)'],
  ]
  for (const [table, keys] of rollups) {
    await sql.raw(`CREATE TABLE ${table} (\n  ${keys},\n  ${measureColumns}\n)`).execute(db)
  }

  const row = (r: string, sign: string) =>
    `${r}.organisation_id, ${r}.service_id, ${r}.placement_id, ${r}.form_version_id, (${r}.created_at AT TIME ZONE 'Europe/Paris')::date, ${r}.satisfaction, ` +
    MEASURES.map(([, expression]) => `${sign}${expression(r)}`).join(', ')
  const columns = `organisation_id, service_id, placement_id, form_version_id, day, satisfaction, ${MEASURES.map(([name]) => name).join(', ')}`
  await sql
    .raw(
      `
CREATE FUNCTION feedback_review_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO feedback_stat_deltas (${columns}) VALUES (${row('NEW', '')});
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO feedback_stat_deltas (${columns}) VALUES (${row('OLD', '-')});
  ELSE
    INSERT INTO feedback_stat_deltas (${columns}) VALUES (${row('OLD', '-')}), (${row('NEW', '')});
  END IF;
  RETURN NULL;
END
$$`,
    )
    .execute(db)
  await sql`CREATE TRIGGER feedback_reviews_delta_insert_delete AFTER INSERT OR DELETE ON feedback_reviews FOR EACH ROW EXECUTE FUNCTION feedback_review_delta()`.execute(db)
  const changed = TRACKED.map((column) => `OLD.${column} IS DISTINCT FROM NEW.${column}`).join(' OR ')
  await sql
    .raw(`CREATE TRIGGER feedback_reviews_delta_update AFTER UPDATE ON feedback_reviews FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION feedback_review_delta()`)
    .execute(db)

  await sql`
CREATE TABLE feedback_exports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  requested_by uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  scope_type text NOT NULL CHECK (scope_type IN ('service', 'organisation')),
  scope_id uuid NOT NULL,
  format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  filters jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'ready', 'failed')),
  rows_total integer,
  rows_done integer NOT NULL DEFAULT 0,
  byte_size bigint,
  file_name text NOT NULL,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  expires_at timestamptz NOT NULL
)`.execute(db)
  await sql`CREATE INDEX feedback_exports_requester_idx ON feedback_exports (requested_by, created_at DESC)`.execute(db)
  await sql`
CREATE TABLE feedback_export_chunks (
  export_id uuid NOT NULL REFERENCES feedback_exports(id) ON DELETE CASCADE,
  seq integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (export_id, seq)
)`.execute(db)

  await sql`
CREATE TABLE feedback_alert_subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  service_id uuid NOT NULL REFERENCES feedback_services(id) ON DELETE CASCADE,
  negative_reviews boolean NOT NULL DEFAULT false,
  weekly_digest boolean NOT NULL DEFAULT false,
  notified_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, service_id)
)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'feedback_alert_subscriptions',
    'feedback_export_chunks',
    'feedback_exports',
    'feedback_stats_org_daily',
    'feedback_stats_service_monthly',
    'feedback_stats_service_daily',
    'feedback_stats_daily',
    'feedback_stat_deltas',
    'feedback_reviews',
    'feedback_placements',
  ]) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db)
  }
  await sql`ALTER TABLE IF EXISTS feedback_forms DROP CONSTRAINT IF EXISTS feedback_forms_current_version_fkey`.execute(db)
  for (const table of ['feedback_form_versions', 'feedback_forms', 'feedback_services']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db)
  }
  await sql`DROP FUNCTION IF EXISTS feedback_review_delta()`.execute(db)
}

import { sql, type Kysely } from 'kysely'

// Services Publics+: public experiences (moderated before publication), public answers, internal
// comments, changes made (« vous nous l'avez dit, nous l'avons fait ») and API keys for open data.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
CREATE TABLE experiences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  service_id uuid NOT NULL REFERENCES feedback_services(id) ON DELETE CASCADE,
  title text NOT NULL,
  body text NOT NULL,
  public_body text,
  happened_on date,
  channel text NOT NULL CHECK (channel IN ('en-ligne', 'guichet', 'telephone', 'courrier', 'email', 'autre')),
  feeling text NOT NULL CHECK (feeling IN ('positif', 'neutre', 'negatif')),
  author_name text,
  author_email text,
  pii_kinds text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'refused')),
  refusal_reason text,
  moderated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  moderated_at timestamptz,
  published_at timestamptz,
  answer_status text CHECK (answer_status IN ('en-cours', 'repondu', 'transmis')),
  first_answered_at timestamptz,
  source_review_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  email_purged_at timestamptz,
  CHECK (status <> 'published' OR public_body IS NOT NULL),
  CHECK (status <> 'refused' OR refusal_reason IS NOT NULL)
)`.execute(db)
  await sql`CREATE INDEX experiences_service_status_idx ON experiences (service_id, status, created_at DESC)`.execute(db)
  await sql`CREATE INDEX experiences_published_idx ON experiences (published_at DESC) WHERE status = 'published'`.execute(db)
  await sql`CREATE INDEX experiences_search_idx ON experiences USING gin (to_tsvector('french', title || ' ' || coalesce(public_body, ''))) WHERE status = 'published'`.execute(db)

  await sql`
CREATE TABLE experience_answers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  experience_id uuid NOT NULL REFERENCES experiences(id) ON DELETE CASCADE,
  service_id uuid NOT NULL REFERENCES feedback_services(id) ON DELETE CASCADE,
  author_id uuid REFERENCES users(id) ON DELETE SET NULL,
  signer_role text NOT NULL,
  signer_name text,
  body text NOT NULL,
  status text NOT NULL CHECK (status IN ('en-cours', 'repondu', 'transmis')),
  created_at timestamptz NOT NULL DEFAULT now(),
  amended_at timestamptz
)`.execute(db)
  await sql`CREATE INDEX experience_answers_experience_idx ON experience_answers (experience_id, created_at)`.execute(db)

  await sql`
CREATE TABLE experience_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  experience_id uuid NOT NULL REFERENCES experiences(id) ON DELETE CASCADE,
  author_id uuid REFERENCES users(id) ON DELETE SET NULL,
  kind text NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment', 'reassignment')),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`.execute(db)
  await sql`CREATE INDEX experience_comments_experience_idx ON experience_comments (experience_id, created_at)`.execute(db)

  await sql`
CREATE TABLE service_changes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  service_id uuid NOT NULL REFERENCES feedback_services(id) ON DELETE CASCADE,
  title text NOT NULL,
  description text NOT NULL,
  status text NOT NULL CHECK (status IN ('prevu', 'realise')),
  planned_on date,
  done_on date,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'realise' OR done_on IS NOT NULL)
)`.execute(db)
  await sql`CREATE INDEX service_changes_service_idx ON service_changes (service_id, created_at DESC)`.execute(db)
  await sql`
CREATE TABLE service_change_sources (
  change_id uuid NOT NULL REFERENCES service_changes(id) ON DELETE CASCADE,
  experience_id uuid NOT NULL REFERENCES experiences(id) ON DELETE CASCADE,
  PRIMARY KEY (change_id, experience_id)
)`.execute(db)
  await sql`CREATE INDEX service_change_sources_experience_idx ON service_change_sources (experience_id)`.execute(db)

  await sql`
CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
)`.execute(db)
  await sql`CREATE INDEX api_keys_organisation_idx ON api_keys (organisation_id, created_at DESC)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['api_keys', 'service_change_sources', 'service_changes', 'experience_comments', 'experience_answers', 'experiences']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db)
  }
}

import { sql, type Kysely } from 'kysely'

// Issue 19, decision 102: moderating experiences at scale (refusal templates per organisation),
// transfers to another organisation's service, « moi aussi », and changes linked to short reviews.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
CREATE TABLE experience_refusal_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  reason text NOT NULL CHECK (reason IN ('injurieux', 'hors-sujet', 'donnees-personnelles', 'doublon', 'publicite')),
  title text NOT NULL,
  message text NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  archived_at timestamptz
)`.execute(db)
  await sql`CREATE INDEX experience_refusal_templates_organisation_idx ON experience_refusal_templates (organisation_id, title)`.execute(db)
  // The message of the template used, sent to the author and shown to the team.
  await sql`ALTER TABLE experiences ADD COLUMN refusal_message text`.execute(db)

  await sql`
CREATE TABLE experience_transfers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  experience_id uuid NOT NULL REFERENCES experiences(id) ON DELETE CASCADE,
  from_service_id uuid NOT NULL REFERENCES feedback_services(id) ON DELETE CASCADE,
  from_organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  to_service_id uuid NOT NULL REFERENCES feedback_services(id) ON DELETE CASCADE,
  to_organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  note text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
  requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_at timestamptz,
  decline_reason text,
  CHECK (from_organisation_id <> to_organisation_id),
  CHECK (status <> 'declined' OR decline_reason IS NOT NULL),
  CHECK ((status = 'pending') = (decided_at IS NULL))
)`.execute(db)
  // One open request per experience: asking twice is refused by the database too.
  await sql`CREATE UNIQUE INDEX experience_transfers_one_pending_idx ON experience_transfers (experience_id) WHERE status = 'pending'`.execute(db)
  await sql`CREATE INDEX experience_transfers_to_idx ON experience_transfers (to_organisation_id, status, requested_at)`.execute(db)

  // « Moi aussi »: one row per experience and voter key (a keyed hash, never an address or an account id in clear).
  await sql`
CREATE TABLE experience_me_too (
  experience_id uuid NOT NULL REFERENCES experiences(id) ON DELETE CASCADE,
  voter_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (experience_id, voter_key)
)`.execute(db)
  await sql`ALTER TABLE experiences ADD COLUMN me_too_count integer NOT NULL DEFAULT 0`.execute(db)

  // Short reviews behind a change (reviews are purged and partitioned on their own: no foreign key).
  await sql`
CREATE TABLE service_change_review_sources (
  change_id uuid NOT NULL REFERENCES service_changes(id) ON DELETE CASCADE,
  review_id uuid NOT NULL,
  PRIMARY KEY (change_id, review_id)
)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['service_change_review_sources', 'experience_me_too', 'experience_transfers', 'experience_refusal_templates']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db)
  }
  await sql`ALTER TABLE experiences DROP COLUMN IF EXISTS me_too_count`.execute(db)
  await sql`ALTER TABLE experiences DROP COLUMN IF EXISTS refusal_message`.execute(db)
}

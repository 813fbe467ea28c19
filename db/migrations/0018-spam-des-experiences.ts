import { sql, type Kysely } from 'kysely'

// A spam score for public experiences too (issue 19, decisions 101 and 102): the same signals as the
// reviews (app/feedback/spam.ts), stored with their reasons. An experience is already read by a person
// before publication: a suspected one is only held out of the moderation queue's default view, into
// a « spam probable » filter an agent clears (or confirms). The address hash and the text fingerprint
// serve « the same text from the same connection »; no rollup reads experiences, so no trigger.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE experiences
  ADD COLUMN ip_hash text,
  ADD COLUMN body_fingerprint text,
  ADD COLUMN spam_score smallint NOT NULL DEFAULT 0,
  ADD COLUMN spam_reasons text[] NOT NULL DEFAULT '{}',
  ADD COLUMN spam_status text NOT NULL DEFAULT 'none' CHECK (spam_status IN ('none', 'suspected', 'spam', 'cleared')),
  ADD COLUMN spam_reviewed_by uuid,
  ADD COLUMN spam_reviewed_at timestamptz`.execute(db)
  await sql`CREATE INDEX experiences_fingerprint_idx ON experiences (ip_hash, body_fingerprint) WHERE body_fingerprint IS NOT NULL`.execute(db)
  await sql`CREATE INDEX experiences_service_recent_idx ON experiences (service_id, created_at)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS experiences_service_recent_idx`.execute(db)
  await sql`DROP INDEX IF EXISTS experiences_fingerprint_idx`.execute(db)
  await sql`ALTER TABLE experiences
  DROP COLUMN ip_hash, DROP COLUMN body_fingerprint, DROP COLUMN spam_score, DROP COLUMN spam_reasons,
  DROP COLUMN spam_status, DROP COLUMN spam_reviewed_by, DROP COLUMN spam_reviewed_at`.execute(db)
}

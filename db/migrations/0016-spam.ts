import { sql, type Kysely } from 'kysely'

// Spam without a third-party CAPTCHA (issue 19, decision 101): each review carries a spam score,
// its reasons and a status. A review held as spam (« suspected » by the score, or « spam » by an
// agent) counts for nothing in the rollups: the delta trigger gives it a zero contribution, so
// moving a review in or out of spam adds or removes exactly its contribution (decision 020).
//
// Frozen copies, as in 0003: the measures, and the held predicate (the application's copy is
// SPAM_HELD_STATUSES in app/feedback/spam.server.ts; tests/integration/spam.test.ts proves they agree).
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
const TRACKED = ['satisfaction', 'clarity', 'help_needed', 'help_channels', 'help_reached', 'help_quality', 'has_comment', 'completed_at']
const held = (r: string) => `${r}.spam_status IN ('suspected', 'spam')`

const row = (r: string, sign: string) =>
  `${r}.organisation_id, ${r}.service_id, ${r}.placement_id, ${r}.form_version_id, (${r}.created_at AT TIME ZONE 'Europe/Paris')::date, ${r}.satisfaction, ` +
  MEASURES.map(([, expression]) => `${sign}${expression(r)}`).join(', ')
const columns = `organisation_id, service_id, placement_id, form_version_id, day, satisfaction, ${MEASURES.map(([name]) => name).join(', ')}`

async function createTrigger(db: Kysely<any>, withSpam: boolean) {
  const counts = (r: string) => (withSpam ? `NOT (${held(r)})` : 'true')
  await sql
    .raw(
      `
CREATE OR REPLACE FUNCTION feedback_review_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND ${counts('OLD')} THEN
    INSERT INTO feedback_stat_deltas (${columns}) VALUES (${row('OLD', '-')});
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND ${counts('NEW')} THEN
    INSERT INTO feedback_stat_deltas (${columns}) VALUES (${row('NEW', '')});
  END IF;
  RETURN NULL;
END
$$`,
    )
    .execute(db)
  const tracked = withSpam ? [...TRACKED, 'spam_status'] : TRACKED
  const changed = tracked.map((column) => `OLD.${column} IS DISTINCT FROM NEW.${column}`).join(' OR ')
  await sql`DROP TRIGGER IF EXISTS feedback_reviews_delta_update ON feedback_reviews`.execute(db)
  await sql
    .raw(`CREATE TRIGGER feedback_reviews_delta_update AFTER UPDATE ON feedback_reviews FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION feedback_review_delta()`)
    .execute(db)
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
ALTER TABLE feedback_reviews
  ADD COLUMN ip_hash text,
  ADD COLUMN comment_fingerprint text,
  ADD COLUMN spam_score smallint NOT NULL DEFAULT 0,
  ADD COLUMN spam_reasons text[] NOT NULL DEFAULT '{}',
  ADD COLUMN spam_status text NOT NULL DEFAULT 'none' CHECK (spam_status IN ('none', 'suspected', 'spam', 'cleared')),
  ADD COLUMN spam_reviewed_by uuid,
  ADD COLUMN spam_reviewed_at timestamptz`.execute(db)
  // « Same text from the same hashed address » and « flood from one placement », looked up at the comment step.
  await sql`CREATE INDEX feedback_reviews_fingerprint_idx ON feedback_reviews (ip_hash, comment_fingerprint) WHERE comment_fingerprint IS NOT NULL`.execute(db)
  await sql`CREATE INDEX feedback_reviews_placement_comments_idx ON feedback_reviews (placement_id, created_at) WHERE has_comment`.execute(db)
  // The « Spam probable » queue of a service.
  await sql`CREATE INDEX feedback_reviews_spam_queue_idx ON feedback_reviews (service_id, created_at DESC, id) WHERE spam_status IN ('suspected', 'spam')`.execute(db)
  await createTrigger(db, true)
}

export async function down(db: Kysely<any>): Promise<void> {
  // Held reviews come back into the rollups (this trigger adds them as they leave spam), then the
  // trigger of 0003, which counts every row, comes back.
  await sql`UPDATE feedback_reviews SET spam_status = 'none' WHERE spam_status IN ('suspected', 'spam')`.execute(db)
  await createTrigger(db, false)
  await sql`DROP INDEX IF EXISTS feedback_reviews_spam_queue_idx`.execute(db)
  await sql`DROP INDEX IF EXISTS feedback_reviews_placement_comments_idx`.execute(db)
  await sql`DROP INDEX IF EXISTS feedback_reviews_fingerprint_idx`.execute(db)
  await sql`
ALTER TABLE feedback_reviews
  DROP COLUMN ip_hash, DROP COLUMN comment_fingerprint, DROP COLUMN spam_score, DROP COLUMN spam_reasons,
  DROP COLUMN spam_status, DROP COLUMN spam_reviewed_by, DROP COLUMN spam_reviewed_at`.execute(db)
}

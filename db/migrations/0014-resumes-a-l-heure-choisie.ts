import { sql, type Kysely } from 'kysely'

// Digests at the hour each person chooses (issue 19, decision 103): one row per person who changed
// the default (weekly, Monday, 8 h Paris). `last_period_start` is the first day of the last digest
// queued, so a run that comes again (retry, second process) sends nothing twice.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE feedback_digest_preferences (
      user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      frequency text NOT NULL DEFAULT 'weekly' CHECK (frequency IN ('daily', 'weekly')),
      hour smallint NOT NULL DEFAULT 8 CHECK (hour BETWEEN 0 AND 23),
      weekday smallint NOT NULL DEFAULT 1 CHECK (weekday BETWEEN 1 AND 7),
      last_period_start date,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE feedback_digest_preferences`.execute(db)
}

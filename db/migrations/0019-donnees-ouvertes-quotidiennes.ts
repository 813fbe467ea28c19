import { sql, type Kysely } from 'kysely'

// The daily open-data file of the previous Paris day's de-identified reviews (issue 19, decision 103,
// « Complément du 7 décembre »): one line per day written, never twice (the day is the key), with what
// a reader needs to check the file it downloaded (rows, bytes, sha256). The bytes live in the file
// storage (decision 092) under `storage_key`.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE open_data_daily_files (
  day date PRIMARY KEY,
  storage_key text NOT NULL,
  row_count integer NOT NULL CHECK (row_count >= 0),
  byte_size integer NOT NULL CHECK (byte_size >= 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL DEFAULT now()
)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS open_data_daily_files`.execute(db)
}

import { sql, type Kysely } from 'kysely'

// A co-leader can say « j'ai terminé ma partie » (issue 20, decision 097): when, on their membership
// row. Null: not said, or taken back. Cleared when the person leaves and joins again.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE application_members ADD COLUMN part_done_at timestamptz`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE application_members DROP COLUMN part_done_at`.execute(db)
}

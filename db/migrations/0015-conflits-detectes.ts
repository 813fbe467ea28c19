import { sql, type Kysely } from 'kysely'

// Conflicts of interest the product detects by itself (issue 20, decision 099). Detection is
// computed from what is stored (SIRET, e-mail domains, co-leaders, earlier calls), never copied:
// only the team's dismissals are kept, one row per pair and reason, with the mandatory motivation.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scoring_conflict_dismissals')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reason_key', 'text', (c) => c.notNull())
    .addColumn('reason_message', 'text', (c) => c.notNull())
    .addColumn('motivation', 'text', (c) => c.notNull().check(sql`length(btrim(motivation)) > 0`))
    .addColumn('dismissed_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('dismissed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('scoring_conflict_dismissals_reason_key', ['application_id', 'user_id', 'reason_key'])
    .execute()
  await db.schema.createIndex('scoring_conflict_dismissals_call_idx').on('scoring_conflict_dismissals').column('call_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scoring_conflict_dismissals').execute()
}

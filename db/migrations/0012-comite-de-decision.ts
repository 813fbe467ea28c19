import { sql, type Kysely } from 'kysely'

// Decision pack for the committee (issue 20, decision 100): the programme team lists, per call,
// who sits on the decision committee; each member records « d'accord / pas d'accord » with a
// note on each proposed decision, before the team publishes the results.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('committee_members')
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('added_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('committee_members_pkey', ['call_id', 'user_id'])
    .execute()

  await db.schema
    .createTable('committee_opinions')
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('agrees', 'boolean', (c) => c.notNull())
    .addColumn('note', 'text', (c) =>
      c
        .notNull()
        .defaultTo('')
        .check(sql`length(note) <= 2000`),
    )
    // The proposed decision the member gave an opinion on: a later change of the decision shows the opinion as given on an earlier proposal.
    .addColumn('decision_seen', 'text', (c) => c.notNull().check(sql`decision_seen IN ('retenue', 'liste_attente', 'non_retenue')`))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('committee_opinions_pkey', ['application_id', 'user_id'])
    .execute()
  await db.schema.createIndex('committee_opinions_call_idx').on('committee_opinions').column('call_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('committee_opinions').execute()
  await db.schema.dropTable('committee_members').execute()
}

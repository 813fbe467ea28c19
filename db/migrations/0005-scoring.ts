import { sql, type Kysely } from 'kysely'

// Joint scoring (issue 5): jury members (charter, availability), conflicts of interest,
// assignments and the team's overrides, reviews (draft or submitted), decisions with their
// motivation, and the snapshot kept when a call's results are published. The call's scoring
// settings (k, m, mode, rule, weights, gap) already live on `calls` (migration 0002); this adds
// the scoring deadline used by the reminders.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('calls').addColumn('review_deadline', 'timestamptz').execute()

  await db.schema
    .createTable('scoring_jury_members')
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('jury', 'text', (c) => c.notNull().check(sql`jury IN ('administration', 'citizen')`))
    .addColumn('charter_accepted_at', 'timestamptz')
    .addColumn('unavailable', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('scoring_jury_members_pkey', ['call_id', 'user_id'])
    .execute()

  await db.schema
    .createTable('scoring_conflicts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('personnel', 'professionnel', 'financier', 'autre')`))
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source IN ('reviewer', 'leader')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('declared').check(sql`status IN ('declared', 'upheld', 'dismissed')`))
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('scoring_conflicts_pair_key', ['application_id', 'user_id'])
    .execute()
  await db.schema.createIndex('scoring_conflicts_call_idx').on('scoring_conflicts').column('call_id').execute()

  // People or organisations a leader names as in conflict with their project (free text: leaders never
  // see who sits on the juries). The team reads them and, if needed, records a conflict for a member.
  await db.schema
    .createTable('scoring_leader_objections')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('handled_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('handled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('scoring_assignments')
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('jury', 'text', (c) => c.notNull().check(sql`jury IN ('administration', 'citizen')`))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source IN ('automatic', 'forced')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('scoring_assignments_pkey', ['application_id', 'user_id'])
    .execute()
  await db.schema.createIndex('scoring_assignments_user_idx').on('scoring_assignments').columns(['call_id', 'user_id']).execute()

  await db.schema
    .createTable('scoring_overrides')
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('forced', 'forbidden')`))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('scoring_overrides_pkey', ['application_id', 'user_id'])
    .execute()

  await db.schema
    .createTable('scoring_reviews')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('jury', 'text', (c) => c.notNull().check(sql`jury IN ('administration', 'citizen')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status IN ('draft', 'submitted')`))
    .addColumn('scores', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('mention', 'text')
    .addColumn('confidence', 'integer', (c) => c.check(sql`confidence BETWEEN 1 AND 3`))
    .addColumn('comment_team', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('comment_leader', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('scoring_reviews_pair_key', ['application_id', 'user_id'])
    .execute()
  await db.schema.createIndex('scoring_reviews_call_idx').on('scoring_reviews').columns(['call_id', 'status']).execute()

  await db.schema
    .createTable('scoring_decisions')
    .addColumn('application_id', 'uuid', (c) => c.primaryKey().references('applications.id').onDelete('cascade'))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision IN ('retenue', 'liste_attente', 'non_retenue')`))
    .addColumn('motivation', 'text', (c) => c.notNull().check(sql`length(btrim(motivation)) > 0`))
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('scoring_decisions_call_idx').on('scoring_decisions').column('call_id').execute()

  await db.schema
    .createTable('scoring_publications')
    .addColumn('call_id', 'uuid', (c) => c.primaryKey().references('calls.id').onDelete('cascade'))
    .addColumn('published_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['scoring_publications', 'scoring_decisions', 'scoring_reviews', 'scoring_overrides', 'scoring_assignments', 'scoring_leader_objections', 'scoring_conflicts', 'scoring_jury_members']) {
    await db.schema.dropTable(table).execute()
  }
  await db.schema.alterTable('calls').dropColumn('review_deadline').execute()
}

import { sql, type Kysely } from 'kysely'

// Calls for projects (with their versioned criteria grid and the settings the joint scoring
// needs) and applications (answers, members, co-leader invitations, attachments, messages with
// the programme team, private team notes).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calls')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('opens_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    .addColumn('results_on', 'date', (c) => c.notNull())
    .addColumn('places', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('brouillon')
        .check(sql`state IN ('brouillon', 'ouvert', 'clos', 'en_evaluation', 'en_deliberation', 'resultats_publies')`),
    )
    // A draft call whose opening the team has scheduled: public as « à venir », opened by the job.
    .addColumn('opening_scheduled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('grid_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('faq', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // What the joint scoring needs (the scoring area adds its own columns in its migration).
    .addColumn('admin_reviews_per_application', 'integer', (c) => c.notNull().defaultTo(2))
    .addColumn('citizen_reviews_per_application', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('citizen_scoring_mode', 'text', (c) =>
      c.notNull().defaultTo('numbers').check(sql`citizen_scoring_mode IN ('numbers', 'majority_judgment')`),
    )
    .addColumn('combination_rule', 'text', (c) =>
      c.notNull().defaultTo('weighted').check(sql`combination_rule IN ('weighted', 'sequential')`),
    )
    .addColumn('admin_jury_weight', 'integer', (c) => c.notNull().defaultTo(50))
    .addColumn('citizen_jury_weight', 'integer', (c) => c.notNull().defaultTo(50))
    .addColumn('sequential_top_n', 'integer')
    .addColumn('divergence_gap', 'numeric', (c) => c.notNull().defaultTo(1.5))
    .addColumn('state_changed_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('calls_dates_check', sql`opens_at < closes_at`)
    .addCheckConstraint('calls_places_check', sql`places > 0`)
    .execute()
  await db.schema.createIndex('calls_state_idx').on('calls').columns(['state', 'opens_at']).execute()

  // One row per version of a call's grid and eligibility rules. Version 1 is edited in place
  // while the call is a draft; once open, a change creates a new version with its reason.
  await db.schema
    .createTable('call_grid_versions')
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('eligible_kinds', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('reason', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('call_grid_versions_pkey', ['call_id', 'version'])
    .execute()

  await db.schema
    .createTable('call_criteria')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_id', 'uuid', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // Five plain-language anchors, for levels 1 to 5.
    .addColumn('level_descriptions', 'jsonb', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull().check(sql`weight > 0`))
    .addColumn('jury', 'text', (c) => c.notNull().check(sql`jury IN ('administration', 'citizen', 'both')`))
    .addForeignKeyConstraint('call_criteria_version_fk', ['call_id', 'version'], 'call_grid_versions', ['call_id', 'version'], (fk) =>
      fk.onDelete('cascade'),
    )
    .addUniqueConstraint('call_criteria_position_key', ['call_id', 'version', 'position'])
    .execute()

  await sql`CREATE SEQUENCE application_reference_seq`.execute(db)

  await db.schema
    .createTable('applications')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('restrict'))
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('brouillon')
        .check(
          sql`state IN ('brouillon', 'deposee', 'en_instruction', 'correction_demandee', 'preselectionnee', 'non_retenue', 'sans_suite', 'retenue')`,
        ),
    )
    .addColumn('reference', 'text', (c) => c.unique())
    .addColumn('answers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // Per section: { version, by, at } — optimistic concurrency between co-leaders.
    .addColumn('section_versions', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('last_submitted_at', 'timestamptz')
    .addColumn('submission_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state_changed_at', 'timestamptz')
    .addColumn('state_motivation', 'text')
    .addColumn('correction_request', 'jsonb')
    .addColumn('eligibility', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('structure_kind', 'text', (c) => c.generatedAlwaysAs(sql`answers->'structure'->>'kind'`).stored())
    .addColumn('search', sql`tsvector`, (c) =>
      c
        .generatedAlwaysAs(
          sql`to_tsvector('french'::regconfig,
            coalesce(reference, '') || ' ' ||
            coalesce(answers->'project'->>'title', '') || ' ' ||
            coalesce(answers->'structure'->>'name', '') || ' ' ||
            coalesce(answers->'project'->>'summary', '') || ' ' ||
            coalesce(answers->'project'->>'problem', '') || ' ' ||
            coalesce(answers->'project'->>'audience', ''))`,
        )
        .stored(),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // One application per person and call: a double-clicked « Déposer une candidature » creates one draft.
    .addUniqueConstraint('applications_call_owner_key', ['call_id', 'owner_id'])
    .execute()
  await db.schema.createIndex('applications_call_state_idx').on('applications').columns(['call_id', 'state']).execute()
  await sql`CREATE INDEX applications_search_idx ON applications USING gin (search)`.execute(db)
  await sql`CREATE INDEX applications_territories_idx ON applications USING gin ((answers->'project'->'territories'))`.execute(db)

  await db.schema
    .createTable('application_members')
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('porteur', 'co_porteur')`))
    .addColumn('added_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('removed_at', 'timestamptz')
    .addPrimaryKeyConstraint('application_members_pkey', ['application_id', 'user_id'])
    .execute()
  await db.schema.createIndex('application_members_user_idx').on('application_members').column('user_id').execute()

  await db.schema
    .createTable('application_invitations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('accepted_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('application_invitations_app_idx').on('application_invitations').column('application_id').execute()

  await db.schema
    .createTable('application_files')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('statuts', 'comptes', 'autre')`))
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    // Not unique: the demo data shares two sample files between its applications.
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('application_files_app_idx').on('application_files').column('application_id').execute()

  await db.schema
    .createTable('application_messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('author_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('from_team', 'boolean', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // Fields a correction request points at: [{ section, field }].
    .addColumn('fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('application_messages_app_idx').on('application_messages').columns(['application_id', 'created_at']).execute()

  // Private to the programme team and the reviewers: never shown to the leaders.
  await db.schema
    .createTable('application_notes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('author_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('application_notes_app_idx').on('application_notes').columns(['application_id', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'application_notes',
    'application_messages',
    'application_files',
    'application_invitations',
    'application_members',
    'applications',
    'call_criteria',
    'call_grid_versions',
    'calls',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
  await sql`DROP SEQUENCE IF EXISTS application_reference_seq`.execute(db)
}

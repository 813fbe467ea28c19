import { sql, type Kysely } from 'kysely'

// ProConnect (OpenID Connect) sign-in for public agents: what the federation told us about an
// account, and the short-lived, single-use state of each sign-in and sign-out round trip.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('proconnect_issuer', 'text')
    .addColumn('proconnect_sub', 'text')
    .addColumn('siret', 'text')
    .addColumn('organisation', 'text')
    .execute()
  // Not unique: accounts are matched by verified e-mail, and ProConnect's `sub` depends on the
  // identity provider the agent used (docs/decisions/031-proconnect-liaison-par-e-mail.md).
  await db.schema.createIndex('users_proconnect_sub_idx').on('users').columns(['proconnect_issuer', 'proconnect_sub']).execute()

  await db.schema
    .createTable('proconnect_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('login', 'logout')`))
    .addColumn('state_hash', 'text', (c) => c.notNull().unique())
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text')
    .addColumn('code_verifier', 'text')
    .addColumn('redirect_to', 'text')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('proconnect_requests_expires_idx').on('proconnect_requests').column('expires_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('proconnect_requests').ifExists().execute()
  await db.schema.dropIndex('users_proconnect_sub_idx').ifExists().execute()
  await db.schema
    .alterTable('users')
    .dropColumn('proconnect_issuer')
    .dropColumn('proconnect_sub')
    .dropColumn('siret')
    .dropColumn('organisation')
    .execute()
}

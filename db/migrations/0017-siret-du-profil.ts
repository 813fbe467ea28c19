import { sql, type Kysely } from 'kysely'

// The SIRET a person gives on their profile (issue 20, decision 099 « Complément du 7 décembre »):
// kept apart from `siret`, which ProConnect rewrites at each sign-in. Conflict detection uses
// ProConnect's when there is one, this one otherwise. The application checks the Luhn key; the
// database only refuses anything but 14 digits.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('profile_siret', 'text', (c) => c.check(sql`profile_siret ~ '^[0-9]{14}$'`))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('profile_siret').execute()
}

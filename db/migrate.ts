import { Migrator, type MigrationResultSet } from 'kysely'
import type { Db } from './client.ts'
import { migrations } from './migrations/index.ts'

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  // Areas are developed in parallel with pre-numbered migrations: accept one landing before a lower number.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true })
  const result = await migrator.migrateToLatest()
  if (result.error) throw result.error
  return result
}

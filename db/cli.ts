// Database commands: `tsx db/cli.ts migrate | seed | reset [--force] | types [--check]` (npm run db:migrate,
// db:seed, db:reset, db:types).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { sql } from 'kysely'
import { createDb, dbOptionsFromEnv } from './client.ts'
import { migrateToLatest } from './migrate.ts'
import { printDemoAccounts, seedDemo, seedDemoIfEmpty } from './seed.ts'
import { GENERATED_SCHEMA_FILE, generateSchemaTypes } from './schema-types.ts'

const command = process.argv[2]
const appUrl = process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`
const options = dbOptionsFromEnv()

if (command === 'reset') {
  if (options.url && !process.argv.includes('--force')) {
    console.error(
      'DATABASE_URL est défini : cette commande effacerait toute la base PostgreSQL. Relancez avec « npm run db:reset -- --force » si c’est bien voulu.',
    )
    process.exit(1)
  }
  if (!options.url && options.pgliteDir && options.pgliteDir !== 'memory') {
    rmSync(options.pgliteDir, { recursive: true, force: true })
  }
}

// `types` reads the tables of a fresh in-memory database migrated to the latest version.
const handle = await createDb(command === 'types' ? { pgliteDir: 'memory' } : options)
try {
  switch (command) {
    case 'migrate': {
      const { results } = await migrateToLatest(handle.db)
      for (const r of results ?? []) console.log(`migration ${r.migrationName} : ${r.status}`)
      if (!results?.length) console.log('Base de données déjà à jour.')
      break
    }
    case 'seed': {
      await migrateToLatest(handle.db)
      const seeded = await seedDemoIfEmpty(handle.db, { appUrl, print: true })
      if (!seeded) console.log('La base contient déjà des comptes : rien n’a été ajouté (npm run db:reset pour repartir de zéro).')
      break
    }
    case 'reset': {
      if (handle.driver === 'postgres') {
        await sql`DROP SCHEMA IF EXISTS pgboss CASCADE`.execute(handle.db)
        await sql`DROP SCHEMA public CASCADE`.execute(handle.db)
        await sql`CREATE SCHEMA public`.execute(handle.db)
      }
      await migrateToLatest(handle.db)
      await seedDemo(handle.db)
      printDemoAccounts(appUrl, true)
      break
    }
    case 'types': {
      await migrateToLatest(handle.db)
      const types = await generateSchemaTypes(handle.db)
      if (process.argv.includes('--check')) {
        const same = existsSync(GENERATED_SCHEMA_FILE) && readFileSync(GENERATED_SCHEMA_FILE, 'utf8') === types
        console.log(same ? `${GENERATED_SCHEMA_FILE} est à jour.` : `${GENERATED_SCHEMA_FILE} ne correspond plus aux migrations : lancez « npm run db:types ».`)
        if (!same) process.exitCode = 1
      } else {
        writeFileSync(GENERATED_SCHEMA_FILE, types)
        console.log(`${GENERATED_SCHEMA_FILE} écrit depuis les migrations.`)
      }
      break
    }
    default:
      console.error('Usage : tsx db/cli.ts migrate | seed | reset [--force] | types [--check]')
      process.exitCode = 1
  }
} finally {
  await handle.close()
}

// Database commands: `tsx db/cli.ts migrate | seed | reset [--force]` (npm run db:migrate, db:seed, db:reset).
import { rmSync } from 'node:fs'
import { sql } from 'kysely'
import { createDb, dbOptionsFromEnv } from './client.ts'
import { migrateToLatest } from './migrate.ts'
import { printDemoAccounts, seedDemo, seedDemoIfEmpty } from './seed.ts'

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

const handle = await createDb(options)
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
    default:
      console.error('Usage : tsx db/cli.ts migrate | seed | reset [--force]')
      process.exitCode = 1
  }
} finally {
  await handle.close()
}

import { sql } from 'kysely'
import type { Db } from './client.ts'
import { DEMO_ACCOUNTS } from './demo-accounts.ts'
import { seedAccelerator } from './seeds/accelerator.ts'
import { seedFeedback } from './seeds/feedback.ts'
import { seedScoring } from './seeds/scoring.ts'
import { seedExperiences } from './seeds/experiences.ts'
import { seedMentoring } from './seeds/mentoring.ts'

/**
 * Demo data for a new user of `npm start`: one organisation and one account per role.
 * Each area adds its own seed step to `seedSteps`, in dependency order.
 */
export interface SeedContext {
  db: Db
  users: Record<string, string>
  organisationId: string
}

type SeedStep = (context: SeedContext) => Promise<void>

const seedSteps: SeedStep[] = [seedAccelerator, seedFeedback, seedScoring, seedExperiences, seedMentoring]

export async function seedDemo(db: Db): Promise<SeedContext> {
  return db.transaction().execute(async (trx) => {
    const organisation = await trx
      .insertInto('organisations')
      .values({ slug: 'ministere-interieur', name: 'Ministère de l’Intérieur' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const users: Record<string, string> = {}
    for (const account of DEMO_ACCOUNTS) {
      const row = await trx
        .insertInto('users')
        .values({ email: account.email, display_name: account.name })
        .returning('id')
        .executeTakeFirstOrThrow()
      users[account.email] = row.id
    }
    const team = users['equipe@demo.aic.gouv.fr']!
    await trx
      .insertInto('role_assignments')
      .values([
        { user_id: team, role: 'programme_team', scope_type: 'global', scope_id: '', granted_by: null },
        {
          user_id: users['service@demo.aic.gouv.fr']!,
          role: 'service_team',
          scope_type: 'organisation',
          scope_id: organisation.id,
          granted_by: team,
        },
      ])
      .execute()
    const context: SeedContext = { db: trx, users, organisationId: organisation.id }
    for (const step of seedSteps) await step(context)
    return { ...context, db }
  })
}

/** Seeds only an empty database (no user yet). Returns true when it seeded. */
export async function seedDemoIfEmpty(db: Db, options: { appUrl: string; print?: boolean }): Promise<boolean> {
  const { count } = await db
    .selectFrom('users')
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow()
  if (count > 0) {
    if (options.print) printDemoAccounts(options.appUrl, false)
    return false
  }
  await seedDemo(db)
  if (options.print) printDemoAccounts(options.appUrl, true)
  return true
}

export function printDemoAccounts(appUrl: string, seeded: boolean) {
  const lines = [
    '',
    seeded ? '  Données de démonstration créées.' : '  Données de démonstration déjà présentes.',
    `  Connectez-vous sur ${appUrl}/connexion avec l’une de ces adresses :`,
    ...DEMO_ACCOUNTS.map((account) => `    ${account.email.padEnd(32)} ${account.description}`),
    `  Le lien et le code de connexion s’affichent ici et dans ${appUrl}/dev/boite-mail`,
    '',
  ]
  console.log(lines.join('\n'))
}

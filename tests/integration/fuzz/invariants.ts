import { sql } from 'kysely'
import type { Db } from '#db/client.ts'

/**
 * Domain rules the data must always respect, whatever was posted. Each returns the offending
 * rows as readable strings. Each area adds its rules here.
 */
const RULES: Array<{ name: string; check: (db: Db) => Promise<string[]> }> = [
  {
    name: 'adresses e-mail des comptes bien formées',
    check: async (db) =>
      (
        await db
          .selectFrom('users')
          .select('email')
          .where('deleted_at', 'is', null)
          .where(sql<boolean>`email !~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' OR email <> lower(email) OR length(email) > 254`)
          .execute()
      ).map((row) => row.email),
  },
  {
    name: 'jetons de connexion jamais en clair (empreintes SHA-256)',
    check: async (db) =>
      (
        await db
          .selectFrom('sign_in_tokens')
          .select('id')
          .where(sql<boolean>`link_token_hash !~ '^[0-9a-f]{64}$' OR code_hash !~ '^[0-9a-f]{64}$'`)
          .execute()
      ).map((row) => row.id),
  },
  {
    name: 'un rôle par personne et par périmètre, d’un type connu',
    check: async (db) =>
      (
        await db
          .selectFrom('role_assignments')
          .select(['user_id', 'role'])
          .where('role', 'not in', ['programme_team', 'admin_reviewer', 'citizen_panelist', 'mentor', 'service_team'])
          .execute()
      ).map((row) => `${row.user_id} ${row.role}`),
  },
  {
    name: 'invitations vers une adresse valide',
    check: async (db) =>
      (await db.selectFrom('invitations').select('email').where(sql<boolean>`email !~ '^[^@\\s]+@[^@\\s]+$'`).execute()).map((row) => row.email),
  },
]

export async function checkInvariants(db: Db): Promise<string[]> {
  const problems: string[] = []
  for (const rule of RULES) {
    const offending = await rule.check(db)
    if (offending.length) problems.push(`${rule.name} : ${offending.slice(0, 5).join(', ')}`)
  }
  return problems
}

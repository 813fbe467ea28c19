import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { eraseApplicationDrafts } from '#app/accelerator/account-deletion.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import type { SessionUser } from './roles.ts'

/**
 * What each area erases when an account is deleted (drafts never submitted, personal notes…).
 * Steps run in the deletion transaction. Each area registers its step here.
 */
export type AccountDeletionStep = (db: Db, userId: string) => Promise<void>
const deletionSteps: AccountDeletionStep[] = [(db, userId) => eraseApplicationDrafts(db, userId)]

/**
 * Deletes an account: personal data (e-mail, name, sessions, roles, sign-in tokens) is erased at
 * once; the row stays, anonymised, so that submitted applications, decisions and the audit trail
 * keep pointing to « compte supprimé » (docs/rgpd.md).
 */
export async function deleteAccount(db: Db, user: SessionUser, options: { reason?: 'request' | 'inactive' } = {}): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const step of deletionSteps) await step(trx, user.id)
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute()
    await trx.deleteFrom('role_assignments').where('user_id', '=', user.id).execute()
    await trx.deleteFrom('sign_in_tokens').where(sql`lower(email)`, '=', user.email.toLowerCase()).execute()
    await trx
      .updateTable('invitations')
      .set({ revoked_at: now() })
      .where(sql`lower(email)`, '=', user.email.toLowerCase())
      .where('accepted_at', 'is', null)
      .execute()
    await trx
      .updateTable('users')
      .set({
        email: `supprime-${user.id}@compte-supprime.invalid`,
        display_name: null,
        proconnect_issuer: null,
        proconnect_sub: null,
        siret: null,
        organisation: null,
        profile_siret: null,
        deleted_at: now(),
      })
      .where('id', '=', user.id)
      .execute()
    await audit(trx, {
      actorId: options.reason === 'inactive' ? null : user.id,
      actorLabel: options.reason === 'inactive' ? 'conservation : compte inactif' : undefined,
      action: 'user.deleted',
      subjectType: 'user',
      subjectId: user.id,
      data: { reason: options.reason ?? 'request' },
    })
  })
}

/**
 * The SIRET of the person's organisation, given on the profile (null removes it). Conflict detection
 * uses it when ProConnect gave none (decision 099, complément du 7 décembre). Audited with the number:
 * the team can tell, after the fact, what the detection knew.
 */
export async function updateProfileSiret(db: Db, user: SessionUser, siret: string | null): Promise<'saved' | 'removed' | 'unchanged'> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('users').select('profile_siret').where('id', '=', user.id).executeTakeFirstOrThrow()
    if (before.profile_siret === siret) return 'unchanged'
    await trx.updateTable('users').set({ profile_siret: siret }).where('id', '=', user.id).execute()
    await audit(trx, { actorId: user.id, action: 'user.profile_siret_updated', subjectType: 'user', subjectId: user.id, data: { siret, previous: before.profile_siret } })
    return siret ? 'saved' : 'removed'
  })
}

export async function updateProfile(db: Db, user: SessionUser, input: { displayName: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ display_name: input.displayName }).where('id', '=', user.id).execute()
    await audit(trx, { actorId: user.id, action: 'user.profile_updated', subjectType: 'user', subjectId: user.id })
  })
}

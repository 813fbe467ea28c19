import { now } from '#app/utils/clock.server.ts'
import type { SeedContext } from '../seed.ts'

const DAY = 24 * 3600 * 1000

/**
 * Joint scoring demo (issue 5): the call « Appel à projets, 2e édition » is in evaluation with 22
 * instructed applications, 3 administration reviewers and 5 citizens (seeded by the accelerator
 * step). Its citizen panel gives majority-judgment mentions, the scoring deadline is in ten days,
 * and four citizens have already accepted the charter; Lucie (citoyenne@) has not, so the demo
 * and the journey start from the charter. No assignment yet: the team runs it.
 */
export async function seedScoring({ db, users }: SeedContext): Promise<void> {
  const call = await db.selectFrom('calls').select('id').where('slug', '=', 'edition-2').executeTakeFirst()
  if (!call) return
  const at = now()
  await db
    .updateTable('calls')
    .set({ citizen_scoring_mode: 'majority_judgment', review_deadline: new Date(at.getTime() + 10 * DAY) })
    .where('id', '=', call.id)
    .execute()
  const accepted = new Date(at.getTime() - 2 * DAY)
  await db
    .insertInto('scoring_jury_members')
    .values([
      ...['instructeur@', 'instructrice@', 'evaluateur@'].map((prefix) => ({
        call_id: call.id,
        user_id: users[`${prefix}demo.aic.gouv.fr`]!,
        jury: 'administration' as const,
        charter_accepted_at: accepted,
      })),
      ...['citoyen2@', 'citoyenne3@', 'citoyen4@', 'citoyenne5@'].map((prefix) => ({
        call_id: call.id,
        user_id: users[`${prefix}demo.aic.gouv.fr`]!,
        jury: 'citizen' as const,
        charter_accepted_at: accepted,
      })),
    ])
    .execute()
}

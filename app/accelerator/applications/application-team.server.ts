// The people of an application beyond inviting them (issue 20, decision 097): a co-leader says
// « j'ai terminé ma partie » (the owner is told by e-mail) and may take it back or leave; the owner
// hands the application over to a co-leader. Each function checks the acting person's membership
// in the same transaction as the change, and writes to the audit trail.
import type { Db } from '#db/client.ts'
import { applicationOwnershipEmail } from '#emails/application-ownership.tsx'
import { coLeaderPartDoneEmail } from '#emails/co-leader-part-done.tsx'
import type { SessionUser } from '#app/auth/roles.ts'
import { queueEmail } from '#app/email/send.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import type { AcceleratorServices } from '../access.server.ts'
import { projectTitle, type Answers } from './application-form.ts'
import { editability } from './application-states.ts'
import { isUuid } from '#app/utils/uuid.ts'

export type TeamResult = { ok: true; changed: boolean } | { ok: false; status: 400 | 404 | 409; message: string }

const NOT_FOUND = { ok: false as const, status: 404 as const, message: 'Cette candidature est introuvable.' }

/** Who writes the application, and who has said they finished their part (owner first). */
export async function teamStatus(db: Db, applicationId: string) {
  const rows = await db
    .selectFrom('application_members as m')
    .innerJoin('users', 'users.id', 'm.user_id')
    .select(['m.user_id', 'm.role', 'm.part_done_at', 'users.email', 'users.display_name'])
    .where('m.application_id', '=', applicationId)
    .where('m.removed_at', 'is', null)
    .orderBy('m.created_at')
    .execute()
  return [...rows.filter((row) => row.role === 'leader'), ...rows.filter((row) => row.role !== 'leader')].map((row) => ({
    userId: row.user_id,
    role: row.role,
    name: row.display_name ?? row.email,
    email: row.email,
    partDoneAt: row.role === 'leader' ? null : row.part_done_at,
  }))
}

async function lockedApplication(db: Db, applicationId: string) {
  return db
    .selectFrom('applications')
    .innerJoin('calls', 'calls.id', 'applications.call_id')
    .select([
      'applications.id',
      'applications.owner_id',
      'applications.state',
      'applications.answers',
      'applications.call_id',
      'calls.state as call_state',
      'calls.closes_at',
      'calls.results_on',
      'calls.title as call_title',
    ])
    .where('applications.id', '=', applicationId)
    .forUpdate(['applications'])
    .executeTakeFirst()
}

async function activeMembers(db: Db, applicationId: string) {
  return db
    .selectFrom('application_members as m')
    .innerJoin('users', 'users.id', 'm.user_id')
    .select(['m.user_id', 'm.role', 'm.part_done_at', 'users.email', 'users.display_name'])
    .where('m.application_id', '=', applicationId)
    .where('m.removed_at', 'is', null)
    .execute()
}

/**
 * « J'ai terminé ma partie » (`done`), or « je reprends ma partie » (`!done`), by a co-leader of a
 * draft. The owner gets one e-mail when the part is marked done; saying it twice changes nothing
 * and sends nothing more.
 */
export async function setPartDone(services: AcceleratorServices, actor: SessionUser, applicationId: string, done: boolean): Promise<TeamResult> {
  if (!isUuid(applicationId)) return NOT_FOUND
  return services.db.transaction().execute(async (trx) => {
    const application = await lockedApplication(trx, applicationId)
    if (!application) return NOT_FOUND
    const members = await activeMembers(trx, applicationId)
    const me = members.find((member) => member.user_id === actor.id)
    if (!me) return NOT_FOUND
    if (me.role === 'leader') {
      return { ok: false as const, status: 400 as const, message: 'Vous êtes responsable de la candidature : c’est à vous que les co-porteurs disent avoir terminé leur partie.' }
    }
    const edit = editability(application, { state: application.call_state, closes_at: application.closes_at, results_on: application.results_on }, now())
    if (!edit.editable) return { ok: false as const, status: 409 as const, message: edit.reason }
    if (Boolean(me.part_done_at) === done) return { ok: true as const, changed: false }
    const at = now()
    await trx
      .updateTable('application_members')
      .set({ part_done_at: done ? at : null })
      .where('application_id', '=', applicationId)
      .where('user_id', '=', actor.id)
      .execute()
    await audit(trx, {
      actorId: actor.id,
      action: done ? 'application.co_leader_part_done' : 'application.co_leader_part_reopened',
      subjectType: 'application',
      subjectId: applicationId,
      data: {},
    })
    const owner = members.find((member) => member.role === 'leader')
    if (done && owner) {
      await queueEmail(
        { db: trx, jobs: services.jobs },
        owner.email,
        coLeaderPartDoneEmail({
          coLeaderName: me.display_name ?? me.email,
          projectTitle: projectTitle(application.answers as Answers),
          link: `${services.appUrl}/mes-candidatures/${applicationId}/depot`,
        }),
      )
    }
    return { ok: true as const, changed: true }
  })
}

/**
 * The owner hands the application over to one of its co-leaders: the co-leader becomes the owner,
 * the former owner a co-leader. Both are told by e-mail. A person owns at most one application per
 * call, so a co-leader who already owns one on this call cannot take this one.
 */
export async function transferOwnership(services: AcceleratorServices, actor: SessionUser, applicationId: string, newOwnerId: string): Promise<TeamResult> {
  if (!isUuid(applicationId)) return NOT_FOUND
  return services.db.transaction().execute(async (trx) => {
    const application = await lockedApplication(trx, applicationId)
    if (!application) return NOT_FOUND
    const members = await activeMembers(trx, applicationId)
    const me = members.find((member) => member.user_id === actor.id)
    if (!me) return NOT_FOUND
    if (me.role !== 'leader' || application.owner_id !== actor.id) {
      return { ok: false as const, status: 400 as const, message: 'Seule la personne responsable de la candidature peut la confier à quelqu’un d’autre.' }
    }
    if (newOwnerId === actor.id) return { ok: false as const, status: 400 as const, message: 'Vous êtes déjà responsable de cette candidature : choisissez un co-porteur.' }
    const target = isUuid(newOwnerId) ? members.find((member) => member.user_id === newOwnerId) : undefined
    if (!target) {
      return { ok: false as const, status: 400 as const, message: 'Cette personne ne fait pas partie de la candidature : invitez-la d’abord comme co-porteur.' }
    }
    const ownsAnother = await trx
      .selectFrom('applications')
      .select('id')
      .where('call_id', '=', application.call_id)
      .where('owner_id', '=', target.user_id)
      .executeTakeFirst()
    if (ownsAnother) {
      return {
        ok: false as const,
        status: 409 as const,
        message: `${target.display_name ?? target.email} est déjà responsable d’une autre candidature à cet appel : celle-ci ne peut pas lui être confiée.`,
      }
    }
    await trx.updateTable('applications').set({ owner_id: target.user_id, updated_at: now() }).where('id', '=', applicationId).execute()
    await trx
      .updateTable('application_members')
      .set({ role: 'co_leader', part_done_at: null })
      .where('application_id', '=', applicationId)
      .where('user_id', '=', actor.id)
      .execute()
    await trx
      .updateTable('application_members')
      .set({ role: 'leader', part_done_at: null })
      .where('application_id', '=', applicationId)
      .where('user_id', '=', target.user_id)
      .execute()
    await audit(trx, {
      actorId: actor.id,
      action: 'application.ownership_transferred',
      subjectType: 'application',
      subjectId: applicationId,
      data: { from: actor.id, to: target.user_id },
    })
    const title = projectTitle(application.answers as Answers)
    const link = `${services.appUrl}/mes-candidatures/${applicationId}`
    const formerName = me.display_name ?? me.email
    const newName = target.display_name ?? target.email
    await queueEmail({ db: trx, jobs: services.jobs }, target.email, applicationOwnershipEmail({ projectTitle: title, link, formerOwner: formerName, newOwner: newName, recipient: 'new' }))
    await queueEmail({ db: trx, jobs: services.jobs }, me.email, applicationOwnershipEmail({ projectTitle: title, link, formerOwner: formerName, newOwner: newName, recipient: 'former' }))
    return { ok: true as const, changed: true }
  })
}

// Routing an experience to the right structure (issue 19, decision 102). Inside its organisation a
// team reassigns directly; to another organisation's service it asks, and that organisation
// accepts (the story moves, the author is told where it is now) or declines with a reason (the
// story stays, the asking team reads why). One open request per experience. Everything audited.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { experienceTransferredEmail } from '#emails/experience-transferred.tsx'
import type { SessionUser } from '#app/auth/roles.ts'
import { queueEmail } from '#app/email/send.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { findPublicService, reassignExperience, type Services } from './experiences.server.ts'
import { PAGE_SIZE } from './labels.ts'

export type RouteResult = 'reassigned' | 'transfer-requested' | 'same' | 'notfound' | 'unknown-target' | 'already-pending' | 'refused-experience'

/** « Ce n'est pas le bon service » : reassigned at once inside the organisation, a transfer request outside it. */
export async function routeExperience(
  db: Db,
  user: SessionUser,
  serviceId: string,
  experienceId: string,
  input: { targetServiceId: string; note: string },
): Promise<RouteResult> {
  const reassigned = await reassignExperience(db, user, serviceId, experienceId, input)
  if (reassigned !== 'other-organisation') return reassigned
  return requestTransfer(db, user, serviceId, experienceId, input)
}

async function requestTransfer(
  db: Db,
  user: SessionUser,
  serviceId: string,
  experienceId: string,
  input: { targetServiceId: string; note: string },
): Promise<RouteResult> {
  return db.transaction().execute(async (trx) => {
    const experience = await trx
      .selectFrom('experiences')
      .select(['id', 'organisation_id', 'status'])
      .where('id', '=', experienceId)
      .where('service_id', '=', serviceId)
      .forUpdate()
      .executeTakeFirst()
    if (!experience) return 'notfound'
    if (experience.status === 'refused') return 'refused-experience'
    const target = await findPublicService(trx, input.targetServiceId)
    if (!target) return 'unknown-target'
    const pending = await trx
      .selectFrom('experience_transfers')
      .select('id')
      .where('experience_id', '=', experienceId)
      .where('status', '=', 'pending')
      .executeTakeFirst()
    if (pending) return 'already-pending'
    const row = await trx
      .insertInto('experience_transfers')
      .values({
        experience_id: experienceId,
        from_service_id: serviceId,
        from_organisation_id: experience.organisation_id,
        to_service_id: target.id,
        to_organisation_id: target.organisation_id,
        note: input.note,
        requested_by: user.id,
        requested_at: now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, {
      actorId: user.id,
      action: 'experience.transfer-requested',
      subjectType: 'experience',
      subjectId: experienceId,
      data: { transferId: row.id, to: target.id, toOrganisation: target.organisation_id },
    })
    return 'transfer-requested'
  })
}

/** The open request of an experience, as its current team sees it. */
export async function pendingTransferOf(db: Db, experienceId: string) {
  return db
    .selectFrom('experience_transfers as t')
    .innerJoin('feedback_services as s', 's.id', 't.to_service_id')
    .innerJoin('organisations as o', 'o.id', 't.to_organisation_id')
    .select(['t.id', 't.requested_at', 's.name as service_name', 'o.name as organisation_name'])
    .where('t.experience_id', '=', experienceId)
    .where('t.status', '=', 'pending')
    .executeTakeFirst()
}

/** Requests sent to the organisation: the pending ones first (oldest first), then the decided ones. */
export async function listIncomingTransfers(db: Db, organisationId: string, page: number) {
  const query = db.selectFrom('experience_transfers as t').where('t.to_organisation_id', '=', organisationId)
  const { total } = await query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow()
  const rows = await query
    .innerJoin('experiences as e', 'e.id', 't.experience_id')
    .innerJoin('feedback_services as fs', 'fs.id', 't.from_service_id')
    .innerJoin('organisations as fo', 'fo.id', 't.from_organisation_id')
    .innerJoin('feedback_services as ts', 'ts.id', 't.to_service_id')
    .select([
      't.id',
      't.status',
      't.note',
      't.requested_at',
      't.decided_at',
      't.decline_reason',
      't.to_service_id',
      'e.title',
      'e.status as experience_status',
      'e.public_body',
      'fs.name as from_service_name',
      'fo.name as from_organisation_name',
      'ts.name as to_service_name',
    ])
    .orderBy(sql`t.status = 'pending'`, 'desc')
    .orderBy('t.requested_at', 'asc')
    .orderBy('t.id')
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute()
  return { total, rows }
}

export type TransferDecision = { decision: 'accept' } | { decision: 'decline'; reason: string }
export type DecideResult = 'accepted' | 'declined' | 'notfound' | 'already'

/** The receiving organisation's decision. Accepted: the experience moves and its author (if they left an address) is told where. */
export async function decideTransfer(
  services: Services,
  user: SessionUser,
  organisationId: string,
  transferId: string,
  input: TransferDecision,
): Promise<DecideResult> {
  return services.db.transaction().execute(async (trx) => {
    const transfer = await trx
      .selectFrom('experience_transfers')
      .selectAll()
      .where('id', '=', transferId)
      .where('to_organisation_id', '=', organisationId)
      .forUpdate()
      .executeTakeFirst()
    if (!transfer) return 'notfound'
    if (transfer.status !== 'pending') return 'already'
    const at = now()
    const target = await trx
      .selectFrom('feedback_services as s')
      .innerJoin('organisations as o', 'o.id', 's.organisation_id')
      .select(['s.id', 's.name', 'o.name as organisation_name'])
      .where('s.id', '=', transfer.to_service_id)
      .executeTakeFirstOrThrow()
    if (input.decision === 'decline') {
      await trx
        .updateTable('experience_transfers')
        .set({ status: 'declined', decided_by: user.id, decided_at: at, decline_reason: input.reason })
        .where('id', '=', transferId)
        .execute()
      await trx
        .insertInto('experience_comments')
        .values({
          experience_id: transfer.experience_id,
          author_id: user.id,
          kind: 'reassignment',
          body: `Transfert refusé par « ${target.name} » (${target.organisation_name}) : ${input.reason}`,
          created_at: at,
        })
        .execute()
      await audit(trx, {
        actorId: user.id,
        action: 'experience.transfer-declined',
        subjectType: 'experience',
        subjectId: transfer.experience_id,
        data: { transferId, reason: input.reason },
      })
      return 'declined'
    }
    const experience = await trx
      .selectFrom('experiences')
      .select(['id', 'title', 'status', 'author_email', 'service_id'])
      .where('id', '=', transfer.experience_id)
      .forUpdate()
      .executeTakeFirstOrThrow()
    await trx.updateTable('experience_transfers').set({ status: 'accepted', decided_by: user.id, decided_at: at }).where('id', '=', transferId).execute()
    await trx
      .updateTable('experiences')
      .set({ service_id: target.id, organisation_id: transfer.to_organisation_id, updated_at: at })
      .where('id', '=', experience.id)
      .execute()
    await trx
      .insertInto('experience_comments')
      .values({
        experience_id: experience.id,
        author_id: user.id,
        kind: 'reassignment',
        body: `Transférée à « ${target.name} » (${target.organisation_name}) : ${transfer.note}`,
        created_at: at,
      })
      .execute()
    await audit(trx, {
      actorId: user.id,
      action: 'experience.transfer-accepted',
      subjectType: 'experience',
      subjectId: experience.id,
      data: { transferId, from: experience.service_id, to: target.id, authorTold: experience.author_email !== null },
    })
    // Only the author's own address, only if they left one; the e-mail names the service, nothing else.
    if (experience.author_email) {
      await queueEmail(
        { db: trx, jobs: services.jobs },
        experience.author_email,
        experienceTransferredEmail({
          title: experience.title,
          serviceName: target.name,
          organisationName: target.organisation_name,
          link: experience.status === 'published' ? `${services.appUrl}/experiences/${experience.id}` : null,
        }),
        { idempotencyKey: `experience-transferred:${transferId}` },
      )
    }
    return 'accepted'
  })
}

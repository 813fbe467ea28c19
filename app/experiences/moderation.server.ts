// Moderating experiences at scale (issue 19, decision 102): refusal templates per organisation and
// bulk decisions. Each experience of a batch goes through the same verbs as one by one
// (publishExperience, refuseExperience): the same checks, audit entries and e-mails.
import type { Db } from '#db/client.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { publishExperience, refuseExperience, type Services } from './experiences.server.ts'
import { REFUSAL_REASONS, refusalLabel, type RefusalReason } from './labels.ts'
import { isUuid } from '#app/utils/uuid.ts'

export const TEMPLATE_PREFIX = 'modele:'

export async function listRefusalTemplates(db: Db, organisationId: string) {
  return db
    .selectFrom('experience_refusal_templates')
    .select(['id', 'reason', 'title', 'message', 'created_at'])
    .where('organisation_id', '=', organisationId)
    .where('archived_at', 'is', null)
    .orderBy('title')
    .orderBy('id')
    .execute()
}

/** The choices of a refusal form: the closed list, then the organisation's templates (value `modele:<id>`). */
export async function refusalChoices(db: Db, organisationId: string): Promise<Array<{ value: string; label: string }>> {
  const templates = await listRefusalTemplates(db, organisationId)
  return [
    ...REFUSAL_REASONS.map((reason) => ({ value: reason.value, label: reason.label })),
    ...templates.map((template) => ({ value: `${TEMPLATE_PREFIX}${template.id}`, label: `Modèle : ${template.title} (${refusalLabel(template.reason)})` })),
  ]
}

export type ResolvedRefusal = { reason: RefusalReason; template: { id: string; message: string } | null }

/** A refusal choice of the form: a reason of the closed list, or one of this organisation's live templates; null otherwise. */
export async function resolveRefusal(db: Db, organisationId: string, choice: string): Promise<ResolvedRefusal | null> {
  const closed = REFUSAL_REASONS.find((reason) => reason.value === choice)
  if (closed) return { reason: closed.value, template: null }
  if (!choice.startsWith(TEMPLATE_PREFIX)) return null
  const id = choice.slice(TEMPLATE_PREFIX.length)
  if (!isUuid(id)) return null
  const template = await db
    .selectFrom('experience_refusal_templates')
    .select(['id', 'reason', 'message'])
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .where('archived_at', 'is', null)
    .executeTakeFirst()
  const reason = REFUSAL_REASONS.find((candidate) => candidate.value === template?.reason)
  return template && reason ? { reason: reason.value, template: { id: template.id, message: template.message } } : null
}

export async function createRefusalTemplate(
  db: Db,
  user: SessionUser,
  organisationId: string,
  input: { reason: RefusalReason; title: string; message: string },
) {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('experience_refusal_templates')
      .values({ organisation_id: organisationId, reason: input.reason, title: input.title, message: input.message, created_by: user.id, created_at: now() })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, {
      actorId: user.id,
      action: 'refusal-template.created',
      subjectType: 'organisation',
      subjectId: organisationId,
      data: { templateId: row.id, reason: input.reason, title: input.title },
    })
    return row.id
  })
}

/** Changes a live template of the organisation. Experiences already refused with it keep the message they were sent. */
export async function updateRefusalTemplate(
  db: Db,
  user: SessionUser,
  organisationId: string,
  templateId: string,
  input: { reason: RefusalReason; title: string; message: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('experience_refusal_templates')
      .select(['reason', 'title', 'message'])
      .where('id', '=', templateId)
      .where('organisation_id', '=', organisationId)
      .where('archived_at', 'is', null)
      .forUpdate()
      .executeTakeFirst()
    if (!before) return false
    await trx.updateTable('experience_refusal_templates').set({ reason: input.reason, title: input.title, message: input.message }).where('id', '=', templateId).execute()
    await audit(trx, {
      actorId: user.id,
      action: 'refusal-template.updated',
      subjectType: 'organisation',
      subjectId: organisationId,
      data: { templateId, before: { reason: before.reason, title: before.title }, after: { reason: input.reason, title: input.title }, messageChanged: before.message !== input.message },
    })
    return true
  })
}

/** Archived, not deleted: the experiences refused with it keep their message. */
export async function archiveRefusalTemplate(db: Db, user: SessionUser, organisationId: string, templateId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('experience_refusal_templates')
      .set({ archived_at: now() })
      .where('id', '=', templateId)
      .where('organisation_id', '=', organisationId)
      .where('archived_at', 'is', null)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) return false
    await audit(trx, { actorId: user.id, action: 'refusal-template.archived', subjectType: 'organisation', subjectId: organisationId, data: { templateId } })
    return true
  })
}

export const BULK_LIMIT = 50

export interface BulkResult {
  done: number
  /** Experiences with flagged passages: a person decides each passage, one by one. */
  toReview: Array<{ id: string; title: string }>
  /** Already moderated by someone else, or not of this service. */
  skipped: number
}

/**
 * Publishes or refuses several pending experiences of the service. Publishing in bulk is only for
 * texts where nothing was flagged: the others stay pending and are listed for a one-by-one review.
 */
export async function moderateInBulk(
  services: Services,
  user: SessionUser,
  serviceId: string,
  input: { experienceIds: string[] } & ({ decision: 'publish' } | { decision: 'refuse'; refusal: ResolvedRefusal }),
): Promise<BulkResult> {
  const ids = [...new Set(input.experienceIds)].slice(0, BULK_LIMIT)
  const rows = ids.length
    ? await services.db.selectFrom('experiences').select(['id', 'title']).where('id', 'in', ids).where('service_id', '=', serviceId).execute()
    : []
  const result: BulkResult = { done: 0, toReview: [], skipped: ids.length - rows.length }
  for (const row of rows) {
    const outcome =
      input.decision === 'publish'
        ? await publishExperience(services, user, serviceId, row.id, { erase: [], extra: [] })
        : await refuseExperience(services, user, serviceId, row.id, input.refusal.reason, input.refusal.template)
    if (outcome.kind === 'published' || outcome.kind === 'refused') result.done++
    else if (outcome.kind === 'undecided') result.toReview.push(row)
    else result.skipped++
  }
  if (result.done) {
    await audit(services.db, {
      actorId: user.id,
      action: input.decision === 'publish' ? 'experience.bulk-published' : 'experience.bulk-refused',
      subjectType: 'feedback_service',
      subjectId: serviceId,
      data: { count: result.done, toReview: result.toReview.length, skipped: result.skipped },
    })
  }
  return result
}

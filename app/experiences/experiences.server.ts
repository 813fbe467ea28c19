// Services Publics+: a person tells an experience of a public service; it waits in a moderation
// queue (personal data flagged, passages redacted, original kept privately); once published the
// service answers in public and the team talks internally. Every decision is audited.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import type { AnswerStatus, ExperienceChannel, ExperienceFeeling } from '#db/schema/experiences.ts'
import { experienceAnsweredEmail } from '#emails/experience-answered.tsx'
import { experienceModeratedEmail } from '#emails/experience-moderated.tsx'
import type { SessionUser } from '#app/auth/roles.ts'
import { queueEmail } from '#app/email/send.server.ts'
import { EXPERIENCE_HELD_STATUSES, scoreExperienceSpam, type ExperienceSpam } from '#app/feedback/experience-spam.server.ts'
import { personalDataKinds } from '#app/feedback/personal-data.ts'
import type { JobQueue } from '#app/jobs/types.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { hitRateLimits } from '#app/utils/rate-limit.server.ts'
import { EXPERIENCE_DOCUMENT, frenchWebsearch } from '#app/utils/search.server.ts'
import { ANSWER_EDIT_MINUTES, answerStatusLabel, PAGE_SIZE, refusalLabel, type RefusalReason } from './labels.ts'
import { flaggedPassages, redactText, type RedactionDecision } from './redaction.ts'
import { isUuid } from '#app/utils/uuid.ts'

export { PAGE_SIZE }

/** Floods: a person (daily IP fingerprint) may tell a few experiences an hour; a service takes at most 300 an hour. */
export const EXPERIENCE_LIMITS = {
  perIp: { limit: 5, windowSeconds: 3600 },
  perService: { limit: 300, windowSeconds: 3600 },
}

export interface Services {
  db: Db
  jobs: JobQueue
  appUrl: string
}

export interface PublicService {
  id: string
  name: string
  description: string | null
  organisation_id: string
  organisation_name: string
}

/** A service anyone may tell an experience about (not archived). */
export async function findPublicService(db: Db, serviceId: string | undefined): Promise<PublicService | null> {
  if (!serviceId || !isUuid(serviceId)) return null
  const row = await db
    .selectFrom('feedback_services as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['s.id', 's.name', 's.description', 's.organisation_id', 'o.name as organisation_name'])
    .where('s.id', '=', serviceId)
    .where('s.archived_at', 'is', null)
    .executeTakeFirst()
  return row ?? null
}

/** Every public service with its number of published experiences (for the search page and reassignment). */
export async function listPublicServices(db: Db) {
  return db
    .selectFrom('feedback_services as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select([
      's.id',
      's.name',
      'o.name as organisation_name',
      sql<number>`(SELECT count(*)::int FROM experiences e WHERE e.service_id = s.id AND e.status = 'published')`.as('published'),
    ])
    .where('s.archived_at', 'is', null)
    .orderBy('s.name')
    .execute()
}

export interface TellInput {
  title: string
  body: string
  happenedOn: string | null
  channel: ExperienceChannel
  feeling: ExperienceFeeling
  authorName: string | null
  authorEmail: string | null
}

export async function tellExperience(
  db: Db,
  service: PublicService,
  input: TellInput,
  ipHash: string,
  signals: { elapsedMs: number | null } = { elapsedMs: null },
): Promise<{ ok: true; id: string; spam: ExperienceSpam } | { ok: false; retryAfter: number }> {
  const limit = await hitRateLimits(db, [
    { key: `experience:ip:${ipHash}`, rule: EXPERIENCE_LIMITS.perIp },
    { key: `experience:service:${service.id}`, rule: EXPERIENCE_LIMITS.perService },
  ])
  if (!limit.allowed) return { ok: false, retryAfter: limit.retryAfter }
  // Decision 101 (complément): scored like a review; a suspected story waits in « Spam probable », never lost.
  const spam = await scoreExperienceSpam(db, { serviceId: service.id, title: input.title, body: input.body, ipHash, elapsedMs: signals.elapsedMs })
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('experiences')
      .values({
        organisation_id: service.organisation_id,
        service_id: service.id,
        title: input.title,
        body: input.body,
        public_body: null,
        happened_on: input.happenedOn,
        channel: input.channel,
        feeling: input.feeling,
        author_name: input.authorName,
        author_email: input.authorEmail,
        pii_kinds: personalDataKinds(input.body),
        refusal_reason: null,
        moderated_by: null,
        answer_status: null,
        source_review_id: null,
        ip_hash: ipHash,
        body_fingerprint: spam.fingerprint,
        spam_score: spam.score,
        spam_reasons: spam.reasons,
        spam_status: spam.status,
        created_at: now(),
        updated_at: now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, {
      actorId: null,
      actorLabel: 'usager',
      action: 'experience.submitted',
      subjectType: 'experience',
      subjectId: row.id,
      data: { serviceId: service.id, ...(spam.reasons.length ? { spamScore: spam.score, spamReasons: spam.reasons } : {}) },
    })
    return { ok: true as const, id: row.id, spam }
  })
}

// ---------------------------------------------------------------- public reading

const publishedColumns = [
  'e.id',
  'e.title',
  'e.public_body',
  'e.happened_on',
  'e.channel',
  'e.feeling',
  'e.author_name',
  'e.published_at',
  'e.answer_status',
  'e.me_too_count',
  'e.service_id',
  's.name as service_name',
  'o.name as organisation_name',
] as const

export async function listPublished(db: Db, filters: { serviceId?: string; organisationId?: string; q?: string; page: number }) {
  let query = db
    .selectFrom('experiences as e')
    .innerJoin('feedback_services as s', 's.id', 'e.service_id')
    .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
    .where('e.status', '=', 'published')
  if (filters.serviceId) query = query.where('e.service_id', '=', filters.serviceId)
  if (filters.organisationId) query = query.where('e.organisation_id', '=', filters.organisationId)
  if (filters.q) {
    query = query.where(sql<boolean>`${EXPERIENCE_DOCUMENT} @@ ${frenchWebsearch(filters.q)}`)
  }
  const { total } = await query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow()
  const rows = await query
    .select([...publishedColumns, sql<boolean>`EXISTS (SELECT 1 FROM service_change_sources c WHERE c.experience_id = e.id)`.as('has_change')])
    .orderBy('e.published_at', 'desc')
    .orderBy('e.id')
    .limit(PAGE_SIZE)
    .offset((filters.page - 1) * PAGE_SIZE)
    .execute()
  return { total, rows }
}

export async function findPublished(db: Db, experienceId: string | undefined) {
  if (!experienceId || !/^[0-9a-f-]{36}$/i.test(experienceId)) return null
  const experience = await db
    .selectFrom('experiences as e')
    .innerJoin('feedback_services as s', 's.id', 'e.service_id')
    .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
    .select(publishedColumns)
    .where('e.id', '=', experienceId)
    .where('e.status', '=', 'published')
    .executeTakeFirst()
  if (!experience) return null
  const answers = await db
    .selectFrom('experience_answers as a')
    .innerJoin('feedback_services as s', 's.id', 'a.service_id')
    .select(['a.id', 'a.body', 'a.status', 'a.signer_role', 'a.signer_name', 'a.created_at', 'a.amended_at', 's.name as service_name'])
    .where('a.experience_id', '=', experienceId)
    .orderBy('a.created_at')
    .execute()
  const changes = await db
    .selectFrom('service_change_sources as l')
    .innerJoin('service_changes as c', 'c.id', 'l.change_id')
    .select(['c.id', 'c.title', 'c.status', 'c.planned_on', 'c.done_on'])
    .where('l.experience_id', '=', experienceId)
    .orderBy('c.created_at')
    .execute()
  return { experience, answers, changes }
}

// ---------------------------------------------------------------- team: queue and moderation

export type QueueTab = 'a-moderer' | 'spam-probable' | 'publiees' | 'refusees'
const TAB_STATUS = { 'a-moderer': 'pending', 'spam-probable': 'pending', publiees: 'published', refusees: 'refused' } as const

/** Waiting experiences held as spam (suspected by the score, or confirmed by an agent) are out of the default queue. */
export async function listForTeam(db: Db, serviceId: string, tab: QueueTab, page: number) {
  const query = db
    .selectFrom('experiences as e')
    .where('e.service_id', '=', serviceId)
    .where('e.status', '=', TAB_STATUS[tab])
    .$if(tab === 'a-moderer', (q) => q.where('e.spam_status', 'not in', EXPERIENCE_HELD_STATUSES))
    .$if(tab === 'spam-probable', (q) => q.where('e.spam_status', 'in', EXPERIENCE_HELD_STATUSES))
  const { total } = await query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow()
  const rows = await query
    .select(['e.id', 'e.title', 'e.feeling', 'e.channel', 'e.created_at', 'e.published_at', 'e.pii_kinds', 'e.answer_status', 'e.refusal_reason', 'e.me_too_count', 'e.spam_score', 'e.spam_reasons', 'e.spam_status'])
    // The queue: oldest first. Published: the most shared (« moi aussi ») first, then the newest.
    .$if(tab === 'publiees', (q) => q.orderBy('e.me_too_count', 'desc'))
    .orderBy('e.created_at', tab === 'a-moderer' || tab === 'spam-probable' ? 'asc' : 'desc')
    .orderBy('e.id')
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute()
  // « spam » counts the waiting experiences held as spam; « pending » the others (the queue's default view).
  const held = sql<boolean>`(status = 'pending' AND spam_status IN (${sql.join(EXPERIENCE_HELD_STATUSES)}))`
  const counts = await db
    .selectFrom('experiences')
    .select([sql<string>`CASE WHEN ${held} THEN 'spam' ELSE status END`.as('status'), sql<number>`count(*)::int`.as('count')])
    .where('service_id', '=', serviceId)
    .groupBy(sql`1`)
    .execute()
  const oldest = await db
    .selectFrom('experiences')
    .select(sql<Date | null>`min(created_at)`.as('at'))
    .where('service_id', '=', serviceId)
    .where('status', '=', 'pending')
    .where('spam_status', 'not in', EXPERIENCE_HELD_STATUSES)
    .executeTakeFirstOrThrow()
  return { total, rows, oldestPendingAt: oldest.at, counts: Object.fromEntries(counts.map((row) => [row.status, row.count])) as Record<string, number> }
}

/** One experience of the service, as the team sees it (the author's address is never shown). */
export async function findForTeam(db: Db, serviceId: string, experienceId: string | undefined) {
  if (!experienceId || !isUuid(experienceId)) return null
  const experience = await db
    .selectFrom('experiences as e')
    .select([
      'e.id',
      'e.service_id',
      'e.title',
      'e.body',
      'e.public_body',
      'e.happened_on',
      'e.channel',
      'e.feeling',
      'e.author_name',
      sql<boolean>`e.author_email IS NOT NULL`.as('has_email'),
      'e.pii_kinds',
      'e.status',
      'e.refusal_reason',
      'e.refusal_message',
      'e.me_too_count',
      'e.moderated_at',
      'e.published_at',
      'e.answer_status',
      'e.spam_status',
      'e.spam_reasons',
      'e.created_at',
    ])
    .where('e.id', '=', experienceId)
    .where('e.service_id', '=', serviceId)
    .executeTakeFirst()
  if (!experience) return null
  const answers = await db
    .selectFrom('experience_answers')
    .select(['id', 'body', 'status', 'signer_role', 'signer_name', 'created_at', 'amended_at', 'author_id'])
    .where('experience_id', '=', experienceId)
    .orderBy('created_at')
    .execute()
  const comments = await db
    .selectFrom('experience_comments as c')
    .leftJoin('users as u', 'u.id', 'c.author_id')
    .select(['c.id', 'c.kind', 'c.body', 'c.created_at', 'u.display_name', 'u.email'])
    .where('c.experience_id', '=', experienceId)
    .orderBy('c.created_at')
    .execute()
  const history = await db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.id', 'a.action', 'a.created_at', 'a.actor_label', 'u.display_name', 'u.email'])
    .where('a.subject_type', '=', 'experience')
    .where('a.subject_id', '=', experienceId)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute()
  return { experience, answers, comments, history }
}

export type ModerationResult =
  | { kind: 'published' | 'refused' }
  | { kind: 'already' }
  | { kind: 'notfound' }
  | { kind: 'undecided'; missing: number[] }

/**
 * Publishes a pending experience with the moderator's redaction. Every flagged passage must have
 * a decision (erase or keep): publishing without looking at one is refused.
 */
export async function publishExperience(
  services: Services,
  user: SessionUser,
  serviceId: string,
  experienceId: string,
  decision: { erase: Array<boolean | undefined>; extra: string[] },
): Promise<ModerationResult> {
  return services.db.transaction().execute(async (trx) => {
    const experience = await trx
      .selectFrom('experiences as e')
      .innerJoin('feedback_services as s', 's.id', 'e.service_id')
      .select(['e.id', 'e.title', 'e.body', 'e.status', 'e.author_email', 's.name as service_name'])
      .where('e.id', '=', experienceId)
      .where('e.service_id', '=', serviceId)
      .forUpdate()
      .executeTakeFirst()
    if (!experience) return { kind: 'notfound' }
    if (experience.status !== 'pending') return { kind: 'already' }
    const flagged = flaggedPassages(experience.body)
    const missing = flagged.map((_, index) => index).filter((index) => decision.erase[index] === undefined)
    if (missing.length) return { kind: 'undecided', missing }
    const complete: RedactionDecision = { erase: flagged.map((_, index) => decision.erase[index] === true), extra: decision.extra }
    const publicBody = redactText(experience.body, complete)
    const at = now()
    await trx
      .updateTable('experiences')
      .set({ status: 'published', public_body: publicBody, moderated_by: user.id, moderated_at: at, published_at: at, updated_at: at })
      .where('id', '=', experienceId)
      .execute()
    const redacted = publicBody !== experience.body
    await audit(trx, {
      actorId: user.id,
      action: 'experience.published',
      subjectType: 'experience',
      subjectId: experienceId,
      data: { flagged: flagged.length, erased: complete.erase.filter(Boolean).length, extraPassages: complete.extra.filter((p) => p.trim().length >= 2).length, redacted },
    })
    if (experience.author_email) {
      await queueEmail(
        { db: trx, jobs: services.jobs },
        experience.author_email,
        experienceModeratedEmail({ serviceName: experience.service_name, title: experience.title, published: true, link: `${services.appUrl}/experiences/${experienceId}`, redacted }),
        { idempotencyKey: `experience-moderated:${experienceId}` },
      )
    }
    return { kind: 'published' }
  })
}

/** Refuses a pending experience with a reason of the closed list, and the message of one of the organisation's templates if chosen. */
export async function refuseExperience(
  services: Services,
  user: SessionUser,
  serviceId: string,
  experienceId: string,
  reason: RefusalReason,
  template: { id: string; message: string } | null = null,
): Promise<ModerationResult> {
  return services.db.transaction().execute(async (trx) => {
    const experience = await trx
      .selectFrom('experiences as e')
      .innerJoin('feedback_services as s', 's.id', 'e.service_id')
      .select(['e.id', 'e.title', 'e.status', 'e.author_email', 's.name as service_name'])
      .where('e.id', '=', experienceId)
      .where('e.service_id', '=', serviceId)
      .forUpdate()
      .executeTakeFirst()
    if (!experience) return { kind: 'notfound' }
    if (experience.status !== 'pending') return { kind: 'already' }
    const at = now()
    await trx
      .updateTable('experiences')
      .set({ status: 'refused', refusal_reason: reason, refusal_message: template?.message ?? null, moderated_by: user.id, moderated_at: at, updated_at: at })
      .where('id', '=', experienceId)
      .execute()
    await audit(trx, { actorId: user.id, action: 'experience.refused', subjectType: 'experience', subjectId: experienceId, data: { reason, templateId: template?.id ?? null } })
    if (experience.author_email) {
      await queueEmail(
        { db: trx, jobs: services.jobs },
        experience.author_email,
        experienceModeratedEmail({ serviceName: experience.service_name, title: experience.title, published: false, reason: template ? `${refusalLabel(reason)} (${template.message})` : refusalLabel(reason) }),
        { idempotencyKey: `experience-moderated:${experienceId}` },
      )
    }
    return { kind: 'refused' }
  })
}

// ---------------------------------------------------------------- team: answers, comments, routing

export interface AnswerInput {
  /** Generated by the page: a double submission inserts nothing twice. */
  token: string
  body: string
  status: AnswerStatus
  signerRole: string
  signWithName: boolean
}

export async function answerExperience(services: Services, user: SessionUser, serviceId: string, experienceId: string, input: AnswerInput): Promise<'answered' | 'duplicate' | 'notfound'> {
  return services.db.transaction().execute(async (trx) => {
    const experience = await trx
      .selectFrom('experiences as e')
      .innerJoin('feedback_services as s', 's.id', 'e.service_id')
      .select(['e.id', 'e.title', 'e.author_email', 'e.first_answered_at', 's.name as service_name'])
      .where('e.id', '=', experienceId)
      .where('e.service_id', '=', serviceId)
      .where('e.status', '=', 'published')
      .forUpdate()
      .executeTakeFirst()
    if (!experience) return 'notfound'
    const at = now()
    const inserted = await trx
      .insertInto('experience_answers')
      .values({
        id: input.token,
        experience_id: experienceId,
        service_id: serviceId,
        author_id: user.id,
        signer_role: input.signerRole,
        signer_name: input.signWithName ? (user.displayName ?? null) : null,
        body: input.body,
        status: input.status,
        created_at: at,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) return 'duplicate'
    await trx
      .updateTable('experiences')
      .set({ answer_status: input.status, first_answered_at: experience.first_answered_at ?? at, updated_at: at })
      .where('id', '=', experienceId)
      .execute()
    await audit(trx, { actorId: user.id, action: 'experience.answered', subjectType: 'experience', subjectId: experienceId, data: { answerId: inserted.id, status: input.status } })
    if (experience.author_email) {
      await queueEmail(
        { db: trx, jobs: services.jobs },
        experience.author_email,
        experienceAnsweredEmail({ serviceName: experience.service_name, title: experience.title, statusLabel: answerStatusLabel(input.status), link: `${services.appUrl}/experiences/${experienceId}` }),
        { idempotencyKey: `experience-answer:${inserted.id}` },
      )
    }
    return 'answered'
  })
}

/**
 * Changes an answer: in place during the first 30 minutes, afterwards as an amendment shown with
 * « modifié le » (the previous text stays in the audit trail).
 */
export async function editAnswer(
  db: Db,
  user: SessionUser,
  serviceId: string,
  experienceId: string,
  answerId: string,
  input: { body: string; status: AnswerStatus },
): Promise<'edited' | 'amended' | 'notfound'> {
  return db.transaction().execute(async (trx) => {
    const answer = await trx
      .selectFrom('experience_answers')
      .select(['id', 'body', 'status', 'created_at'])
      .where('id', '=', answerId)
      .where('experience_id', '=', experienceId)
      .where('service_id', '=', serviceId)
      .forUpdate()
      .executeTakeFirst()
    if (!answer) return 'notfound'
    const at = now()
    const inWindow = at.getTime() - answer.created_at.getTime() <= ANSWER_EDIT_MINUTES * 60 * 1000
    if (answer.body === input.body && answer.status === input.status) return inWindow ? 'edited' : 'amended'
    await trx
      .updateTable('experience_answers')
      .set({ body: input.body, status: input.status, ...(inWindow ? {} : { amended_at: at }) })
      .where('id', '=', answerId)
      .execute()
    const latest = await trx
      .selectFrom('experience_answers')
      .select('status')
      .where('experience_id', '=', experienceId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()
    await trx.updateTable('experiences').set({ answer_status: latest.status, updated_at: at }).where('id', '=', experienceId).execute()
    await audit(trx, {
      actorId: user.id,
      action: inWindow ? 'experience.answer-edited' : 'experience.answer-amended',
      subjectType: 'experience',
      subjectId: experienceId,
      data: { answerId, previousBody: answer.body, previousStatus: answer.status, status: input.status },
    })
    return inWindow ? 'edited' : 'amended'
  })
}

export async function commentExperience(db: Db, user: SessionUser, serviceId: string, experienceId: string, input: { token: string; body: string }): Promise<'commented' | 'duplicate' | 'notfound'> {
  return db.transaction().execute(async (trx) => {
    const experience = await trx.selectFrom('experiences').select('id').where('id', '=', experienceId).where('service_id', '=', serviceId).executeTakeFirst()
    if (!experience) return 'notfound'
    const inserted = await trx
      .insertInto('experience_comments')
      .values({ id: input.token, experience_id: experienceId, author_id: user.id, body: input.body, created_at: now() })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) return 'duplicate'
    await audit(trx, { actorId: user.id, action: 'experience.commented', subjectType: 'experience', subjectId: experienceId, data: { commentId: inserted.id } })
    return 'commented'
  })
}

/** Moves an experience to another service of the same organisation, with a note (kept as an internal comment). */
export async function reassignExperience(
  db: Db,
  user: SessionUser,
  serviceId: string,
  experienceId: string,
  input: { targetServiceId: string; note: string },
): Promise<'reassigned' | 'same' | 'notfound' | 'unknown-target' | 'other-organisation'> {
  return db.transaction().execute(async (trx) => {
    const experience = await trx
      .selectFrom('experiences as e')
      .innerJoin('feedback_services as s', 's.id', 'e.service_id')
      .select(['e.id', 'e.organisation_id', 's.name as service_name'])
      .where('e.id', '=', experienceId)
      .where('e.service_id', '=', serviceId)
      .forUpdate()
      .executeTakeFirst()
    if (!experience) return 'notfound'
    if (input.targetServiceId === serviceId) return 'same'
    const target = await findPublicService(trx, input.targetServiceId)
    if (!target) return 'unknown-target'
    // Another organisation decides whether it takes the story: a transfer request (transfers.server.ts).
    if (target.organisation_id !== experience.organisation_id) return 'other-organisation'
    const at = now()
    await trx.updateTable('experiences').set({ service_id: target.id, organisation_id: target.organisation_id, updated_at: at }).where('id', '=', experienceId).execute()
    await trx
      .insertInto('experience_comments')
      .values({ experience_id: experienceId, author_id: user.id, kind: 'reassignment', body: `Réaffectée de « ${experience.service_name} » à « ${target.name} » : ${input.note}`, created_at: at })
      .execute()
    await audit(trx, { actorId: user.id, action: 'experience.reassigned', subjectType: 'experience', subjectId: experienceId, data: { from: serviceId, to: target.id } })
    return 'reassigned'
  })
}

// ---------------------------------------------------------------- retention

/** The author's address is erased 12 months after the experience; refused ones are deleted after 6 months. */
export const EXPERIENCE_RETENTION = { authorEmailMonths: 12, refusedMonths: 6, originalTextMonths: 24, addressHashDays: 2 }

export async function purgeExperiences(db: Db, at: Date): Promise<{ emails: number; refused: number; originals: number; addresses: number }> {
  const monthsAgo = (months: number) => {
    const date = new Date(at)
    date.setUTCMonth(date.getUTCMonth() - months)
    return date
  }
  const refused = await db
    .deleteFrom('experiences')
    .where('status', '=', 'refused')
    .where('moderated_at', '<', monthsAgo(EXPERIENCE_RETENTION.refusedMonths))
    .executeTakeFirst()
  const emails = await db
    .updateTable('experiences')
    .set({ author_email: null, email_purged_at: at })
    .where('author_email', 'is not', null)
    .where('created_at', '<', monthsAgo(EXPERIENCE_RETENTION.authorEmailMonths))
    .executeTakeFirst()
  // The unredacted original of a published experience: only its published version remains.
  const originals = await db
    .updateTable('experiences')
    .set({ body: sql`public_body` })
    .where('status', '=', 'published')
    .where('published_at', '<', monthsAgo(EXPERIENCE_RETENTION.originalTextMonths))
    .where(sql<boolean>`body IS DISTINCT FROM public_body`)
    .executeTakeFirst()
  // The day-keyed address hash only serves « the same story from the same connection » (24 hours, decision 101): erased after two days.
  const addresses = await db
    .updateTable('experiences')
    .set({ ip_hash: null, body_fingerprint: null })
    .where('ip_hash', 'is not', null)
    .where('created_at', '<', new Date(at.getTime() - EXPERIENCE_RETENTION.addressHashDays * 86_400_000))
    .executeTakeFirst()
  return {
    emails: Number(emails.numUpdatedRows),
    refused: Number(refused.numDeletedRows),
    originals: Number(originals.numUpdatedRows),
    addresses: Number(addresses.numUpdatedRows),
  }
}

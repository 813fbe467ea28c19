// Instruction by the administration reviewers (and the programme team): lists with filters and
// French full-text search, the eligibility checklist, private notes, and the message thread with
// the leaders. Drafts are never shown to anyone but their leaders.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import type { ApplicationState, EligibilityChecks } from '#db/schema/accelerator.ts'
import { applicationMessageEmail } from '#emails/application-message.tsx'
import type { SessionUser } from '#app/auth/roles.ts'
import { queueEmail } from '#app/email/send.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { frenchTsquery } from '#app/utils/search.server.ts'
import { canInstructCall, instructedCallIds, type AcceleratorServices } from '../access.server.ts'
import { projectTitle, type Answers } from '../applications/application-form.ts'
import { APPLICATION_STATES } from '../applications/application-states.ts'
import { isUuid } from '#app/utils/uuid.ts'

export { ELIGIBILITY_ANSWERS, ELIGIBILITY_CHECKS } from '../limits.ts'

export const INSTRUCTION_PAGE_SIZE = 20

/** The calls a person instructs, with their submitted applications counted by state. */
export async function listInstructedCalls(db: Db, user: SessionUser) {
  const ids = instructedCallIds(user)
  if (ids !== 'all' && ids.length === 0) return []
  let query = db
    .selectFrom('calls')
    .select(['id', 'title', 'state', 'closes_at'])
    .where('state', '<>', 'brouillon')
  if (ids !== 'all') query = query.where('id', 'in', ids.filter(isUuid).length ? ids.filter(isUuid) : ['00000000-0000-0000-0000-000000000000'])
  const calls = await query.orderBy('opens_at', 'desc').limit(100).execute()
  const counts = calls.length
    ? await db
        .selectFrom('applications')
        .select(['call_id', 'state', sql<number>`count(*)::int`.as('n')])
        .where(
          'call_id',
          'in',
          calls.map((c) => c.id),
        )
        .where('state', '<>', 'brouillon')
        .groupBy(['call_id', 'state'])
        .execute()
    : []
  return calls.map((call) => {
    const byState = Object.fromEntries(counts.filter((c) => c.call_id === call.id).map((c) => [c.state, c.n])) as Partial<Record<ApplicationState, number>>
    return { ...call, byState, total: Object.values(byState).reduce((a, b) => a + (b ?? 0), 0) }
  })
}

export interface InstructionFilters {
  state?: ApplicationState
  kind?: string
  territory?: string
  q?: string
  page: number
}

/**
 * Words typed in the search box → a French tsquery matching word beginnings (« jardin » finds
 * « jardins »), with or without accents (`frenchTsquery`).
 */
export function searchQuery(text: string): string | null {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8)
  if (!words.length) return null
  return words.map((word) => `${word}:*`).join(' & ')
}

/** One page of a call's submitted applications, filtered, with the total and the counts per state. */
export async function searchApplications(db: Db, callId: string, filters: InstructionFilters) {
  const tsquery = filters.q ? searchQuery(filters.q) : null
  let base = db.selectFrom('applications').where('call_id', '=', callId).where('state', '<>', 'brouillon')
  if (filters.kind) base = base.where('structure_kind', '=', filters.kind)
  if (filters.territory) base = base.where(sql<boolean>`answers->'project'->'territories' ? ${filters.territory}`)
  if (tsquery) base = base.where(sql<boolean>`search @@ ${frenchTsquery(tsquery)}`)
  const countsRows = await base.select(['state', sql<number>`count(*)::int`.as('n')]).groupBy('state').execute()
  const counts = Object.fromEntries(countsRows.map((row) => [row.state, row.n])) as Partial<Record<ApplicationState, number>>
  const filtered = filters.state ? base.where('state', '=', filters.state) : base
  const total = filters.state ? (counts[filters.state] ?? 0) : countsRows.reduce((sum, row) => sum + row.n, 0)
  let rowsQuery = filtered.select(['id', 'reference', 'state', 'answers', 'structure_kind', 'last_submitted_at'])
  rowsQuery = tsquery
    ? rowsQuery.orderBy(sql`ts_rank(search, ${frenchTsquery(tsquery)})`, 'desc').orderBy('reference')
    : rowsQuery.orderBy('reference')
  const rows = await rowsQuery
    .limit(INSTRUCTION_PAGE_SIZE)
    .offset((filters.page - 1) * INSTRUCTION_PAGE_SIZE)
    .execute()
  return {
    rows: rows.map((row) => ({
      id: row.id,
      reference: row.reference,
      state: row.state,
      title: projectTitle(row.answers as Answers),
      structure: String((row.answers as Answers).structure?.name ?? ''),
      kind: row.structure_kind,
      territories: ((row.answers as Answers).project?.territories as string[] | undefined) ?? [],
      submittedAt: row.last_submitted_at,
    })),
    total,
    counts,
    pageCount: Math.max(1, Math.ceil(total / INSTRUCTION_PAGE_SIZE)),
  }
}

/** Counts of submitted applications per state on a call (without filters). */
export async function countsByState(db: Db, callId: string) {
  const rows = await db
    .selectFrom('applications')
    .select(['state', sql<number>`count(*)::int`.as('n')])
    .where('call_id', '=', callId)
    .where('state', '<>', 'brouillon')
    .groupBy('state')
    .execute()
  return Object.fromEntries(APPLICATION_STATES.filter((s) => s !== 'brouillon').map((state) => [state, rows.find((r) => r.state === state)?.n ?? 0])) as Record<
    ApplicationState,
    number
  >
}

/** A submitted application of this call, for someone who instructs the call; undefined otherwise. */
export async function findApplicationForStaff(db: Db, user: SessionUser, callId: string, applicationId: string) {
  if (!isUuid(callId) || !isUuid(applicationId) || !canInstructCall(user, callId)) return undefined
  return db
    .selectFrom('applications')
    .selectAll()
    .where('id', '=', applicationId)
    .where('call_id', '=', callId)
    .where('state', '<>', 'brouillon')
    .executeTakeFirst()
}

export async function saveEligibility(db: Db, actor: SessionUser, applicationId: string, checks: EligibilityChecks): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('applications').select('eligibility').where('id', '=', applicationId).forUpdate().executeTakeFirstOrThrow()
    await trx.updateTable('applications').set({ eligibility: checks }).where('id', '=', applicationId).execute()
    await audit(trx, {
      actorId: actor.id,
      action: 'application.eligibility_checked',
      subjectType: 'application',
      subjectId: applicationId,
      data: { before: before.eligibility, after: checks },
    })
  })
}

export async function addNote(db: Db, actor: SessionUser, applicationId: string, body: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const note = await trx.insertInto('application_notes').values({ application_id: applicationId, author_id: actor.id, body }).returning('id').executeTakeFirstOrThrow()
    await audit(trx, { actorId: actor.id, action: 'application.note_added', subjectType: 'application', subjectId: applicationId, data: { noteId: note.id } })
  })
}

export async function listNotes(db: Db, applicationId: string) {
  return db
    .selectFrom('application_notes')
    .leftJoin('users', 'users.id', 'application_notes.author_id')
    .select(['application_notes.id', 'application_notes.body', 'application_notes.created_at', 'users.display_name', 'users.email'])
    .where('application_id', '=', applicationId)
    .orderBy('application_notes.created_at')
    .execute()
}

// ---------------------------------------------------------------------------------------------
// Messages between the leaders and the instruction team

export async function listMessages(db: Db, applicationId: string, options: { forTeam: boolean }) {
  const rows = await db
    .selectFrom('application_messages')
    .leftJoin('users', 'users.id', 'application_messages.author_id')
    .select([
      'application_messages.id',
      'application_messages.body',
      'application_messages.from_team',
      'application_messages.fields',
      'application_messages.created_at',
      'users.display_name',
      'users.email',
    ])
    .where('application_id', '=', applicationId)
    .orderBy('application_messages.created_at')
    .limit(500)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    body: row.body,
    fromTeam: row.from_team,
    fields: row.fields,
    at: row.created_at,
    // Leaders see « Équipe d’instruction », not the agent's name.
    author: row.from_team && !options.forTeam ? 'Équipe d’instruction' : (row.display_name ?? row.email ?? 'Compte supprimé'),
  }))
}

/**
 * Posts a message in an application's thread and e-mails the other side: the leaders when the
 * team writes; the call's reviewers (or the programme team when it has none) when a leader writes.
 */
export async function postMessage(
  services: AcceleratorServices,
  actor: SessionUser,
  applicationId: string,
  body: string,
  side: 'leader' | 'team',
): Promise<{ ok: true } | { ok: false; message: string }> {
  if (!isUuid(applicationId)) return { ok: false, message: 'Cette candidature est introuvable.' }
  return services.db.transaction().execute(async (trx) => {
    const application = await trx
      .selectFrom('applications')
      .select(['id', 'call_id', 'state', 'reference', 'answers', 'submission_count'])
      .where('id', '=', applicationId)
      .executeTakeFirst()
    if (!application) return { ok: false as const, message: 'Cette candidature est introuvable.' }
    if (side === 'leader') {
      const member = await trx
        .selectFrom('application_members')
        .select('user_id')
        .where('application_id', '=', applicationId)
        .where('user_id', '=', actor.id)
        .where('removed_at', 'is', null)
        .executeTakeFirst()
      if (!member) return { ok: false as const, message: 'Cette candidature est introuvable.' }
      if (application.submission_count === 0) {
        return { ok: false as const, message: 'La messagerie s’ouvre quand la candidature a été déposée une première fois.' }
      }
    } else if (application.state === 'brouillon' || !canInstructCall(actor, application.call_id)) {
      return { ok: false as const, message: 'Cette candidature est introuvable.' }
    }
    const message = await trx
      .insertInto('application_messages')
      .values({ application_id: applicationId, author_id: actor.id, from_team: side === 'team', body })
      .returning('id')
      .executeTakeFirstOrThrow()
    const recipients =
      side === 'team'
        ? await trx
            .selectFrom('application_members')
            .innerJoin('users', 'users.id', 'application_members.user_id')
            .select(['users.id', 'users.email'])
            .where('application_id', '=', applicationId)
            .where('removed_at', 'is', null)
            .where('users.deleted_at', 'is', null)
            .execute()
        : await staffRecipients(trx, application.call_id)
    const title = projectTitle(application.answers as Answers)
    for (const recipient of recipients) {
      if (recipient.id === actor.id) continue
      await queueEmail(
        { db: trx, jobs: services.jobs },
        recipient.email,
        applicationMessageEmail({
          projectTitle: title,
          reference: application.reference,
          fromTeam: side === 'team',
          link:
            side === 'team'
              ? `${services.appUrl}/mes-candidatures/${applicationId}/messages`
              : `${services.appUrl}/instruction/${application.call_id}/${applicationId}#messages`,
        }),
        { idempotencyKey: `message:${message.id}:${recipient.id}` },
      )
    }
    await audit(trx, {
      actorId: actor.id,
      action: side === 'team' ? 'application.team_message_posted' : 'application.leader_message_posted',
      subjectType: 'application',
      subjectId: applicationId,
      data: { messageId: message.id },
    })
    return { ok: true as const }
  })
}

async function staffRecipients(db: Db, callId: string) {
  const reviewers = await db
    .selectFrom('role_assignments')
    .innerJoin('users', 'users.id', 'role_assignments.user_id')
    .select(['users.id', 'users.email'])
    .where('role_assignments.role', '=', 'admin_reviewer')
    .where('role_assignments.scope_id', '=', callId)
    .where('users.deleted_at', 'is', null)
    .execute()
  if (reviewers.length) return reviewers
  return db
    .selectFrom('role_assignments')
    .innerJoin('users', 'users.id', 'role_assignments.user_id')
    .select(['users.id', 'users.email'])
    .where('role_assignments.role', '=', 'programme_team')
    .where('users.deleted_at', 'is', null)
    .execute()
}


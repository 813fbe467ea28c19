// Comité d'accélération and comité d'engagement: date, members, the projects on the agenda with a
// preparation note each, and one decision per project (with a funding tranche), audited, the
// leader told by e-mail.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { mentoringDecisionEmail } from '#emails/mentoring-decision.tsx'
import type { SessionUser } from '#app/auth/roles.ts'
import { queueEmail } from '#app/email/send.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { formatEuros } from '#app/utils/format.ts'
import { UuidSchema } from '#app/utils/validation.ts'
import { projectTitle, type Answers } from '../applications/application-form.ts'
import type { MentoringServices, Result } from './cohorts.server.ts'
import { COMMITTEE_DECISION_LABELS, COMMITTEE_KIND_LABELS, type CommitteeDecision, type CommitteeKind } from './mentoring.ts'

export async function listCommittees(db: Db, cohortId: string) {
  return db
    .selectFrom('mentoring_committees as c')
    .select((eb) => [
      'c.id',
      'c.kind',
      'c.held_on',
      eb.selectFrom('mentoring_committee_items as i').select(sql<number>`count(*)::int`.as('n')).whereRef('i.committee_id', '=', 'c.id').as('agenda'),
      eb
        .selectFrom('mentoring_committee_items as i')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('i.committee_id', '=', 'c.id')
        .where('i.decision', 'is not', null)
        .as('decided'),
    ])
    .where('c.cohort_id', '=', cohortId)
    .orderBy('c.held_on')
    .execute()
}

/** Funding decided in a cohort, by committee (tranche) and in total. */
export async function fundingTotals(db: Db, cohortId: string) {
  const rows = await db
    .selectFrom('mentoring_committee_items as i')
    .innerJoin('mentoring_committees as c', 'c.id', 'i.committee_id')
    .select(['c.id', 'c.kind', 'c.held_on', sql<number>`coalesce(sum(i.amount_euros), 0)::int`.as('amount')])
    .where('c.cohort_id', '=', cohortId)
    .where('i.decision', '=', 'approved')
    .groupBy(['c.id', 'c.kind', 'c.held_on'])
    .orderBy('c.held_on')
    .execute()
  return { byCommittee: rows, total: rows.reduce((sum, row) => sum + row.amount, 0) }
}

export async function createCommittee(
  db: Db,
  user: SessionUser,
  cohortId: string,
  input: { kind: CommitteeKind; heldOn: string; members: string; projectIds: string[] },
): Promise<Result> {
  const cohort = await db.selectFrom('mentoring_cohorts').select(['starts_on', 'ends_on']).where('id', '=', cohortId).executeTakeFirstOrThrow()
  if (input.heldOn < cohort.starts_on || input.heldOn > cohort.ends_on) return { ok: false, field: 'heldOn', message: 'Le comité doit se tenir pendant la cohorte.' }
  const projectIds = [...new Set(input.projectIds)].filter((id) => UuidSchema.safeParse(id).success)
  const inCohort = projectIds.length
    ? await db.selectFrom('mentoring_projects').select('id').where('cohort_id', '=', cohortId).where('id', 'in', projectIds).execute()
    : []
  if (!inCohort.length) return { ok: false, field: 'projectIds', message: 'Choisissez au moins un projet de la cohorte à mettre à l’ordre du jour.' }
  return db.transaction().execute(async (trx) => {
    const same = await trx
      .selectFrom('mentoring_committees')
      .select('id')
      .where('cohort_id', '=', cohortId)
      .where('kind', '=', input.kind)
      .where('held_on', '=', input.heldOn)
      .executeTakeFirst()
    if (same) return { ok: true, id: same.id }
    const committee = await trx
      .insertInto('mentoring_committees')
      .values({ cohort_id: cohortId, kind: input.kind, held_on: input.heldOn, members: input.members, created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('mentoring_committee_items')
      .values(inCohort.map((p) => ({ committee_id: committee.id, project_id: p.id })))
      .execute()
    await audit(trx, { actorId: user.id, action: 'committee.created', subjectType: 'committee', subjectId: committee.id, data: { kind: input.kind, heldOn: input.heldOn, projects: inCohort.length } })
    return { ok: true, id: committee.id }
  })
}

export async function findCommittee(db: Db, committeeId: string) {
  if (!UuidSchema.safeParse(committeeId).success) return null
  const committee = await db
    .selectFrom('mentoring_committees as c')
    .innerJoin('mentoring_cohorts as h', 'h.id', 'c.cohort_id')
    .select(['c.id', 'c.kind', 'c.held_on', 'c.members', 'c.cohort_id', 'h.name as cohortName'])
    .where('c.id', '=', committeeId)
    .executeTakeFirst()
  if (!committee) return null
  const items = await db
    .selectFrom('mentoring_committee_items as i')
    .innerJoin('mentoring_projects as p', 'p.id', 'i.project_id')
    .innerJoin('applications as a', 'a.id', 'p.application_id')
    .select(['i.project_id', 'i.preparation_note', 'i.decision', 'i.amount_euros', 'i.motivation', 'i.decided_at', 'a.answers', 'p.health'])
    .where('i.committee_id', '=', committeeId)
    .execute()
  return {
    ...committee,
    items: items
      .map(({ answers, ...item }) => ({ ...item, title: projectTitle(answers as Answers) }))
      .sort((a, b) => a.title.localeCompare(b.title, 'fr')),
  }
}

export async function savePreparation(db: Db, user: SessionUser, committeeId: string, input: { projectId: string; preparationNote: string }): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('mentoring_committee_items')
      .set({ preparation_note: input.preparationNote })
      .where('committee_id', '=', committeeId)
      .where('project_id', '=', input.projectId)
      .returning('project_id')
      .executeTakeFirst()
    if (!updated) return { ok: false, field: 'projectId', message: 'Ce projet n’est pas à l’ordre du jour de ce comité.' }
    await audit(trx, { actorId: user.id, action: 'committee.preparation-saved', subjectType: 'committee', subjectId: committeeId, data: { projectId: input.projectId } })
    return { ok: true, id: input.projectId }
  })
}

/** Records (or corrects) the committee's decision for one project; the leader is told. */
export async function decide(
  services: MentoringServices,
  user: SessionUser,
  committeeId: string,
  input: { projectId: string; decision: CommitteeDecision; amount: number | null; motivation: string },
): Promise<Result> {
  return services.db.transaction().execute(async (trx) => {
    const item = await trx
      .selectFrom('mentoring_committee_items as i')
      .innerJoin('mentoring_committees as c', 'c.id', 'i.committee_id')
      .innerJoin('mentoring_projects as p', 'p.id', 'i.project_id')
      .innerJoin('applications as a', 'a.id', 'p.application_id')
      .select(['i.decision', 'i.amount_euros', 'i.motivation', 'c.kind', 'a.answers', 'a.id as applicationId'])
      .where('i.committee_id', '=', committeeId)
      .where('i.project_id', '=', input.projectId)
      .executeTakeFirst()
    if (!item) return { ok: false, field: 'projectId', message: 'Ce projet n’est pas à l’ordre du jour de ce comité.' }
    if (item.decision === input.decision && item.amount_euros === input.amount && item.motivation === input.motivation) return { ok: true, id: input.projectId }
    await trx
      .updateTable('mentoring_committee_items')
      .set({ decision: input.decision, amount_euros: input.amount, motivation: input.motivation, decided_by: user.id, decided_at: now() })
      .where('committee_id', '=', committeeId)
      .where('project_id', '=', input.projectId)
      .execute()
    await audit(trx, {
      actorId: user.id,
      action: 'committee.decision',
      subjectType: 'mentoring_project',
      subjectId: input.projectId,
      data: { committeeId, decision: input.decision, amount: input.amount, previous: item.decision ? { decision: item.decision, amount: item.amount_euros } : null },
    })
    const leaders = await trx
      .selectFrom('application_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.email'])
      .where('m.application_id', '=', item.applicationId)
      .where('m.removed_at', 'is', null)
      .where('u.deleted_at', 'is', null)
      .execute()
    const version = (await trx.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).where('action', '=', 'committee.decision').where('subject_id', '=', input.projectId).executeTakeFirstOrThrow()).n
    for (const leader of leaders) {
      await queueEmail(
        { db: trx, jobs: services.jobs },
        leader.email,
        mentoringDecisionEmail({
          projectTitle: projectTitle(item.answers as Answers),
          committee: COMMITTEE_KIND_LABELS[item.kind],
          decision: COMMITTEE_DECISION_LABELS[input.decision],
          amount: input.amount ? formatEuros(input.amount) : null,
          motivation: input.motivation,
          link: `${services.appUrl}/accompagnement/projets/${input.projectId}`,
        }),
        { idempotencyKey: `committee-decision:${committeeId}:${input.projectId}:${leader.id}:${version}` },
      )
    }
    return { ok: true, id: input.projectId }
  })
}

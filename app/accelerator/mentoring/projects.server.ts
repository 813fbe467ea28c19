// A mentored project's shared record: diagnosis, needs, actions, check-ins, introductions and
// indicator values. Routes decide who may call what (access.server.ts); every function here
// checks that what it touches belongs to the project, and audits each change in its transaction.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { projectTitle, type Answers } from '../applications/application-form.ts'
import type { Result } from './cohorts.server.ts'
import {
  indicatorValueProblem,
  parseDecimal,
  type ActionOwner,
  type ActionStatus,
  type Health,
  type IntroductionOutcome,
  type NeedKind,
  type NeedStatus,
} from './mentoring.ts'

export async function loadProject(db: Db, projectId: string) {
  const project = await db
    .selectFrom('mentoring_projects as p')
    .innerJoin('applications as a', 'a.id', 'p.application_id')
    .innerJoin('mentoring_cohorts as c', 'c.id', 'p.cohort_id')
    .leftJoin('users as m', 'm.id', 'p.mentor_id')
    .select([
      'p.id',
      'p.cohort_id',
      'p.application_id',
      'p.health',
      'p.strengths',
      'p.risks',
      'p.success_looks_like',
      'p.diagnosed_at',
      'p.report_text',
      'p.report_validated_at',
      'p.public_text',
      'p.public_consent',
      'a.answers',
      'a.reference',
      'c.name as cohortName',
      'c.starts_on',
      'c.ends_on',
      'c.published_at',
      'm.display_name as mentorName',
      'm.email as mentorEmail',
    ])
    .where('p.id', '=', projectId)
    .executeTakeFirstOrThrow()
  const answers = project.answers as Answers
  const impact = answers.impact ?? {}
  return {
    ...project,
    title: projectTitle(answers),
    structure: String(answers.structure?.name ?? ''),
    summary: String(answers.project?.summary ?? ''),
    indicator: {
      name: String(impact.indicatorName ?? 'Indicateur du projet'),
      unit: String(impact.unit ?? ''),
      start: parseDecimal(String(impact.startValue ?? '')),
      target: parseDecimal(String(impact.targetValue ?? '')),
    },
  }
}

/** Everything on the follow-up page, without the mentor's private notes unless allowed. */
export async function projectRecord(db: Db, projectId: string, options: { privateNotes: boolean }) {
  const [project, needs, actions, checkIns, introductions, values, referents, committeeItems, alerts] = await Promise.all([
    loadProject(db, projectId),
    db.selectFrom('mentoring_needs').selectAll().where('project_id', '=', projectId).orderBy('opened_on').orderBy('created_at').execute(),
    db.selectFrom('mentoring_actions').selectAll().where('project_id', '=', projectId).orderBy('due_on').orderBy('created_at').execute(),
    db.selectFrom('mentoring_check_ins').selectAll().where('project_id', '=', projectId).orderBy('held_on', 'desc').orderBy('created_at', 'desc').execute(),
    db.selectFrom('mentoring_introductions').selectAll().where('project_id', '=', projectId).orderBy('made_on', 'desc').execute(),
    db.selectFrom('mentoring_indicator_values').select(['id', 'measured_on', 'value']).where('project_id', '=', projectId).orderBy('measured_on').execute(),
    db.selectFrom('mentoring_referents').select(['id', 'email', 'name', 'organisation']).where('project_id', '=', projectId).orderBy('created_at').execute(),
    db
      .selectFrom('mentoring_committee_items as i')
      .innerJoin('mentoring_committees as c', 'c.id', 'i.committee_id')
      .select(['c.id', 'c.kind', 'c.held_on', 'i.decision', 'i.amount_euros', 'i.motivation', 'i.decided_at'])
      .where('i.project_id', '=', projectId)
      .orderBy('c.held_on')
      .execute(),
    db.selectFrom('mentoring_alerts').select(['id', 'message', 'detected_on']).where('project_id', '=', projectId).where('resolved_at', 'is', null).execute(),
  ])
  return {
    project,
    needs,
    actions,
    checkIns: checkIns.map((c) => ({ ...c, private_notes: options.privateNotes ? c.private_notes : null })),
    introductions,
    values,
    referents,
    committeeItems,
    alerts,
  }
}

export type ProjectRecord = Awaited<ReturnType<typeof projectRecord>>

/** One dated line per event, newest first (the timeline of the follow-up page). */
export function timeline(record: ProjectRecord): Array<{ day: string; label: string }> {
  const items: Array<{ day: string; label: string }> = [
    ...record.needs.map((n) => ({ day: n.opened_on, label: `Besoin ouvert : ${n.description}` })),
    ...record.needs.filter((n) => n.closed_on).map((n) => ({ day: n.closed_on!, label: `Besoin clos : ${n.description}` })),
    ...record.actions.map((a) => ({ day: a.due_on, label: `Échéance de l’action : ${a.title}` })),
    ...record.checkIns.map((c) => ({ day: c.held_on, label: `Point d’étape (${c.minutes_spent} min)` })),
    ...record.introductions.map((i) => ({ day: i.made_on, label: `Mise en relation avec ${i.organisation}` })),
    ...record.values.map((v) => ({ day: v.measured_on, label: `Indicateur mesuré : ${v.value.toLocaleString('fr-FR')}` })),
    ...record.committeeItems.map((c) => ({ day: c.held_on, label: c.kind === 'acceleration' ? 'Comité d’accélération' : 'Comité d’engagement' })),
  ]
  return items.sort((a, b) => b.day.localeCompare(a.day))
}

interface Window {
  startsOn: string
  endsOn: string
  today: string
}

async function window(db: Db, projectId: string, today: string): Promise<Window> {
  const row = await db
    .selectFrom('mentoring_projects as p')
    .innerJoin('mentoring_cohorts as c', 'c.id', 'p.cohort_id')
    .select(['c.starts_on', 'c.ends_on'])
    .where('p.id', '=', projectId)
    .executeTakeFirstOrThrow()
  return { startsOn: row.starts_on, endsOn: row.ends_on, today }
}

/** A past event (check-in, introduction, measure): inside the cohort, and not in the future. */
function pastDayProblem(day: string, w: Window): string | null {
  if (day < w.startsOn || day > w.endsOn) return 'Cette date est en dehors de la période de la cohorte.'
  if (day > w.today) return 'Cette date est dans le futur.'
  return null
}

/** An action's due day falls during the cohort (in the past too: an action may be recorded late). */
function dueDayProblem(day: string, w: Window): Extract<Result, { ok: false }> | null {
  if (day < w.startsOn || day > w.endsOn) return { ok: false, field: 'dueOn', message: 'L’échéance doit tomber pendant la cohorte.' }
  return null
}

/** The need an action is linked to belongs to the same project. */
async function linkedNeedProblem(db: Db, projectId: string, needId: string | null): Promise<Extract<Result, { ok: false }> | null> {
  if (!needId) return null
  const need = await db.selectFrom('mentoring_needs').select('id').where('id', '=', needId).where('project_id', '=', projectId).executeTakeFirst()
  return need ? null : { ok: false, field: 'needId', message: 'Ce besoin n’appartient pas à ce projet.' }
}

/** The fields whose value changed, as `{ field: { from, to } }` (what the audit records). */
function changes<T extends Record<string, unknown>>(before: T, after: T): Partial<Record<keyof T, { from: unknown; to: unknown }>> {
  const changed: Partial<Record<keyof T, { from: unknown; to: unknown }>> = {}
  for (const key of Object.keys(after) as Array<keyof T>) {
    if (before[key] !== after[key]) changed[key] = { from: before[key], to: after[key] }
  }
  return changed
}

export async function saveDiagnosis(db: Db, user: SessionUser, projectId: string, input: { strengths: string; risks: string; successLooksLike: string }) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('mentoring_projects')
      .set({ strengths: input.strengths, risks: input.risks, success_looks_like: input.successLooksLike, diagnosed_at: now() })
      .where('id', '=', projectId)
      .execute()
    await audit(trx, { actorId: user.id, action: 'mentoring.diagnosis-saved', subjectType: 'mentoring_project', subjectId: projectId })
  })
}

export async function addNeed(db: Db, user: SessionUser, projectId: string, input: { kind: NeedKind; description: string }, today: string): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    // A double submission of the same need on the same day records it once.
    const same = await trx
      .selectFrom('mentoring_needs')
      .select('id')
      .where('project_id', '=', projectId)
      .where('kind', '=', input.kind)
      .where('description', '=', input.description)
      .executeTakeFirst()
    if (same) return { ok: true, id: same.id }
    const row = await trx
      .insertInto('mentoring_needs')
      .values({ project_id: projectId, kind: input.kind, description: input.description, opened_on: today, created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, { actorId: user.id, action: 'mentoring.need-added', subjectType: 'mentoring_project', subjectId: projectId, data: { needId: row.id, kind: input.kind } })
    return { ok: true, id: row.id }
  })
}

/** Corrects a saved need's type or description (its state changes through setNeedStatus). */
export async function updateNeed(db: Db, user: SessionUser, projectId: string, input: { needId: string; kind: NeedKind; description: string }): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    const need = await trx.selectFrom('mentoring_needs').select(['id', 'kind', 'description']).where('id', '=', input.needId).where('project_id', '=', projectId).executeTakeFirst()
    if (!need) return { ok: false, field: 'needId', message: 'Ce besoin n’appartient pas à ce projet.' }
    const changed = changes({ kind: need.kind, description: need.description }, { kind: input.kind, description: input.description })
    if (!Object.keys(changed).length) return { ok: true, id: need.id }
    await trx.updateTable('mentoring_needs').set({ kind: input.kind, description: input.description }).where('id', '=', need.id).execute()
    await audit(trx, { actorId: user.id, action: 'mentoring.need-updated', subjectType: 'mentoring_project', subjectId: projectId, data: { needId: need.id, changes: changed } })
    return { ok: true, id: need.id }
  })
}

export async function setNeedStatus(db: Db, user: SessionUser, projectId: string, input: { needId: string; status: NeedStatus }, today: string): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    const need = await trx.selectFrom('mentoring_needs').select(['id', 'status']).where('id', '=', input.needId).where('project_id', '=', projectId).executeTakeFirst()
    if (!need) return { ok: false, field: 'needId', message: 'Ce besoin n’appartient pas à ce projet.' }
    if (need.status === input.status) return { ok: true, id: need.id }
    const closed = input.status === 'met' || input.status === 'dropped'
    await trx.updateTable('mentoring_needs').set({ status: input.status, closed_on: closed ? today : null }).where('id', '=', need.id).execute()
    await audit(trx, { actorId: user.id, action: 'mentoring.need-status', subjectType: 'mentoring_project', subjectId: projectId, data: { needId: need.id, from: need.status, to: input.status } })
    return { ok: true, id: need.id }
  })
}

export async function addAction(
  db: Db,
  user: SessionUser,
  projectId: string,
  input: { title: string; needId: string | null; owner: ActionOwner; dueOn: string },
  today: string,
): Promise<Result> {
  const problem = dueDayProblem(input.dueOn, await window(db, projectId, today))
  if (problem) return problem
  return db.transaction().execute(async (trx) => {
    const needProblem = await linkedNeedProblem(trx, projectId, input.needId)
    if (needProblem) return needProblem
    const same = await trx
      .selectFrom('mentoring_actions')
      .select('id')
      .where('project_id', '=', projectId)
      .where('title', '=', input.title)
      .where('due_on', '=', input.dueOn)
      .executeTakeFirst()
    if (same) return { ok: true, id: same.id }
    const row = await trx
      .insertInto('mentoring_actions')
      .values({ project_id: projectId, need_id: input.needId, title: input.title, owner: input.owner, due_on: input.dueOn, created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, { actorId: user.id, action: 'mentoring.action-added', subjectType: 'mentoring_project', subjectId: projectId, data: { actionId: row.id, owner: input.owner, dueOn: input.dueOn } })
    return { ok: true, id: row.id }
  })
}

/** Corrects a saved action: title, linked need, who carries it, due day (still during the cohort). */
export async function updateAction(
  db: Db,
  user: SessionUser,
  projectId: string,
  input: { actionId: string; title: string; needId: string | null; owner: ActionOwner; dueOn: string },
  today: string,
): Promise<Result> {
  const problem = dueDayProblem(input.dueOn, await window(db, projectId, today))
  if (problem) return problem
  return db.transaction().execute(async (trx) => {
    const action = await trx
      .selectFrom('mentoring_actions')
      .select(['id', 'title', 'need_id', 'owner', 'due_on'])
      .where('id', '=', input.actionId)
      .where('project_id', '=', projectId)
      .executeTakeFirst()
    if (!action) return { ok: false, field: 'actionId', message: 'Cette action n’appartient pas à ce projet.' }
    const needProblem = await linkedNeedProblem(trx, projectId, input.needId)
    if (needProblem) return needProblem
    const changed = changes(
      { title: action.title, needId: action.need_id, owner: action.owner, dueOn: action.due_on },
      { title: input.title, needId: input.needId, owner: input.owner, dueOn: input.dueOn },
    )
    if (!Object.keys(changed).length) return { ok: true, id: action.id }
    await trx
      .updateTable('mentoring_actions')
      .set({ title: input.title, need_id: input.needId, owner: input.owner, due_on: input.dueOn })
      .where('id', '=', action.id)
      .execute()
    await audit(trx, { actorId: user.id, action: 'mentoring.action-updated', subjectType: 'mentoring_project', subjectId: projectId, data: { actionId: action.id, changes: changed } })
    return { ok: true, id: action.id }
  })
}

/** Staff change any action; a leader only the actions they own. */
export async function setActionStatus(
  db: Db,
  user: SessionUser,
  projectId: string,
  input: { actionId: string; status: ActionStatus },
  today: string,
  onlyOwner: ActionOwner | null,
): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    const action = await trx.selectFrom('mentoring_actions').select(['id', 'status', 'owner']).where('id', '=', input.actionId).where('project_id', '=', projectId).executeTakeFirst()
    if (!action) return { ok: false, field: 'actionId', message: 'Cette action n’appartient pas à ce projet.' }
    if (onlyOwner && action.owner !== onlyOwner) return { ok: false, field: 'status', message: 'Vous ne pouvez modifier que les actions qui vous sont confiées.' }
    if (action.status === input.status) return { ok: true, id: action.id }
    await trx
      .updateTable('mentoring_actions')
      .set({ status: input.status, done_on: input.status === 'done' ? today : null })
      .where('id', '=', action.id)
      .execute()
    await audit(trx, { actorId: user.id, action: 'mentoring.action-status', subjectType: 'mentoring_project', subjectId: projectId, data: { actionId: action.id, from: action.status, to: input.status } })
    return { ok: true, id: action.id }
  })
}

/** The project's health is the one of its latest check-in. */
async function refreshHealth(trx: Db, projectId: string) {
  const latest = await trx.selectFrom('mentoring_check_ins').select('health').where('project_id', '=', projectId).orderBy('held_on', 'desc').orderBy('created_at', 'desc').executeTakeFirstOrThrow()
  await trx.updateTable('mentoring_projects').set({ health: latest.health }).where('id', '=', projectId).execute()
}

type CheckInInput = { heldOn: string; attendees: string; notes: string; privateNotes: string | null; decisions: string | null; minutesSpent: number; health: Health }

export async function recordCheckIn(
  db: Db,
  user: SessionUser,
  projectId: string,
  input: CheckInInput,
  today: string,
): Promise<Result> {
  const problem = pastDayProblem(input.heldOn, await window(db, projectId, today))
  if (problem) return { ok: false, field: 'heldOn', message: problem }
  return db.transaction().execute(async (trx) => {
    const same = await trx
      .selectFrom('mentoring_check_ins')
      .select('id')
      .where('project_id', '=', projectId)
      .where('held_on', '=', input.heldOn)
      .where('notes', '=', input.notes)
      .executeTakeFirst()
    if (same) return { ok: true, id: same.id }
    const row = await trx
      .insertInto('mentoring_check_ins')
      .values({
        project_id: projectId,
        held_on: input.heldOn,
        attendees: input.attendees,
        notes: input.notes,
        private_notes: input.privateNotes,
        decisions: input.decisions,
        minutes_spent: input.minutesSpent,
        health: input.health,
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await refreshHealth(trx, projectId)
    // A new check-in answers the « no check-in » alert.
    await trx.updateTable('mentoring_alerts').set({ resolved_at: now() }).where('project_id', '=', projectId).where('kind', '=', 'no-check-in').where('resolved_at', 'is', null).execute()
    await audit(trx, { actorId: user.id, action: 'mentoring.check-in-recorded', subjectType: 'mentoring_project', subjectId: projectId, data: { checkInId: row.id, heldOn: input.heldOn, health: input.health, minutes: input.minutesSpent } })
    return { ok: true, id: row.id }
  })
}

/**
 * Corrects a saved check-in (same rules as recording one); the project's health follows. The audit
 * names the changed fields, with before and after for the date, the time spent and the health
 * (the texts themselves stay in the check-in, private notes included).
 */
export async function updateCheckIn(db: Db, user: SessionUser, projectId: string, input: CheckInInput & { checkInId: string }, today: string): Promise<Result> {
  const problem = pastDayProblem(input.heldOn, await window(db, projectId, today))
  if (problem) return { ok: false, field: 'heldOn', message: problem }
  return db.transaction().execute(async (trx) => {
    const checkIn = await trx
      .selectFrom('mentoring_check_ins')
      .select(['id', 'held_on', 'attendees', 'notes', 'private_notes', 'decisions', 'minutes_spent', 'health'])
      .where('id', '=', input.checkInId)
      .where('project_id', '=', projectId)
      .executeTakeFirst()
    if (!checkIn) return { ok: false, field: 'checkInId', message: 'Ce point d’étape n’appartient pas à ce projet.' }
    const changed = changes(
      { heldOn: checkIn.held_on, attendees: checkIn.attendees, notes: checkIn.notes, privateNotes: checkIn.private_notes, decisions: checkIn.decisions, minutesSpent: checkIn.minutes_spent, health: checkIn.health },
      { heldOn: input.heldOn, attendees: input.attendees, notes: input.notes, privateNotes: input.privateNotes, decisions: input.decisions, minutesSpent: input.minutesSpent, health: input.health },
    )
    if (!Object.keys(changed).length) return { ok: true, id: checkIn.id }
    await trx
      .updateTable('mentoring_check_ins')
      .set({ held_on: input.heldOn, attendees: input.attendees, notes: input.notes, private_notes: input.privateNotes, decisions: input.decisions, minutes_spent: input.minutesSpent, health: input.health })
      .where('id', '=', checkIn.id)
      .execute()
    await refreshHealth(trx, projectId)
    const { heldOn, minutesSpent, health } = changed
    await audit(trx, {
      actorId: user.id,
      action: 'mentoring.check-in-updated',
      subjectType: 'mentoring_project',
      subjectId: projectId,
      data: { checkInId: checkIn.id, fields: Object.keys(changed), changes: { heldOn, minutesSpent, health } },
    })
    return { ok: true, id: checkIn.id }
  })
}

export async function addLeaderView(db: Db, user: SessionUser, projectId: string, input: { checkInId: string; leaderView: string }): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('mentoring_check_ins')
      .set({ leader_view: input.leaderView })
      .where('id', '=', input.checkInId)
      .where('project_id', '=', projectId)
      .returning('id')
      .executeTakeFirst()
    if (!updated) return { ok: false, field: 'checkInId', message: 'Ce point d’étape n’appartient pas à ce projet.' }
    await audit(trx, { actorId: user.id, action: 'mentoring.leader-view', subjectType: 'mentoring_project', subjectId: projectId, data: { checkInId: input.checkInId } })
    return { ok: true, id: updated.id }
  })
}

export async function addIntroduction(
  db: Db,
  user: SessionUser,
  projectId: string,
  input: { organisation: string; person: string | null; reason: string; madeOn: string },
  today: string,
): Promise<Result> {
  const problem = pastDayProblem(input.madeOn, await window(db, projectId, today))
  if (problem) return { ok: false, field: 'madeOn', message: problem }
  return db.transaction().execute(async (trx) => {
    const same = await trx
      .selectFrom('mentoring_introductions')
      .select('id')
      .where('project_id', '=', projectId)
      .where('organisation', '=', input.organisation)
      .where('made_on', '=', input.madeOn)
      .executeTakeFirst()
    if (same) return { ok: true, id: same.id }
    const row = await trx
      .insertInto('mentoring_introductions')
      .values({ project_id: projectId, organisation: input.organisation, person: input.person, reason: input.reason, made_on: input.madeOn, created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, { actorId: user.id, action: 'mentoring.introduction-added', subjectType: 'mentoring_project', subjectId: projectId, data: { introductionId: row.id, organisation: input.organisation } })
    return { ok: true, id: row.id }
  })
}

export async function setIntroductionOutcome(db: Db, user: SessionUser, projectId: string, input: { introductionId: string; outcome: IntroductionOutcome }): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    const intro = await trx.selectFrom('mentoring_introductions').select(['id', 'outcome']).where('id', '=', input.introductionId).where('project_id', '=', projectId).executeTakeFirst()
    if (!intro) return { ok: false, field: 'introductionId', message: 'Cette mise en relation n’appartient pas à ce projet.' }
    if (intro.outcome === input.outcome) return { ok: true, id: intro.id }
    await trx.updateTable('mentoring_introductions').set({ outcome: input.outcome }).where('id', '=', intro.id).execute()
    await audit(trx, { actorId: user.id, action: 'mentoring.introduction-outcome', subjectType: 'mentoring_project', subjectId: projectId, data: { introductionId: intro.id, from: intro.outcome, to: input.outcome } })
    return { ok: true, id: intro.id }
  })
}

/** Records the indicator's value on a day (a second value the same day replaces the first). */
export async function recordIndicatorValue(db: Db, user: SessionUser, projectId: string, input: { measuredOn: string; value: string }, today: string): Promise<Result> {
  const project = await loadProject(db, projectId)
  const value = parseDecimal(input.value)
  const problem = indicatorValueProblem(value, project.indicator.unit || 'unités')
  if (problem) return { ok: false, field: 'value', message: problem }
  const dayProblem = pastDayProblem(input.measuredOn, { startsOn: project.starts_on, endsOn: project.ends_on, today })
  if (dayProblem) return { ok: false, field: 'measuredOn', message: dayProblem }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('mentoring_indicator_values')
      .values({ project_id: projectId, measured_on: input.measuredOn, value, created_by: user.id })
      .onConflict((oc) => oc.columns(['project_id', 'measured_on']).doUpdateSet({ value, created_by: user.id }))
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, { actorId: user.id, action: 'mentoring.indicator-value', subjectType: 'mentoring_project', subjectId: projectId, data: { measuredOn: input.measuredOn, value } })
    return { ok: true, id: row.id }
  })
}

/** Introductions by outcome over a set of projects: the accelerator's main lever, counted. */
export async function introductionCounts(db: Db, projectIds: string[]): Promise<Record<IntroductionOutcome | 'total', number>> {
  const counts = { total: 0, pending: 0, met: 0, followed_up: 0, no_follow_up: 0 }
  if (!projectIds.length) return counts
  const rows = await db
    .selectFrom('mentoring_introductions')
    .select(['outcome', sql<number>`count(*)::int`.as('n')])
    .where('project_id', 'in', projectIds)
    .groupBy('outcome')
    .execute()
  for (const row of rows) {
    counts[row.outcome] = row.n
    counts.total += row.n
  }
  return counts
}

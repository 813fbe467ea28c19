// Daily alerts on mentored projects: no check-in for 21 days, an overdue action, a need open for
// more than 30 days, a committee within 7 days without a preparation note, the cohort ending soon.
// Each alert is a row (shown on the cohort view) opened once per subject and resolved when its
// condition is gone; each mentor gets at most one digest e-mail a day.
import type { Db } from '#db/client.ts'
import { mentoringAlertsEmail } from '#emails/mentoring-alerts.tsx'
import { mentoringWeeklyDigestEmail, type CohortWeek } from '#emails/mentoring-weekly-digest.tsx'
import { queueEmail } from '#app/email/send.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { projectTitle, type Answers } from '../applications/application-form.ts'
import type { MentoringServices } from './cohorts.server.ts'
import { COHORT_ENDING_DAYS, COMMITTEE_PREPARATION_DAYS, isOpenNeed, isOverdue, NEED_OPEN_DAYS, NO_CHECK_IN_DAYS } from './mentoring.ts'
import { addDays, daysBetween, formatDay } from '#app/utils/days.ts'

export type AlertKind = 'no-check-in' | 'overdue-action' | 'need-open' | 'committee-unprepared' | 'cohort-ending'

interface Found {
  projectId: string
  kind: AlertKind
  subjectKey: string
  message: string
}

/** What should be alerted today (pure read; `runMentoringAlerts` writes it). */
export async function findAlerts(db: Db, today: string): Promise<Found[]> {
  const projects = await db
    .selectFrom('mentoring_projects as p')
    .innerJoin('mentoring_cohorts as c', 'c.id', 'p.cohort_id')
    .select(['p.id', 'p.cohort_id', 'c.starts_on', 'c.ends_on'])
    .where('c.starts_on', '<=', today)
    .where('c.ends_on', '>=', today)
    .execute()
  if (!projects.length) return []
  const ids = projects.map((p) => p.id)
  const [checkIns, actions, needs, committeeItems] = await Promise.all([
    db.selectFrom('mentoring_check_ins').select(['project_id', 'held_on']).where('project_id', 'in', ids).execute(),
    db.selectFrom('mentoring_actions').select(['id', 'project_id', 'title', 'due_on', 'status']).where('project_id', 'in', ids).execute(),
    db.selectFrom('mentoring_needs').select(['id', 'project_id', 'description', 'opened_on', 'status']).where('project_id', 'in', ids).execute(),
    db
      .selectFrom('mentoring_committee_items as i')
      .innerJoin('mentoring_committees as c', 'c.id', 'i.committee_id')
      .select(['i.project_id', 'i.preparation_note', 'i.decision', 'c.id', 'c.kind', 'c.held_on'])
      .where('i.project_id', 'in', ids)
      .where('c.held_on', '>=', today)
      .where('c.held_on', '<=', addDays(today, COMMITTEE_PREPARATION_DAYS))
      .execute(),
  ])
  const found: Found[] = []
  for (const project of projects) {
    const last = checkIns.filter((c) => c.project_id === project.id).reduce<string>((max, c) => (c.held_on > max ? c.held_on : max), project.starts_on)
    const silentDays = daysBetween(last, today)
    if (silentDays >= NO_CHECK_IN_DAYS) {
      found.push({ projectId: project.id, kind: 'no-check-in', subjectKey: project.id, message: `Aucun point d’étape depuis ${silentDays} jours.` })
    }
    for (const action of actions.filter((a) => a.project_id === project.id && isOverdue(a, today))) {
      found.push({ projectId: project.id, kind: 'overdue-action', subjectKey: action.id, message: `Action en retard (échéance le ${formatDay(action.due_on)}) : ${action.title}` })
    }
    for (const need of needs.filter((n) => n.project_id === project.id && isOpenNeed(n.status) && daysBetween(n.opened_on, today) > NEED_OPEN_DAYS)) {
      found.push({ projectId: project.id, kind: 'need-open', subjectKey: need.id, message: `Besoin ouvert depuis plus de ${NEED_OPEN_DAYS} jours : ${need.description}` })
    }
    for (const item of committeeItems.filter((i) => i.project_id === project.id && !i.preparation_note && !i.decision)) {
      found.push({ projectId: project.id, kind: 'committee-unprepared', subjectKey: item.id, message: `Comité le ${formatDay(item.held_on)} sans note de préparation.` })
    }
    const left = daysBetween(today, project.ends_on)
    if (left <= COHORT_ENDING_DAYS) {
      found.push({ projectId: project.id, kind: 'cohort-ending', subjectKey: project.cohort_id, message: `La cohorte se termine le ${formatDay(project.ends_on)} : préparez le rapport final.` })
    }
  }
  return found
}

/** Opens new alerts, resolves those whose condition is gone, and sends each mentor one digest. Idempotent. */
export async function runMentoringAlerts(services: MentoringServices, today: string): Promise<{ opened: number; resolved: number; emails: number }> {
  const found = await findAlerts(services.db, today)
  return services.db.transaction().execute(async (trx) => {
    const open = await trx.selectFrom('mentoring_alerts').select(['id', 'project_id', 'kind', 'subject_key']).where('resolved_at', 'is', null).execute()
    const key = (a: { projectId?: string; project_id?: string; kind: string; subjectKey?: string; subject_key?: string }) =>
      `${a.projectId ?? a.project_id}|${a.kind}|${a.subjectKey ?? a.subject_key}`
    const foundKeys = new Set(found.map(key))
    const openKeys = new Set(open.map(key))
    const stale = open.filter((alert) => !foundKeys.has(key(alert))).map((alert) => alert.id)
    if (stale.length) await trx.updateTable('mentoring_alerts').set({ resolved_at: now() }).where('id', 'in', stale).execute()
    const fresh = found.filter((alert) => !openKeys.has(key(alert)))
    if (fresh.length) {
      await trx
        .insertInto('mentoring_alerts')
        .values(fresh.map((a) => ({ project_id: a.projectId, kind: a.kind, subject_key: a.subjectKey, message: a.message, detected_on: today })))
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
    // The digest: today's alerts, grouped by mentor.
    const todays = await trx
      .selectFrom('mentoring_alerts as al')
      .innerJoin('mentoring_projects as p', 'p.id', 'al.project_id')
      .innerJoin('applications as a', 'a.id', 'p.application_id')
      .innerJoin('users as u', 'u.id', 'p.mentor_id')
      .select(['al.message', 'a.answers', 'u.id as mentorId', 'u.email', 'p.cohort_id'])
      .where('al.detected_on', '=', today)
      .where('al.resolved_at', 'is', null)
      .where('u.deleted_at', 'is', null)
      .orderBy('al.created_at')
      .execute()
    const byMentor = new Map<string, typeof todays>()
    for (const row of todays) byMentor.set(row.mentorId, [...(byMentor.get(row.mentorId) ?? []), row])
    let emails = 0
    for (const [mentorId, rows] of byMentor) {
      const id = await queueEmail(
        { db: trx, jobs: services.jobs },
        rows[0]!.email,
        mentoringAlertsEmail({
          alerts: rows.map((row) => ({ projectTitle: projectTitle(row.answers as Answers), message: row.message })),
          link: `${services.appUrl}/accompagnement/cohortes/${rows[0]!.cohort_id}?alertes=1`,
        }),
        { idempotencyKey: `mentoring-alerts:${mentorId}:${today}` },
      )
      if (id) emails++
    }
    return { opened: fresh.length, resolved: stale.length, emails }
  })
}

/** Monday digest to every programme team member: running cohorts, their health, the week's changes. Idempotent per person and day. */
export async function sendWeeklyTeamDigest(services: MentoringServices, today: string): Promise<number> {
  const { db } = services
  const cohorts = await db.selectFrom('mentoring_cohorts').select(['id', 'name']).where('starts_on', '<=', today).where('ends_on', '>=', today).orderBy('starts_on').execute()
  if (!cohorts.length) return 0
  const weekAgo = addDays(today, -7)
  const summaries: CohortWeek[] = []
  for (const cohort of cohorts) {
    const projects = await db.selectFrom('mentoring_projects').select(['id', 'health']).where('cohort_id', '=', cohort.id).execute()
    const ids = projects.map((p) => p.id)
    const [checkIns, decisions, alerts] = ids.length
      ? await Promise.all([
          db.selectFrom('mentoring_check_ins').select('id').where('project_id', 'in', ids).where('held_on', '>', weekAgo).execute(),
          db.selectFrom('mentoring_committee_items').select('project_id').where('project_id', 'in', ids).where('decided_at', '>', new Date(`${weekAgo}T00:00:00Z`)).execute(),
          db.selectFrom('mentoring_alerts').select('id').where('project_id', 'in', ids).where('resolved_at', 'is', null).execute(),
        ])
      : [[], [], []]
    summaries.push({
      name: cohort.name,
      projects: projects.length,
      onTrack: projects.filter((p) => p.health === 'on_track').length,
      atRisk: projects.filter((p) => p.health === 'at_risk').length,
      stuck: projects.filter((p) => p.health === 'stuck').length,
      checkIns: checkIns.length,
      decisions: decisions.length,
      openAlerts: alerts.length,
      link: `${services.appUrl}/accompagnement/cohortes/${cohort.id}`,
    })
  }
  const team = await db
    .selectFrom('role_assignments as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.email'])
    .distinct()
    .where('r.role', '=', 'programme_team')
    .where('u.deleted_at', 'is', null)
    .execute()
  let sent = 0
  for (const member of team) {
    const id = await queueEmail(services, member.email, mentoringWeeklyDigestEmail({ cohorts: summaries }), { idempotencyKey: `mentoring-weekly:${member.id}:${today}` })
    if (id) sent++
  }
  return sent
}

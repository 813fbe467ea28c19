// End of programme: a final report per project (drafted from the record, edited by the mentor or
// the leader, validated by the team) and the public outcomes page of a cohort (only what the team
// published, and each project's text only with its leader's consent).
import type { Db } from '#db/client.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { formatEuros } from '#app/utils/format.ts'
import { UuidSchema } from '#app/utils/validation.ts'
import { projectTitle, type Answers } from '../applications/application-form.ts'
import type { Result } from './cohorts.server.ts'
import { fundingTotals } from './committees.server.ts'
import { ACTION_STATUS_LABELS, COMMITTEE_DECISION_LABELS, COMMITTEE_KIND_LABELS, INTRODUCTION_OUTCOME_LABELS, NEED_KIND_LABELS, NEED_STATUS_LABELS, progressPercent } from './mentoring.ts'
import { introductionCounts, type ProjectRecord } from './projects.server.ts'
import { formatDay } from '#app/utils/days.ts'

/** A first version of the final report, written from the record (the mentor then edits it). */
export function draftReport(record: ProjectRecord): string {
  const { project } = record
  const lastValue = record.values.at(-1)
  const minutes = record.checkIns.reduce((sum, c) => sum + c.minutes_spent, 0)
  const lines = [
    `Rapport final – ${project.title} (${project.structure})`,
    `Accompagnement du ${formatDay(project.starts_on)} au ${formatDay(project.ends_on)}.`,
    '',
    'Diagnostic de départ',
    `Forces : ${project.strengths ?? 'non renseigné'}`,
    `Risques : ${project.risks ?? 'non renseigné'}`,
    `Réussite visée : ${project.success_looks_like ?? 'non renseignée'}`,
    '',
    'Besoins',
    ...(record.needs.length ? record.needs.map((n) => `- ${NEED_KIND_LABELS[n.kind]} : ${n.description} (${NEED_STATUS_LABELS[n.status].toLowerCase()})`) : ['- Aucun besoin enregistré.']),
    '',
    'Actions',
    ...(record.actions.length ? record.actions.map((a) => `- ${a.title} (${ACTION_STATUS_LABELS[a.status].toLowerCase()})`) : ['- Aucune action enregistrée.']),
    '',
    `Points d’étape : ${record.checkIns.length}, soit ${Math.round(minutes / 6) / 10} heures d’accompagnement.`,
    `Mises en relation : ${record.introductions.length}${record.introductions.length ? ` (${record.introductions.map((i) => `${i.organisation} – ${INTRODUCTION_OUTCOME_LABELS[i.outcome].toLowerCase()}`).join(' ; ')})` : ''}.`,
    '',
    `Indicateur : ${project.indicator.name}. Départ ${project.indicator.start}, cible ${project.indicator.target}${lastValue ? `, dernière mesure ${lastValue.value} le ${formatDay(lastValue.measured_on)}` : ', pas encore de mesure'}.`,
    '',
    'Comités',
    ...(record.committeeItems.filter((c) => c.decision).length
      ? record.committeeItems
          .filter((c) => c.decision)
          .map((c) => `- ${COMMITTEE_KIND_LABELS[c.kind]} du ${formatDay(c.held_on)} : ${COMMITTEE_DECISION_LABELS[c.decision!].toLowerCase()}${c.amount_euros ? `, ${formatEuros(c.amount_euros)}` : ''}.`)
      : ['- Aucune décision.']),
  ]
  return lines.join('\n')
}

export async function saveReport(db: Db, user: SessionUser, projectId: string, reportText: string): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    const project = await trx.selectFrom('mentoring_projects').select('report_validated_at').where('id', '=', projectId).executeTakeFirstOrThrow()
    if (project.report_validated_at) return { ok: false, field: 'reportText', message: 'Le rapport est déjà validé par l’équipe : il ne peut plus être modifié.' }
    await trx.updateTable('mentoring_projects').set({ report_text: reportText }).where('id', '=', projectId).execute()
    await audit(trx, { actorId: user.id, action: 'mentoring.report-saved', subjectType: 'mentoring_project', subjectId: projectId })
    return { ok: true, id: projectId }
  })
}

export async function validateReport(db: Db, user: SessionUser, projectId: string): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    const project = await trx.selectFrom('mentoring_projects').select(['report_text', 'report_validated_at']).where('id', '=', projectId).executeTakeFirstOrThrow()
    if (project.report_validated_at) return { ok: true, id: projectId }
    if (!project.report_text) return { ok: false, field: 'reportText', message: 'Le rapport doit d’abord être rédigé et enregistré.' }
    await trx.updateTable('mentoring_projects').set({ report_validated_at: now(), report_validated_by: user.id }).where('id', '=', projectId).execute()
    await audit(trx, { actorId: user.id, action: 'mentoring.report-validated', subjectType: 'mentoring_project', subjectId: projectId })
    return { ok: true, id: projectId }
  })
}

/** The leader's text for the public page, with their consent to publish it. */
export async function savePublicText(db: Db, user: SessionUser, projectId: string, publicText: string): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('mentoring_projects').set({ public_text: publicText, public_consent: true }).where('id', '=', projectId).execute()
    await audit(trx, { actorId: user.id, action: 'mentoring.public-consent', subjectType: 'mentoring_project', subjectId: projectId })
    return { ok: true, id: projectId }
  })
}

export async function setCohortPublished(db: Db, user: SessionUser, cohortId: string, published: boolean): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('mentoring_cohorts')
      .set({ published_at: published ? now() : null })
      .where('id', '=', cohortId)
      .execute()
    await audit(trx, { actorId: user.id, action: published ? 'cohort.published' : 'cohort.unpublished', subjectType: 'cohort', subjectId: cohortId })
    return { ok: true, id: cohortId }
  })
}

/** The public outcomes of a published cohort (null when unknown or not published). */
export async function publicOutcomes(db: Db, cohortId: string) {
  if (!UuidSchema.safeParse(cohortId).success) return null
  const cohort = await db
    .selectFrom('mentoring_cohorts as c')
    .innerJoin('calls', 'calls.id', 'c.call_id')
    .select(['c.id', 'c.name', 'c.starts_on', 'c.ends_on', 'calls.title as callTitle'])
    .where('c.id', '=', cohortId)
    .where('c.published_at', 'is not', null)
    .executeTakeFirst()
  if (!cohort) return null
  const projects = await db
    .selectFrom('mentoring_projects as p')
    .innerJoin('applications as a', 'a.id', 'p.application_id')
    .select(['p.id', 'p.public_text', 'p.public_consent', 'a.answers'])
    .where('p.cohort_id', '=', cohortId)
    .execute()
  const ids = projects.map((p) => p.id)
  const [values, introductions, funding, perProjectFunding] = await Promise.all([
    ids.length ? db.selectFrom('mentoring_indicator_values').select(['project_id', 'measured_on', 'value']).where('project_id', 'in', ids).orderBy('measured_on').execute() : [],
    introductionCounts(db, ids),
    fundingTotals(db, cohortId),
    ids.length
      ? db
          .selectFrom('mentoring_committee_items')
          .select(['project_id', 'amount_euros'])
          .where('project_id', 'in', ids)
          .where('decision', '=', 'approved')
          .execute()
      : [],
  ])
  return {
    cohort,
    introductions,
    funding,
    projects: projects
      .map((p) => {
        const answers = p.answers as Answers
        const impact = answers.impact ?? {}
        const start = Number(impact.startValue)
        const target = Number(impact.targetValue)
        const last = values.filter((v) => v.project_id === p.id).at(-1)
        return {
          id: p.id,
          title: projectTitle(answers),
          structure: String(answers.structure?.name ?? ''),
          text: p.public_consent ? p.public_text : null,
          indicator: { name: String(impact.indicatorName ?? ''), unit: String(impact.unit ?? ''), start, target, current: last?.value ?? null },
          progress: last && Number.isFinite(start) && Number.isFinite(target) ? progressPercent(start, target, last.value) : null,
          funding: perProjectFunding.filter((f) => f.project_id === p.id).reduce((sum, f) => sum + (f.amount_euros ?? 0), 0),
        }
      })
      .sort((a, b) => a.title.localeCompare(b.title, 'fr')),
  }
}

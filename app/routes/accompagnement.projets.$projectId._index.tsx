import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import type { z } from 'zod'
import type { SessionUser } from '#app/auth/roles.ts'
import { requireProject } from '#app/accelerator/mentoring/access.server.ts'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { addReferent, removeReferent, type Result } from '#app/accelerator/mentoring/cohorts.server.ts'
import { ProjectActionSchema } from '#app/accelerator/mentoring/mentoring.ts'
import {
  addAction,
  addIntroduction,
  addLeaderView,
  addNeed,
  introductionCounts,
  projectRecord,
  recordCheckIn,
  recordIndicatorValue,
  saveDiagnosis,
  setActionStatus,
  setIntroductionOutcome,
  setNeedStatus,
  timeline,
  updateAction,
  updateCheckIn,
  updateNeed,
} from '#app/accelerator/mentoring/projects.server.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import { HealthBadge, Notice } from '#app/components/accelerator/mentoring.tsx'
import { ActionsSection } from '#app/components/accelerator/mentoring/actions-section.tsx'
import { CheckInsSection } from '#app/components/accelerator/mentoring/check-ins-section.tsx'
import { DiagnosisSection } from '#app/components/accelerator/mentoring/diagnosis-section.tsx'
import { IndicatorSection } from '#app/components/accelerator/mentoring/indicator-section.tsx'
import { PROJECT_INTENTS, type ProjectActionReply, type ProjectIntent } from '#app/components/accelerator/mentoring/intents.ts'
import { IntroductionsSection } from '#app/components/accelerator/mentoring/introductions-section.tsx'
import { NeedsSection } from '#app/components/accelerator/mentoring/needs-section.tsx'
import { CommitteesSection, TimelineSection } from '#app/components/accelerator/mentoring/record-sections.tsx'
import { ReferentsSection } from '#app/components/accelerator/mentoring/referents-section.tsx'
import { now } from '#app/utils/clock.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { formatDay } from '#app/utils/days.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Suivi – ${data.record.project.title}` : 'Suivi du projet') }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { can } = await requireProject(context, request, params.projectId ?? '')
  const record = await projectRecord(context.db, params.projectId!, { privateNotes: can.seePrivateNotes })
  const today = parisDay(now())
  const introductions = await introductionCounts(context.db, [record.project.id])
  const notice = new URL(request.url).searchParams.get('ok')
  return json({
    record,
    can,
    today,
    introductions,
    events: timeline(record),
    notice: notice === 'referent_remove' ? 'La personne n’est plus référente de ce projet : elle n’y a plus accès.' : notice ? 'C’est enregistré.' : null,
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const projectId = params.projectId ?? ''
  const { user, can } = await requireProject(context, request, projectId)
  const submission = parseWithZod(await readForm(request, context), { schema: ProjectActionSchema })
  const intent = PROJECT_INTENTS.find((known) => known === submission.payload.intent)
  if (!intent) return json<ProjectActionReply>({ intent: null, result: null, message: 'Ce formulaire n’est pas reconnu. Rechargez la page.' }, { status: 400 })
  const allowed: Record<ProjectIntent, boolean> = {
    diagnosis: can.editRecord,
    need: can.editRecord,
    need_edit: can.editRecord,
    need_status: can.editRecord,
    action: can.editRecord,
    action_edit: can.editRecord,
    action_status: can.updateLeaderActions,
    check_in: can.editRecord,
    check_in_edit: can.editRecord,
    leader_view: can.addLeaderView,
    introduction: can.editRecord,
    introduction_outcome: can.editRecord,
    indicator: can.editRecord,
    referent: can.manageReferents,
    referent_remove: can.removeReferents,
  }
  if (!allowed[intent]) return json<ProjectActionReply>({ intent, result: null, message: 'Votre rôle ne permet pas cette modification.' }, { status: 403 })
  if (submission.status !== 'success') return json<ProjectActionReply>({ intent, result: submission.reply(), message: null }, { status: 400 })
  const result = await run(context, user, projectId, submission.value, can.role === 'leader')
  if (result && !result.ok) return json<ProjectActionReply>({ intent, result: submission.reply({ fieldErrors: { [result.field]: [result.message] } }), message: null }, { status: 400 })
  // Back to the section (an edit form closes: `?modifier=` is dropped).
  return redirect(`/accompagnement/projets/${projectId}?ok=${intent}#${SECTION_OF[intent]}`)
}

/** The section of the page each form belongs to (its `id`, the redirect's anchor). */
const SECTION_OF: Record<ProjectIntent, string> = {
  diagnosis: 'diagnosis',
  need: 'need',
  need_edit: 'need',
  need_status: 'need-status',
  action: 'action',
  action_edit: 'action',
  action_status: 'action-status',
  check_in: 'check-in',
  check_in_edit: 'check-in',
  leader_view: 'leader-view',
  introduction: 'introduction',
  introduction_outcome: 'introduction-outcome',
  indicator: 'indicator',
  referent: 'referent',
  referent_remove: 'referent',
}

function run(context: ActionFunctionArgs['context'], user: SessionUser, projectId: string, value: z.infer<typeof ProjectActionSchema>, byLeader: boolean): Promise<Result | void> {
  const today = parisDay(now())
  const db = context.db
  switch (value.intent) {
    case 'diagnosis':
      return saveDiagnosis(db, user, projectId, value)
    case 'need':
      return addNeed(db, user, projectId, value, today)
    case 'need_edit':
      return updateNeed(db, user, projectId, value)
    case 'need_status':
      return setNeedStatus(db, user, projectId, value, today)
    case 'action':
      return addAction(db, user, projectId, value, today)
    case 'action_edit':
      return updateAction(db, user, projectId, value, today)
    case 'action_status':
      return setActionStatus(db, user, projectId, value, today, byLeader ? 'leader' : null)
    case 'check_in':
      return recordCheckIn(db, user, projectId, value, today)
    case 'check_in_edit':
      return updateCheckIn(db, user, projectId, value, today)
    case 'leader_view':
      return addLeaderView(db, user, projectId, value)
    case 'introduction':
      return addIntroduction(db, user, projectId, value, today)
    case 'introduction_outcome':
      return setIntroductionOutcome(db, user, projectId, value)
    case 'indicator':
      return recordIndicatorValue(db, user, projectId, value, today)
    case 'referent':
      return addReferent(acceleratorServices(context), user, projectId, value)
    case 'referent_remove':
      return removeReferent(db, user, projectId, value)
  }
}

export default function ProjectFollowUp() {
  const { record, can, today, introductions, events, notice } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { project } = record
  const isStaff = can.editRecord
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb
        links={[
          { to: '/accompagnement', label: 'Accompagnement' },
          ...(isStaff ? [{ to: `/accompagnement/cohortes/${project.cohort_id}`, label: project.cohortName }] : []),
        ]}
        current={project.title}
      />
      <h1>{project.title}</h1>
      <p>
        {project.structure} – {project.cohortName}, du {formatDay(project.starts_on)} au {formatDay(project.ends_on)}. Santé :{' '}
        <HealthBadge health={project.health} />
      </p>
      <p>
        Chargé·e d’accélération : {project.mentorName ?? project.mentorEmail ?? 'pas encore désigné·e'}.{' '}
        <Link to={`/accompagnement/projets/${project.id}/rapport`}>Rapport final</Link>
      </p>
      <Notice message={notice} />
      {data?.message ? (
        <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
          <p>{data.message}</p>
        </div>
      ) : null}
      {record.alerts.length && isStaff ? (
        <div className="fr-alert fr-alert--warning fr-mb-4w">
          <h2 className="fr-alert__title">Alertes</h2>
          <ul>
            {record.alerts.map((alert) => (
              <li key={alert.id}>{alert.message}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <DiagnosisSection project={project} canEdit={isStaff} />
      <NeedsSection projectId={project.id} needs={record.needs} canEdit={isStaff} />
      <ActionsSection project={project} actions={record.actions} needs={record.needs} can={can} today={today} />
      <CheckInsSection projectId={project.id} checkIns={record.checkIns} can={can} today={today} />
      <IntroductionsSection introductions={record.introductions} counts={introductions} canEdit={isStaff} today={today} />
      <IndicatorSection indicator={project.indicator} values={record.values} canEdit={isStaff} today={today} />
      <CommitteesSection items={record.committeeItems} />
      {can.manageReferents || record.referents.length ? <ReferentsSection referents={record.referents} can={can} /> : null}
      <TimelineSection events={events} />
    </div>
  )
}

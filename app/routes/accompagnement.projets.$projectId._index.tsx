import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { requireProject } from '#app/accelerator/mentoring/access.server.ts'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { addReferent, removeReferent, type Result } from '#app/accelerator/mentoring/cohorts.server.ts'
import { ActionEditSchema, ActionSchema, ActionStatusSchema, CheckInEditSchema, CheckInSchema, DiagnosisSchema, IndicatorValueSchema, IntroductionOutcomeSchema, IntroductionSchema, LeaderViewSchema, NeedEditSchema, NeedSchema, NeedStatusSchema, ReferentRemovalSchema, ReferentSchema } from '#app/accelerator/mentoring/mentoring.ts'
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
    notice: notice === 'referent-remove' ? 'La personne n’est plus référente de ce projet : elle n’y a plus accès.' : notice ? 'C’est enregistré.' : null,
  })
}

const SCHEMAS = {
  diagnosis: DiagnosisSchema,
  need: NeedSchema,
  'need-edit': NeedEditSchema,
  'need-status': NeedStatusSchema,
  action: ActionSchema,
  'action-edit': ActionEditSchema,
  'action-status': ActionStatusSchema,
  'check-in': CheckInSchema,
  'check-in-edit': CheckInEditSchema,
  'leader-view': LeaderViewSchema,
  introduction: IntroductionSchema,
  'introduction-outcome': IntroductionOutcomeSchema,
  indicator: IndicatorValueSchema,
  referent: ReferentSchema,
  'referent-remove': ReferentRemovalSchema,
} satisfies Record<ProjectIntent, z.ZodType>

export async function action({ request, params, context }: ActionFunctionArgs) {
  const projectId = params.projectId ?? ''
  const { user, can } = await requireProject(context, request, projectId)
  const formData = await readForm(request, context)
  const intent = z.enum(PROJECT_INTENTS).safeParse(formData.get('intent'))
  if (!intent.success) return json<ProjectActionReply>({ intent: null, result: null, message: 'Ce formulaire n’est pas reconnu. Rechargez la page.' }, { status: 400 })
  const allowed: Record<ProjectIntent, boolean> = {
    diagnosis: can.editRecord,
    need: can.editRecord,
    'need-edit': can.editRecord,
    'need-status': can.editRecord,
    action: can.editRecord,
    'action-edit': can.editRecord,
    'action-status': can.updateLeaderActions,
    'check-in': can.editRecord,
    'check-in-edit': can.editRecord,
    'leader-view': can.addLeaderView,
    introduction: can.editRecord,
    'introduction-outcome': can.editRecord,
    indicator: can.editRecord,
    referent: can.manageReferents,
    'referent-remove': can.removeReferents,
  }
  if (!allowed[intent.data]) return json<ProjectActionReply>({ intent: intent.data, result: null, message: 'Votre rôle ne permet pas cette modification.' }, { status: 403 })
  const submission = parseWithZod(formData, { schema: SCHEMAS[intent.data] as z.ZodType })
  if (submission.status !== 'success') return json<ProjectActionReply>({ intent: intent.data, result: submission.reply(), message: null }, { status: 400 })
  const today = parisDay(now())
  const db = context.db
  const v = submission.value as never
  const run: Record<ProjectIntent, () => Promise<Result | void>> = {
    diagnosis: () => saveDiagnosis(db, user, projectId, v),
    need: () => addNeed(db, user, projectId, v, today),
    'need-edit': () => updateNeed(db, user, projectId, v),
    'need-status': () => setNeedStatus(db, user, projectId, v, today),
    action: () => addAction(db, user, projectId, v, today),
    'action-edit': () => updateAction(db, user, projectId, v, today),
    'action-status': () => setActionStatus(db, user, projectId, v, today, can.role === 'leader' ? 'leader' : null),
    'check-in': () => recordCheckIn(db, user, projectId, v, today),
    'check-in-edit': () => updateCheckIn(db, user, projectId, v, today),
    'leader-view': () => addLeaderView(db, user, projectId, v),
    introduction: () => addIntroduction(db, user, projectId, v, today),
    'introduction-outcome': () => setIntroductionOutcome(db, user, projectId, v),
    indicator: () => recordIndicatorValue(db, user, projectId, v, today),
    referent: () => addReferent(acceleratorServices(context), user, projectId, v),
    'referent-remove': () => removeReferent(db, user, projectId, v),
  }
  const result = await run[intent.data]()
  if (result && !result.ok) return json<ProjectActionReply>({ intent: intent.data, result: submission.reply({ fieldErrors: { [result.field]: [result.message] } }), message: null }, { status: 400 })
  // Back to the section (an edit form closes: `?modifier=` is dropped).
  return redirect(`/accompagnement/projets/${projectId}?ok=${intent.data}#${intent.data.replace(/-(edit|remove)$/, '')}`)
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

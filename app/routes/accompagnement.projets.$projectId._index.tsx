import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import type { ReactNode } from 'react'
import { z } from 'zod'
import { requireProject } from '#app/accelerator/mentoring/access.server.ts'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { addReferent, removeReferent, type Result } from '#app/accelerator/mentoring/cohorts.server.ts'
import {
  ACTION_OWNER_LABELS,
  ACTION_STATUS_LABELS,
  ActionEditSchema,
  ActionSchema,
  ActionStatusSchema,
  CheckInEditSchema,
  CheckInSchema,
  COMMITTEE_DECISION_LABELS,
  COMMITTEE_KIND_LABELS,
  DiagnosisSchema,
  formatDay,
  HEALTH_LABELS,
  IndicatorValueSchema,
  INTRODUCTION_OUTCOME_LABELS,
  IntroductionOutcomeSchema,
  IntroductionSchema,
  isOpenNeed,
  isOverdue,
  LeaderViewSchema,
  NEED_KIND_LABELS,
  NEED_STATUS_LABELS,
  NeedEditSchema,
  NeedSchema,
  NeedStatusSchema,
  options,
  progressPercent,
  ReferentRemovalSchema,
  ReferentSchema,
} from '#app/accelerator/mentoring/mentoring.ts'
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
import { ChoiceField, SecureForm, SelectField, TextAreaField, TextField } from '#app/components/forms.tsx'
import { now } from '#app/utils/clock.server.ts'
import { formatEuros, formatNumber } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { parisDay } from '#app/utils/paris-time.ts'

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

const INTENTS = [
  'diagnosis',
  'need',
  'need-edit',
  'need-status',
  'action',
  'action-edit',
  'action-status',
  'check-in',
  'check-in-edit',
  'leader-view',
  'introduction',
  'introduction-outcome',
  'indicator',
  'referent',
  'referent-remove',
] as const
type Intent = (typeof INTENTS)[number]
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
} satisfies Record<Intent, z.ZodType>

export async function action({ request, params, context }: ActionFunctionArgs) {
  const projectId = params.projectId ?? ''
  const { user, can } = await requireProject(context, request, projectId)
  const formData = await readForm(request, context)
  const intent = z.enum(INTENTS).safeParse(formData.get('intent'))
  if (!intent.success) return json({ intent: null, result: null, message: 'Ce formulaire n’est pas reconnu. Rechargez la page.' }, { status: 400 })
  const allowed: Record<Intent, boolean> = {
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
  if (!allowed[intent.data]) return json({ intent: intent.data, result: null, message: 'Votre rôle ne permet pas cette modification.' }, { status: 403 })
  const submission = parseWithZod(formData, { schema: SCHEMAS[intent.data] as z.ZodType })
  if (submission.status !== 'success') return json({ intent: intent.data, result: submission.reply(), message: null }, { status: 400 })
  const today = parisDay(now())
  const db = context.db
  const v = submission.value as never
  const run: Record<Intent, () => Promise<Result | void>> = {
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
  if (result && !result.ok) return json({ intent: intent.data, result: submission.reply({ fieldErrors: { [result.field]: [result.message] } }), message: null }, { status: 400 })
  // Back to the section (an edit form closes: `?modifier=` is dropped).
  return redirect(`/accompagnement/projets/${projectId}?ok=${intent.data}#${intent.data.replace(/-(edit|remove)$/, '')}`)
}

function useFormErrors(intent: Intent) {
  const data = useActionData<typeof action>()
  if (!data || data.intent !== intent) return { errors: {} as Record<string, string[] | null | undefined>, values: {} as Record<string, string>, message: null }
  return {
    errors: (data.result?.error ?? {}) as Record<string, string[] | null | undefined>,
    values: (data.result?.initialValue ?? {}) as Record<string, string>,
    message: data.message,
  }
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} className="fr-mb-6w" aria-labelledby={`${id}-titre`}>
      <h2 id={`${id}-titre`}>{title}</h2>
      {children}
    </section>
  )
}

function Intent({ value }: { value: Intent }) {
  return <input type="hidden" name="intent" value={value} />
}

export default function ProjectFollowUp() {
  const { record, can, today, introductions, events, notice } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  /** The need, action or check-in whose edit form is open (`?modifier=<id>`: works without JavaScript). */
  const editing = searchParams.get('modifier')
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

      <Diagnosis />
      <Needs />
      <Actions />
      <CheckIns />
      <Introductions />
      <Indicator />
      <Section id="comites" title="Comités">
        {record.committeeItems.length ? (
          <ul>
            {record.committeeItems.map((item) => (
              <li key={item.id}>
                {COMMITTEE_KIND_LABELS[item.kind]} du {formatDay(item.held_on)} :{' '}
                {item.decision ? (
                  <>
                    {COMMITTEE_DECISION_LABELS[item.decision]}
                    {item.amount_euros ? `, ${formatEuros(item.amount_euros)}` : ''} – {item.motivation}
                  </>
                ) : (
                  'décision à venir'
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>Le projet n’est inscrit à aucun comité pour le moment.</p>
        )}
      </Section>
      {can.manageReferents || record.referents.length ? <Referents /> : null}
      <Section id="chronologie" title="Chronologie">
        {events.length ? (
          <ol className="fr-raw-list">
            {events.map((event, index) => (
              <li key={index} className="fr-mb-1w">
                <strong>{formatDay(event.day)}</strong> – {event.label}
              </li>
            ))}
          </ol>
        ) : (
          <p>Rien n’est encore enregistré.</p>
        )}
      </Section>
    </div>
  )

  function Diagnosis() {
    const { errors, values } = useFormErrors('diagnosis')
    return (
      <Section id="diagnosis" title="Diagnostic">
        {project.diagnosed_at ? (
          <dl>
            <dt className="fr-text--bold">Forces</dt>
            <dd className="fr-mb-2w">{project.strengths}</dd>
            <dt className="fr-text--bold">Risques</dt>
            <dd className="fr-mb-2w">{project.risks}</dd>
            <dt className="fr-text--bold">Une réussite dans trois mois, c’est…</dt>
            <dd className="fr-mb-2w">{project.success_looks_like}</dd>
          </dl>
        ) : (
          <p>Le diagnostic de départ n’est pas encore rédigé.</p>
        )}
        {isStaff ? (
          <details className="fr-mb-2w" open={!project.diagnosed_at || Object.keys(errors).length > 0}>
            <summary>{project.diagnosed_at ? 'Modifier le diagnostic' : 'Rédiger le diagnostic'}</summary>
            <SecureForm method="post" noValidate>
              <Intent value="diagnosis" />
              <TextAreaField label="Forces du projet" name="strengths" rows={3} defaultValue={values.strengths ?? project.strengths ?? ''} errors={errors.strengths} />
              <TextAreaField label="Risques" name="risks" rows={3} defaultValue={values.risks ?? project.risks ?? ''} errors={errors.risks} />
              <TextAreaField
                label="À quoi ressemble une réussite dans trois mois ?"
                name="successLooksLike"
                rows={3}
                defaultValue={values.successLooksLike ?? project.success_looks_like ?? ''}
                errors={errors.successLooksLike}
              />
              <button type="submit" className="fr-btn">
                Enregistrer le diagnostic
              </button>
            </SecureForm>
          </details>
        ) : null}
      </Section>
    )
  }

  function Needs() {
    const { errors, values } = useFormErrors('need')
    const status = useFormErrors('need-status')
    return (
      <Section id="need" title="Besoins">
        {record.needs.length ? (
          <div className="fr-table fr-table--no-caption">
            <table>
              <caption>Besoins du projet</caption>
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col">Besoin</th>
                  <th scope="col">Ouvert le</th>
                  <th scope="col">État</th>
                </tr>
              </thead>
              <tbody>
                {record.needs.map((need) => (
                  <tr key={need.id}>
                    <td>{NEED_KIND_LABELS[need.kind]}</td>
                    <td>
                      {need.description}
                      {isStaff ? <EditLink id={need.id} label={`Modifier le besoin « ${need.description} »`} /> : null}
                    </td>
                    <td>{formatDay(need.opened_on)}</td>
                    <td>
                      {isStaff ? (
                        <StatusForm intent="need-status" field="needId" id={need.id} idPrefix="besoin" label={`État du besoin « ${need.description} »`} labels={NEED_STATUS_LABELS} status={need.status} />
                      ) : (
                        NEED_STATUS_LABELS[need.status]
                      )}
                      {need.closed_on ? <span className="fr-text--sm"> (clos le {formatDay(need.closed_on)})</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>Aucun besoin enregistré.</p>
        )}
        <ErrorText messages={[...(status.errors.status ?? []), ...(status.errors.needId ?? [])]} />
        {isStaff ? <NeedEditForm /> : null}
        {isStaff ? (
          <SecureForm method="post" noValidate>
            <h3 className="fr-h6">Ajouter un besoin</h3>
            <Intent value="need" />
            <ChoiceField legend="Type de besoin" name="kind" inline options={options(NEED_KIND_LABELS)} defaultValue={values.kind} errors={errors.kind} />
            <TextAreaField label="Description du besoin" name="description" rows={2} defaultValue={values.description ?? ''} errors={errors.description} />
            <button type="submit" className="fr-btn fr-btn--secondary">
              Ajouter le besoin
            </button>
          </SecureForm>
        ) : null}
      </Section>
    )
  }

  function Actions() {
    const { errors, values } = useFormErrors('action')
    const status = useFormErrors('action-status')
    const openNeeds = record.needs.filter((n) => isOpenNeed(n.status))
    return (
      <Section id="action" title="Actions">
        {record.actions.length ? (
          <div className="fr-table fr-table--no-caption">
            <table>
              <caption>Actions du projet</caption>
              <thead>
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">Qui</th>
                  <th scope="col">Échéance</th>
                  <th scope="col">État</th>
                </tr>
              </thead>
              <tbody>
                {record.actions.map((action) => {
                  const overdue = isOverdue(action, today)
                  const need = record.needs.find((n) => n.id === action.need_id)
                  const editable = isStaff || (can.updateLeaderActions && action.owner === 'leader')
                  return (
                    <tr key={action.id}>
                      <td>
                        {action.title}
                        {need ? <span className="fr-text--sm fr-hint-text">Besoin : {need.description}</span> : null}
                        {isStaff ? <EditLink id={action.id} label={`Modifier l’action « ${action.title} »`} /> : null}
                      </td>
                      <td>{ACTION_OWNER_LABELS[action.owner]}</td>
                      <td>
                        {formatDay(action.due_on)}
                        {overdue ? (
                          <>
                            {' '}
                            <span className="fr-badge fr-badge--error fr-badge--sm">En retard</span>
                          </>
                        ) : null}
                      </td>
                      <td>
                        {editable ? (
                          <StatusForm intent="action-status" field="actionId" id={action.id} idPrefix="action" label={`État de l’action « ${action.title} »`} labels={ACTION_STATUS_LABELS} status={action.status} />
                        ) : (
                          ACTION_STATUS_LABELS[action.status]
                        )}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p>Aucune action enregistrée.</p>
        )}
        <ErrorText messages={status.errors.status} />
        {isStaff ? <ActionEditForm /> : null}
        {isStaff ? (
          <SecureForm method="post" noValidate>
            <h3 className="fr-h6">Ajouter une action</h3>
            <Intent value="action" />
            <TextField label="Action" name="title" defaultValue={values.title ?? ''} errors={errors.title} />
            <SelectField
              label="Besoin lié (facultatif)"
              name="needId"
              placeholder="Aucun"
              options={openNeeds.map((n) => ({ value: n.id, label: `${NEED_KIND_LABELS[n.kind]} – ${n.description.slice(0, 80)}` }))}
              defaultValue={values.needId ?? ''}
              errors={errors.needId}
            />
            <ChoiceField legend="Qui porte l’action ?" name="owner" inline options={options(ACTION_OWNER_LABELS)} defaultValue={values.owner} errors={errors.owner} />
            <TextField label="Échéance" hint={`Pendant la cohorte, au plus tard le ${formatDay(project.ends_on)}.`} name="dueOn" type="date" defaultValue={values.dueOn ?? ''} errors={errors.dueOn} />
            <button type="submit" className="fr-btn fr-btn--secondary">
              Ajouter l’action
            </button>
          </SecureForm>
        ) : null}
      </Section>
    )
  }

  /** The item whose edit form is open: from `?modifier=`, or from a refused post of that form. */
  function useOpenEdit<T extends { id: string }>(intent: Intent, field: string, items: T[]) {
    const { errors, values } = useFormErrors(intent)
    return { item: items.find((candidate) => candidate.id === (values[field] ?? editing)), errors, values }
  }

  /** The open edit form of a need. */
  function NeedEditForm() {
    const { item: need, errors, values } = useOpenEdit('need-edit', 'needId', record.needs)
    if (!need) return <ErrorText messages={errors.needId} />
    return (
      <EditBox
        key={need.id}
        intent="need-edit"
        field="needId"
        id={need.id}
        title={`Modifier le besoin « ${need.description.slice(0, 80)}${need.description.length > 80 ? '…' : ''} »`}
        cancelTo="need"
        submit="Enregistrer le besoin"
      >
        <ChoiceField legend="Type de besoin" name="kind" inline options={options(NEED_KIND_LABELS)} defaultValue={values.kind ?? need.kind} errors={errors.kind} />
        <TextAreaField label="Description du besoin" name="description" rows={3} defaultValue={values.description ?? need.description} errors={errors.description} />
      </EditBox>
    )
  }

  /** The open edit form of an action: title, linked need, who carries it, due day. */
  function ActionEditForm() {
    const { item: action, errors, values } = useOpenEdit('action-edit', 'actionId', record.actions)
    if (!action) return <ErrorText messages={errors.actionId} />
    // Open needs, plus the one already linked even if it is closed (saving must not drop the link).
    const linkable = record.needs.filter((n) => isOpenNeed(n.status) || n.id === action.need_id)
    return (
      <EditBox key={action.id} intent="action-edit" field="actionId" id={action.id} title={`Modifier l’action « ${action.title} »`} cancelTo="action" submit="Enregistrer l’action">
        <TextField label="Action" name="title" defaultValue={values.title ?? action.title} errors={errors.title} />
        <SelectField
          label="Besoin lié (facultatif)"
          name="needId"
          placeholder="Aucun"
          options={linkable.map((n) => ({ value: n.id, label: `${NEED_KIND_LABELS[n.kind]} – ${n.description.slice(0, 80)}` }))}
          defaultValue={values.needId ?? action.need_id ?? ''}
          errors={errors.needId}
        />
        <ChoiceField legend="Qui porte l’action ?" name="owner" inline options={options(ACTION_OWNER_LABELS)} defaultValue={values.owner ?? action.owner} errors={errors.owner} />
        <TextField
          label="Échéance"
          hint={`Pendant la cohorte, du ${formatDay(project.starts_on)} au ${formatDay(project.ends_on)}.`}
          name="dueOn"
          type="date"
          defaultValue={values.dueOn ?? action.due_on}
          errors={errors.dueOn}
        />
      </EditBox>
    )
  }

  /** A framed edit form of one item: its heading, the item's id, the fields, and a way back that closes it. */
  function EditBox(props: { intent: Intent; field: string; id: string; title: string; cancelTo: string; submit: string; children: ReactNode }) {
    const { intent, field, id, title, cancelTo, submit, children } = props
    return (
      <div
        id={`modifier-${id}`}
        className="fr-p-3w fr-mb-4w"
        style={{ border: '1px solid var(--border-default-grey)', borderLeft: '4px solid var(--border-action-high-blue-france)' }}
      >
        <SecureForm method="post" noValidate aria-labelledby={`modifier-${id}-titre`}>
          <h3 id={`modifier-${id}-titre`} className="fr-h6">
            {title}
          </h3>
          <Intent value={intent} />
          <input type="hidden" name={field} value={id} />
          {children}
          <button type="submit" className="fr-btn">
            {submit}
          </button>
          <Link to={`/accompagnement/projets/${project.id}#${cancelTo}`} className="fr-btn fr-btn--tertiary fr-ml-2w">
            Annuler
          </Link>
        </SecureForm>
      </div>
    )
  }

  /** « Modifier » next to an item: opens its edit form through the address (no JavaScript needed). */
  function EditLink({ id, label }: { id: string; label: string }) {
    return (
      <span className="fr-mt-1v" style={{ display: 'block' }}>
        <Link to={`?modifier=${id}#modifier-${id}`} className="fr-link fr-link--sm" aria-label={label}>
          Modifier
        </Link>
      </span>
    )
  }

  /** The open edit form of a check-in. */
  function CheckInEditForm() {
    const { item: checkIn, errors, values } = useOpenEdit('check-in-edit', 'checkInId', record.checkIns)
    if (!checkIn) return <ErrorText messages={errors.checkInId} />
    return (
      <EditBox
        key={checkIn.id}
        intent="check-in-edit"
        field="checkInId"
        id={checkIn.id}
        title={`Modifier le point du ${formatDay(checkIn.held_on)}`}
        cancelTo="check-in"
        submit="Enregistrer la correction"
      >
        <CheckInFields values={values} errors={errors} initial={checkIn} />
      </EditBox>
    )
  }

  function CheckIns() {
    const { errors, values } = useFormErrors('check-in')
    const view = useFormErrors('leader-view')
    const minutes = record.checkIns.reduce((sum, c) => sum + c.minutes_spent, 0)
    return (
      <Section id="check-in" title="Points d’étape">
        <p>
          {record.checkIns.length} point{record.checkIns.length > 1 ? 's' : ''} d’étape, {formatNumber(minutes / 60, 1)} h d’accompagnement.
        </p>
        {record.checkIns.map((checkIn) => (
          <div key={checkIn.id} className="fr-card fr-card--no-arrow fr-mb-2w">
            <div className="fr-card__body">
              <div className="fr-card__content">
                <h3 className="fr-card__title">
                  Point du {formatDay(checkIn.held_on)} <HealthBadge health={checkIn.health} small />
                </h3>
                <p className="fr-card__desc">
                  <strong>Participants :</strong> {checkIn.attendees} – {checkIn.minutes_spent} min
                  {isStaff ? <EditLink id={checkIn.id} label={`Modifier le point du ${formatDay(checkIn.held_on)}`} /> : null}
                </p>
                <p className="fr-card__desc">{checkIn.notes}</p>
                {checkIn.decisions ? (
                  <p className="fr-card__desc">
                    <strong>Décisions :</strong> {checkIn.decisions}
                  </p>
                ) : null}
                {checkIn.private_notes ? (
                  <p className="fr-card__desc">
                    <strong>Notes privées (équipe et chargé·e d’accélération) :</strong> {checkIn.private_notes}
                  </p>
                ) : null}
                {checkIn.leader_view ? (
                  <p className="fr-card__desc">
                    <strong>Point de vue du porteur :</strong> {checkIn.leader_view}
                  </p>
                ) : null}
                {can.addLeaderView ? (
                  <SecureForm method="post" noValidate>
                    <Intent value="leader-view" />
                    <input type="hidden" name="checkInId" value={checkIn.id} />
                    <TextAreaField
                      label={checkIn.leader_view ? 'Modifier votre point de vue' : 'Ajouter votre point de vue'}
                      name="leaderView"
                      rows={2}
                      defaultValue={checkIn.leader_view ?? ''}
                      errors={view.values.checkInId === checkIn.id ? view.errors.leaderView : undefined}
                    />
                    <button type="submit" className="fr-btn fr-btn--sm fr-btn--secondary">
                      Enregistrer mon point de vue
                    </button>
                  </SecureForm>
                ) : null}
              </div>
            </div>
          </div>
        ))}
        {isStaff ? <CheckInEditForm /> : null}
        {isStaff ? (
          <SecureForm method="post" noValidate>
            <h3 className="fr-h6">Ajouter un point d’étape</h3>
            <Intent value="check-in" />
            <CheckInFields values={values} errors={errors} initial={{ held_on: today, attendees: '', notes: '', decisions: null, private_notes: null, minutes_spent: 60, health: undefined }} />
            <button type="submit" className="fr-btn fr-btn--secondary">
              Enregistrer le point d’étape
            </button>
          </SecureForm>
        ) : null}
      </Section>
    )
  }

  /** The fields of a check-in, for recording one and for correcting it. */
  function CheckInFields({
    values,
    errors,
    initial,
  }: {
    values: Record<string, string>
    errors: Record<string, string[] | null | undefined>
    initial: { held_on: string; attendees: string; notes: string; decisions: string | null; private_notes: string | null; minutes_spent: number; health: string | undefined }
  }) {
    return (
      <>
        <TextField label="Date" name="heldOn" type="date" defaultValue={values.heldOn ?? initial.held_on} errors={errors.heldOn} />
        <TextField label="Participants" hint="Par exemple : Claire Martin (porteuse), Sofia (chargée d’accélération)." name="attendees" defaultValue={values.attendees ?? initial.attendees} errors={errors.attendees} />
        <TextAreaField label="Compte rendu" hint="Visible par le porteur et les référents." name="notes" rows={4} defaultValue={values.notes ?? initial.notes} errors={errors.notes} />
        <TextAreaField label="Décisions (facultatif)" name="decisions" rows={2} defaultValue={values.decisions ?? initial.decisions ?? ''} errors={errors.decisions} />
        <TextAreaField
          label="Notes privées (facultatif)"
          hint="Visibles seulement par l’équipe du programme et les chargés d’accélération."
          name="privateNotes"
          rows={2}
          defaultValue={values.privateNotes ?? initial.private_notes ?? ''}
          errors={errors.privateNotes}
        />
        <TextField label="Temps passé (en minutes)" name="minutesSpent" inputMode="numeric" defaultValue={values.minutesSpent ?? String(initial.minutes_spent)} errors={errors.minutesSpent} />
        <ChoiceField legend="Santé du projet" name="health" inline options={options(HEALTH_LABELS)} defaultValue={values.health ?? initial.health} errors={errors.health} />
      </>
    )
  }

  function Introductions() {
    const { errors, values } = useFormErrors('introduction')
    return (
      <Section id="introduction" title="Mises en relation">
        <p>
          {introductions.total} mise{introductions.total > 1 ? 's' : ''} en relation : {introductions.rencontre_faite} rencontre
          {introductions.rencontre_faite > 1 ? 's' : ''} faite{introductions.rencontre_faite > 1 ? 's' : ''}, {introductions.suite_donnee} avec suite
          donnée, {introductions.en_attente} en attente, {introductions.sans_suite} sans suite.
        </p>
        {record.introductions.length ? (
          <div className="fr-table fr-table--no-caption">
            <table>
              <caption>Mises en relation</caption>
              <thead>
                <tr>
                  <th scope="col">Avec</th>
                  <th scope="col">Pourquoi</th>
                  <th scope="col">Date</th>
                  <th scope="col">Suite</th>
                </tr>
              </thead>
              <tbody>
                {record.introductions.map((intro) => (
                  <tr key={intro.id}>
                    <td>
                      {intro.organisation}
                      {intro.person ? ` (${intro.person})` : ''}
                    </td>
                    <td>{intro.reason}</td>
                    <td>{formatDay(intro.made_on)}</td>
                    <td>
                      {isStaff ? (
                        <SecureForm method="post">
                          <Intent value="introduction-outcome" />
                          <input type="hidden" name="introductionId" value={intro.id} />
                          <label className="fr-label fr-sr-only" htmlFor={`intro-${intro.id}`}>
                            Suite de la mise en relation avec {intro.organisation}
                          </label>
                          <select className="fr-select" id={`intro-${intro.id}`} name="outcome" defaultValue={intro.outcome}>
                            {options(INTRODUCTION_OUTCOME_LABELS).map((o) => (
                              <option key={o.value} value={o.value}>
                                {o.label}
                              </option>
                            ))}
                          </select>
                          <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary fr-mt-1w">
                            Changer la suite
                          </button>
                        </SecureForm>
                      ) : (
                        INTRODUCTION_OUTCOME_LABELS[intro.outcome]
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>Aucune mise en relation pour le moment.</p>
        )}
        {isStaff ? (
          <SecureForm method="post" noValidate>
            <h3 className="fr-h6">Ajouter une mise en relation</h3>
            <Intent value="introduction" />
            <TextField label="Administration ou structure" name="organisation" defaultValue={values.organisation ?? ''} errors={errors.organisation} />
            <TextField label="Personne (facultatif)" name="person" defaultValue={values.person ?? ''} errors={errors.person} />
            <TextAreaField label="Pourquoi" name="reason" rows={2} defaultValue={values.reason ?? ''} errors={errors.reason} />
            <TextField label="Date" name="madeOn" type="date" defaultValue={values.madeOn ?? today} errors={errors.madeOn} />
            <button type="submit" className="fr-btn fr-btn--secondary">
              Ajouter la mise en relation
            </button>
          </SecureForm>
        ) : null}
      </Section>
    )
  }

  function Indicator() {
    const { errors, values } = useFormErrors('indicator')
    const { indicator } = project
    const last = record.values.at(-1)
    const progress = last && Number.isFinite(indicator.start) && Number.isFinite(indicator.target) ? progressPercent(indicator.start, indicator.target, last.value) : null
    return (
      <Section id="indicator" title="Indicateur d’impact">
        <p>
          <strong>{indicator.name}</strong> ({indicator.unit}) : départ {Number.isFinite(indicator.start) ? formatNumber(indicator.start) : '?'}, cible{' '}
          {Number.isFinite(indicator.target) ? formatNumber(indicator.target) : '?'}
          {last ? `, dernière mesure ${formatNumber(last.value)} le ${formatDay(last.measured_on)}` : ', pas encore de mesure'}.
        </p>
        {progress !== null ? (
          <div aria-hidden="true" className="fr-mb-2w" style={{ background: 'var(--background-contrast-grey)', height: '1.5rem', maxWidth: '40rem' }}>
            <div style={{ background: 'var(--background-action-high-blue-france)', height: '100%', width: `${progress}%` }} />
          </div>
        ) : null}
        {progress !== null ? <p>Progression vers la cible : {progress} %.</p> : null}
        {record.values.length ? (
          <div className="fr-table fr-table--no-caption">
            <table>
              <caption>Mesures de l’indicateur</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Valeur ({indicator.unit})</th>
                </tr>
              </thead>
              <tbody>
                {record.values.map((value) => (
                  <tr key={value.id}>
                    <td>{formatDay(value.measured_on)}</td>
                    <td>{formatNumber(value.value, Number.isInteger(value.value) ? 0 : 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {isStaff ? (
          <SecureForm method="post" noValidate>
            <h3 className="fr-h6">Enregistrer une mesure</h3>
            <Intent value="indicator" />
            <div className="fr-grid-row fr-grid-row--gutters">
              <div className="fr-col-12 fr-col-md-4">
                <TextField label="Date de la mesure" name="measuredOn" type="date" defaultValue={values.measuredOn ?? today} errors={errors.measuredOn} />
              </div>
              <div className="fr-col-12 fr-col-md-4">
                <TextField label={`Valeur (${indicator.unit})`} name="value" inputMode="decimal" defaultValue={values.value ?? ''} errors={errors.value} />
              </div>
            </div>
            <button type="submit" className="fr-btn fr-btn--secondary">
              Enregistrer la mesure
            </button>
          </SecureForm>
        ) : null}
      </Section>
    )
  }

  function Referents() {
    const { errors, values } = useFormErrors('referent')
    const removal = useFormErrors('referent-remove')
    return (
      <Section id="referent" title="Référents ministériels">
        {record.referents.length ? (
          <ul>
            {record.referents.map((referent) => (
              <li key={referent.id} className="fr-mb-1w">
                {referent.name ?? referent.email}
                {referent.organisation ? ` – ${referent.organisation}` : ''}
                {can.manageReferents ? ` (${referent.email})` : ''}
                {can.removeReferents ? (
                  <SecureForm method="post" className="fr-ml-2w" style={{ display: 'inline' }}>
                    <Intent value="referent-remove" />
                    <input type="hidden" name="referentId" value={referent.id} />
                    <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary" aria-label={`Retirer ${referent.name ?? referent.email} des référents du projet`}>
                      Retirer
                    </button>
                  </SecureForm>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>Aucun référent pour le moment.</p>
        )}
        {can.removeReferents ? <p className="fr-text--sm">Une personne retirée n’a plus accès au suivi du projet, immédiatement.</p> : null}
        <ErrorText messages={removal.errors.referentId} />
        {can.manageReferents ? (
          <SecureForm method="post" noValidate>
            <h3 className="fr-h6">Ajouter un référent</h3>
            <p className="fr-text--sm">Il reçoit un e-mail avec le lien du suivi ; il se connecte avec cette adresse, avec ou sans compte existant.</p>
            <Intent value="referent" />
            <TextField label="Adresse e-mail" name="email" type="email" autoComplete="off" defaultValue={values.email ?? ''} errors={errors.email} />
            <TextField label="Nom (facultatif)" name="name" defaultValue={values.name ?? ''} errors={errors.name} />
            <TextField label="Ministère ou administration (facultatif)" name="organisation" defaultValue={values.organisation ?? ''} errors={errors.organisation} />
            <button type="submit" className="fr-btn fr-btn--secondary">
              Ajouter le référent
            </button>
          </SecureForm>
        ) : null}
      </Section>
    )
  }
}

/** A form's refusal that belongs to no visible field (an unknown item, a state), next to it. */
function ErrorText({ messages }: { messages: string[] | null | undefined }) {
  return messages?.length ? <p className="fr-message fr-message--error">{messages.join(' ')}</p> : null
}

/** A status select with its button, as a plain form (the label is for screen readers). */
function StatusForm(props: { intent: 'need-status' | 'action-status'; field: string; id: string; idPrefix: string; label: string; labels: Record<string, string>; status: string }) {
  const selectId = `${props.idPrefix}-${props.id}`
  return (
    <SecureForm method="post">
      <Intent value={props.intent} />
      <input type="hidden" name={props.field} value={props.id} />
      <label className="fr-label fr-sr-only" htmlFor={selectId}>
        {props.label}
      </label>
      <select className="fr-select" id={selectId} name="status" defaultValue={props.status}>
        {options(props.labels).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary fr-mt-1w">
        Changer l’état
      </button>
    </SecureForm>
  )
}

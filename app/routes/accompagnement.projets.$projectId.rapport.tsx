import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { requireProject } from '#app/accelerator/mentoring/access.server.ts'
import { PublicTextSchema, ReportActionSchema, ReportSchema } from '#app/accelerator/mentoring/mentoring.ts'
import { projectRecord } from '#app/accelerator/mentoring/projects.server.ts'
import { draftReport, savePublicText, saveReport, validateReport } from '#app/accelerator/mentoring/reports.server.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import { Notice } from '#app/components/accelerator/mentoring.tsx'
import { ChoiceField, fieldProps, initialText, SecureForm, TextAreaField } from '#app/components/forms.tsx'
import { formatDate } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { formatDay } from '#app/utils/days.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Rapport final – ${data.title}` : 'Rapport final') }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { can } = await requireProject(context, request, params.projectId ?? '')
  const record = await projectRecord(context.db, params.projectId!, { privateNotes: false })
  const { project } = record
  return json({
    id: project.id,
    title: project.title,
    structure: project.structure,
    period: `du ${formatDay(project.starts_on)} au ${formatDay(project.ends_on)}`,
    text: project.report_text ?? draftReport(record),
    isDraft: !project.report_text,
    validatedAt: project.report_validated_at,
    publicText: project.public_text,
    publicConsent: project.public_consent,
    can,
    notice: new URL(request.url).searchParams.get('ok') ? 'C’est enregistré.' : null,
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const projectId = params.projectId ?? ''
  const { user, can } = await requireProject(context, request, projectId)
  const submission = parseWithZod(await readForm(request, context), { schema: ReportActionSchema })
  const { intent } = submission.payload
  if (intent !== 'save' && intent !== 'validate' && intent !== 'public') {
    return json({ intent: null, result: null, message: 'Ce formulaire n’est pas reconnu. Rechargez la page.' }, { status: 400 })
  }
  const allowed = { save: can.editReport, validate: can.validateReport, public: can.editPublicText }
  if (!allowed[intent]) return json({ intent: null, result: null, message: 'Votre rôle ne permet pas cette modification.' }, { status: 403 })
  if (submission.status !== 'success') return json({ intent, result: submission.reply() }, { status: 400 })
  const value = submission.value
  if (value.intent === 'save') {
    const result = await saveReport(context.db, user, projectId, value.reportText)
    if (!result.ok) return json({ intent, result: submission.reply({ fieldErrors: { [result.field]: [result.message] } }) }, { status: 400 })
  } else if (value.intent === 'validate') {
    const result = await validateReport(context.db, user, projectId)
    if (!result.ok) return json({ intent, result: submission.reply({ fieldErrors: { [result.field]: [result.message] } }) }, { status: 400 })
  } else {
    await savePublicText(context.db, user, projectId, value.publicText)
  }
  return redirect(`/accompagnement/projets/${projectId}/rapport?ok=1`)
}

type LastResult = SubmissionResult<string[]> | null

// The report's three forms: ids, errors and constraints from the schemas of mentoring.ts; `lastResult`
// is this form's refused post, if the last one was.

function ReportForm({ text, lastResult }: { text: string; lastResult: LastResult }) {
  const [form, fields] = useForm({ id: 'rapport', lastResult, defaultValue: { reportText: text }, constraint: getZodConstraint(ReportSchema), shouldValidate: 'onSubmit' })
  return (
    <SecureForm method="post" {...getFormProps(form)} noValidate>
      <input type="hidden" name="intent" value="save" />
      <TextAreaField
        label="Modifier le rapport"
        {...fieldProps(fields.reportText)}
        maxLength={fields.reportText.maxLength}
        rows={16}
      />
      <button type="submit" className="fr-btn fr-btn--secondary">
        Enregistrer le rapport
      </button>
    </SecureForm>
  )
}

function ValidateForm({ lastResult }: { lastResult: LastResult }) {
  // The validation has no field: what stops it (an empty report) is said above the button.
  const [form, fields] = useForm<{ reportText: string }>({ id: 'validation', lastResult, shouldValidate: 'onSubmit' })
  const problem = fields.reportText.errors
  return (
    <SecureForm method="post" {...getFormProps(form)} className="fr-mt-3w">
      <input type="hidden" name="intent" value="validate" />
      {problem ? <p className="fr-message fr-message--error">{problem.join(' ')}</p> : null}
      <button type="submit" className="fr-btn">
        Valider le rapport
      </button>
    </SecureForm>
  )
}

function PublicTextForm({ publicText, publicConsent, lastResult }: { publicText: string | null; publicConsent: boolean; lastResult: LastResult }) {
  const [form, fields] = useForm({
    id: 'texte-public',
    lastResult,
    defaultValue: { publicText: publicText ?? '', consent: publicConsent ? 'oui' : undefined },
    constraint: getZodConstraint(PublicTextSchema),
    shouldValidate: 'onSubmit',
  })
  return (
    <SecureForm method="post" {...getFormProps(form)} noValidate className="fr-mt-4w">
      <h2>Texte pour la page publique des résultats</h2>
      <p>Ce texte n’est publié qu’avec votre accord, quand l’équipe du programme met en ligne la page de la cohorte.</p>
      <input type="hidden" name="intent" value="public" />
      <TextAreaField
        label="Ce que l’accompagnement a permis"
        {...fieldProps(fields.publicText)}
        maxLength={fields.publicText.maxLength}
        rows={4}
      />
      <ChoiceField
        legend="Accord"
        name={fields.consent.name}
        type="checkbox"
        required={fields.consent.required}
        options={[{ value: 'oui', label: 'J’accepte que ce texte soit publié sur la page des résultats de la cohorte.' }]}
        defaultValue={initialText(fields.consent.initialValue)}
        errors={fields.consent.errors}
      />
      <button type="submit" className="fr-btn fr-btn--secondary">
        Enregistrer le texte public
      </button>
    </SecureForm>
  )
}

export default function FinalReport() {
  const { id, title, structure, period, text, isDraft, validatedAt, publicText, publicConsent, can, notice } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const lastResultFor = (intent: 'save' | 'validate' | 'public') => (data && data.intent === intent ? data.result : null)
  return (
    <div className="fr-container fr-py-6w">
      <div className="aic-no-print">
        <Breadcrumb
          links={[
            { to: '/accompagnement', label: 'Accompagnement' },
            { to: `/accompagnement/projets/${id}`, label: title },
          ]}
          current="Rapport final"
        />
      </div>
      <h1>Rapport final – {title}</h1>
      <p>
        {structure}, accompagnement {period}.{' '}
        {validatedAt ? <span className="fr-badge fr-badge--success fr-badge--sm">Validé le {formatDate(validatedAt)}</span> : <span className="fr-badge fr-badge--sm">Non validé</span>}
      </p>
      <Notice message={notice} />
      {data && 'message' in data && data.message ? (
        <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
          <p>{data.message}</p>
        </div>
      ) : null}
      {isDraft ? <p className="fr-text--sm aic-no-print">Ce premier jet est construit à partir du suivi ; relisez-le et enregistrez-le.</p> : null}
      <article className="fr-mb-4w" style={{ whiteSpace: 'pre-line' }} aria-label="Texte du rapport">
        {text}
      </article>
      <div className="aic-no-print">
        {can.editReport && !validatedAt ? <ReportForm text={text} lastResult={lastResultFor('save')} /> : null}
        {can.validateReport && !validatedAt ? <ValidateForm lastResult={lastResultFor('validate')} /> : null}
        {can.editPublicText ? (
          <PublicTextForm publicText={publicText} publicConsent={publicConsent} lastResult={lastResultFor('public')} />
        ) : publicConsent ? (
          <p className="fr-mt-4w">Le porteur a accepté de publier ce texte : « {publicText} »</p>
        ) : null}
        <p className="fr-mt-4w">
          Pour l’imprimer ou l’enregistrer en PDF, utilisez la fonction d’impression de votre navigateur. <Link to={`/accompagnement/projets/${id}`}>Retour au suivi</Link>
        </p>
      </div>
    </div>
  )
}

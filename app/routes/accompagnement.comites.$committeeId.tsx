import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { notFound, requireAnyRole } from '#app/auth/authorize.server.ts'
import { hasRole } from '#app/auth/roles.ts'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { canSeeCohort } from '#app/accelerator/mentoring/access.server.ts'
import { decide, findCommittee, savePreparation } from '#app/accelerator/mentoring/committees.server.ts'
import { COMMITTEE_DECISION_LABELS, COMMITTEE_KIND_LABELS, DecisionSchema, options, PreparationSchema, trancheProblem } from '#app/accelerator/mentoring/mentoring.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import { HealthBadge, Notice } from '#app/components/accelerator/mentoring.tsx'
import { ChoiceField, SecureForm, TextAreaField, TextField } from '#app/components/forms.tsx'
import { formatEuros } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { formatDay } from '#app/utils/days.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `${COMMITTEE_KIND_LABELS[data.committee.kind]} du ${formatDay(data.committee.held_on)}` : 'Comité') },
]

async function requireCommittee(request: Request, context: Parameters<typeof requireAnyRole>[0], committeeId: string) {
  const user = requireAnyRole(context, request, ['programme_team', 'mentor'])
  const committee = await findCommittee(context.db, committeeId)
  if (!committee || !canSeeCohort(user, committee.cohort_id)) throw notFound()
  return { user, committee, isTeam: hasRole(user, 'programme_team') }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { committee, isTeam } = await requireCommittee(request, context, params.committeeId ?? '')
  const total = committee.items.reduce((sum, item) => sum + (item.decision === 'approved' ? (item.amount_euros ?? 0) : 0), 0)
  return json({ committee, isTeam, total, notice: new URL(request.url).searchParams.get('ok') ? 'C’est enregistré.' : null })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, committee, isTeam } = await requireCommittee(request, context, params.committeeId ?? '')
  const formData = await readForm(request, context)
  const intent = formData.get('intent')
  if (intent === 'preparation') {
    const submission = parseWithZod(formData, { schema: PreparationSchema })
    if (submission.status !== 'success') return json({ intent, projectId: String(formData.get('projectId') ?? ''), result: submission.reply() }, { status: 400 })
    const result = await savePreparation(context.db, user, committee.id, submission.value)
    if (!result.ok) return json({ intent, projectId: submission.value.projectId, result: submission.reply({ fieldErrors: { [result.field]: [result.message] } }) }, { status: 400 })
  } else if (intent === 'decision') {
    if (!isTeam) return json({ message: 'Seule l’équipe du programme enregistre les décisions.' }, { status: 403 })
    const submission = parseWithZod(formData, { schema: DecisionSchema })
    if (submission.status !== 'success') return json({ intent, projectId: String(formData.get('projectId') ?? ''), result: submission.reply() }, { status: 400 })
    const { amount, problem } = trancheProblem(submission.value.decision, submission.value.amount)
    if (problem) return json({ intent, projectId: submission.value.projectId, result: submission.reply({ fieldErrors: { amount: [problem] } }) }, { status: 400 })
    const result = await decide(acceleratorServices(context), user, committee.id, { ...submission.value, amount })
    if (!result.ok) return json({ intent, projectId: submission.value.projectId, result: submission.reply({ fieldErrors: { [result.field]: [result.message] } }) }, { status: 400 })
  } else {
    return json({ message: 'Ce formulaire n’est pas reconnu. Rechargez la page.' }, { status: 400 })
  }
  return redirect(`/accompagnement/comites/${committee.id}?ok=1`)
}

export default function CommitteePage() {
  const { committee, isTeam, total, notice } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const errorsFor = (intent: string, projectId: string): Record<string, string[] | null | undefined> =>
    data && 'intent' in data && data.intent === intent && data.projectId === projectId ? ((data.result.error ?? {}) as Record<string, string[]>) : {}
  const valuesFor = (intent: string, projectId: string): Record<string, string> =>
    data && 'intent' in data && data.intent === intent && data.projectId === projectId ? ((data.result.initialValue ?? {}) as Record<string, string>) : {}
  const title = `${COMMITTEE_KIND_LABELS[committee.kind]} du ${formatDay(committee.held_on)}`
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb
        links={[
          { to: '/accompagnement', label: 'Accompagnement' },
          { to: `/accompagnement/cohortes/${committee.cohort_id}`, label: committee.cohortName },
        ]}
        current={title}
      />
      <h1>{title}</h1>
      <Notice message={notice} />
      {data && 'message' in data ? (
        <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
          <p>{data.message}</p>
        </div>
      ) : null}
      <h2>Membres</h2>
      <p style={{ whiteSpace: 'pre-line' }}>{committee.members}</p>
      <p>
        <strong>Financement décidé : {formatEuros(total)}</strong>
      </p>
      <h2>Ordre du jour</h2>
      {committee.items.map((item) => {
        const prep = errorsFor('preparation', item.project_id)
        const dec = errorsFor('decision', item.project_id)
        const decValues = valuesFor('decision', item.project_id)
        return (
          <section key={item.project_id} className="fr-mb-6w" aria-labelledby={`projet-${item.project_id}`}>
            <h3 id={`projet-${item.project_id}`}>
              <Link to={`/accompagnement/projets/${item.project_id}`}>{item.title}</Link> <HealthBadge health={item.health} small />
            </h3>
            <SecureForm method="post" noValidate>
              <input type="hidden" name="intent" value="preparation" />
              <input type="hidden" name="projectId" value={item.project_id} />
              <TextAreaField
                label="Note de préparation"
                hint="Où en est le projet, ce qui est demandé au comité."
                name="preparationNote"
                rows={3}
                defaultValue={item.preparation_note ?? ''}
                errors={prep.preparationNote ?? prep.projectId}
              />
              <button type="submit" className="fr-btn fr-btn--sm fr-btn--secondary">
                Enregistrer la note
              </button>
            </SecureForm>
            {item.decision ? (
              <p className="fr-mt-2w">
                <strong>Décision :</strong> {COMMITTEE_DECISION_LABELS[item.decision]}
                {item.amount_euros ? `, tranche de ${formatEuros(item.amount_euros)}` : ''} – {item.motivation}
              </p>
            ) : null}
            {isTeam ? (
              <SecureForm method="post" noValidate className="fr-mt-2w">
                <input type="hidden" name="intent" value="decision" />
                <input type="hidden" name="projectId" value={item.project_id} />
                <ChoiceField
                  legend={item.decision ? 'Corriger la décision' : 'Décision'}
                  name="decision"
                  inline
                  options={options(COMMITTEE_DECISION_LABELS)}
                  defaultValue={decValues.decision ?? item.decision ?? undefined}
                  errors={dec.decision}
                />
                <TextField
                  label="Montant de la tranche, en euros"
                  hint="Par exemple 80 000. Laissez vide si aucun financement."
                  name="amount"
                  inputMode="numeric"
                  defaultValue={decValues.amount ?? (item.amount_euros !== null ? String(item.amount_euros) : '')}
                  errors={dec.amount}
                />
                <TextAreaField label="Motivation" name="motivation" rows={2} defaultValue={decValues.motivation ?? item.motivation ?? ''} errors={dec.motivation ?? dec.projectId} />
                <button type="submit" className="fr-btn fr-btn--sm">
                  Enregistrer la décision
                </button>
              </SecureForm>
            ) : null}
          </section>
        )
      })}
    </div>
  )
}

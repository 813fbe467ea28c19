import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { notFound, requireAnyRole } from '#app/auth/authorize.server.ts'
import { hasRole } from '#app/auth/roles.ts'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { canSeeCohort } from '#app/accelerator/mentoring/access.server.ts'
import { decide, findCommittee, savePreparation } from '#app/accelerator/mentoring/committees.server.ts'
import { COMMITTEE_DECISION_LABELS, COMMITTEE_KIND_LABELS, CommitteeActionSchema, trancheProblem } from '#app/accelerator/mentoring/mentoring.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import { HealthBadge, Notice } from '#app/components/accelerator/mentoring.tsx'
import { DecisionForm, PreparationForm } from '#app/components/accelerator/mentoring/committee-forms.tsx'
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
  const submission = parseWithZod(await readForm(request, context), { schema: CommitteeActionSchema })
  const { intent } = submission.payload
  if (intent !== 'preparation' && intent !== 'decision') return json({ message: 'Ce formulaire n’est pas reconnu. Rechargez la page.' }, { status: 400 })
  if (intent === 'decision' && !isTeam) return json({ message: 'Seule l’équipe du programme enregistre les décisions.' }, { status: 403 })
  if (submission.status !== 'success') return json({ intent, projectId: String(submission.payload.projectId ?? ''), result: submission.reply() }, { status: 400 })
  const value = submission.value
  if (value.intent === 'preparation') {
    const result = await savePreparation(context.db, user, committee.id, value)
    if (!result.ok) return json({ intent, projectId: value.projectId, result: submission.reply({ fieldErrors: { [result.field]: [result.message] } }) }, { status: 400 })
  } else {
    const { amount, problem } = trancheProblem(value.decision, value.amount)
    if (problem) return json({ intent, projectId: value.projectId, result: submission.reply({ fieldErrors: { amount: [problem] } }) }, { status: 400 })
    const result = await decide(acceleratorServices(context), user, committee.id, { ...value, amount })
    if (!result.ok) return json({ intent, projectId: value.projectId, result: submission.reply({ fieldErrors: { [result.field]: [result.message] } }) }, { status: 400 })
  }
  return redirect(`/accompagnement/comites/${committee.id}?ok=1`)
}

export default function CommitteePage() {
  const { committee, isTeam, total, notice } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  // The refused post of one form of one project, given back to that form only.
  const lastResultFor = (intent: 'preparation' | 'decision', projectId: string) =>
    data && 'intent' in data && data.intent === intent && data.projectId === projectId ? data.result : null
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
      {committee.items.map((item) => (
          <section key={item.project_id} className="fr-mb-6w" aria-labelledby={`projet-${item.project_id}`}>
            <h3 id={`projet-${item.project_id}`}>
              <Link to={`/accompagnement/projets/${item.project_id}`}>{item.title}</Link> <HealthBadge health={item.health} small />
            </h3>
            <PreparationForm projectId={item.project_id} note={item.preparation_note} lastResult={lastResultFor('preparation', item.project_id)} />
            {item.decision ? (
              <p className="fr-mt-2w">
                <strong>Décision :</strong> {COMMITTEE_DECISION_LABELS[item.decision]}
                {item.amount_euros ? `, tranche de ${formatEuros(item.amount_euros)}` : ''} – {item.motivation}
              </p>
            ) : null}
            {isTeam ? (
              <DecisionForm
                projectId={item.project_id}
                decision={item.decision}
                amount={item.amount_euros}
                motivation={item.motivation}
                lastResult={lastResultFor('decision', item.project_id)}
              />
            ) : null}
          </section>
      ))}
    </div>
  )
}

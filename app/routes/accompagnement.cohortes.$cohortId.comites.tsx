import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { requireRole, notFound } from '#app/auth/authorize.server.ts'
import { cohortOverview, findCohort } from '#app/accelerator/mentoring/cohorts.server.ts'
import { createCommittee } from '#app/accelerator/mentoring/committees.server.ts'
import { COMMITTEE_KIND_LABELS, CommitteeSchema, options } from '#app/accelerator/mentoring/mentoring.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import { ChoiceField, FormErrors, SecureForm, TextAreaField, TextField } from '#app/components/forms.tsx'
import { now } from '#app/utils/clock.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { formatDay } from '#app/utils/days.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Prévoir un comité') }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireRole(context, request, 'programme_team')
  const cohort = await findCohort(context.db, params.cohortId ?? '')
  if (!cohort) throw notFound()
  const projects = await cohortOverview(context.db, cohort.id, parisDay(now()), {})
  return json({ cohort, projects: projects.map((p) => ({ value: p.id, label: p.title })) })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, 'programme_team')
  const cohort = await findCohort(context.db, params.cohortId ?? '')
  if (!cohort) throw notFound()
  const submission = parseWithZod(await readForm(request, context), { schema: CommitteeSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const result = await createCommittee(context.db, user, cohort.id, submission.value)
  if (!result.ok) return json({ result: submission.reply({ fieldErrors: { [result.field]: [result.message] } }) }, { status: 400 })
  return redirect(`/accompagnement/comites/${result.id}`)
}

export default function NewCommittee() {
  const { cohort, projects } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.result.error ?? {}
  const values = (actionData?.result.initialValue ?? {}) as Record<string, string>
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb
        links={[
          { to: '/accompagnement', label: 'Accompagnement' },
          { to: `/accompagnement/cohortes/${cohort.id}`, label: cohort.name },
        ]}
        current="Prévoir un comité"
      />
      <h1>Prévoir un comité</h1>
      <p>
        Le comité d’accélération décide des tranches de financement ; le comité d’engagement (journée de démonstration) réunit administrations et
        financeurs. La date doit tomber entre le {formatDay(cohort.starts_on)} et le {formatDay(cohort.ends_on)}.
      </p>
      <FormErrors errors={Object.keys(errors).length ? ['Corrigez les champs signalés ci-dessous.'] : null} />
      <SecureForm method="post" noValidate>
        <ChoiceField legend="Type de comité" name="kind" options={options(COMMITTEE_KIND_LABELS)} defaultValue={values.kind} errors={errors.kind} />
        <TextField label="Date" name="heldOn" type="date" defaultValue={values.heldOn ?? ''} errors={errors.heldOn} />
        <TextAreaField label="Membres" hint="Une personne par ligne, avec sa fonction." name="members" rows={3} defaultValue={values.members ?? ''} errors={errors.members} />
        <ChoiceField
          legend="Projets à l’ordre du jour"
          name="projectIds"
          type="checkbox"
          options={projects}
          defaultValue={projects.map((p) => p.value)}
          errors={errors.projectIds}
        />
        <button type="submit" className="fr-btn">
          Prévoir le comité
        </button>
      </SecureForm>
    </div>
  )
}

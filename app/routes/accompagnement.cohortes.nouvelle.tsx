import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { requireRole } from '#app/auth/authorize.server.ts'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { callsWithRetainedProjects, createCohort } from '#app/accelerator/mentoring/cohorts.server.ts'
import { CohortSchema } from '#app/accelerator/mentoring/mentoring.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import { FormErrors, SecureForm, SelectField, TextField } from '#app/components/forms.tsx'
import { now } from '#app/utils/clock.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { parisDay } from '#app/utils/paris-time.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Créer une cohorte') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, 'programme_team')
  return json({ calls: await callsWithRetainedProjects(context.db), today: parisDay(now()) })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, 'programme_team')
  const submission = parseWithZod(await readForm(request, context), { schema: CohortSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const result = await createCohort(acceleratorServices(context), user, submission.value)
  if (!result.ok) return json({ result: submission.reply({ fieldErrors: { [result.field]: [result.message] } }) }, { status: 400 })
  return redirect(`/accompagnement/cohortes/${result.id}?ok=creee`)
}

export default function NewCohort() {
  const { calls, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.result.error ?? {}
  const values = (actionData?.result.initialValue ?? {}) as Record<string, string>
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: '/accompagnement', label: 'Accompagnement' }]} current="Créer une cohorte" />
      <h1>Créer une cohorte</h1>
      {calls.length ? (
        <>
          <p>
            La cohorte réunit tous les projets retenus de l’appel choisi qui ne sont pas encore accompagnés. L’accompagnement dure trois mois :
            laissez la date de fin vide pour la calculer, ou saisissez-la.
          </p>
          <FormErrors errors={Object.keys(errors).length ? ['Corrigez les champs signalés ci-dessous.'] : null} />
          <SecureForm method="post" noValidate>
            <SelectField
              label="Appel"
              name="callId"
              placeholder="Choisissez un appel"
              options={calls.map((call) => ({ value: call.id, label: `${call.title} (${call.available} projet${call.available > 1 ? 's' : ''} retenu${call.available > 1 ? 's' : ''})` }))}
              defaultValue={values.callId ?? (calls.length === 1 ? calls[0]!.id : '')}
              errors={errors.callId}
            />
            <TextField label="Nom de la cohorte" hint="Par exemple : Promotion 2025." name="name" defaultValue={values.name ?? ''} errors={errors.name} />
            <TextField label="Début de l’accompagnement" name="startsOn" type="date" defaultValue={values.startsOn ?? today} errors={errors.startsOn} />
            <TextField
              label="Fin de l’accompagnement (facultatif)"
              hint="Par défaut : trois mois après le début."
              name="endsOn"
              type="date"
              defaultValue={values.endsOn ?? ''}
              errors={errors.endsOn}
            />
            <button type="submit" className="fr-btn">
              Créer la cohorte
            </button>
          </SecureForm>
        </>
      ) : (
        <div className="fr-callout">
          <p className="fr-callout__text">
            Aucun appel n’a de projet retenu qui ne soit pas déjà accompagné. Une cohorte se crée une fois les décisions d’un appel publiées.
          </p>
        </div>
      )}
    </div>
  )
}

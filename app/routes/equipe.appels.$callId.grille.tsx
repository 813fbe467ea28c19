import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { notFound, requireRole } from '#app/auth/authorize.server.ts'
import { filledCriteria, gridFormDefaults, GridFormSchema } from '#app/accelerator/calls/call-form.ts'
import { findCall, getGrid, saveGrid } from '#app/accelerator/calls/calls.server.ts'
import { gridEditMode } from '#app/accelerator/calls/call-states.ts'
import { GridFormFields, type GridFormDefaults } from '#app/components/accelerator/call-form-fields.tsx'
import { FormErrors, SecureForm } from '#app/components/forms.tsx'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'

export const meta: MetaFunction = () => [{ title: pageTitle('Grille et éligibilité') }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireRole(context, request, 'programme_team')
  const call = await findCall(context.db, params.callId ?? '')
  if (!call) throw notFound()
  const grid = (await getGrid(context.db, call.id))!
  return json({ id: call.id, title: call.title, mode: gridEditMode(call.state), version: grid.version, defaults: gridFormDefaults(grid) })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, 'programme_team')
  const call = await findCall(context.db, params.callId ?? '')
  if (!call) throw notFound()
  const submission = parseWithZod(await readForm(request, context), { schema: GridFormSchema })
  if (submission.status !== 'success') return json({ result: submission.reply(), message: null }, { status: 400 })
  const result = await saveGrid(context.db, user, call.id, {
    eligibleKinds: submission.value.eligibleKinds,
    criteria: filledCriteria(submission.value),
    reason: submission.value.reason,
  })
  if (!result.ok) {
    const message =
      result.error === 'frozen'
        ? 'L’évaluation a commencé : la grille ne peut plus changer.'
        : result.error === 'reason-required'
          ? 'L’appel est ouvert : écrivez le motif de cette nouvelle version.'
          : 'Cet appel n’existe plus.'
    return json(
      { result: submission.reply(result.error === 'reason-required' ? { fieldErrors: { reason: [message] } } : { formErrors: [message] }), message },
      { status: result.error === 'not-found' ? 404 : 400 },
    )
  }
  return redirect(`/equipe/appels/${call.id}?grille=${result.version}`)
}

export default function EditGrid() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.result.error ?? {}
  const defaults = (actionData?.result.initialValue as GridFormDefaults | undefined) ?? data.defaults
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: '/equipe/appels', label: 'Appels à projets' }, { to: `/equipe/appels/${data.id}`, label: data.title }]} current="Grille et éligibilité" />
      <h1>Grille et éligibilité</h1>
      {data.mode === 'frozen' ? (
        <div className="fr-alert fr-alert--info">
          <p>L’évaluation a commencé : la grille (version {data.version}) ne peut plus changer.</p>
        </div>
      ) : (
        <>
          <p>
            {data.mode === 'in_place'
              ? 'L’appel est un brouillon : vous pouvez modifier la grille librement.'
              : `L’appel est ouvert : la grille publiée (version ${data.version}) est figée. Enregistrer crée la version ${data.version + 1}, publiée avec son motif ; l’ancienne reste dans l’historique.`}{' '}
            Décrivez chaque niveau en langage simple : ces phrases guident les deux jurys et sont publiées.
          </p>
          <FormErrors errors={actionData?.message ? [actionData.message] : Object.keys(errors).length ? ['Corrigez les champs signalés ci-dessous.'] : null} />
          <SecureForm method="post" noValidate>
            <GridFormFields defaults={defaults} errors={errors} needsReason={data.mode === 'new_version'} />
            <button type="submit" className="fr-btn">
              {data.mode === 'in_place' ? 'Enregistrer la grille' : `Publier la version ${data.version + 1}`}
            </button>
          </SecureForm>
        </>
      )}
    </div>
  )
}

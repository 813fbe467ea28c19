import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { notFound, requireRole } from '#app/auth/authorize.server.ts'
import { callFormDefaults, CallFormSchema } from '#app/accelerator/calls/call-form.ts'
import { findCall, updateCall } from '#app/accelerator/calls/calls.server.ts'
import { closingDateEditable, scoringSettingsEditable } from '#app/accelerator/calls/call-states.ts'
import { CallFormFields, type CallFormDefaults } from '#app/components/accelerator/call-form-fields.tsx'
import { FormErrors, SecureForm } from '#app/components/forms.tsx'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'

export const meta: MetaFunction = () => [{ title: pageTitle('Modifier l’appel') }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireRole(context, request, 'programme_team')
  const call = await findCall(context.db, params.callId ?? '')
  if (!call) throw notFound()
  return json({
    id: call.id,
    title: call.title,
    defaults: callFormDefaults(call),
    opensAtLocked: call.state !== 'brouillon',
    closesAtLocked: !closingDateEditable(call.state),
    scoringLocked: !scoringSettingsEditable(call.state),
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, 'programme_team')
  const call = await findCall(context.db, params.callId ?? '')
  if (!call) throw notFound()
  const submission = parseWithZod(await readForm(request, context), { schema: CallFormSchema })
  if (submission.status !== 'success') return json({ result: submission.reply(), message: null }, { status: 400 })
  const result = await updateCall(context.db, user, call.id, submission.value)
  if (!result.ok) {
    return json(
      {
        result: submission.reply(result.error.field === 'form' ? { formErrors: [result.error.message] } : { fieldErrors: { [result.error.field]: [result.error.message] } }),
        message: result.error.field === 'form' ? result.error.message : null,
      },
      { status: 400 },
    )
  }
  return redirect(`/equipe/appels/${call.id}?modifie=1`)
}

export default function EditCall() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.result.error ?? {}
  const defaults = (actionData?.result.initialValue as CallFormDefaults | undefined) ?? data.defaults
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: '/equipe/appels', label: 'Appels à projets' }, { to: `/equipe/appels/${data.id}`, label: data.title }]} current="Modifier" />
      <h1>Modifier l’appel</h1>
      <p>Chaque modification est enregistrée dans le journal des actions, avec l’ancienne et la nouvelle valeur.</p>
      <FormErrors errors={actionData?.message ? [actionData.message] : Object.keys(errors).length ? ['Corrigez les champs signalés ci-dessous.'] : null} />
      <SecureForm method="post" noValidate>
        <CallFormFields defaults={defaults} errors={errors} opensAtLocked={data.opensAtLocked} closesAtLocked={data.closesAtLocked} scoringLocked={data.scoringLocked} />
        <button type="submit" className="fr-btn">
          Enregistrer les modifications
        </button>
      </SecureForm>
    </div>
  )
}

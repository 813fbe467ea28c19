import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FormErrors, SecureForm, TextAreaField, TextField } from '#app/components/forms.tsx'
import { requireService } from '#app/feedback/access.server.ts'
import { ServiceSchema } from '#app/feedback/schemas.ts'
import { updateService } from '#app/feedback/services.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Paramètres du service') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { service } = await requireService(context, request, params.serviceId)
  return json({ service })
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, service } = await requireService(context, request, params.serviceId)
  const submission = parseWithZod(await readForm(request, context), { schema: ServiceSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const result = await updateService(context.db, user, service.id, {
    name: submission.value.name,
    description: submission.value.description ?? null,
    procedureUrl: submission.value.procedureUrl ?? null,
  })
  if (!result.ok) return json({ result: submission.reply({ fieldErrors: { name: ['Un service porte déjà ce nom dans cette organisation.'] } }) }, { status: 400 })
  return redirect(`/services/${service.id}/parametres?enregistre=1`)
}

export default function ServiceSettings() {
  const { service } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errors = actionData?.result.error ?? {}
  return (
    <>
      <h1>Paramètres du service</h1>
      {params.get('enregistre') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Les paramètres sont enregistrés.</p>
        </div>
      ) : null}
      <FormErrors errors={errors[''] ?? null} />
      <SecureForm method="post" noValidate>
        <TextField label="Nom de la démarche" hint="Affiché aux usagers au-dessus du questionnaire." name="name" required maxLength={150} defaultValue={service.name} errors={errors.name} />
        <TextAreaField label="Description (facultatif)" name="description" rows={3} defaultValue={service.description ?? ''} errors={errors.description} />
        <TextField label="Adresse de la démarche en ligne (facultatif)" name="procedureUrl" type="url" defaultValue={service.procedure_url ?? ''} errors={errors.procedureUrl} />
        <button type="submit" className="fr-btn">
          Enregistrer
        </button>
      </SecureForm>
    </>
  )
}

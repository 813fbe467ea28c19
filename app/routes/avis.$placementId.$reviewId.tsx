import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormShell, StepForm, Stepper, useStepActionData } from '#app/components/feedback/public-form.tsx'
import { loadStep, stepAction } from '#app/feedback/public-form.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Étape ${data.position.index} sur ${data.position.count} – Je donne mon avis sur « ${data.serviceName} »` : 'Je donne mon avis') },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return loadStep(context, request, params, 'page')
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return stepAction(context, request, params, 'page')
}

export default function PublicFormStep() {
  const data = useLoaderData<typeof loader>()
  const actionData = useStepActionData()
  return (
    <FormShell presentation="page" title="Je donne mon avis" lead={`Sur la démarche « ${data.serviceName} ». Votre première réponse est enregistrée ; les questions suivantes sont facultatives.`}>
      <Stepper index={data.position.index} count={data.position.count} step={data.step} />
      <StepForm data={data} actionData={actionData} />
    </FormShell>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

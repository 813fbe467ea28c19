import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { embedHeaders } from '#app/feedback/embed-headers.ts'
import { EmbedBridge, FormShell, StepForm, Stepper, useStepActionData } from '#app/components/feedback/public-form.tsx'
import { loadStep, stepAction } from '#app/feedback/public-form.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const headers = embedHeaders

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Étape ${data.position.index} sur ${data.position.count} – Je donne mon avis sur « ${data.serviceName} »` : 'Je donne mon avis') },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return loadStep(context, request, params, 'integration')
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return stepAction(context, request, params, 'integration')
}

export default function EmbeddedFormStep() {
  const data = useLoaderData<typeof loader>()
  const actionData = useStepActionData()
  return (
    <FormShell presentation="integration" title="Je donne mon avis" lead={`Sur la démarche « ${data.serviceName} ». Votre première réponse est enregistrée.`}>
      <EmbedBridge origine={data.origine} placementId={data.placementId} event="step" />
      <Stepper index={data.position.index} count={data.position.count} step={data.step} />
      <StepForm data={data} actionData={actionData} nativeSubmit />
    </FormShell>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormShell, SatisfactionForm, Stepper } from '#app/components/feedback/public-form.tsx'
import { loadStart } from '#app/feedback/public-form.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Je donne mon avis sur « ${data.serviceName} »` : 'Je donne mon avis') },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return loadStart(context, request, params.placementId, 'page')
}

export default function PublicFormStart() {
  const data = useLoaderData<typeof loader>()
  return (
    <FormShell
      presentation="page"
      title="Je donne mon avis"
      lead={`Sur la démarche « ${data.serviceName} » (${data.organisationName}). Cela prend moins d’une minute et votre avis est anonyme.`}
    >
      {data.error && !data.error.field ? (
        <div className="fr-alert fr-alert--warning fr-mb-3w" role="alert">
          <p>{data.error.message}</p>
        </div>
      ) : null}
      <Stepper index={1} count={data.stepCount} step="satisfaction" />
      <SatisfactionForm
        placementId={data.placementId}
        reviewId={data.reviewId}
        versionId={data.versionId}
        shownAt={data.shownAt}
        source={data.source}
        retour="page"
        origine={null}
        error={data.error}
      />
    </FormShell>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

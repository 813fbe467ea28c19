import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { embedHeaders } from '#app/feedback/embed-headers.ts'
import { EmbedBridge, SatisfactionForm } from '#app/components/feedback/public-form.tsx'
import { loadStart } from '#app/feedback/public-form.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const headers = embedHeaders

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Avis en un clic sur « ${data.serviceName} »` : 'Avis en un clic') },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return loadStart(context, request, params.placementId, 'sourire')
}

/** The inline one-click smiley: three faces, one click records the answer. */
export default function Smiley() {
  const data = useLoaderData<typeof loader>()
  return (
    <div className="aic-embed aic-embed--compact">
      <EmbedBridge origine={data.origine} placementId={data.placementId} event="step" />
      <h1 className="fr-text--md fr-text--bold fr-mb-1w">{`Votre avis sur « ${data.serviceName} »`}</h1>
      {data.error && !data.error.field ? (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-1w" role="alert">
          <p>{data.error.message}</p>
        </div>
      ) : null}
      <SatisfactionForm
        placementId={data.placementId}
        reviewId={data.reviewId}
        versionId={data.versionId}
        shownAt={data.shownAt}
        source="smiley"
        retour="sourire"
        origine={data.origine}
        error={data.error}
        preview={data.preview}
        compact
      />
      <p className="fr-text--xs fr-mb-0 aic-muted">Anonyme. Un clic suffit.</p>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

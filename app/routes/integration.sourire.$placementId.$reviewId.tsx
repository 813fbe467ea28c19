import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { embedHeaders } from '#app/feedback/embed-headers.ts'
import { EmbedBridge } from '#app/components/feedback/public-form.tsx'
import { loadSmileyFollowUp } from '#app/feedback/public-form.server.ts'
import { satisfactionLabel } from '#app/feedback/questionnaire.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const headers = embedHeaders

export const meta: MetaFunction = () => [{ title: pageTitle('Merci pour votre avis') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return loadSmileyFollowUp(context, request, params)
}

export default function SmileyFollowUp() {
  const data = useLoaderData<typeof loader>()
  return (
    <div className="aic-embed aic-embed--compact">
      <EmbedBridge origine={data.origine} placementId={data.placementId} event={data.continueUrl ? 'step' : 'done'} />
      <h1 className="fr-text--md fr-text--bold fr-mb-1w">Merci pour votre avis !</h1>
      <p className="fr-text--sm fr-mb-1w" role="status">{`Votre réponse « ${satisfactionLabel(data.satisfaction)} » est enregistrée.`}</p>
      {data.continueUrl ? (
        <>
          <p className="fr-text--sm fr-mb-1w">
            {`Vous avez 30 secondes ? ${data.remaining > 1 ? `${data.remaining} questions facultatives` : 'Une question facultative'} aident l’administration à comprendre ce qui va et ce qui ne va pas.`}
          </p>
          <a className="fr-btn fr-btn--sm" href={data.continueUrl}>
            Répondre aux autres questions
          </a>
        </>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { embedHeaders } from '#app/feedback/embed-headers.ts'
import { EmbedBridge, FormShell, SatisfactionForm, Stepper } from '#app/components/feedback/public-form.tsx'
import { firstAnswerResponse, formMode, wantsJson } from '#app/feedback/ingest.server.ts'
import { loadStart } from '#app/feedback/public-form.server.ts'
import { submitFirstAnswer } from '#app/feedback/reviews.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { readFormData } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const headers = embedHeaders

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: pageTitle(data ? `Je donne mon avis sur « ${data.serviceName} »` : 'Je donne mon avis') },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return loadStart(context, request, params.placementId, 'integration')
}

/**
 * The ingest endpoint. In production the node:http fast path answers first (server.ts); this
 * action gives the same answers when the request reaches Remix (tests, other adapters).
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const fields = await readFormData(request)
  const placementId = params.placementId ?? ''
  const outcome = await submitFirstAnswer(context.db, context.env.SESSION_SECRET, { placementId, fields, ipHash: context.ipHash, at: now() })
  const origin = fields.get('origine')
  const response = firstAnswerResponse(outcome, {
    placementId,
    mode: formMode(fields.get('retour')),
    origin: typeof origin === 'string' ? origin : null,
    wantsJson: wantsJson(request.headers.get('accept')),
  })
  return new Response(response.body || null, { status: response.status, headers: response.headers })
}

export default function EmbeddedFormStart() {
  const data = useLoaderData<typeof loader>()
  return (
    <FormShell presentation="integration" title="Je donne mon avis" lead={`Sur la démarche « ${data.serviceName} ». Moins d’une minute, de façon anonyme.`}>
      <EmbedBridge origine={data.origine} placementId={data.placementId} event="step" />
      {data.error && !data.error.field ? (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w" role="alert">
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
        retour="integration"
        origine={data.origine}
        error={data.error}
        preview={data.preview}
      />
    </FormShell>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { embedHeaders } from '#app/feedback/embed-headers.ts'
import { EmbedBridge, FormShell, ThanksContent } from '#app/components/feedback/public-form.tsx'
import { loadThanks } from '#app/feedback/public-form.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const headers = embedHeaders

export const meta: MetaFunction = () => [{ title: pageTitle('Merci pour votre avis') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return loadThanks(context, request, params.placementId, 'integration')
}

export default function EmbeddedFormThanks() {
  const data = useLoaderData<typeof loader>()
  return (
    <FormShell presentation="integration" title="Merci pour votre avis">
      <EmbedBridge origine={data.origine} placementId={data.placementId} event="done" />
      <ThanksContent thanks={data.thanks} presentation="integration" origine={data.origine} placementId={data.placementId} />
    </FormShell>
  )
}

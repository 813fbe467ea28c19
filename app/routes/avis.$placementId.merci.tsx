import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { FormShell, ThanksContent } from '#app/components/feedback/public-form.tsx'
import { loadThanks } from '#app/feedback/public-form.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Merci pour votre avis') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return loadThanks(context, request, params.placementId, 'page')
}

export default function PublicFormThanks() {
  const data = useLoaderData<typeof loader>()
  return (
    <FormShell presentation="page" title="Merci pour votre avis" lead={data.serviceName ? `Sur la démarche « ${data.serviceName} ».` : undefined}>
      <ThanksContent thanks={data.thanks} presentation="page" origine={null} placementId={data.placementId} />
      {data.serviceId ? (
        <div className="fr-callout fr-mt-3w">
          <p className="fr-callout__text">Vous voulez en dire plus ? Racontez votre expérience : après relecture, elle sera publiée et le service pourra vous répondre en public.</p>
          <Link className="fr-btn fr-btn--secondary" to={`/experiences/services/${data.serviceId}/raconter`}>
            Raconter mon expérience
          </Link>
        </div>
      ) : null}
    </FormShell>
  )
}

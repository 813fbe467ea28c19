import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { notFound } from '#app/auth/authorize.server.ts'
import { findPublicService } from '#app/experiences/experiences.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Merci pour votre expérience') }]

export async function loader({ params, context }: LoaderFunctionArgs) {
  const service = await findPublicService(context.db, params.serviceId)
  if (!service) throw notFound('Ce service n’existe pas.')
  return json({ service: { id: service.id, name: service.name } })
}

export default function TellThanks() {
  const { service } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Merci pour votre expérience</h1>
      <div className="fr-alert fr-alert--success fr-mb-3w" role="status">
        <p>{`Votre expérience sur « ${service.name} » est bien reçue.`}</p>
      </div>
      <p>
        Un modérateur la relit avant de la publier, en général sous quelques jours ouvrés. Si vous avez donné votre adresse e-mail, nous vous écrirons
        quand elle sera publiée et quand le service vous répondra.
      </p>
      <Link className="fr-btn fr-btn--secondary" to={`/experiences/services/${service.id}`}>
        Voir les expériences publiées sur ce service
      </Link>
    </div>
  )
}

import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/authorize.server.ts'
import { LEADER_HOME, homeFor } from '#app/auth/roles.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Aucun rôle ne vous est encore attribué') }]

// Where an agent signed in with ProConnect lands while nobody has given them a role yet.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  if (user.roles.length) throw redirect(homeFor(user))
  const account = await context.db
    .selectFrom('users')
    .select(['display_name', 'organisation', 'siret'])
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow()
  return json({ email: user.email, name: account.display_name, organisation: account.organisation, siret: account.siret })
}

export default function WaitingForRole() {
  const { email, name, organisation, siret } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-10 fr-col-lg-8">
          <h1>Aucun rôle ne vous est encore attribué</h1>
          <p className="fr-text--lead">
            {name ? `Bonjour ${name}. ` : 'Bonjour. '}Vous êtes connecté·e avec ProConnect. Votre compte est ouvert, mais
            personne ne vous a encore donné accès aux espaces des agents.
          </p>
          <ul className="fr-mb-4w">
            <li>{`Adresse e-mail : ${email}`}</li>
            <li>{`Organisation : ${organisation ?? 'non transmise par ProConnect'}`}</li>
            {siret ? <li>{`SIRET : ${siret}`}</li> : null}
          </ul>
          <div className="fr-callout fr-mb-4w">
            <h2 className="fr-callout__title fr-h4">À qui demander l’accès ?</h2>
            <p className="fr-callout__text">
              {`Demandez à l’équipe du programme (DITP / DINUM) de vous inviter, à l’adresse ${email}. C’est elle qui donne les rôles : agent instructeur, chargé·e d’accélération, équipe de service public ou équipe du programme.`}
            </p>
            <p className="fr-callout__text fr-mt-2w">
              Dès que l’invitation est envoyée, reconnectez-vous avec ProConnect : votre rôle s’ajoutera tout seul, sans
              autre démarche.
            </p>
          </div>
          <p>
            Vous portez vous-même un projet citoyen ? Vous pouvez déjà{' '}
            <Link to={LEADER_HOME}>suivre ou déposer vos candidatures</Link>.
          </p>
        </div>
      </div>
    </div>
  )
}

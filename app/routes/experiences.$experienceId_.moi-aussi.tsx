import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { notFound } from '#app/auth/authorize.server.ts'
import { SecureForm } from '#app/components/forms.tsx'
import { findPublished } from '#app/experiences/experiences.server.ts'
import { meTooVoterKey, sayMeToo } from '#app/experiences/me-too.server.ts'
import { formatNumber } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

// Not a public-cache page (decision 102): the public page of an experience is cached and carries no
// token, so its « moi aussi » is a link here, where the form has its CSRF token like every other form.
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Moi aussi – ${data.title}` : 'Moi aussi') }]

export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await findPublished(context.db, params.experienceId)
  if (!found) throw notFound('Cette expérience n’existe pas ou n’est pas publiée.')
  return json({ id: found.experience.id, title: found.experience.title, count: found.experience.me_too_count })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await readForm(request, context)
  const experienceId = params.experienceId ?? ''
  const found = await findPublished(context.db, experienceId)
  if (!found) throw notFound('Cette expérience n’existe pas ou n’est pas publiée.')
  const key = meTooVoterKey(context.env.SESSION_SECRET, found.experience.id, { user: context.user, ipHash: context.ipHash })
  const result = await sayMeToo(context.db, found.experience.id, { key, ipHash: context.ipHash })
  if (result.kind === 'notfound') throw notFound('Cette expérience n’existe pas ou n’est pas publiée.')
  if (result.kind === 'limited') {
    return json({ message: 'Vous avez dit « moi aussi » sur beaucoup d’expériences en peu de temps. Réessayez dans une heure.' }, { status: 429, headers: { 'Retry-After': String(result.retryAfter) } })
  }
  if (result.kind === 'already') return json({ message: 'Vous avez déjà dit « moi aussi » sur cette expérience : votre voix est comptée une fois.' }, { status: 409 })
  return redirect(`/experiences/${found.experience.id}?moi-aussi=1`)
}

export default function MeToo() {
  const { id, title, count } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>{`Moi aussi : « ${title} »`}</h1>
      <p>
        {`Vous avez vécu la même chose ? Dites-le : le service voit quelles expériences sont les plus partagées. Déjà ${formatNumber(count)} personne${count > 1 ? 's' : ''}.`}
      </p>
      <p className="fr-text--sm">
        Aucun compte n’est demandé et aucun cookie n’est déposé. Pour ne compter qu’une fois chaque personne, nous gardons une empreinte chiffrée de votre adresse
        de connexion, renouvelée chaque jour : elle ne permet ni de vous retrouver ni de relier vos « moi aussi » entre eux.
      </p>
      {actionData?.message ? (
        <div className="fr-alert fr-alert--info fr-alert--sm fr-mb-3w" role="status">
          <p>{actionData.message}</p>
        </div>
      ) : null}
      <SecureForm method="post">
        <button type="submit" className="fr-btn">
          Moi aussi
        </button>
      </SecureForm>
      <p className="fr-mt-3w">
        <Link to={`/experiences/${id}`}>Retour à l’expérience</Link>
      </p>
    </div>
  )
}

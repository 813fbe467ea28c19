import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { notFound, requireUser } from '#app/auth/authorize.server.ts'
import { startApplication } from '#app/accelerator/applications/applications.server.ts'
import { callAcceptsSubmissions } from '#app/accelerator/applications/application-states.ts'
import { findPublicCall } from '#app/accelerator/calls/calls.server.ts'
import { FormErrors, SecureForm } from '#app/components/forms.tsx'
import { now } from '#app/utils/clock.server.ts'
import { formatDateAtTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Déposer une candidature') }]

async function openCall(context: LoaderFunctionArgs['context'], slug: string | undefined) {
  const call = await findPublicCall(context.db, slug ?? '')
  if (!call) throw notFound('Cet appel à projets n’existe pas ou n’est pas encore publié.')
  return call
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const call = await openCall(context, params.slug)
  const existing = await context.db
    .selectFrom('applications')
    .select('id')
    .where('call_id', '=', call.id)
    .where('owner_id', '=', user.id)
    .executeTakeFirst()
  if (existing) throw redirect(`/mes-candidatures/${existing.id}`)
  return json({ slug: call.slug, title: call.title, closesAt: call.closes_at, open: callAcceptsSubmissions(call, now()) })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request)
  await readForm(request, context)
  const call = await openCall(context, params.slug)
  const result = await startApplication(context.db, user, call.id)
  if (!result.ok) return json({ message: result.message }, { status: 409 })
  return redirect(`/mes-candidatures/${result.id}${result.created ? '?nouvelle=1' : ''}`)
}

export default function StartApplication() {
  const { slug, title, closesAt, open } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-8">
          <h1>Déposer une candidature</h1>
          <p className="fr-text--lead">{title}</p>
          <FormErrors errors={actionData?.message ? [actionData.message] : null} title="Impossible de créer la candidature" />
          {open ? (
            <>
              <p>Avant de commencer, préparez :</p>
              <ul>
                <li>le numéro SIRET de votre structure, ou son numéro RNA pour une association ;</li>
                <li>une description du projet en 800 caractères, et son indicateur d’impact principal ;</li>
                <li>le budget de la structure et la liste de ses financeurs ;</li>
                <li>les coordonnées de deux personnes qui suivront l’accompagnement ;</li>
                <li>les statuts et les derniers comptes de la structure (PDF, ODT, DOCX, JPG ou PNG, 10 Mo au plus).</li>
              </ul>
              <p>
                Votre candidature est enregistrée au fur et à mesure : vous pouvez la compléter en plusieurs fois, et inviter
                une autre personne du projet à la remplir avec vous. Date limite : {formatDateAtTime(closesAt)}.
              </p>
              <SecureForm method="post">
                <button type="submit" className="fr-btn">
                  Commencer ma candidature
                </button>
              </SecureForm>
            </>
          ) : (
            <div className="fr-alert fr-alert--info">
              <p>Cet appel n’accepte pas de candidature en ce moment.</p>
            </div>
          )}
          <p className="fr-mt-4w">
            <Link to={`/appels/${slug}`}>Revenir à la présentation de l’appel</Link>
          </p>
        </div>
      </div>
    </div>
  )
}

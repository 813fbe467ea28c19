import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { SecureForm, TextField } from '#app/components/forms.tsx'
import { deleteAccount } from '#app/auth/account.server.ts'
import { requireUser } from '#app/auth/authorize.server.ts'
import { isStorageUnavailable } from '#app/utils/file-storage.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Supprimer mon compte') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  return json({ email: user.email })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request)
  const schema = z.object({
    confirmation: z
      .string({ error: 'Saisissez votre adresse e-mail pour confirmer.' })
      .trim()
      .refine((value) => value.toLowerCase() === user.email.toLowerCase(), 'L’adresse saisie ne correspond pas à celle de votre compte.'),
  })
  const submission = parseWithZod(await readForm(request, context), { schema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  await deleteAccount(context.db, user).catch((error: unknown) => {
    // Draft files are erased first (decision 092): a storage down stops the deletion, retried later.
    if (!isStorageUnavailable(error)) throw error
    throw json(
      { message: 'Le stockage des fichiers est momentanément indisponible : votre compte n’a pas été supprimé. Réessayez dans quelques instants.' },
      { status: 503, headers: { 'Retry-After': '5' } },
    )
  })
  return redirect('/?compte-supprime=1', { headers: { 'Set-Cookie': context.auth.createBlankSessionCookie().serialize() } })
}

export default function DeleteAccount() {
  const { email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-8">
          <h1>Supprimer mon compte</h1>
          <h2 className="fr-h4">Ce qui est effacé tout de suite</h2>
          <ul>
            <li>votre adresse e-mail et votre nom ;</li>
            <li>vos sessions ouvertes et vos rôles (jury, panel, accompagnement, service) ;</li>
            <li>vos brouillons de candidature jamais déposés.</li>
          </ul>
          <h2 className="fr-h4">Ce qui est conservé, et pourquoi</h2>
          <ul>
            <li>
              les candidatures déposées et les décisions prises sur elles, rattachées à un « compte supprimé » : elles
              font partie du dossier de l’appel à projets, que l’administration doit archiver ;
            </li>
            <li>
              le journal des actions (qui a fait quoi, et quand), sans votre adresse : il garantit la traçabilité des
              décisions ;
            </li>
            <li>les avis anonymes que vous avez pu donner sur un service public, qui ne sont pas liés à votre compte.</li>
          </ul>
          <p>
            Les durées de conservation sont détaillées dans la page <Link to="/donnees-personnelles">données personnelles</Link>.
          </p>
          <div className="fr-alert fr-alert--warning fr-mb-4w">
            <p>La suppression est définitive. Vous pourrez recréer un compte plus tard, mais il sera vide.</p>
          </div>
          <SecureForm method="post" noValidate>
            <TextField
              label={`Pour confirmer, saisissez votre adresse e-mail (${email})`}
              name="confirmation"
              type="email"
              autoComplete="off"
              required
              errors={actionData?.result.error?.confirmation}
            />
            <ul className="fr-btns-group fr-btns-group--inline-md">
              <li>
                <button type="submit" className="fr-btn">
                  Supprimer définitivement mon compte
                </button>
              </li>
              <li>
                <Link className="fr-btn fr-btn--secondary" to="/profil">
                  Annuler
                </Link>
              </li>
            </ul>
          </SecureForm>
        </div>
      </div>
    </div>
  )
}

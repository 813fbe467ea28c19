import { ProConnectButton } from '@codegouvfr/react-dsfr/ProConnectButton'
import proconnectButtonStyles from '@codegouvfr/react-dsfr/assets/proconnect-btn.css'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { DEMO_ACCOUNTS } from '#db/demo-accounts.ts'
import { FormErrors, SecureForm, TextField } from '#app/components/forms.tsx'
import { requestSignIn, safeRedirect } from '#app/auth/sign-in.server.ts'
import { isSpam, readForm, tooManyRequests } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { EmailSchema } from '#app/utils/validation.ts'
import { homeFor } from '#app/auth/roles.ts'
import { proconnectConfigured } from '#app/utils/env.server.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Connexion') }]

// The official ProConnect button style (its logo), shipped by react-dsfr.
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: proconnectButtonStyles }]

const SignInSchema = z.object({
  email: EmailSchema,
  redirection: z.string().max(500).optional(),
})

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirection = new URL(request.url).searchParams.get('redirection')
  if (context.user) throw redirect(safeRedirect(redirection, homeFor(context.user)))
  return json({
    redirection: safeRedirect(redirection, ''),
    proconnect: proconnectConfigured(context.env),
    demoAccounts: context.env.DEMO_MODE ? DEMO_ACCOUNTS : [],
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context)
  if (isSpam(formData, context)) throw json({ message: 'Votre demande n’a pas pu être traitée.' }, { status: 400 })
  const submission = parseWithZod(formData, { schema: SignInSchema })
  if (submission.status !== 'success') {
    return json({ result: submission.reply(), message: null }, { status: 400 })
  }
  const result = await requestSignIn(
    { db: context.db, jobs: context.jobs, appUrl: context.env.APP_URL },
    { email: submission.value.email, ipHash: context.ipHash, redirectTo: submission.value.redirection },
  )
  if (!result.ok) {
    return tooManyRequests(
      result.rateLimit.retryAfter,
      result.reason === 'link-still-valid'
        ? 'Plusieurs e-mails de connexion ont déjà été envoyés à cette adresse, et le dernier est encore valable. Cliquez sur le lien de cet e-mail (regardez aussi dans les courriers indésirables), ou réessayez dans quelques minutes.'
        : undefined,
    )
  }
  return redirect(`/connexion/code?demande=${result.requestId}`)
}

export default function SignIn() {
  const { redirection, proconnect, demoAccounts } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const fieldErrors = actionData && 'result' in actionData ? actionData.result.error?.email : undefined
  const message = actionData && 'message' in actionData ? actionData.message : null
  const submitting = navigation.state === 'submitting'
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Se connecter</h1>
          {proconnect ? (
            <>
              <section aria-labelledby="connexion-agent" className="fr-mb-4w">
                <h2 id="connexion-agent" className="fr-h4">
                  Vous êtes agent public
                </h2>
                <p>
                  Identifiez-vous avec ProConnect, le compte professionnel des agents de l’État et des collectivités.
                  Vous retrouvez les droits que l’équipe du programme vous a donnés.
                </p>
                <ProConnectButton
                  url={`/connexion/proconnect${redirection ? `?redirection=${encodeURIComponent(redirection)}` : ''}`}
                />
              </section>
              <p className="fr-hr-or">ou</p>
              <h2 className="fr-h4">Avec votre adresse e-mail</h2>
            </>
          ) : null}
          <p>
            Saisissez votre adresse e-mail : nous vous envoyons un lien et un code de connexion, valables
            10 minutes. Pas besoin de mot de passe. Si vous n’avez pas encore de compte, il sera créé à votre
            première connexion.
          </p>
          <FormErrors errors={message ? [message] : null} title="Connexion impossible pour le moment" />
          <SecureForm method="post" honeypot noValidate>
            <input type="hidden" name="redirection" value={redirection} />
            <TextField
              label="Adresse e-mail"
              hint="Format attendu : nom@exemple.fr"
              name="email"
              type="email"
              autoComplete="email"
              spellCheck={false}
              required
              errors={fieldErrors}
            />
            <button type="submit" className="fr-btn" disabled={submitting}>
              Recevoir mon lien de connexion
            </button>
          </SecureForm>
          {demoAccounts.length ? (
            <div className="fr-callout fr-mt-6w">
              <h2 className="fr-callout__title fr-h5">Comptes de démonstration</h2>
              <p className="fr-callout__text fr-text--sm">
                Ce site tourne en mode démonstration : aucun e-mail ne part réellement. Après avoir demandé un lien,
                ouvrez la <Link to="/dev/boite-mail">boîte d’envoi de démonstration</Link> (le lien s’affiche aussi
                dans le terminal).
              </p>
              <ul className="fr-text--sm">
                {demoAccounts.map((account) => (
                  <li key={account.email}>
                    <code>{account.email}</code> — {account.description}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      </div>
    </div>
  )
}

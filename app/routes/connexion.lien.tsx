import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { SecureForm } from '#app/components/forms.tsx'
import { completeSignIn } from '#app/auth/complete-sign-in.server.ts'
import { consumeSignInLink, inspectSignInLink } from '#app/auth/sign-in.server.ts'
import { signInFailureMessage } from '#app/auth/sign-in-messages.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Connexion par lien') }]

const TokenSchema = z.string().regex(/^[\w-]{40,64}$/)
const ConfirmSchema = z.object({ jeton: TokenSchema })

// Opening the link does not use it: mail scanners open links too. The person confirms with a
// button (a POST), which uses the token once.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = TokenSchema.safeParse(new URL(request.url).searchParams.get('jeton'))
  const status = token.success ? await inspectSignInLink(context.db, token.data) : 'unknown'
  if (status !== 'valid') {
    return json({ token: null, message: signInFailureMessage(status) }, { status: 400 })
  }
  return json({ token: token.data, message: null })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request, context), { schema: ConfirmSchema })
  const result = submission.status === 'success' ? await consumeSignInLink(context.db, submission.value.jeton) : ({ ok: false, reason: 'unknown' } as const)
  if (!result.ok) return json({ message: signInFailureMessage(result.reason) }, { status: 400 })
  const user = await context.db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('id', '=', result.userId)
    .executeTakeFirstOrThrow()
  return completeSignIn(context, { id: user.id, email: user.email, displayName: user.display_name }, result.redirectTo)
}

export default function SignInLink() {
  const { token, message } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const error = actionData?.message ?? message
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Connexion</h1>
          {error ? (
            <>
              <div className="fr-alert fr-alert--error fr-mb-4w" role="alert">
                <h2 className="fr-alert__title">Lien de connexion refusé</h2>
                <p>{error}</p>
              </div>
              <Link className="fr-btn" to="/connexion">
                Demander un nouveau lien
              </Link>
            </>
          ) : (
            <SecureForm method="post">
              <input type="hidden" name="jeton" value={token ?? ''} />
              <p>Votre lien est valide. Confirmez pour ouvrir votre session.</p>
              <button type="submit" className="fr-btn">
                Me connecter
              </button>
            </SecureForm>
          )}
        </div>
      </div>
    </div>
  )
}

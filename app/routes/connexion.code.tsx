import { parseWithZod } from '@conform-to/zod/v4'
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { FormErrors, SecureForm, TextField } from '#app/components/forms.tsx'
import { completeSignIn } from '#app/auth/complete-sign-in.server.ts'
import { consumeSignInCode, SIGN_IN_LIMITS } from '#app/auth/sign-in.server.ts'
import { readForm, tooManyRequests } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { hitRateLimit } from '#app/utils/rate-limit.server.ts'
import { signInFailureMessage } from '#app/auth/sign-in-messages.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Saisir votre code de connexion') }]

const RequestIdSchema = z.string().uuid()

const CodeSchema = z.object({
  demande: RequestIdSchema,
  code: z
    .string({ error: 'Saisissez le code à six chiffres reçu par e-mail.' })
    .transform((value) => value.replace(/\s/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'Le code est composé de six chiffres, par exemple 123456.')),
})

function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@')
  return `${local.slice(0, 1)}${'•'.repeat(Math.max(1, Math.min(local.length - 1, 6)))}@${domain}`
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const requestId = RequestIdSchema.safeParse(new URL(request.url).searchParams.get('demande'))
  if (!requestId.success) {
    throw json({ message: 'Ce lien de saisie de code est incomplet. Demandez un nouveau code.' }, { status: 400 })
  }
  const row = await context.db
    .selectFrom('sign_in_tokens')
    .select(['email'])
    .where('id', '=', requestId.data)
    .executeTakeFirst()
  if (!row) throw json({ message: 'Cette demande de connexion est introuvable. Demandez un nouveau code.' }, { status: 404 })
  return json({ requestId: requestId.data, maskedEmail: maskEmail(row.email) })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context)
  const limit = await hitRateLimit(context.db, `sign-in-code:ip:${context.ipHash}`, SIGN_IN_LIMITS.codePerIp)
  if (!limit.allowed) return tooManyRequests(limit.retryAfter)
  const submission = parseWithZod(formData, { schema: CodeSchema })
  if (submission.status !== 'success') {
    return json({ result: submission.reply(), message: null }, { status: 400 })
  }
  const result = await consumeSignInCode(context.db, submission.value.demande, submission.value.code)
  if (!result.ok) {
    return json(
      { result: submission.reply(), message: signInFailureMessage(result.reason) },
      { status: result.reason === 'code-budget-spent' ? 429 : 400 },
    )
  }
  const user = await context.db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('id', '=', result.userId)
    .executeTakeFirstOrThrow()
  return completeSignIn(context, { id: user.id, email: user.email, displayName: user.display_name }, result.redirectTo)
}

export default function EnterCode() {
  const { requestId, maskedEmail } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const codeErrors = actionData && 'result' in actionData ? actionData.result.error?.code : undefined
  const message = actionData && 'message' in actionData ? actionData.message : null
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Consultez votre messagerie</h1>
          <div className="fr-alert fr-alert--info fr-mb-4w">
            <p>
              Nous venons d’envoyer un e-mail à <strong>{maskedEmail}</strong>. Il contient un lien de connexion et
              un code à six chiffres, valables 10 minutes.
            </p>
          </div>
          <p>Cliquez sur le lien reçu, ou saisissez le code ci-dessous.</p>
          <FormErrors errors={message ? [message] : null} title="Connexion impossible" />
          <SecureForm method="post" noValidate>
            <input type="hidden" name="demande" value={requestId} />
            <TextField
              label="Code de connexion"
              hint="Six chiffres, par exemple 123456"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              className="fr-input aic-code-input"
              maxLength={12}
              required
              errors={codeErrors}
            />
            <button type="submit" className="fr-btn">
              Me connecter
            </button>
          </SecureForm>
          <p className="fr-mt-4w fr-text--sm">
            Vous n’avez rien reçu ? Vérifiez vos courriers indésirables, puis{' '}
            <Link to="/connexion">demandez un nouveau lien</Link>.
          </p>
        </div>
      </div>
    </div>
  )
}

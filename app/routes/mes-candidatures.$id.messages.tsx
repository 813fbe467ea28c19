import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { listMessages, postMessage } from '#app/accelerator/instruction/instruction.server.ts'
import { requireMemberApplication } from '#app/accelerator/applications/leader-access.server.ts'
import { MessageThread } from '#app/components/accelerator/message-thread.tsx'
import { FormErrors, SecureForm, TextAreaField } from '#app/components/forms.tsx'
import { readForm, tooManyRequests } from '#app/utils/forms.server.ts'
import { hitRateLimit } from '#app/utils/rate-limit.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { longText } from '#app/utils/validation.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Messagerie') }]

const MessageSchema = z.object({ body: longText('votre message', 5000) })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { application } = await requireMemberApplication(context, request, params.id)
  return json({
    id: application.id,
    open: application.submission_count > 0,
    messages: await listMessages(context.db, application.id, { forTeam: false }),
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, application } = await requireMemberApplication(context, request, params.id)
  const submission = parseWithZod(await readForm(request, context), { schema: MessageSchema })
  if (submission.status !== 'success') return json({ result: submission.reply(), message: null }, { status: 400 })
  // Each message e-mails the instruction team: a burst is refused.
  const limit = await hitRateLimit(context.db, `application-message:${user.id}`, { limit: 20, windowSeconds: 3600 })
  if (!limit.allowed) return tooManyRequests(limit.retryAfter)
  const result = await postMessage(acceleratorServices(context), user, application.id, submission.value.body, 'leader')
  if (!result.ok) return json({ result: submission.reply(), message: result.message }, { status: 409 })
  return redirect(`/mes-candidatures/${application.id}/messages?envoye=1`)
}

export default function LeaderMessages() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  return (
    <>
      <h1>Messagerie</h1>
      <p>Vos échanges avec l’équipe d’instruction. Vous recevez un e-mail à chaque nouveau message.</p>
      {params.get('envoye') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Votre message est envoyé à l’équipe d’instruction.</p>
        </div>
      ) : null}
      <FormErrors errors={actionData?.message ? [actionData.message] : null} />
      <MessageThread messages={data.messages} applicationId={data.id} emptyText="Aucun message pour le moment." />
      {data.open ? (
        <SecureForm method="post" noValidate className="fr-mt-4w">
          <TextAreaField label="Votre message" name="body" rows={5} required errors={actionData && 'result' in actionData ? actionData.result?.error?.body : null} />
          <button type="submit" className="fr-btn">
            Envoyer
          </button>
        </SecureForm>
      ) : (
        <p className="fr-mt-4w">La messagerie s’ouvre quand la candidature a été déposée une première fois.</p>
      )}
    </>
  )
}

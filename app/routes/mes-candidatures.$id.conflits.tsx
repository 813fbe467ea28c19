import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { objectionsOpen } from '#app/accelerator/calls/call-states.ts'
import { requireMemberApplication } from '#app/accelerator/applications/leader-access.server.ts'
import { addLeaderObjection, listLeaderObjections } from '#app/accelerator/scoring/panel.server.ts'
import { fieldProps, FormErrors, SecureForm, TextAreaField, TextField } from '#app/components/forms.tsx'
import { formatDate } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Conflits d’intérêts') }]

const ObjectionSchema = z.object({
  names: z.string({ error: 'Indiquez au moins un nom.' }).trim().min(2, 'Indiquez au moins un nom.').max(500, '500 caractères au plus.'),
  reason: z.string({ error: 'Expliquez le lien en une phrase.' }).trim().min(5, 'Expliquez le lien en une phrase.').max(1000, '1 000 caractères au plus.'),
})

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { application, call } = await requireMemberApplication(context, request, params.id)
  const objections = await listLeaderObjections(context.db, { applicationId: application.id })
  return json({
    id: application.id,
    open: application.state !== 'brouillon' && objectionsOpen(call.state),
    objections: objections.map((o) => ({ id: o.id, names: o.names, reason: o.reason, createdAt: o.created_at, handled: Boolean(o.handled_at) })),
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, application, call } = await requireMemberApplication(context, request, params.id)
  const submission = parseWithZod(await readForm(request, context), { schema: ObjectionSchema })
  if (submission.status !== 'success') {
    return json({ message: 'Le signalement n’est pas envoyé : corrigez les points signalés.', result: submission.reply() }, { status: 400 })
  }
  const result = await addLeaderObjection(context.db, user, application, call, submission.value)
  if (!result.ok) return json({ message: result.message, result: submission.reply() }, { status: 400 })
  return redirect(`/mes-candidatures/${application.id}/conflits?envoye=1`)
}

export default function LeaderConflicts() {
  const { open, objections } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [search] = useSearchParams()
  const [form, fields] = useForm<z.input<typeof ObjectionSchema>>({ id: 'signalement', lastResult: actionData?.result ?? null, constraint: getZodConstraint(ObjectionSchema), shouldValidate: 'onSubmit' })
  return (
    <>
      <h1>Conflits d’intérêts</h1>
      <p>
        Si une personne ou une organisation qui pourrait faire partie des jurys a un lien avec votre projet (famille, employeur, partenaire,
        concurrent), signalez-la : l’équipe du programme veillera à ce qu’elle n’évalue pas votre candidature. Les noms des membres des
        jurys ne sont pas publiés.
      </p>
      {search.get('envoye') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Votre signalement est transmis à l’équipe du programme.</p>
        </div>
      ) : null}
      {objections.length ? (
        <ul>
          {objections.map((o) => (
            <li key={o.id}>
              {formatDate(o.createdAt)} : {o.names} — « {o.reason} » ({o.handled ? 'examiné par l’équipe' : 'en attente'})
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucun signalement pour le moment.</p>
      )}
      {open ? (
        <SecureForm method="post" {...getFormProps(form)} noValidate className="fr-mt-4w">
          <FormErrors errors={actionData?.message ? [actionData.message] : null} title="Signalement non envoyé" />
          <TextField
            label="Personnes ou organisations concernées"
            {...fieldProps(fields.names)}
            required={fields.names.required}
            maxLength={fields.names.maxLength}
          />
          <TextAreaField
            label="Le lien avec votre projet"
            {...fieldProps(fields.reason)}
            required={fields.reason.required}
            maxLength={fields.reason.maxLength}
            rows={3}
          />
          <button type="submit" className="fr-btn">
            Signaler un conflit d’intérêts
          </button>
        </SecureForm>
      ) : (
        <p className="fr-mt-4w">Le signalement est possible après le dépôt, jusqu’à la fin de l’évaluation.</p>
      )}
    </>
  )
}

import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { requireRole } from '#app/auth/authorize.server.ts'
import { STRUCTURE_KINDS } from '#app/accelerator/applications/application-form.ts'
import { CallFormSchema } from '#app/accelerator/calls/call-form.ts'
import { createCall } from '#app/accelerator/calls/calls.server.ts'
import { PROGRAMME_CRITERIA, PROGRAMME_FAQ, PROGRAMME_INTRO } from '#app/accelerator/programme-defaults.ts'
import { CallFormFields, type CallFormDefaults } from '#app/components/accelerator/call-form-fields.tsx'
import { FormErrors, SecureForm } from '#app/components/forms.tsx'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'

export const meta: MetaFunction = () => [{ title: pageTitle('Créer un appel') }]

const DEFAULTS: CallFormDefaults = {
  intro: PROGRAMME_INTRO,
  places: '10',
  faq: PROGRAMME_FAQ,
  adminReviews: '2',
  citizenReviews: '3',
  citizenMode: 'numbers',
  combinationRule: 'weighted',
  adminWeight: '50',
  divergenceGap: '1.5',
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, 'programme_team')
  return json({})
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, 'programme_team')
  const submission = parseWithZod(await readForm(request, context), { schema: CallFormSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const result = await createCall(context.db, user, submission.value, {
    eligibleKinds: STRUCTURE_KINDS.map((kind) => kind.value),
    criteria: PROGRAMME_CRITERIA,
  })
  if (!result.ok) return json({ result: submission.reply({ fieldErrors: { [result.error.field]: [result.error.message] } }) }, { status: 400 })
  return redirect(`/equipe/appels/${result.id}?cree=1`)
}

export default function NewCall() {
  const actionData = useActionData<typeof action>()
  const errors = actionData?.result.error ?? {}
  const defaults = (actionData?.result.initialValue as CallFormDefaults | undefined) ?? DEFAULTS
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: '/equipe', label: 'Équipe du programme' }, { to: '/equipe/appels', label: 'Appels à projets' }]} current="Créer un appel" />
      <h1>Créer un appel</h1>
      <p>
        L’appel est créé en brouillon, avec la grille de critères du programme (vous pourrez la modifier). Rien n’est public tant
        que vous ne l’ouvrez pas ou ne programmez pas son ouverture.
      </p>
      <FormErrors errors={Object.keys(errors).length ? ['Corrigez les champs signalés ci-dessous.'] : null} />
      <SecureForm method="post" noValidate>
        <CallFormFields defaults={defaults} errors={errors} />
        <button type="submit" className="fr-btn">
          Créer l’appel en brouillon
        </button>
      </SecureForm>
    </div>
  )
}

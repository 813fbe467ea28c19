import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { FormErrors, SecureForm, SelectField, TextAreaField, TextField } from '#app/components/forms.tsx'
import { notFound, requireRole } from '#app/auth/authorize.server.ts'
import { manageableOrganisations } from '#app/feedback/access.server.ts'
import { createService } from '#app/feedback/services.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { ServiceSchema } from '#app/feedback/schemas.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Créer un service') }]

const CreateSchema = ServiceSchema.extend({
  organisationId: z.string({ error: 'Choisissez l’organisation.' }).uuid('Choisissez l’organisation.'),
})

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, 'service_team')
  const organisations = await manageableOrganisations(context.db, user)
  if (!organisations.length) throw notFound('Vous ne pouvez pas créer de service : vous faites partie de l’équipe d’un service seulement.')
  const selected = new URL(request.url).searchParams.get('organisation')
  return json({ organisations, selected: organisations.some((o) => o.id === selected) ? selected : organisations[0]!.id })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, 'service_team')
  const submission = parseWithZod(await readForm(request, context), { schema: CreateSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const organisations = await manageableOrganisations(context.db, user)
  if (!organisations.some((organisation) => organisation.id === submission.value.organisationId)) {
    return json({ result: submission.reply({ fieldErrors: { organisationId: ['Vous ne pouvez pas créer de service dans cette organisation.'] } }) }, { status: 400 })
  }
  const result = await createService(context.db, user, {
    organisationId: submission.value.organisationId,
    name: submission.value.name,
    description: submission.value.description ?? null,
    procedureUrl: submission.value.procedureUrl ?? null,
  })
  if (!result.ok) {
    return json({ result: submission.reply({ fieldErrors: { name: ['Un service porte déjà ce nom dans cette organisation.'] } }) }, { status: 400 })
  }
  return redirect(`/services/${result.serviceId}/emplacements?cree=1`)
}

export default function NewService() {
  const { organisations, selected } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.result.error ?? {}
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-8">
          <h1>Créer un service</h1>
          <p>
            Un service est une démarche sur laquelle les usagers donnent leur avis, par exemple « Demande de carte d’identité ». Il reçoit le
            questionnaire national « Je donne mon avis » ; vous pourrez ensuite choisir où l’afficher.
          </p>
          <FormErrors errors={actionData?.result.error?.[''] ?? null} />
          <SecureForm method="post" noValidate>
            <SelectField
              label="Organisation"
              name="organisationId"
              options={organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
              defaultValue={selected ?? undefined}
              required
              errors={errors.organisationId}
            />
            <TextField label="Nom de la démarche" hint="Tel que les usagers le connaissent." name="name" required maxLength={150} errors={errors.name} />
            <TextAreaField label="Description (facultatif)" hint="Pour votre équipe : à quoi sert ce service, qui l’utilise." name="description" rows={3} errors={errors.description} />
            <TextField label="Adresse de la démarche en ligne (facultatif)" hint="Par exemple https://www.service-public.fr/particuliers/vosdroits/…" name="procedureUrl" type="url" errors={errors.procedureUrl} />
            <ul className="fr-btns-group fr-btns-group--inline-md">
              <li>
                <button type="submit" className="fr-btn">
                  Créer le service
                </button>
              </li>
              <li>
                <Link className="fr-btn fr-btn--tertiary" to="/services">
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

import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FormErrors, SecureForm, SelectField, TextAreaField, TextField } from '#app/components/forms.tsx'
import { requireService } from '#app/feedback/access.server.ts'
import { ORIGINS_HINT, PlacementSchema } from '#app/feedback/schemas.ts'
import { createPlacement, listForms, listPlacements, parseOrigins } from '#app/feedback/services.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Emplacements et intégration') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { service } = await requireService(context, request, params.serviceId)
  const [placements, forms] = await Promise.all([listPlacements(context.db, service.id), listForms(context.db, service.id)])
  return json({ service: { id: service.id, name: service.name }, placements, forms: forms.map((form) => ({ value: form.id, label: form.name })) })
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, service } = await requireService(context, request, params.serviceId)
  const submission = parseWithZod(await readForm(request, context), { schema: PlacementSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const { origins, invalid } = parseOrigins(submission.value.origins ?? '')
  if (invalid.length) {
    return json(
      { result: submission.reply({ fieldErrors: { origins: [`Adresse de site non valable : ${invalid.slice(0, 3).join(', ')}. Écrivez l’adresse complète du site, sans chemin, par exemple https://www.exemple.gouv.fr.`] } }) },
      { status: 400 },
    )
  }
  const placementId = await createPlacement(context.db, user, service.id, { name: submission.value.name, formId: submission.value.formId, allowedOrigins: origins })
  if (!placementId) return json({ result: submission.reply({ fieldErrors: { formId: ['Ce questionnaire n’existe pas.'] } }) }, { status: 400 })
  return redirect(`/services/${service.id}/emplacements/${placementId}?cree=1`)
}

export default function Placements() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errors = actionData?.result.error ?? {}
  const base = `/services/${data.service.id}`
  return (
    <>
      <h1>Emplacements et intégration</h1>
      {params.get('cree') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Le service est créé avec le questionnaire national. Créez maintenant un emplacement pour obtenir les codes à intégrer.</p>
        </div>
      ) : null}
      <p>
        Un emplacement est un endroit où vous montrez le questionnaire : la page de confirmation de la démarche, l’e-mail de suivi, l’espace
        personnel… Chaque emplacement a ses codes d’intégration, et ses avis sont comptés à part.
      </p>
      <section aria-labelledby="liste" className="fr-mb-6w">
        <h2 id="liste">Vos emplacements</h2>
        {data.placements.length === 0 ? (
          <div className="fr-callout">
            <p className="fr-callout__text">Aucun emplacement pour l’instant. Créez le premier avec le formulaire ci-dessous.</p>
          </div>
        ) : (
          <div className="fr-table">
            <table>
              <caption>{`Emplacements (${data.placements.length})`}</caption>
              <thead>
                <tr>
                  <th scope="col">Emplacement</th>
                  <th scope="col">Questionnaire</th>
                  <th scope="col">État</th>
                  <th scope="col">Créé le</th>
                </tr>
              </thead>
              <tbody>
                {data.placements.map((placement) => (
                  <tr key={placement.id}>
                    <td>
                      <Link to={`${base}/emplacements/${placement.id}`}>{placement.name}</Link>
                    </td>
                    <td>{placement.form_name}</td>
                    <td>
                      {placement.enabled ? (
                        <span className="fr-badge fr-badge--success fr-badge--sm">Actif</span>
                      ) : (
                        <span className="fr-badge fr-badge--sm">Désactivé</span>
                      )}
                    </td>
                    <td>{formatDate(placement.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="nouveau">
        <h2 id="nouveau">Créer un emplacement</h2>
        <FormErrors errors={actionData?.result.error?.[''] ?? null} />
        <SecureForm method="post" noValidate>
          <TextField label="Nom de l’emplacement" hint="Par exemple : Page de confirmation, E-mail de suivi." name="name" required maxLength={100} errors={errors.name} />
          <SelectField label="Questionnaire" name="formId" options={data.forms} required errors={errors.formId} />
          <TextAreaField label="Sites autorisés (facultatif)" hint={ORIGINS_HINT} name="origins" rows={3} errors={errors.origins} />
          <button type="submit" className="fr-btn">
            Créer l’emplacement
          </button>
        </SecureForm>
      </section>
    </>
  )
}

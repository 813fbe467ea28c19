import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { FormErrors, SecureForm, SelectField, TextAreaField, TextField } from '#app/components/forms.tsx'
import { notFound } from '#app/auth/authorize.server.ts'
import { requireService } from '#app/feedback/access.server.ts'
import { isUuid } from '#app/utils/uuid.ts'
import { EmbedCodeBlock } from '#app/components/feedback/embed-code.tsx'
import { buttonImageUrl, EMBED_LABELS, embedCode, publicFormUrl, type EmbedKind } from '#app/feedback/embed-codes.ts'
import { ORIGINS_HINT, PlacementSchema } from '#app/feedback/schemas.ts'
import { findPlacement, listForms, parseOrigins, updatePlacement } from '#app/feedback/services.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Emplacement « ${data.placement.name} »` : 'Emplacement') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { service } = await requireService(context, request, params.serviceId)
  const placement = isUuid(params.placementId) ? await findPlacement(context.db, service.id, params.placementId) : null
  if (!placement) throw notFound('Cet emplacement n’existe pas.')
  const forms = await listForms(context.db, service.id)
  const appUrl = context.env.APP_URL
  const kinds: EmbedKind[] = ['bouton', 'widget', 'sourire']
  return json({
    service: { id: service.id, name: service.name },
    placement,
    forms: forms.map((form) => ({ value: form.id, label: form.name })),
    codes: kinds.map((kind) => ({ kind, ...EMBED_LABELS[kind], code: embedCode(kind, appUrl, placement.id) })),
    formUrl: publicFormUrl(appUrl, placement.id),
    imageUrl: buttonImageUrl(appUrl),
  })
}

const UpdateSchema = PlacementSchema.extend({ enabled: z.literal('oui').optional() })

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, service } = await requireService(context, request, params.serviceId)
  if (!isUuid(params.placementId)) throw notFound('Cet emplacement n’existe pas.')
  const submission = parseWithZod(await readForm(request, context), { schema: UpdateSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const { origins, invalid } = parseOrigins(submission.value.origins ?? '')
  if (invalid.length) {
    return json(
      { result: submission.reply({ fieldErrors: { origins: [`Adresse de site non valable : ${invalid.slice(0, 3).join(', ')}. Écrivez l’adresse complète du site, sans chemin, par exemple https://www.exemple.gouv.fr.`] } }) },
      { status: 400 },
    )
  }
  const updated = await updatePlacement(context.db, user, service.id, params.placementId, {
    name: submission.value.name,
    formId: submission.value.formId,
    allowedOrigins: origins,
    enabled: submission.value.enabled === 'oui',
  })
  if (!updated) throw notFound('Cet emplacement n’existe pas.')
  return redirect(`/services/${service.id}/emplacements/${params.placementId}?enregistre=1`)
}

export default function PlacementPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errors = actionData?.result.error ?? {}
  const base = `/services/${data.service.id}`
  const { placement } = data
  return (
    <>
      <h1>{`Emplacement « ${placement.name} »`}</h1>
      {params.get('cree') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>L’emplacement est créé. Copiez ci-dessous le code qui convient à votre page.</p>
        </div>
      ) : null}
      {params.get('enregistre') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Les modifications sont enregistrées.</p>
        </div>
      ) : null}
      {!placement.enabled ? (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w">
          <p>Cet emplacement est désactivé : le questionnaire n’accepte plus d’avis par ce chemin.</p>
        </div>
      ) : null}
      <p>
        <Link to={`${base}?emplacement=${placement.id}`}>Voir les avis reçus par cet emplacement</Link>
      </p>
      <section aria-labelledby="codes">
        <h2 id="codes">Codes d’intégration</h2>
        <p>
          {`Identifiant de l’emplacement : `}
          <code>{placement.id}</code>
          {`. Lien direct vers le questionnaire : `}
          <a href={data.formUrl} target="_blank" rel="noopener noreferrer" title="Ouvrir le questionnaire – nouvelle fenêtre">
            {data.formUrl}
          </a>
        </p>
        {data.codes.map((entry) => (
          <div key={entry.kind} className="fr-mb-6w" id={`code-${entry.kind}`}>
            <h3>{entry.title}</h3>
            <p>{entry.description}</p>
            <EmbedCodeBlock id={`code-${entry.kind}-texte`} code={entry.code} label={`Code HTML : ${entry.title}`} />
            <h4 className="fr-h6 fr-mt-3w">Aperçu</h4>
            {entry.kind === 'bouton' ? (
              <a href={data.formUrl} target="_blank" rel="noopener noreferrer" title="Je donne mon avis – nouvelle fenêtre">
                <img src="/integration/bouton-bleu.svg" alt="Je donne mon avis" width={200} height={56} />
              </a>
            ) : entry.kind === 'widget' ? (
              <>
                <p className="fr-text--sm">Sur votre page, un bouton ouvre cette fenêtre. Dans l’aperçu, les clics n’enregistrent rien.</p>
                <span className="fr-btn fr-mb-2w" aria-hidden="true">
                  Je donne mon avis
                </span>
                <iframe
                  src={`/integration/avis/${placement.id}?apercu=1`}
                  title="Aperçu du questionnaire dans la fenêtre intégrée"
                  style={{ width: '100%', maxWidth: '40rem', height: '22rem', border: '1px solid var(--border-default-grey)', display: 'block' }}
                />
              </>
            ) : (
              <>
                <p className="fr-text--sm">Dans l’aperçu, les clics n’enregistrent rien.</p>
                <iframe
                  src={`/integration/sourire/${placement.id}?apercu=1`}
                  title="Aperçu de l’avis en un clic"
                  style={{ width: '100%', maxWidth: '40rem', height: '12rem', border: '1px solid var(--border-default-grey)', display: 'block' }}
                />
              </>
            )}
          </div>
        ))}
      </section>
      <section aria-labelledby="reglages">
        <h2 id="reglages">Réglages de l’emplacement</h2>
        <FormErrors errors={actionData?.result.error?.[''] ?? null} />
        <SecureForm method="post" noValidate>
          <TextField label="Nom de l’emplacement" name="name" required maxLength={100} defaultValue={placement.name} errors={errors.name} />
          <SelectField label="Questionnaire" name="formId" options={data.forms} defaultValue={placement.form_id} required errors={errors.formId} />
          <TextAreaField label="Sites autorisés" hint={ORIGINS_HINT} name="origins" rows={3} defaultValue={placement.allowed_origins.join('\n')} errors={errors.origins} />
          <div className="fr-checkbox-group fr-mb-3w">
            <input type="checkbox" id="emplacement-actif" name="enabled" value="oui" defaultChecked={placement.enabled} />
            <label className="fr-label" htmlFor="emplacement-actif">
              Accepter les avis par cet emplacement
              <span className="fr-hint-text">Décochez pour le désactiver : les codes déjà intégrés affichent alors un message.</span>
            </label>
          </div>
          <button type="submit" className="fr-btn">
            Enregistrer les réglages
          </button>
        </SecureForm>
      </section>
    </>
  )
}

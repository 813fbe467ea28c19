import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation, useSearchParams } from '@remix-run/react'
import { SecureForm, SelectField, TextAreaField, TextField } from '#app/components/forms.tsx'
import { REFUSAL_REASONS, refusalLabel } from '#app/experiences/labels.ts'
import { archiveRefusalTemplate, createRefusalTemplate, listRefusalTemplates, updateRefusalTemplate } from '#app/experiences/moderation.server.ts'
import { RefusalTemplateSchema } from '#app/experiences/schemas.ts'
import { requireOrganisation } from '#app/feedback/access.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

// Refusal templates of an organisation (issue 19, decision 102): a reason of the closed list plus the message
// sent to the author, picked in the moderation queue of every service of the organisation. Same access as the
// transfers page: the people who hold the service team role on the organisation as a whole.

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Modèles de refus – ${data.organisation.name}` : 'Modèles de refus') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrganisation(context, request, params.organisationId)
  return json({ organisation, templates: await listRefusalTemplates(context.db, organisation.id) })
}

type Errors = Record<string, string[] | undefined>

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireOrganisation(context, request, params.organisationId)
  const submission = parseWithZod(await readForm(request, context), { schema: RefusalTemplateSchema })
  // Which form the errors belong to: the new template, or the template being edited.
  const { intent, templateId } = submission.payload
  const target = typeof templateId === 'string' && intent === 'edit' ? templateId : 'nouveau'
  if (submission.status !== 'success') {
    const error = (submission.reply().error ?? {}) as Errors
    // A template id that is not one (a page kept open too long, or a forged post): said above the list, not next to a field.
    const message = error.templateId?.[0] ?? (error.intent ? 'Rechargez la page puis recommencez.' : null)
    return json({ target, error, message }, { status: 400 })
  }
  const base = `/services/organisations/${organisation.id}/modeles-de-refus`
  const value = submission.value
  if (value.intent === 'create') {
    await createRefusalTemplate(context.db, user, organisation.id, { reason: value.reason, title: value.title, message: value.message })
    return redirect(`${base}?cree=1`)
  }
  const done =
    value.intent === 'edit'
      ? await updateRefusalTemplate(context.db, user, organisation.id, value.templateId, { reason: value.reason, title: value.title, message: value.message })
      : await archiveRefusalTemplate(context.db, user, organisation.id, value.templateId)
  if (!done) return json({ target, error: {} as Errors, message: 'Ce modèle n’existe pas ou a déjà été supprimé. Rien n’a été modifié.' }, { status: 404 })
  return redirect(`${base}?${value.intent === 'edit' ? 'modifie' : 'supprime'}=1`)
}

const REASON_OPTIONS = REFUSAL_REASONS.map((reason) => ({ value: reason.value, label: reason.label }))

function TemplateFields({ errors, defaults }: { errors: Errors; defaults?: { reason: string; title: string; message: string } }) {
  return (
    <>
      <TextField label="Nom du modèle" hint="Vu seulement par votre équipe, dans la liste des motifs. 80 caractères au plus." name="title" required maxLength={80} defaultValue={defaults?.title} errors={errors.title} />
      <SelectField label="Motif" hint="Le motif de la liste fermée, affiché à l’auteur." name="reason" required options={REASON_OPTIONS} placeholder="Choisissez un motif" defaultValue={defaults?.reason ?? ''} errors={errors.reason} />
      <TextAreaField
        label="Message envoyé à l’auteur"
        hint="Ajouté au motif dans l’e-mail de refus. Écrivez simplement, sans jargon. 1000 caractères au plus."
        name="message"
        rows={4}
        required
        maxLength={1000}
        defaultValue={defaults?.message}
        errors={errors.message}
      />
    </>
  )
}

const NOTICES: Record<string, string> = {
  cree: 'Le modèle est créé : il est proposé dans la file de modération de tous les services de l’organisation.',
  modifie: 'Le modèle est modifié. Les expériences déjà refusées gardent le message qui a été envoyé.',
  supprime: 'Le modèle est supprimé de la liste. Les expériences déjà refusées gardent le message qui a été envoyé.',
}

export default function RefusalTemplates() {
  const { organisation, templates } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  // A new key after each redirect: the form of a saved template comes back empty, not with the last text (no double submission).
  const { key } = useLocation()
  const notice = Object.keys(NOTICES).find((key) => params.get(key))
  const errorsFor = (target: string): Errors => (actionData && actionData.target === target ? actionData.error : {})
  return (
    <div className="fr-container fr-pb-6w">
      <Breadcrumb currentPageLabel="Modèles de refus" segments={[{ label: 'Mes services', linkProps: { href: '/services' } }, { label: organisation.name, linkProps: { href: `/services/organisations/${organisation.id}` } }]} />
      <h1>Modèles de refus</h1>
      <p>
        Quand une expérience ne peut pas être publiée, l’équipe choisit un motif. Un modèle ajoute au motif un message écrit une fois pour toutes, envoyé à
        l’auteur (s’il a laissé son adresse). Les modèles servent à tous les services de l’organisation.{' '}
        <Link to={`/services/organisations/${organisation.id}/transferts`}>Voir les transferts reçus</Link>
      </p>
      {notice ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>{NOTICES[notice]}</p>
        </div>
      ) : null}
      {actionData?.message ? (
        <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
          <p>{actionData.message}</p>
        </div>
      ) : null}
      <h2>{`Modèles de l’organisation (${templates.length})`}</h2>
      {templates.length ? (
        <ul className="fr-raw-list">
          {templates.map((template) => {
            const errors = errorsFor(template.id)
            return (
              <li key={template.id} className="fr-p-3w fr-mb-3w" style={{ border: '1px solid var(--border-default-grey)' }}>
                <h3 className="fr-h5 fr-mb-1w">{template.title}</h3>
                <p className="fr-badge fr-badge--sm fr-badge--info">{refusalLabel(template.reason)}</p>
                <p className="fr-mt-1w" style={{ whiteSpace: 'pre-line' }}>
                  {template.message}
                </p>
                <p className="fr-text--xs fr-mb-2w">{`Créé le ${formatDateTime(template.created_at)}`}</p>
                <details open={Object.keys(errors).length > 0} className="fr-mb-2w">
                  <summary className="fr-link">{`Modifier « ${template.title} »`}</summary>
                  <SecureForm method="post" noValidate className="fr-mt-2w">
                    <input type="hidden" name="intent" value="edit" />
                    <input type="hidden" name="templateId" value={template.id} />
                    <TemplateFields errors={errors} defaults={template} />
                    <button type="submit" className="fr-btn fr-btn--sm">
                      Enregistrer les modifications
                    </button>
                  </SecureForm>
                </details>
                <SecureForm method="post">
                  <input type="hidden" name="intent" value="archive" />
                  <input type="hidden" name="templateId" value={template.id} />
                  <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-delete-line fr-btn--icon-left">
                    {`Supprimer « ${template.title} »`}
                  </button>
                </SecureForm>
              </li>
            )
          })}
        </ul>
      ) : (
        <p data-testid="aucun-modele">
          Aucun modèle pour l’instant. L’équipe choisit alors un motif de la liste, sans message ajouté. Créez un modèle pour les refus que vous écrivez
          souvent.
        </p>
      )}
      <h2 className="fr-mt-6w">Ajouter un modèle</h2>
      <SecureForm key={key} method="post" noValidate>
        <input type="hidden" name="intent" value="create" />
        <TemplateFields errors={errorsFor('nouveau')} />
        <button type="submit" className="fr-btn">
          Ajouter le modèle
        </button>
      </SecureForm>
    </div>
  )
}

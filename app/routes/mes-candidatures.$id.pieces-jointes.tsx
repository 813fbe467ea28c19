import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { requireMemberApplication } from '#app/accelerator/applications/leader-access.server.ts'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { addAttachment, listAttachments, removeAttachment } from '#app/accelerator/applications/applications.server.ts'
import {
  ATTACHMENT_KINDS,
  ATTACHMENTS_SECTION,
  AttachmentKindSchema,
  attachmentKindWord,
  missingAttachments,
  requiredAttachmentKinds,
  type Answers,
} from '#app/accelerator/applications/application-form.ts'
import { editability } from '#app/accelerator/applications/application-states.ts'
import { FormErrors, SecureForm } from '#app/components/forms.tsx'
import { now } from '#app/utils/clock.server.ts'
import { formatFileSize } from '#app/utils/format.ts'
import { firstFieldErrors, readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { MAX_FILE_BYTES } from '#app/accelerator/limits.ts'

export const meta: MetaFunction = () => [{ title: pageTitle(ATTACHMENTS_SECTION.title) }]

const ActionSchema = z.discriminatedUnion('intent', [
  // English values; the French ones of a page opened before migration 0024 are accepted and stored in English.
  z.object({ intent: z.literal('add'), kind: AttachmentKindSchema }),
  z.object({ intent: z.literal('remove'), fileId: z.string().max(100) }),
])

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { application, call } = await requireMemberApplication(context, request, params.id)
  const files = await listAttachments(context.db, application.id)
  return json({
    id: application.id,
    files,
    required: requiredAttachmentKinds(application.answers as Answers),
    missing: missingAttachments(application.answers as Answers, files),
    edit: editability(application, call, now()),
  })
}

/**
 * A refusal, shown next to the field it is about (`field`), or above the form when it is about
 * the application (closed, not found) or a removal. `kind` gives back the chosen document type.
 */
interface ActionError {
  message: string
  field?: 'fichier' | 'kind'
  intent?: 'add' | 'remove'
  kind?: string
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, application } = await requireMemberApplication(context, request, params.id)
  const formData = await readForm(request, context)
  // The fields through the schema; the file itself is read from the form below.
  const submission = parseWithZod(formData, { schema: ActionSchema })
  if (submission.status !== 'success') {
    const errors = firstFieldErrors(submission.error)
    const onKind = submission.payload.intent === 'add' && Boolean(errors.kind)
    return json<ActionError>({ message: (onKind ? errors.kind : Object.values(errors)[0]) ?? 'Demande incorrecte.', field: onKind ? 'kind' : undefined }, { status: 400 })
  }
  const services = acceleratorServices(context)
  if (submission.value.intent === 'remove') {
    const result = await removeAttachment(services, user, application.id, submission.value.fileId)
    if (!result.ok) return json<ActionError>({ message: result.message, intent: 'remove' }, { status: result.status })
    return redirect(`/mes-candidatures/${application.id}/pieces-jointes?supprime=1`)
  }
  const { kind } = submission.value
  const file = formData.get('fichier')
  if (!(file instanceof File) || !file.name) return json<ActionError>({ message: 'Choisissez un fichier sur votre appareil.', field: 'fichier', intent: 'add', kind }, { status: 400 })
  const result = await addAttachment(services, user, application.id, kind, file)
  if (!result.ok) {
    // The file itself is refused (content, size, count): next to the file field. A closed or
    // unknown application: above the form.
    const field = result.status === 400 || result.status === 413 ? 'fichier' : undefined
    return json<ActionError>({ message: result.message, field, intent: 'add', kind }, { status: result.status })
  }
  return redirect(`/mes-candidatures/${application.id}/pieces-jointes?ajoute=1`)
}

export default function Attachments() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [params] = useSearchParams()
  const [clientError, setClientError] = useState<string | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)
  const uploading = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'add'
  const fileError = clientError ?? (actionData?.field === 'fichier' ? actionData.message : null)
  const kindError = actionData?.field === 'kind' ? actionData.message : null
  const formError = actionData && !actionData.field ? actionData.message : null
  // With JavaScript the page does not reload: bring the person back to the refused field, whose
  // label and message a screen reader then reads. Without it, the message is in the page as sent.
  useEffect(() => {
    if (actionData?.field === 'fichier') fileInput.current?.focus()
  }, [actionData])
  return (
    <>
      <h1>{ATTACHMENTS_SECTION.title}</h1>
      <p>{ATTACHMENTS_SECTION.intro}</p>
      {params.get('ajoute') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Le fichier est ajouté à votre candidature.</p>
        </div>
      ) : params.get('supprime') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Le fichier est supprimé.</p>
        </div>
      ) : null}
      <FormErrors errors={formError ? [formError] : null} title={actionData?.intent === 'remove' ? 'Le fichier n’a pas été supprimé' : 'Le fichier n’a pas été ajouté'} />

      {data.required.length ? (
        <p>
          Documents obligatoires :{' '}
          {data.required.map((kind) => ATTACHMENT_KINDS.find((k) => k.value === kind)?.label.toLowerCase()).join(' ; ')}.
          {data.missing.length ? ` Il manque encore ${data.missing.length === 1 ? 'un document' : `${data.missing.length} documents`}.` : ' Tout y est.'}
        </p>
      ) : (
        <p>Pour un collectif sans statut juridique, aucun document n’est obligatoire. Vous pouvez joindre une charte ou une présentation.</p>
      )}

      <section aria-labelledby="fichiers" className="fr-mb-6w">
        <h2 id="fichiers">Fichiers joints</h2>
        {data.files.length === 0 ? (
          <p>Aucun fichier pour le moment.</p>
        ) : (
          <div className="fr-table fr-table--no-caption">
            <table>
              <caption>Fichiers joints ({data.files.length})</caption>
              <thead>
                <tr>
                  <th scope="col">Document</th>
                  <th scope="col">Type</th>
                  <th scope="col">Taille</th>
                  {data.edit.editable ? <th scope="col">Action</th> : null}
                </tr>
              </thead>
              <tbody>
                {data.files.map((file) => (
                  <tr key={file.id}>
                    <td>
                      <a href={`/pieces-jointes/${file.id}`} download>
                        {file.original_name}
                      </a>
                    </td>
                    <td>{ATTACHMENT_KINDS.find((kind) => kind.value === file.kind)?.label}</td>
                    <td>{formatFileSize(file.size_bytes)}</td>
                    {data.edit.editable ? (
                      <td>
                        <SecureForm method="post">
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="fileId" value={file.id} />
                          <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary" title={`Supprimer ${file.original_name}`}>
                            Supprimer
                          </button>
                        </SecureForm>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {data.edit.editable ? (
        <section aria-labelledby="ajouter">
          <h2 id="ajouter">Ajouter un fichier</h2>
          <SecureForm
            method="post"
            encType="multipart/form-data"
            onSubmit={(event) => {
              const input = event.currentTarget.elements.namedItem('fichier') as HTMLInputElement | null
              const file = input?.files?.[0]
              if (file && file.size > MAX_FILE_BYTES) {
                event.preventDefault()
                setClientError(`Ce fichier pèse ${formatFileSize(file.size)} : la limite est de 10 Mo. Réduisez-le, puis réessayez.`)
                input?.focus()
              } else setClientError(null)
            }}
          >
            <input type="hidden" name="intent" value="add" />
            <div className={`fr-select-group${kindError ? ' fr-select-group--error' : ''}`}>
              <label className="fr-label" htmlFor="type-document">
                Type de document
              </label>
              <select
                className={`fr-select${kindError ? ' fr-select--error' : ''}`}
                id="type-document"
                name="kind"
                // Keyed by the refusal so the type the person chose comes back after it.
                key={actionData?.kind ?? 'initial'}
                defaultValue={actionData?.kind ?? data.missing[0] ?? 'other'}
                aria-invalid={kindError ? true : undefined}
                aria-describedby={kindError ? 'type-document-erreur' : undefined}
              >
                {ATTACHMENT_KINDS.map((kind) => (
                  <option key={kind.value} value={kind.value}>
                    {kind.label}
                  </option>
                ))}
              </select>
              {kindError ? (
                <p className="fr-error-text" id="type-document-erreur">
                  {kindError}
                </p>
              ) : null}
            </div>
            <div className={`fr-upload-group fr-mb-3w${fileError ? ' fr-upload-group--error' : ''}`} id={`fichier-${attachmentKindWord(data.missing[0] ?? 'other')}`}>
              <label className="fr-label" htmlFor="fichier">
                Fichier
                <span className="fr-hint-text">Taille maximale : 10 Mo. Formats acceptés : PDF, ODT, DOCX, JPG, PNG.</span>
              </label>
              <input
                ref={fileInput}
                className="fr-upload"
                type="file"
                id="fichier"
                name="fichier"
                required
                aria-invalid={fileError ? true : undefined}
                aria-describedby={fileError ? 'fichier-erreur' : undefined}
                accept=".pdf,.odt,.docx,.jpg,.jpeg,.png,application/pdf,application/vnd.oasis.opendocument.text,application/vnd.openxmlformats-officedocument.wordprocessingml.document,image/jpeg,image/png"
              />
              {fileError ? (
                <p className="fr-error-text" id="fichier-erreur">
                  {fileError}
                </p>
              ) : null}
            </div>
            <button type="submit" className="fr-btn" disabled={uploading}>
              {uploading ? 'Envoi en cours…' : 'Ajouter ce fichier'}
            </button>
          </SecureForm>
        </section>
      ) : (
        <div className="fr-alert fr-alert--info">
          <p>{data.edit.editable ? '' : data.edit.reason}</p>
        </div>
      )}
    </>
  )
}

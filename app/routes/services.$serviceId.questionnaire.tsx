import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { FormErrors, SecureForm, TextAreaField, TextField } from '#app/components/forms.tsx'
import { notFound } from '#app/auth/authorize.server.ts'
import { requireService } from '#app/feedback/access.server.ts'
import { DEFAULT_DEFINITION, DEFAULT_THANKS, OPTIONAL_QUESTIONS, SATISFACTION_QUESTION } from '#app/feedback/questionnaire.ts'
import { FormVersionSchema, NewFormSchema } from '#app/feedback/schemas.ts'
import { createForm, listForms, saveFormVersion } from '#app/feedback/services.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Questionnaire') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { service } = await requireService(context, request, params.serviceId)
  return json({ service: { id: service.id, name: service.name }, forms: await listForms(context.db, service.id) })
}

const ActionSchema = z.discriminatedUnion('intent', [FormVersionSchema, NewFormSchema])

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, service } = await requireService(context, request, params.serviceId)
  const submission = parseWithZod(await readForm(request, context), { schema: ActionSchema })
  if (submission.status !== 'success') return json({ result: submission.reply(), formId: null }, { status: 400 })
  const value = submission.value
  if (value.intent === 'create') {
    await createForm(context.db, user, service.id, value.name, DEFAULT_DEFINITION)
    return redirect(`/services/${service.id}/questionnaire?ajoute=1`)
  }
  const outcome = await saveFormVersion(context.db, user, service.id, value.formId, { questions: value.questions ?? [], thanks: value.thanks ?? null })
  if (!outcome) throw notFound('Ce questionnaire n’existe pas.')
  return redirect(`/services/${service.id}/questionnaire?${outcome.changed ? `version=${outcome.version}` : 'inchange=1'}`)
}

export default function Questionnaire() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errors = actionData?.result.error ?? {}
  const notice = params.get('version')
    ? `Nouvelle version ${params.get('version')} enregistrée. Les avis déjà reçus gardent la version à laquelle ils ont répondu.`
    : params.get('inchange')
      ? 'Aucune modification : la version actuelle est conservée.'
      : params.get('ajoute')
        ? 'Questionnaire ajouté. Choisissez-le dans un emplacement pour l’afficher.'
        : null
  return (
    <>
      <h1>Questionnaire</h1>
      {notice ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <p>
        Le questionnaire suit le questionnaire national « Je donne mon avis », avec sa formulation. La première question est toujours posée :
        « {SATISFACTION_QUESTION} ». Vous choisissez les questions suivantes. Chaque modification crée une nouvelle version ; les avis déjà reçus
        gardent la leur, et vous pouvez filtrer les tableaux de bord par version.
      </p>
      <FormErrors errors={errors[''] ?? null} />
      {data.forms.map((form) => {
        const definition = form.definition ?? DEFAULT_DEFINITION
        return (
          <section key={form.id} aria-labelledby={`questionnaire-${form.id}`} className="fr-mb-6w">
            <h2 id={`questionnaire-${form.id}`}>{form.name}</h2>
            <p>{`Version actuelle : ${form.version ?? '—'}${form.version_created_at ? `, depuis le ${formatDate(form.version_created_at)}` : ''}.`}</p>
            <SecureForm method="post" noValidate>
              <input type="hidden" name="intent" value="version" />
              <input type="hidden" name="formId" value={form.id} />
              <fieldset className="fr-fieldset" aria-labelledby={`questions-${form.id}`}>
                <legend className="fr-fieldset__legend" id={`questions-${form.id}`}>
                  Questions posées après la première
                </legend>
                {OPTIONAL_QUESTIONS.map((question) => (
                  <div key={question.key} className="fr-fieldset__element">
                    <div className="fr-checkbox-group">
                      <input type="checkbox" id={`${form.id}-${question.key}`} name="questions" value={question.key} defaultChecked={definition.questions.includes(question.key)} />
                      <label className="fr-label" htmlFor={`${form.id}-${question.key}`}>
                        {question.label}
                      </label>
                    </div>
                  </div>
                ))}
              </fieldset>
              <TextAreaField
                label="Message de remerciement (facultatif)"
                hint={`Affiché après la dernière réponse. Par défaut : « ${DEFAULT_THANKS} »`}
                name="thanks"
                rows={2}
                defaultValue={definition.thanks ?? ''}
                errors={errors.thanks}
              />
              <button type="submit" className="fr-btn">
                Enregistrer une nouvelle version
              </button>
            </SecureForm>
            <div className="fr-table fr-mt-3w">
              <table>
                <caption>{`Versions de « ${form.name} »`}</caption>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Créée le</th>
                    <th scope="col">Questions</th>
                    <th scope="col">État</th>
                  </tr>
                </thead>
                <tbody>
                  {form.versions.map((version) => (
                    <tr key={version.id}>
                      <td>{version.version}</td>
                      <td>{formatDate(version.created_at)}</td>
                      <td>{version.definition.questions.map((key) => OPTIONAL_QUESTIONS.find((q) => q.key === key)?.label ?? key).join(' ; ') || 'Première question seulement'}</td>
                      <td>{version.id === form.current_version_id ? 'Actuelle' : 'Remplacée (avis conservés)'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )
      })}
      <section aria-labelledby="ajouter">
        <h2 id="ajouter">Ajouter un questionnaire</h2>
        <p>Utile pour un emplacement qui demande un questionnaire plus court, par exemple dans un e-mail.</p>
        <SecureForm method="post" noValidate>
          <input type="hidden" name="intent" value="create" />
          <TextField label="Nom du questionnaire" name="name" required maxLength={100} errors={errors.name} />
          <button type="submit" className="fr-btn fr-btn--secondary">
            Ajouter le questionnaire
          </button>
        </SecureForm>
      </section>
    </>
  )
}

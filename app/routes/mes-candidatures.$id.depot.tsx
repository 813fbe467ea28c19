import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { progressOf } from '#app/accelerator/applications.server.ts'
import { fieldId, isComplete, SECTIONS, ATTACHMENTS_SECTION } from '#app/accelerator/application-form.ts'
import { callAcceptsSubmissions, editability } from '#app/accelerator/application-states.ts'
import { submitApplication, transitionApplication } from '#app/accelerator/application-state-machine.server.ts'
import { requireMemberApplication } from '#app/accelerator/leader-access.server.ts'
import { FormErrors, SecureForm } from '#app/components/forms.tsx'
import { now } from '#app/utils/clock.server.ts'
import { formatDateAtTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Vérifier et déposer') }]

const ActionSchema = z.object({ intent: z.enum(['deposer', 'rouvrir']) })

function problemHref(applicationId: string, sectionKey: string, field: string) {
  if (sectionKey === ATTACHMENTS_SECTION.key) return `/mes-candidatures/${applicationId}/${ATTACHMENTS_SECTION.slug}`
  const section = SECTIONS.find((s) => s.key === sectionKey)!
  return `/mes-candidatures/${applicationId}/${section.slug}#${fieldId(sectionKey, field)}`
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { application, call } = await requireMemberApplication(context, request, params.id)
  const progress = await progressOf(context.db, application)
  const at = now()
  return json({
    id: application.id,
    state: application.state,
    reference: application.reference,
    closesAt: call.closes_at,
    open: callAcceptsSubmissions(call, at),
    edit: editability(application, call, at),
    complete: isComplete(progress),
    problems: progress
      .filter((section) => section.problems.length)
      .map((section) => ({
        title: section.title,
        slug: section.slug,
        items: section.problems.map((problem) => ({ ...problem, href: problemHref(application.id, section.key, problem.field) })),
      })),
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, application } = await requireMemberApplication(context, request, params.id)
  const formData = await readForm(request, context)
  const parsed = ActionSchema.safeParse({ intent: formData.get('intent') })
  if (!parsed.success) return json({ message: 'Demande incorrecte.' }, { status: 400 })
  const services = acceleratorServices(context)
  if (parsed.data.intent === 'rouvrir') {
    const result = await transitionApplication(services, user, application.id, 'reopen')
    if (!result.ok) return json({ message: result.message }, { status: 409 })
    return redirect(`/mes-candidatures/${application.id}?rouverte=1`)
  }
  const result = await submitApplication(services, user, application.id)
  if (!result.ok) return json({ message: result.message }, { status: result.error === 'incomplete' ? 400 : 409 })
  return redirect(`/mes-candidatures/${application.id}/attestation${result.already ? '' : '?deposee=1'}`)
}

export default function Submit() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const submitting = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'deposer'
  const canSubmit = (data.state === 'brouillon' && data.open) || data.state === 'correction_demandee'
  return (
    <>
      <h1>{data.state === 'brouillon' || data.state === 'correction_demandee' ? 'Vérifier et déposer' : 'Dépôt de la candidature'}</h1>
      <FormErrors errors={actionData?.message ? [actionData.message] : null} title="La candidature n’a pas été déposée" />

      {data.state === 'deposee' ? (
        <>
          <p>
            Votre candidature est déposée sous la référence <strong>{data.reference}</strong>.{' '}
            <Link to={`/mes-candidatures/${data.id}/attestation`}>Voir l’attestation de dépôt</Link>
          </p>
          {data.open ? (
            <>
              <p>
                Jusqu’au {formatDateAtTime(data.closesAt)}, vous pouvez la rouvrir pour la modifier. Elle redevient alors un
                brouillon : <strong>pensez à la déposer de nouveau avant la date limite</strong>, sinon elle ne sera pas examinée.
              </p>
              <SecureForm method="post">
                <input type="hidden" name="intent" value="rouvrir" />
                <button type="submit" className="fr-btn fr-btn--secondary">
                  Rouvrir pour modifier
                </button>
              </SecureForm>
            </>
          ) : (
            <p>La date limite est passée : elle ne peut plus être modifiée.</p>
          )}
        </>
      ) : canSubmit ? (
        <>
          {data.state === 'brouillon' ? <p>Date limite de dépôt : {formatDateAtTime(data.closesAt)} (heure de Paris).</p> : null}
          {data.complete ? (
            <div className="fr-alert fr-alert--success fr-mb-4w">
              <h2 className="fr-alert__title">Votre candidature est complète</h2>
              <p>
                Relisez-la si besoin, puis déposez-la. Vous recevrez un accusé de réception par e-mail, avec une attestation
                de dépôt.
              </p>
            </div>
          ) : (
            <div className="fr-alert fr-alert--warning fr-mb-4w">
              <h2 className="fr-alert__title">Il manque encore des éléments</h2>
              <p>Chaque lien vous conduit au champ concerné.</p>
            </div>
          )}
          {data.problems.map((section) => (
            <section key={section.slug} aria-labelledby={`manque-${section.slug}`} className="fr-mb-3w">
              <h2 id={`manque-${section.slug}`} className="fr-h5">
                {section.title}
              </h2>
              <ul>
                {section.items.map((item) => (
                  <li key={item.field}>
                    <Link to={item.href}>{item.label}</Link> : {item.message}
                  </li>
                ))}
              </ul>
            </section>
          ))}
          <SecureForm method="post">
            <input type="hidden" name="intent" value="deposer" />
            <button type="submit" className="fr-btn fr-btn--lg" disabled={!data.complete || submitting} aria-disabled={!data.complete || submitting}>
              {submitting ? 'Dépôt en cours…' : data.state === 'correction_demandee' ? 'Déposer ma candidature corrigée' : 'Déposer ma candidature'}
            </button>
          </SecureForm>
        </>
      ) : (
        <div className="fr-alert fr-alert--info">
          <p>{data.edit.editable ? 'Cette candidature ne peut pas être déposée en ce moment.' : data.edit.reason}</p>
        </div>
      )}
    </>
  )
}

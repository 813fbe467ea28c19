import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { progressOf } from '#app/accelerator/applications/applications.server.ts'
import { fieldId, isComplete, SECTIONS, ATTACHMENTS_SECTION } from '#app/accelerator/applications/application-form.ts'
import { callAcceptsSubmissions, editability } from '#app/accelerator/applications/application-states.ts'
import { submitApplication, transitionApplication } from '#app/accelerator/applications/application-state-machine.server.ts'
import { requireMemberApplication } from '#app/accelerator/applications/leader-access.server.ts'
import { setPartDone, teamStatus } from '#app/accelerator/applications/application-team.server.ts'
import { MissingItems, PartDone, TeamProgress } from '#app/components/accelerator/application-team/part-done.tsx'
import { FormErrors, SecureForm } from '#app/components/forms.tsx'
import { now } from '#app/utils/clock.server.ts'
import { formatDateAtTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Vérifier et déposer') }]

const ActionSchema = z.object({ intent: z.enum(['submit', 'reopen', 'finish_part', 'resume_part']) })

function problemHref(applicationId: string, sectionKey: string, field: string) {
  if (sectionKey === ATTACHMENTS_SECTION.key) return `/mes-candidatures/${applicationId}/${ATTACHMENTS_SECTION.slug}`
  const section = SECTIONS.find((s) => s.key === sectionKey)!
  return `/mes-candidatures/${applicationId}/${section.slug}#${fieldId(sectionKey, field)}`
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, role, application, call } = await requireMemberApplication(context, request, params.id)
  const [progress, team] = await Promise.all([progressOf(context.db, application), teamStatus(context.db, application.id)])
  const at = now()
  return json({
    id: application.id,
    me: user.id,
    isOwner: role === 'leader',
    team,
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
  const submission = parseWithZod(await readForm(request, context), { schema: ActionSchema })
  if (submission.status !== 'success') return json({ message: 'Demande incorrecte.' }, { status: 400 })
  const { intent } = submission.value
  const services = acceleratorServices(context)
  if (intent === 'finish_part' || intent === 'resume_part') {
    const done = intent === 'finish_part'
    const result = await setPartDone(services, user, application.id, done)
    if (!result.ok) return json({ message: result.message }, { status: result.status })
    return redirect(`/mes-candidatures/${application.id}/depot?${done ? 'terminee' : 'reprise'}=1`)
  }
  if (intent === 'reopen') {
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
  const submitting = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'submit'
  const [params] = useSearchParams()
  const canSubmit = (data.state === 'brouillon' && data.open) || data.state === 'correction_demandee'
  const me = data.team.find((member) => member.userId === data.me)
  const notice = params.get('terminee')
    ? 'C’est noté : la personne responsable de la candidature est prévenue par e-mail que vous avez terminé votre partie.'
    : params.get('reprise')
      ? 'C’est noté : votre partie est de nouveau en cours.'
      : null
  return (
    <>
      <h1>{data.state === 'brouillon' || data.state === 'correction_demandee' ? 'Vérifier et déposer' : 'Dépôt de la candidature'}</h1>
      <FormErrors errors={actionData?.message ? [actionData.message] : null} title="Rien n’a été modifié" />
      {notice ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>{notice}</p>
        </div>
      ) : null}

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
                <input type="hidden" name="intent" value="reopen" />
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
          <MissingItems problems={data.problems} />
          <p>
            <Link to={`/mes-candidatures/${data.id}/apercu-jurys`}>Ce que verront les jurys</Link> : relisez la candidature telle que
            les jurys la liront, avant de la déposer.
          </p>
          <TeamProgress team={data.team} />
          {me && me.role === 'co_leader' ? <PartDone doneAt={me.partDoneAt} /> : null}
          <SecureForm method="post">
            <input type="hidden" name="intent" value="submit" />
            <button type="submit" className="fr-btn fr-btn--lg" disabled={!data.complete || submitting} aria-disabled={!data.complete || submitting}>
              {submitting ? 'Dépôt en cours…' : data.state === 'correction_demandee' ? 'Déposer ma candidature corrigée' : 'Déposer ma candidature'}
            </button>
          </SecureForm>
        </>
      ) : (
        <>
          <div className="fr-alert fr-alert--info fr-mb-4w">
            <h2 className="fr-alert__title">Ce qui empêche le dépôt</h2>
            <p>{data.edit.editable ? 'Cette candidature ne peut pas être déposée en ce moment.' : data.edit.reason}</p>
          </div>
          {data.state === 'brouillon' ? <MissingItems problems={data.problems} /> : null}
          <TeamProgress team={data.team} />
        </>
      )}
    </>
  )
}
